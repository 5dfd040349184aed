/**
 * Rebooting a host and waiting for it: schedule the reboot (the command
 * returns first), wait until the connection drops or the boot id changes,
 * wait until SSH responds again and systemd has finished starting
 * (`systemctl is-system-running --wait`), then require a new boot id
 * (/proc/sys/kernel/random/boot_id). All of it within the step's timeout.
 */
import { CommandError, ConnectionError, UserError } from '../errors.js';
import type { RebootCommand } from './commands/types.js';
import { throwIfAborted, type HostRuntime } from './runtime.js';

const BOOT_ID = 'cat /proc/sys/kernel/random/boot_id';
const PROBE_TIMEOUT_MS = 10_000;
const WAIT_CALL_MS = 120_000;
/**
 * Pauses between polls. The mail is down for the whole reboot, so a short
 * pause ends the wait sooner; the step's timeout bounds the polling.
 */
const DOWN_POLL_MS = 500;
const PAUSE_MS = 500;

/** systemd states that mean the host finished starting. */
const UP_STATES = new Set(['running', 'degraded']);

/** The host did not go down, or did not come back, within the step's timeout. */
export class RebootTimeoutError extends UserError {
  override name = 'RebootTimeoutError';

  constructor(host: string, phase: string, seconds: number) {
    super(
      `${host} did not ${phase} within ${seconds} s`,
      `The reboot step allows ${seconds} s (timeout_seconds in the plan). Check the host's console: ` +
        'it may wait at a boot prompt, be checking a file system, or have lost its network configuration. ' +
        'Once it is up, run pmgup plan again to see the remaining steps.',
    );
  }
}

/** Boot ids and system state the reboot observed. */
export interface RebootResult {
  bootIdBefore: string;
  bootIdAfter: string;
  systemState: string;
}

type Attempt<T> = { ok: true; value: T } | { ok: false };

// A call to a host that is going down or booting: a dropped connection or
// a command that hangs until its timeout both mean "not reachable now".
async function attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (error instanceof ConnectionError || error instanceof CommandError) {
      return { ok: false };
    }
    throw error;
  }
}

async function readBootId(runtime: HostRuntime): Promise<Attempt<string>> {
  return attempt(async () => (await runtime.transport.run(BOOT_ID, { timeoutMs: PROBE_TIMEOUT_MS })).stdout.trim());
}

async function waitForDown(runtime: HostRuntime, before: string, deadline: number, seconds: number): Promise<void> {
  while (runtime.now() < deadline) {
    throwIfAborted(runtime);
    const current = await readBootId(runtime);
    if (!current.ok || current.value !== before) {
      return;
    }
    await runtime.sleep(DOWN_POLL_MS);
  }

  throw new RebootTimeoutError(runtime.host, 'go down for the reboot', seconds);
}

async function waitForUp(runtime: HostRuntime, deadline: number, seconds: number): Promise<string> {
  while (runtime.now() < deadline) {
    throwIfAborted(runtime);
    const timeoutMs = Math.max(1000, Math.min(WAIT_CALL_MS, deadline - runtime.now()));
    const state = await attempt(async () => {
      const result = await runtime.transport.run('systemctl is-system-running --wait', { allowFailure: true, timeoutMs });

      return result.stdout.trim();
    });
    if (state.ok && UP_STATES.has(state.value)) {
      return state.value;
    }
    await runtime.sleep(PAUSE_MS);
  }

  throw new RebootTimeoutError(runtime.host, 'come back from the reboot', seconds);
}

/** Reboots the host and resolves once it is back with a new boot id. */
export async function rebootAndWait(runtime: HostRuntime, command: RebootCommand): Promise<RebootResult> {
  const deadline = runtime.now() + command.timeoutSeconds * 1000;
  const scheduled = await runtime.transport.run(command.script);
  const bootIdBefore = scheduled.stdout.split('\n')[0]!.trim();

  await waitForDown(runtime, bootIdBefore, deadline, command.timeoutSeconds);
  const systemState = await waitForUp(runtime, deadline, command.timeoutSeconds);
  const after = await readBootId(runtime);
  if (!after.ok) {
    throw new RebootTimeoutError(runtime.host, 'respond after the reboot', command.timeoutSeconds);
  }
  if (after.value === bootIdBefore) {
    throw new UserError(
      `${runtime.host} did not reboot`,
      `The boot id is still ${bootIdBefore}, so the reboot pmgup scheduled did not happen. ` +
        'Check `systemctl list-timers` and the journal on the host for the pmgup reboot unit, then run pmgup plan again.',
    );
  }

  return { bootIdBefore, bootIdAfter: after.value, systemState };
}
