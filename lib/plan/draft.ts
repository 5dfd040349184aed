/**
 * An action as a step planner proposes it, before the graph gives it an id,
 * its dependencies and its downtime flag.
 */
import type { Change, Diagnostic, FileDiff, Reason, Step } from './model.js';
import type { Stage } from './stages.js';

export interface Draft {
  stage: Stage;
  /** The part of the id after `HOST/`, from `stepSlug`. */
  slug: string;
  step: Step;
  reason: Reason;
  changes: Change[];
  /** The action removes data or packages; see the plan schema. */
  destructive: boolean;
  fileDiffs: FileDiff[];
  /** Every fact the decision was derived from, including facts that are absent. */
  fingerprintKeys: string[];
}

/** What a step planner returns: its drafts and the diagnostics it raised. */
export interface Planned {
  drafts: Draft[];
  diagnostics: Diagnostic[];
}

export function nothingPlanned(): Planned {
  return { drafts: [], diagnostics: [] };
}

/** Builds a draft with empty changes, diffs and keys unless given, and `destructive` false. */
export function draft(fields: Pick<Draft, 'stage' | 'slug' | 'step' | 'reason'> & Partial<Draft>): Draft {
  return {
    changes: [],
    destructive: false,
    fileDiffs: [],
    fingerprintKeys: [],
    ...fields,
  };
}

/** Builds a reason from its four fields. */
export function reason(attribute: string, desired: string, actual: string, text: string): Reason {
  return { attribute, desired, actual, text };
}
