/**
 * Checkpoints of a plan on its host: after each verified action, apply
 * stores the fingerprints of every fact the host's actions were planned
 * from, as the fresh probe saw them. An apply that resumes the same plan
 * compares the host with the last checkpoint instead of the plan, because
 * the plan's own finished actions changed those facts on purpose; any
 * other change since the checkpoint still makes the plan stale.
 */
import { InternalError } from '../errors.js';
import type { HostPlan } from '../plan/model.js';
import { factAt, fingerprintOf } from '../planfile/fingerprint.js';
import { sectionOfFactKey, skippedSections, type ProbedFacts } from '../probe/partial-facts.js';
import { shellQuote } from '../transport/quote.js';
import { STATE_DIR } from './commands/shell.js';
import type { HostRuntime } from './runtime.js';

export const CHECKPOINT_DIR = `${STATE_DIR}/checkpoints`;

/** A checkpoint: the last verified action and the fingerprints after it. */
export interface Checkpoint {
  afterAction: string;
  fingerprints: Record<string, string>;
}

const checkpointPath = (planId: string) => `${CHECKPOINT_DIR}/${planId}.json`;

/**
 * Returns the checkpoint of the host's plan facts as they are now. A key
 * whose section the probe skipped keeps its fingerprint from `previous`,
 * the last checkpoint. That is sound because probe-sections.ts runs a
 * section whenever the action can change a fingerprinted fact of it.
 */
export function checkpointOf(hostPlan: HostPlan, afterAction: string, facts: ProbedFacts, previous: Readonly<Record<string, string>>): Checkpoint {
  const skipped = skippedSections(facts);
  const fingerprints: Record<string, string> = {};
  for (const key of Object.keys(hostPlan.fingerprints).sort()) {
    const section = sectionOfFactKey(key);
    if (section === null || !skipped.includes(section)) {
      fingerprints[key] = fingerprintOf(factAt(facts, key));
      continue;
    }

    // NOTE: a fact that changes outside the kinds probe-sections.ts lists
    // keeps its older fingerprint here, so a resume reports the plan stale.
    const previousFingerprint = previous[key];
    if (previousFingerprint === undefined) {
      throw new InternalError(`the probe after ${afterAction} skipped ${section}, and no earlier fingerprint of ${key} exists`);
    }
    fingerprints[key] = previousFingerprint;
  }

  return { afterAction, fingerprints };
}

/** Returns the script that replaces the plan's checkpoint, root-only; send the JSON as standard input. */
export function writeCheckpointScript(planId: string): string {
  const path = shellQuote(checkpointPath(planId));

  return [
    'set -eu',
    'umask 077',
    `install -d -m 0700 ${STATE_DIR} ${CHECKPOINT_DIR}`,
    `cat > ${path}.tmp`,
    `mv -f -- ${path}.tmp ${path}`,
  ].join('\n');
}

/** Stores a checkpoint; a dropped connection is retried, because writing it twice is harmless. */
export async function writeCheckpoint(runtime: HostRuntime, checkpoint: Checkpoint): Promise<void> {
  await runtime.retry(() => runtime.transport.run(writeCheckpointScript(runtime.planId), { input: JSON.stringify(checkpoint) }));
}

/** Reads the plan's last checkpoint on the host, or null when there is none or it cannot be read. */
export async function readCheckpoint(runtime: HostRuntime): Promise<Checkpoint | null> {
  const path = shellQuote(checkpointPath(runtime.planId));
  const result = await runtime.retry(() => runtime.transport.run(`[ ! -f ${path} ] || cat -- ${path}`));
  try {
    const value = JSON.parse(result.stdout) as Partial<Checkpoint>;
    if (typeof value.afterAction === 'string' && value.fingerprints !== null && typeof value.fingerprints === 'object') {
      return { afterAction: value.afterAction, fingerprints: value.fingerprints as Record<string, string> };
    }
  } catch {
    // No checkpoint, or a write cut short: the plan's own fingerprints apply.
  }

  return null;
}
