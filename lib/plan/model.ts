/**
 * The plan model shared by the diff, the plan file, the views and apply.
 * The types are generated from schema/plan.schema.json, so a saved plan and
 * the in-memory plan are the same structure.
 */
export type {
  Action,
  ActionId,
  AptEdit,
  Change,
  ConffileDecision,
  Diagnostic,
  FileDiff,
  HostGroup,
  HostPlan,
  Plan,
  Reason,
  Step,
} from '../config/generated/plan.js';

import type { Action, Diagnostic, HostPlan, Step } from '../config/generated/plan.js';

/** The closed set of step kinds. */
export type StepKind = Step['kind'];

/** The step of one kind, for handlers keyed by kind. */
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

export type Severity = Diagnostic['severity'];

/** Severities that make a plan unappliable. */
export const BLOCKING_SEVERITIES: readonly Severity[] = ['error'];

/** Returns the action's step narrowed to one kind, or undefined when the kind differs. */
export function stepOf<K extends StepKind>(action: Action, kind: K): StepOf<K> | undefined {
  return action.step.kind === kind ? (action.step as StepOf<K>) : undefined;
}

/**
 * What the diff returns for one host: the host's entry in the plan, its
 * actions in a valid order with their dependencies filled in, and the
 * diagnostics the diff raised. `assemblePlan` combines several of these.
 */
export interface HostPlanResult {
  host: HostPlan;
  actions: Action[];
  diagnostics: Diagnostic[];
}
