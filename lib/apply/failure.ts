/**
 * Turning whatever stopped an action into its root cause: what failed, the
 * command and exit status, the last output lines, and what to do next.
 */
import { CommandError, ConnectionError, UserError } from '../errors.js';
import type { Action } from '../plan/model.js';
import { guardForStatus } from './commands/shell.js';
import { mainCommand } from './commands/main-command.js';
import type { RootCause } from './events.js';

/** Output lines a root cause keeps. */
const TAIL_LINES = 15;

const NEXT_STEP = 'Fix the cause, then run pmgup plan again: it plans exactly the remaining steps.';

/** An action failed; carries its root cause for the report. */
export class StepFailedError extends UserError {
  override name = 'StepFailedError';
  readonly rootCause: RootCause;

  constructor(cause: RootCause, options: { cause?: unknown } = {}) {
    super(cause.title, cause.detail, options);
    this.rootCause = cause;
  }
}

/** Returns the last `pmgup: ...` line a guard printed, without the prefix. */
function guardMessage(lines: readonly string[]): string | null {
  const line = [...lines].reverse().find((text) => text.startsWith('pmgup: '));

  return line === undefined ? null : line.slice('pmgup: '.length);
}

/** Returns the root cause of a step whose command exited with `exitStatus`. */
export function commandFailure(action: Action, exitStatus: number | null, lastLines: readonly string[]): RootCause {
  const command = mainCommand(action.step);
  const tail = lastLines.slice(-TAIL_LINES);
  const guard = guardForStatus(exitStatus);
  const message = guardMessage(tail);

  if (guard !== null && message !== null) {
    return {
      title: `${action.id}: the live host does not meet the step's precondition`,
      detail: `${message}.\nThe step checked this on the host right before acting and changed nothing. ${NEXT_STEP}`,
      command,
      exitStatus,
      lastLines: tail,
    };
  }

  const status = exitStatus === null ? 'was killed' : `exited with status ${exitStatus}`;

  return {
    title: `${action.id}: ${command} ${status}`,
    detail: `${tail.length > 0 ? 'Its last output is shown below.' : 'It printed nothing.'} ${NEXT_STEP}`,
    command,
    exitStatus,
    lastLines: tail,
  };
}

/** Returns the root cause of an action that was running when the operator interrupted apply. */
export function interruptedDuring(action: Action): RootCause {
  return {
    title: `${action.id}: apply was interrupted during the step`,
    detail:
      'pmgup stopped following the step. A long step (dist-upgrade, pg_upgradecluster) keeps running on the host ' +
      'as a systemd unit; run pmgup apply again to follow it to the end or take its result.',
    command: mainCommand(action.step),
    exitStatus: null,
    lastLines: [],
  };
}

/** Returns the root cause of any error an action raised. */
export function rootCauseOf(action: Action, error: unknown): RootCause {
  if (error instanceof StepFailedError) {
    return error.rootCause;
  }
  if (error instanceof CommandError) {
    return commandFailure(action, error.exitCode, error.tail(TAIL_LINES));
  }
  if (error instanceof ConnectionError) {
    return {
      title: `${action.id}: the connection to ${error.host} was lost during the step`,
      detail: `${error.detail}\nThe step may or may not have run to the end on the host. Once the host answers, run pmgup plan again: it shows what is left.`,
      command: mainCommand(action.step),
      exitStatus: null,
      lastLines: [],
    };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return interruptedDuring(action);
  }
  if (error instanceof UserError) {
    return { title: `${action.id}: ${error.message}`, detail: error.detail, command: mainCommand(action.step), exitStatus: null, lastLines: [] };
  }

  throw error;
}

/** Returns the root cause of an action that ran but whose effect the fresh facts do not show. */
export function effectMismatch(action: Action, mismatches: readonly string[]): RootCause {
  return {
    title: `${action.id}: the host does not show the step's effect`,
    detail:
      `The step finished, but a fresh probe shows:\n${mismatches.map((text) => `  - ${text}`).join('\n')}\n` +
      `Check the host, then run pmgup plan again.`,
    command: mainCommand(action.step),
    exitStatus: null,
    lastLines: [],
  };
}
