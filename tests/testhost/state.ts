import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { isProcessAlive } from './lock.js';
import type { HostNetwork } from './netns.js';
import { statePaths } from './paths.js';

export const backends = ['container', 'vm'] as const;
/** How a test host runs: a systemd-nspawn container or a QEMU virtual machine. */
export type Backend = (typeof backends)[number];

/** Host that `up` requests from the supervisor. Written once, before the supervisor starts. */
export interface HostRequest {
  name: string;
  backend: Backend;
  /** Folder of the cached base image (root file system and repositories). */
  baseDir: string;
  /** The qcow2 image a VM boots from through an overlay; VM backend only. */
  vmImage?: string;
  /** Guest SSH host key line, written to the host's known_hosts file. */
  hostKey: string;
  /** Local port for SSH; 0 picks a free one. */
  sshPort: number;
  /**
   * Process that booted the host through the API. The supervisor stops the
   * host when this process is gone, even after SIGKILL. Absent for `up`.
   */
  ownerPid?: number;
}

/**
 * Life cycle of a host as the supervisor reports it: `starting` until the
 * guest is booting, `running` while it runs (also across reboots),
 * `stopping` during teardown and `failed` when start-up failed.
 */
export type HostPhase = 'starting' | 'running' | 'stopping' | 'failed';

/** Run state of one host, written by its supervisor process. */
export interface HostState {
  name: string;
  backend: Backend;
  phase: HostPhase;
  supervisorPid: number;
  createdAt: string;
  sshPort?: number;
  /** Address of the guest: its veth address (container) or its user-mode network address (VM). */
  guestAddress?: string;
  /** Address of the machine on the guest's network, where the proxy listens for it. */
  hostAddress?: string;
  /** Proxy URL configured in the guest's apt. */
  proxyUrl?: string;
  network?: HostNetwork;
  /** Process id of systemd-nspawn or QEMU for the current boot. */
  guestPid?: number;
  /** Number of boots so far; a reboot increases it. */
  boots: number;
  error?: string;
}

const namePattern = /^[a-z][a-z0-9-]{0,30}$/;

/** Throws unless `name` can name a host (folder, log files, machine name). */
export function validateHostName(name: string): void {
  if (!namePattern.test(name)) {
    throw new Error(
      `Invalid host name "${name}": use 1 to 31 lower-case letters, digits and "-", starting with a letter`,
    );
  }
}

export function hostDir(name: string): string {
  return join(statePaths.hosts, name);
}

export const hostFiles = {
  request: 'request.json',
  state: 'state.json',
  knownHosts: 'known_hosts',
  supervisorLog: 'supervisor.log',
  consoleLog: 'console.log',
};

/** Writes JSON atomically, so readers never see half a file. */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function readHostState(name: string): HostState | undefined {
  try {
    return JSON.parse(readFileSync(join(hostDir(name), hostFiles.state), 'utf8')) as HostState;
  } catch {
    return undefined;
  }
}

export function readHostRequest(name: string): HostRequest {
  return JSON.parse(readFileSync(join(hostDir(name), hostFiles.request), 'utf8')) as HostRequest;
}

/**
 * Claims a host name by creating its folder. Throws when a host of that name
 * exists, unless its supervisor is gone, in which case the stale folder is
 * reported so the caller can run `down` first.
 */
export function claimHostName(name: string): string {
  validateHostName(name);
  mkdirSync(statePaths.hosts, { recursive: true });

  const dir = hostDir(name);
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`A test host named "${name}" exists already (${dir}); run "testhost down ${name}" first`);
    }
    throw error;
  }

  return dir;
}

/** Host names that have a folder under the state root. */
export function listHostNames(): string[] {
  if (!existsSync(statePaths.hosts)) {
    return [];
  }

  return readdirSync(statePaths.hosts).filter((entry) => namePattern.test(entry));
}

/**
 * Tells whether the host's supervisor process still runs. The command line is
 * checked too, so a reused process id does not count.
 */
export function isSupervisorAlive(state: HostState | undefined): boolean {
  if (state === undefined || !isProcessAlive(state.supervisorPid)) {
    return false;
  }

  try {
    return readFileSync(`/proc/${state.supervisorPid}/cmdline`, 'utf8').includes('supervisor.js');
  } catch {
    return false;
  }
}
