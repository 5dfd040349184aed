/**
 * The public entry points of the plan core: the diff of one host, the
 * assembly of a plan document, the action graph, and the apt sources edits
 * that apply also runs on the live files.
 */
export { planHost, type PlanInput } from './plan-host.js';
export { assemblePlan, type AssembleInput } from './assemble.js';
export { planFleet, type FleetGroup, type FleetHost, type FleetInput, type FleetPlan } from './fleet.js';
export { orderActions, validateGraph, describeProblem, PlanGraphError, toDot, type GraphProblem } from './graph.js';
export { applyAptEdits, AptEditConflictError, rewriteSources } from './sources-rewrite.js';
export { decideConffile, promptedConffiles, type ConffileOutcome, type NewConffile } from './conffiles.js';
export { stepSubject } from './describe.js';
export type { HostPlanResult } from './model.js';
