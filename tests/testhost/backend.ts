import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { log } from './log.js';
import type { HostState } from './state.js';

/**
 * One way of running a test host, driven by the supervisor process. The
 * supervisor calls prepare, then run, and cleanup in every case, also after a
 * failed prepare. stop may come at any time from a signal.
 */
export interface GuestBackend {
  /** Creates the guest's disk or root copy, its network and helper servers, and records them in `state`. */
  prepare(state: HostState): Promise<void>;
  /**
   * Boots the guest and resolves when it powered off, or after stop. Reboots
   * inside the guest happen within this call; `onBoot` is called at each boot.
   */
  run(onBoot: (pid: number) => void): Promise<void>;
  /** Asks the running guest to stop and waits for it, killing it after a grace period. */
  stop(): Promise<void>;
  /** Releases what prepare created. Tolerates pieces that were never created. */
  cleanup(): Promise<void>;
}

/** Starts a guest process with its output appended to the console log. */
export function spawnGuest(command: string, args: string[], consoleLog: string, detached: boolean): ChildProcess {
  const output = openSync(consoleLog, 'a');
  log('guest', `${command} ${args.join(' ')}`);

  return spawn(command, args, { stdio: ['ignore', output, output], detached });
}

/** Resolves with the exit code of a child (128 + signal number for a signal). */
export function waitForExit(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) {
    return Promise.resolve(child.exitCode);
  }

  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? (signal === 'SIGKILL' ? 137 : 143));
    });
  });
}

/**
 * Sends `signal` to a child and waits up to `graceMs` for it to exit, then
 * kills it.
 */
export async function terminate(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }

  const exited = waitForExit(child);
  child.kill(signal);
  const result = await Promise.race([exited.then(() => 'exited'), sleep(graceMs).then(() => 'timeout')]);
  if (result === 'timeout') {
    log('guest', `process ${child.pid} did not exit within ${graceMs / 1000} s of ${signal}; killing it`);
    child.kill('SIGKILL');
    await exited;
  }
}
