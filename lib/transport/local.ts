/**
 * Runs scripts on this machine, for pmgup running on the mail gateway
 * itself. Scripts run as the current user through `/bin/sh -c` with the
 * same controlled environment as over ssh (env.ts), never the caller's.
 */
import { homedir } from 'node:os';

import { logCommandEnd, logCommandStart } from './command-log.js';
import { controlledEnv } from './env.js';
import { runProcess } from './process.js';
import { settleOutcome } from './result.js';
import type { RunOptions, RunResult, Transport } from './types.js';

/** A Transport for the machine pmgup runs on; it has no connection, so close() does nothing. */
export class LocalTransport implements Transport {
  readonly name = 'local';
  readonly target = 'local';

  async run(script: string, options: RunOptions = {}): Promise<RunResult> {
    const id = logCommandStart(this.name, script, options.input);
    const outcome = await runProcess({
      file: '/bin/sh',
      args: ['-c', script],
      env: controlledEnv(homedir()),
      input: options.input,
      timeoutMs: options.timeoutMs,
      onStdout: options.onStdout,
    });
    logCommandEnd(id, this.name, outcome);

    return settleOutcome(outcome, {
      host: this.name,
      script,
      allowFailure: options.allowFailure ?? false,
      timeoutMs: options.timeoutMs,
    });
  }

  async close(): Promise<void> {}
}
