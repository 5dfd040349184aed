/**
 * Background process that owns one test host: the guest process (nspawn or
 * QEMU), its network, the apt proxy and the SSH forwarder. `up` starts it
 * detached; SIGTERM makes it stop the guest and release everything, which is
 * all `down` has to ask for.
 *
 * Usage: node supervisor.js NAME
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { GuestBackend } from './backend.js';
import { ContainerBackend } from './backend-container.js';
import { VmBackend } from './backend-vm.js';
import { isProcessAlive } from './lock.js';
import { log, setLogging } from './log.js';
import { removeTree } from './run.js';
import { stateRoot } from './paths.js';
import { hostDir, hostFiles, readHostRequest, writeJson, type HostState } from './state.js';

const name = process.argv[2] ?? '';
const dir = hostDir(name);
const request = readHostRequest(name);
const backend: GuestBackend = request.backend === 'vm' ? new VmBackend(request) : new ContainerBackend(request);

const state: HostState = {
  name,
  backend: request.backend,
  phase: 'starting',
  supervisorPid: process.pid,
  createdAt: new Date().toISOString(),
  boots: 0,
};

let stopRequested = false;

function saveState(): void {
  writeJson(join(dir, hostFiles.state), state);
}

/** Keeps the console log of the last run of this host name for post-mortems. */
function keepConsoleLog(): void {
  const logs = join(stateRoot, 'logs');
  mkdirSync(logs, { recursive: true });
  for (const file of [hostFiles.consoleLog, hostFiles.supervisorLog]) {
    try {
      copyFileSync(join(dir, file), join(logs, `${name}.${file}`));
    } catch {
      // A host that failed before booting has no console log.
    }
  }
}

async function requestStop(reason: string): Promise<void> {
  if (stopRequested) {
    return;
  }

  stopRequested = true;
  log('supervisor', `stopping ${name} after ${reason}`);
  state.phase = 'stopping';
  saveState();
  await backend.stop();
}

/** Stops the host once the process that booted it is gone, however it ended. */
function watchOwner(ownerPid: number): void {
  const timer = setInterval(() => {
    if (!isProcessAlive(ownerPid)) {
      clearInterval(timer);
      void requestStop(`the exit of process ${ownerPid}, which booted the host`);
    }
  }, 2000);
  timer.unref();
}

async function main(): Promise<number> {
  setLogging(true);
  saveState();
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => void requestStop(signal));
  }
  if (request.ownerPid !== undefined) {
    watchOwner(request.ownerPid);
  }

  let failed = false;
  try {
    await backend.prepare(state);
    if (!stopRequested) {
      state.phase = 'running';
      saveState();
      await backend.run((pid) => {
        state.boots += 1;
        state.guestPid = pid;
        saveState();
      });
    }
  } catch (error) {
    failed = true;
    state.error = error instanceof Error ? error.message : String(error);
    log('supervisor', `host ${name} failed: ${state.error}`);
  }

  await backend.stop();
  await backend.cleanup().catch((error: unknown) => log('supervisor', `cleanup of ${name} failed: ${String(error)}`));
  keepConsoleLog();

  if (failed) {
    // The folder stays with state "failed" so `up` can report the error; `down`
    // removes it. The guest and network are gone, so they leave the state too.
    state.phase = 'failed';
    delete state.guestPid;
    delete state.network;
    saveState();
    return 1;
  }

  await removeTree(dir);
  log('supervisor', `host ${name} is down`);
  return 0;
}

// Exit explicitly: nothing that is still open may keep a stopped host's
// supervisor around.
process.exit(await main());
