import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { isProcessAlive } from './lock.js';
import { log } from './log.js';
import { destroyNetwork, releaseSlot, slotOwner } from './netns.js';
import { removeTree } from './run.js';
import { hostDir, isSupervisorAlive, readHostState, type HostState } from './state.js';

/**
 * Stops the host `name` and releases everything its `up` started. Works also
 * when its supervisor died: the recorded guest process, network and folder
 * are then removed here. Resolves when nothing of the host is left.
 */
export async function stopHost(name: string): Promise<void> {
  const dir = hostDir(name);
  const state = readHostState(name);

  if (state !== undefined && isSupervisorAlive(state)) {
    process.kill(state.supervisorPid, 'SIGTERM');
    const deadline = Date.now() + 90_000;
    while (isSupervisorAlive(state) && Date.now() < deadline) {
      await sleep(200);
    }
    if (isSupervisorAlive(state)) {
      log('down', `supervisor ${state.supervisorPid} of ${name} did not exit; killing it`);
      process.kill(state.supervisorPid, 'SIGKILL');
    }
  }

  if (existsSync(dir)) {
    await removeLeftovers(name, state);
  }
}

/** Cleans up after a supervisor that can no longer do it itself. */
async function removeLeftovers(name: string, state: HostState | undefined): Promise<void> {
  if (state?.guestPid !== undefined && isProcessAlive(state.guestPid)) {
    const command = readFileSync(`/proc/${state.guestPid}/cmdline`, 'utf8');
    if (command.includes('systemd-nspawn') || command.includes('qemu-system')) {
      log('down', `killing leftover guest process ${state.guestPid} of ${name}`);
      process.kill(state.guestPid, 'SIGKILL');
      await sleep(500);
    }
  }
  // The slot may belong to another host by now when the supervisor released
  // it before dying, so its network is only removed while this host owns it.
  if (state?.network !== undefined && slotOwner(state.network.slot) === name) {
    await destroyNetwork(state.network);
    releaseSlot(state.network.slot);
  }
  await removeTree(hostDir(name));
}
