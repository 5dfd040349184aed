/**
 * One action from start to verified end. It journals and reports the
 * start, runs the command, probes the host afresh and checks the effect.
 * Then it keeps the notes worth keeping (backup archive, configuration
 * files, detached unit, reboot, mail downtime), stores a checkpoint, and
 * journals and reports the end. Any failure becomes a
 * StepFailedError carrying the root cause, after an `error` journal entry.
 */
import type { Action } from '../plan/model.js';
import type { HostFacts } from '../probe/facts.js';
import { requireFullFacts, skippedSections, type ProbedFacts } from '../probe/partial-facts.js';
import { checkpointOf, writeCheckpoint } from './checkpoint.js';
import { buildCommand } from './commands/index.js';
import { mainCommand } from './commands/main-command.js';
import { MailDowntime } from './downtime.js';
import { executeCommand, type StepRun } from './execute.js';
import { effectMismatch, rootCauseOf, StepFailedError } from './failure.js';
import type { HostState, RunContext } from './host-state.js';
import { BEFORE_READS, sectionsToSkip } from './probe-sections.js';
import { checkEffect } from './verify/index.js';

/** Returns the notes a finished step leaves in the journal and the progress view. */
function stepNotes(run: StepRun): string[] {
  const notes: string[] = [];
  if (run.backupPath !== null) {
    notes.push(`backup archive: ${run.backupPath}`);
  }
  for (const outcome of run.conffileOutcomes) {
    notes.push(`conffile ${outcome.path}: ${outcome.outcome}${outcome.saved === null ? '' : `, other version at ${outcome.saved}`}`);
  }
  if (run.savedCopy !== null) {
    notes.push(`previous file kept as ${run.savedCopy}`);
  }
  if (run.detached !== null) {
    notes.push(`detached unit ${run.detached.unit} (${run.detached.how}) exited with status ${run.detached.status.exitStatus}`);
  }
  if (run.reboot !== null) {
    notes.push(`rebooted: boot id ${run.reboot.bootIdBefore} → ${run.reboot.bootIdAfter}, system ${run.reboot.systemState}`);
  }

  return notes;
}

/** Returns what still differs for the verify step, leaving out what this plan's later actions do. */
async function remainingDifferences(state: HostState, context: RunContext, action: Action, after: HostFacts): Promise<string[] | null> {
  if (context.remainingChanges === undefined) {
    return null;
  }

  const later = context.laterActions(action.id);
  const changes = await context.remainingChanges(state.hostPlan.name, after);

  return changes
    .filter((change) => change.actionId === null || (change.actionId !== action.id && !later.has(change.actionId)))
    .map((change) => change.text);
}

/**
 * Probes the host after the action: the full probe for `verify`, else one
 * that skips the slow sections no reader of these facts needs.
 */
async function probeAfter(state: HostState, context: RunContext, action: Action): Promise<ProbedFacts> {
  const { runtime } = state;
  if (action.step.kind === 'verify') {
    return runtime.retry(() => context.probe(runtime.transport));
  }

  const skip = sectionsToSkip(action, state.hostPlan, context.nextOnHost(action.id));

  return runtime.retry(() => context.probeSkipping(runtime.transport, skip));
}

/**
 * Probes the host in full before the action when the facts at hand lack a
 * section its check reads as `before`. That happens only when a host's
 * actions run out of plan order, because an earlier one waits for another host.
 */
async function ensureBeforeFacts(state: HostState, context: RunContext, action: Action): Promise<void> {
  const skipped = skippedSections(state.facts);
  if ((BEFORE_READS[action.step.kind] ?? []).some((section) => skipped.includes(section))) {
    const { runtime } = state;
    state.facts = await runtime.retry(() => context.probe(runtime.transport));
  }
}

async function verifyAndRecord(state: HostState, context: RunContext, action: Action, run: StepRun): Promise<string[]> {
  const { runtime } = state;
  const after = await probeAfter(state, context, action);
  const remaining = action.step.kind === 'verify' ? await remainingDifferences(state, context, action, requireFullFacts(after)) : null;
  const mismatches = checkEffect(action.step, {
    before: state.facts,
    after,
    targetCodename: state.targets.codename,
    postgres: state.targets.postgres,
    writtenSha256: run.writtenSha256,
    backupPath: run.backupPath,
    conffileOutcomes: run.conffileOutcomes,
    reboot: run.reboot,
    remaining,
  });
  state.facts = after;
  if (mismatches.length > 0) {
    throw new StepFailedError(effectMismatch(action, mismatches));
  }

  const notes = stepNotes(run);
  const change = state.downtime.observe(after, runtime.now());
  if (change !== null) {
    notes.push(MailDowntime.describe(change));
  }
  if (run.backupPath !== null) {
    state.backup = run.backupPath;
  }

  return notes;
}

/** Runs one action to its verified end; throws StepFailedError with the root cause when it fails. */
export async function runAction(state: HostState, context: RunContext, action: Action, long: boolean): Promise<number> {
  const { runtime, journal } = state;
  const started = runtime.now();
  const note = (message: string) => context.emit({ type: 'note', host: state.hostPlan.name, actionId: action.id, message });

  context.emit({ type: 'action-start', actionId: action.id, host: action.host, kind: action.step.kind, long });
  try {
    await ensureBeforeFacts(state, context, action);
    await journal.append(action.id, 'start', mainCommand(action.step));
    const command = buildCommand(action.step, { planId: context.planId, postgres: state.targets.postgres });
    const run = await executeCommand(runtime, action, command, {
      onLine: (line) => context.emit({ type: 'action-output', actionId: action.id, line }),
      onNote: note,
      runningAtStart: state.runningAtStart,
      planCreatedAt: context.planCreatedAt,
      retry: state.resume.failed.has(action.id),
    });
    const notes = await verifyAndRecord(state, context, action, run);
    for (const text of notes) {
      note(text);
      await journal.append(action.id, 'note', text);
    }

    const durationMs = runtime.now() - started;
    const checkpoint = checkpointOf(state.hostPlan, action.id, state.facts, state.fingerprints);
    await writeCheckpoint(runtime, checkpoint);
    state.fingerprints = checkpoint.fingerprints;
    await journal.append(action.id, 'end', `done in ${Math.round(durationMs / 1000)} s`);
    context.emit({ type: 'action-end', actionId: action.id, durationMs, detail: notes.at(-1) ?? null });

    return durationMs;
  } catch (error) {
    const cause = rootCauseOf(action, error);
    const durationMs = runtime.now() - started;
    // The journal may be unreachable now (the failure can be a lost
    // connection); the root cause still reaches the operator through the event.
    await journal.append(action.id, 'error', `${cause.title}: ${cause.detail}`).catch(() => {});
    context.emit({ type: 'action-error', actionId: action.id, durationMs, cause });
    throw new StepFailedError(cause, { cause: error });
  }
}
