/**
 * Progress on a terminal with listr2: one task per action, with its elapsed
 * time and, while it runs, the last output line. A plan of several hosts
 * gets one task group per host, and the groups run side by side. The tasks do no work:
 * each one waits for its action's end, error or skip event, so apply's
 * events drive the view and never the other way round. Notes and host
 * output appear as the running task's output; the summary is written
 * after listr2 has finished drawing.
 */
import { Writable } from 'node:stream';

import { Listr, ListrLogger, PRESET_TIMER, ProcessOutput, type ListrTask } from 'listr2';

import type { ActionSummary, ApplyEvent, ApplyEventOf, ApplyReporter, RootCause } from '../apply/events.js';
import { escapeInline } from './escape.js';
import { actionLabel, rootCauseLines, summaryLines } from './progress-format.js';

type Outcome = { type: 'done' } | { type: 'failed'; cause: RootCause } | { type: 'skipped'; reason: string };

interface TaskEntry {
  settle: (outcome: Outcome) => void;
  settled: Promise<Outcome>;
  setOutput: ((text: string) => void) | null;
  /** For a long step: when it started and its last output line, shown with the elapsed time. */
  long: { startedAt: number; lastLine: string; timer: NodeJS.Timeout } | null;
  /** Apply reported the action's start. */
  started: boolean;
}

export interface ListrProgressOptions {
  /** Stream that listr2 draws on and the summary is written to; process.stdout by default. */
  output?: NodeJS.WritableStream;
  /** `default` on a terminal; `test` gives deterministic lines for tests. */
  renderer?: 'default' | 'test';
}

class ActionFailed extends Error {
  constructor(cause: RootCause) {
    super(rootCauseLines(cause, '').join('\n'));
  }
}

function entry(): TaskEntry {
  let settle: (outcome: Outcome) => void = () => {};
  const settled = new Promise<Outcome>((resolve) => {
    settle = resolve;
  });

  return { settle, settled, setOutput: null, long: null, started: false };
}

export class ListrProgressReporter implements ApplyReporter {
  private readonly entries = new Map<string, TaskEntry>();
  private running: Promise<unknown> = Promise.resolve();
  private summary: ApplyEventOf<'summary'> | null = null;

  constructor(private readonly options: ListrProgressOptions = {}) {}

  emit(event: ApplyEvent): void {
    switch (event.type) {
      case 'plan-start':
        return this.start(event);
      case 'action-start':
        return this.started(event.actionId, event.long);
      case 'action-output':
        return this.output(event.actionId, event.line);
      case 'note':
        return this.entries.size === 0 ? this.print(`note (${event.host}): ${event.message}`) : this.output(event.actionId, event.message);
      case 'action-end':
        return this.finish(event.actionId, { type: 'done' });
      case 'action-error':
        return this.finish(event.actionId, { type: 'failed', cause: event.cause });
      case 'action-skipped':
        return this.finish(event.actionId, { type: 'skipped', reason: event.reason });
      case 'summary':
        this.summary = event;
        return;
    }
  }

  async close(): Promise<void> {
    // A run that stopped early leaves tasks waiting; settle them so listr2 ends.
    for (const [id, task] of this.entries) {
      this.finish(id, { type: 'skipped', reason: 'not run' });
      task.settle({ type: 'skipped', reason: 'not run' });
    }
    await this.running;
    if (this.summary !== null) {
      const out = this.options.output ?? process.stdout;
      out.write(`${summaryLines(this.summary).join('\n')}\n`);
    }
  }

  // Before plan-start listr2 draws nothing yet, so a note (apply waiting for
  // an earlier apply's long step) is written as a plain line.
  private print(text: string): void {
    (this.options.output ?? process.stdout).write(`${escapeInline(text)}\n`);
  }

  private output(actionId: string | null, line: string): void {
    const target = actionId === null ? this.firstUnsettledWithOutput() : this.entries.get(actionId);
    if (target?.long) {
      target.long.lastLine = escapeInline(line);
      this.showElapsed(target);
      return;
    }
    target?.setOutput?.(escapeInline(line));
  }

  private started(actionId: string, long: boolean): void {
    const task = this.entries.get(actionId);
    if (task !== undefined) {
      task.started = true;
      task.setOutput?.('');
    }
    if (long) {
      this.startElapsed(actionId);
    }
  }

  private finish(actionId: string, outcome: Outcome): void {
    const task = this.entries.get(actionId);
    if (task?.long) {
      clearInterval(task.long.timer);
      task.long = null;
    }
    task?.settle(outcome);
  }

  // A long step shows its elapsed time with its last output line, refreshed
  // every second even while the step prints nothing.
  private startElapsed(actionId: string): void {
    const task = this.entries.get(actionId);
    if (task === undefined) {
      return;
    }

    const timer = setInterval(() => this.showElapsed(task), 1000);
    timer.unref();
    task.long = { startedAt: Date.now(), lastLine: '', timer };
    this.showElapsed(task);
  }

  private showElapsed(task: TaskEntry): void {
    if (task.long === null) {
      return;
    }

    const elapsed = `${Math.floor((Date.now() - task.long.startedAt) / 1000)} s`;
    task.setOutput?.(task.long.lastLine === '' ? `running for ${elapsed}` : `[${elapsed}] ${task.long.lastLine}`);
  }

  private firstUnsettledWithOutput(): TaskEntry | undefined {
    return [...this.entries.values()].find((task) => task.setOutput !== null);
  }

  private start(event: ApplyEventOf<'plan-start'>): void {
    const several = event.hosts.length > 1;
    const tasks = several
      ? event.hosts.map((host) => this.hostGroup(host, event.actions.filter((action) => action.host === host)))
      : event.actions.map((action) => this.actionTask(action));

    // Hosts run side by side, so their groups do too; a host's own actions run one at a time.
    const list = new Listr(tasks, {
      concurrent: several,
      exitOnError: false,
      registerSignalListeners: false,
      renderer: this.options.renderer ?? 'default',
      rendererOptions: { timer: PRESET_TIMER, collapseErrors: false, collapseSubtasks: false, logger: this.logger() } as never,
    });
    this.running = list.run().catch(() => {});
  }

  /** Builds the task of one host in a plan of several hosts, with the host's actions as its subtasks. */
  private hostGroup(host: string, actions: ActionSummary[]): ListrTask {
    return {
      title: `${escapeInline(host)}: ${actions.length} action(s)`,
      task: (_context, wrapper) =>
        wrapper.newListr(
          actions.map((action) => this.actionTask(action, true)),
          { concurrent: false, exitOnError: false },
        ),
    };
  }

  /**
   * Builds the task of one action, which waits for the action's end, error
   * or skip event. In a host group the task can begin before apply starts
   * the action, which may wait for another host, so it says so until then.
   */
  private actionTask(action: ActionSummary, inGroup = false): ListrTask {
    const task = entry();
    this.entries.set(action.id, task);

    return {
      title: actionLabel(action),
      rendererOptions: { outputBar: 1, persistentOutput: false },
      task: async (_context, wrapper) => {
        task.setOutput = (text) => {
          wrapper.output = text;
        };
        if (inGroup && !task.started) {
          task.setOutput('waiting for the actions it depends on');
        }
        const outcome = await task.settled;
        task.setOutput = null;
        if (outcome.type === 'failed') {
          throw new ActionFailed(outcome.cause);
        }
        if (outcome.type === 'skipped') {
          wrapper.skip(`${escapeInline(action.id)}: ${escapeInline(outcome.reason)}`);
        }
      },
    };
  }

  private logger(): ListrLogger | undefined {
    const out = this.options.output;
    if (out === undefined) {
      return undefined;
    }

    const stream = out as unknown as NodeJS.WriteStream;

    return new ListrLogger({ processOutput: new ProcessOutput(stream, stream) });
  }
}

/** Returns a writable that hands each chunk to `write`, for tests that collect the listr2 output. */
export function collectingStream(write: (chunk: string) => void): Writable {
  return new Writable({
    write(chunk, _encoding, callback) {
      write(String(chunk));
      callback();
    },
  });
}
