/**
 * Carrying out one action's command on the host, by mode: an inline script
 * over the connection, a detached unit, a guarded file rewrite, a reboot,
 * or nothing (a probe-only step). Output lines stream to `onLine`; a
 * failure is thrown as StepFailedError with its root cause.
 */
import { createHash } from 'node:crypto';

import { CommandError } from '../errors.js';
import type { Action } from '../plan/model.js';
import { readRemoteFile } from '../transport/files.js';
import { parseBackupArchive } from './commands/backup.js';
import { buildGuardedWrite, parseSavedCopy } from './commands/guarded-write.js';
import { parseConffileOutcomes, type ConffileOutcome } from './commands/resolve-conffiles.js';
import { GUARD_STATUS } from './commands/shell.js';
import type { CommandPlan, DetachedCommand, InlineCommand, RewriteFileCommand } from './commands/types.js';
import { runDetached, type DetachedOutcome } from './detached/index.js';
import { commandFailure, StepFailedError } from './failure.js';
import { LineBuffer } from './lines.js';
import { rebootAndWait, type RebootResult } from './reboot.js';
import type { HostRuntime } from './runtime.js';

/** Output of a finished step and the facts it reported (archive, conffiles, unit, boot ids). */
export interface StepRun {
  stdout: string;
  writtenSha256: string | null;
  savedCopy: string | null;
  backupPath: string | null;
  conffileOutcomes: ConffileOutcome[];
  detached: DetachedOutcome | null;
  reboot: RebootResult | null;
}

/** Callbacks and plan facts the executor needs besides the runtime. */
export interface ExecuteHooks {
  onLine: (line: string) => void;
  onNote: (message: string) => void;
  runningAtStart: ReadonlySet<string>;
  planCreatedAt: number;
  /** The action failed in an earlier apply of this plan. */
  retry: boolean;
}

const EMPTY_RUN: StepRun = {
  stdout: '',
  writtenSha256: null,
  savedCopy: null,
  backupPath: null,
  conffileOutcomes: [],
  detached: null,
  reboot: null,
};

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function runInline(runtime: HostRuntime, action: Action, command: InlineCommand, hooks: ExecuteHooks): Promise<StepRun> {
  const lines = new LineBuffer(hooks.onLine);
  // Both streams go to stdout, so output reaches the progress view in the
  // order the host printed it and a guard's message is among the last lines.
  const result = await runtime.transport.run(`exec 2>&1\n${command.script}`, {
    timeoutMs: command.timeoutMs,
    onStdout: (chunk) => lines.push(chunk),
  });
  lines.end();

  return {
    ...EMPTY_RUN,
    stdout: result.stdout,
    backupPath: action.step.kind === 'backup' ? parseBackupArchive(result.stdout) : null,
    conffileOutcomes: action.step.kind === 'resolve-conffiles' ? parseConffileOutcomes(result.stdout) : [],
  };
}

function fileChanged(action: Action, message: string): StepFailedError {
  return new StepFailedError(commandFailure(action, GUARD_STATUS.fileChanged, [`pmgup: ${message}`]));
}

async function runRewrite(runtime: HostRuntime, action: Action, command: RewriteFileCommand, hooks: ExecuteHooks): Promise<StepRun> {
  const current = await runtime.retry(() => readRemoteFile(runtime.transport, command.path));
  if (command.beforeSha256 !== null && current === null) {
    throw fileChanged(action, `${command.path} no longer exists`);
  }
  if (command.beforeSha256 === null && current !== null) {
    throw fileChanged(action, `${command.path} exists now but did not when the plan was made`);
  }
  if (current !== null && sha256(current) !== command.beforeSha256) {
    throw fileChanged(action, `${command.path} changed since the plan was made (sha256 ${sha256(current)}, the plan expects ${command.beforeSha256})`);
  }

  const content = command.transform(current ?? '');
  const writtenSha256 = sha256(content);
  const script = buildGuardedWrite({
    path: command.path,
    beforeSha256: command.beforeSha256,
    afterSha256: writtenSha256,
    createMode: command.createMode,
  });
  const result = await runtime.transport.run(`exec 2>&1\n${script}`, { input: content });
  const savedCopy = parseSavedCopy(result.stdout);
  hooks.onLine(savedCopy === null ? `wrote ${command.path}` : `wrote ${command.path}; the old file is kept as ${savedCopy}`);

  return { ...EMPTY_RUN, stdout: result.stdout, writtenSha256, savedCopy };
}

async function runLong(runtime: HostRuntime, action: Action, command: DetachedCommand, hooks: ExecuteHooks): Promise<StepRun> {
  const outcome = await runDetached(runtime, {
    kind: action.step.kind,
    actionId: action.id,
    command,
    runningAtStart: hooks.runningAtStart,
    planCreatedAt: hooks.planCreatedAt,
    retryOwn: hooks.retry,
    onLine: hooks.onLine,
    onNote: hooks.onNote,
  });
  if (outcome.status.exitStatus !== 0) {
    throw new StepFailedError(commandFailure(action, outcome.status.exitStatus, outcome.lastLines));
  }

  return { ...EMPTY_RUN, detached: outcome };
}

/** Runs the command and returns what it reported; throws StepFailedError, or a transport error, on failure. */
export async function executeCommand(
  runtime: HostRuntime,
  action: Action,
  command: CommandPlan,
  hooks: ExecuteHooks,
): Promise<StepRun> {
  try {
    switch (command.mode) {
      case 'inline':
        return await runInline(runtime, action, command, hooks);
      case 'rewrite-file':
        return await runRewrite(runtime, action, command, hooks);
      case 'detached':
        return await runLong(runtime, action, command, hooks);
      case 'reboot':
        return { ...EMPTY_RUN, reboot: await rebootAndWait(runtime, command) };
      case 'probe-only':
        return EMPTY_RUN;
    }
  } catch (error) {
    if (error instanceof CommandError) {
      throw new StepFailedError(commandFailure(action, error.exitCode, error.tail(15)), { cause: error });
    }
    throw error;
  }
}
