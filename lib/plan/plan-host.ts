/**
 * The diff of one host: desired state against facts, to the remaining steps
 * of the upgrade procedure with their reasons and dependencies, and the
 * diagnostics for what cannot be reached. Pure: no transport, filesystem,
 * clock or randomness; the planning time comes in as `now`.
 */
import { planClusterStop } from './cluster-stop.js';
import { buildContext, diagnosticFor, isActive, isMasked, type Finding, type PlanContext, type PlanInput } from './context.js';
import { planBackup, planVerify } from './diff/bookends.js';
import { planRemovals, planPurge } from './diff/packages.js';
import { planDatabase } from './diff/postgres.js';
import { notPmgFinding, preflightFindings } from './diff/preflight.js';
import { planReboot } from './diff/reboot.js';
import { dpkgNeedsRepair, planRepair } from './diff/repair.js';
import { planClusterServices, planMailServices } from './diff/services-back.js';
import { planSources } from './diff/sources.js';
import { planTemplateFixes, templatePolicyFindings } from './diff/templates.js';
import { planDisable, planStop, unitsToStop } from './diff/units.js';
import { planUpgrade, upgradeNeed } from './diff/upgrade.js';
import { planPinInterfaces } from './diff/network.js';
import type { Draft } from './draft.js';
import { linkActions } from './link.js';
import type { Action, Diagnostic, HostPlan, HostPlanResult } from './model.js';
import { leftoverDropInFindings } from './createcluster-dropin.js';
import { analyseDatabase } from './pg-state.js';
import { detectPhase } from './phase.js';
import { estimateDowntime } from './downtime.js';
import { fingerprintFacts } from '../planfile/fingerprint.js';
import { runChecks } from './checks/index.js';
import { mergeDiagnostics } from './merge-diagnostics.js';

export type { PlanInput } from './context.js';

/** Everything the steps decided, before linking. */
interface Decided {
  drafts: Draft[];
  findings: Finding[];
}

function decide(context: PlanContext): Decided {
  const drafts: Draft[] = [];
  const findings: Finding[] = [...preflightFindings(context)];

  const repair = dpkgNeedsRepair(context);
  drafts.push(...planRepair(context));
  drafts.push(...planTemplateFixes(context));

  const sources = planSources(context);
  drafts.push(...sources.drafts);
  findings.push(...sources.diagnostics);
  drafts.push(...planRemovals(context));

  const need = upgradeNeed(context, repair, sources.rewrite.files.length === 0);
  const edited = new Set(sources.rewrite.files.map((file) => file.path));
  const database = analyseDatabase(context, need.needed);
  const upgrade = planUpgrade(context, need, edited, database.skipMainCluster);
  drafts.push(...upgrade.drafts);
  findings.push(...upgrade.findings);
  findings.push(...templatePolicyFindings(context, need.needed));

  findings.push(...database.findings);
  findings.push(...leftoverDropInFindings(context.facts, need.needed));
  const upgrading = need.needed || database.upgrade;
  const clusterStop = planClusterStop(context, upgrading);
  drafts.push(...clusterStop.drafts);
  const stopping = upgrading ? unitsToStop(context).filter((unit) => !clusterStop.owned.has(unit)) : [];
  drafts.push(...planStop(context, stopping));
  drafts.push(...planDisable(context, need.needed));
  drafts.push(...planDatabase(context, database));

  const reboot = planReboot(context, need.needed);
  findings.push(...reboot.findings);
  const services = { stopping: new Set([...stopping, ...clusterStop.stopping]), rebootPlanned: reboot.planned, databaseOnTarget: database.onTargetEventually };
  drafts.push(...planMailServices(context, services));
  drafts.push(...reboot.drafts);
  drafts.push(...planPinInterfaces(context));
  drafts.push(...planPurge(context, database.onTargetEventually));
  drafts.push(...planClusterServices(context, services));

  // The backup and the verification frame whatever else was planned.
  drafts.push(...planVerify(drafts.length));
  drafts.push(...planBackup(context, drafts.length));

  return { drafts, findings };
}

function servicesDown(context: PlanContext): boolean {
  return context.runningUnits.some((unit) => {
    const fact = context.facts.units[unit];
    return isMasked(fact) || (fact !== undefined && fact.loadState !== 'not-found' && !isActive(fact));
  });
}

function hostPlan(context: PlanContext, actions: Action[], diagnostics: Diagnostic[]): HostPlan {
  const { facts } = context;
  const finished = actions.length === 0 && context.phase === 'post-upgrade' && !diagnostics.some((item) => item.severity === 'error');
  const downtime = estimateDowntime(context, actions);

  return {
    name: context.name,
    target: facts.target,
    hostname: facts.identity.hostname,
    machineId: facts.identity.machineId,
    phase: finished ? 'done' : context.phase,
    fingerprints: fingerprintFacts(facts, actions.flatMap((action) => action.fingerprintKeys)),
    ...(downtime === undefined ? {} : { downtime }),
  };
}

/**
 * Diffs one host without the checklist: the actions in a valid order, with
 * `dependsOn` and `downtime` filled in, and the diagnostics the diff itself
 * raises. An error diagnostic means that the desired state cannot be
 * reached from these facts.
 */
export function diffHost(input: PlanInput): HostPlanResult {
  const context = buildContext(input);
  const notPmg = notPmgFinding(context);
  if (notPmg !== null) {
    const diagnostics = [diagnosticFor(context, notPmg)];
    return { host: hostPlan(context, [], diagnostics), actions: [], diagnostics };
  }
  const { drafts, findings } = decide(context);
  const actions = linkActions(context.name, drafts, servicesDown(context));
  const diagnostics = findings.map((finding) => diagnosticFor(context, finding));

  return { host: hostPlan(context, actions, diagnostics), actions, diagnostics };
}

/**
 * Plans one host: the diff's actions, and the checklist's diagnostics
 * followed by the diff's own. An error diagnostic means the plan must not
 * be applied.
 */
export function planHost(input: PlanInput): HostPlanResult {
  const result = diffHost(input);
  const phase = detectPhase(input.facts, input.desired);
  const checks = runChecks(input.facts, input.desired, { host: input.name, phase });
  const diagnostics = mergeDiagnostics(checks, result.diagnostics);
  const errored = diagnostics.some((item) => item.severity === 'error');
  const host = result.host.phase === 'done' && errored ? { ...result.host, phase } : result.host;

  return { host, actions: result.actions, diagnostics };
}
