/** What an effect check gets: the facts before and after the action, and what the action reported. */
import type { ProbedFacts } from '../../probe/partial-facts.js';
import type { ConffileOutcome } from '../commands/resolve-conffiles.js';
import type { RebootResult } from '../reboot.js';

export interface EffectContext {
  /** Facts of the probe after the previous action, which may have skipped sections. */
  before: ProbedFacts;
  /** Facts of the probe after this action, which skips only sections this check does not read (see probe-sections.ts). */
  after: ProbedFacts;
  /** Release the host ends on, when the plan names it (see targets.ts). */
  targetCodename: string | null;
  postgres: { database: string; major: number | null };
  /** SHA-256 of the content a file step wrote. */
  writtenSha256: string | null;
  /** Backup archive the backup step reported. */
  backupPath: string | null;
  conffileOutcomes: ConffileOutcome[];
  /** Boot ids the reboot step saw before and after, or null for other steps. */
  reboot: RebootResult | null;
  /** What still differs from the desired state, from the caller's re-plan; null when the caller gave none. */
  remaining: string[] | null;
}

/** One way the host does not show what the action should have done. */
export type Mismatch = string;
