import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';

import { ensureBaseImage } from './image.js';
import { ensureVmImage } from './image-vm.js';
import { ensureHarnessKeys } from './keys.js';
import { isProcessAlive } from './lock.js';
import { log } from './log.js';
import { repositoryRoot } from './paths.js';
import type { CommandResult } from './run.js';
import { sshExec, waitForSystemReady, writeKnownHosts, type ExecOptions, type SshTarget } from './ssh.js';
import {
  backends,
  claimHostName,
  hostDir,
  hostFiles,
  readHostState,
  writeJson,
  type Backend,
  type HostRequest,
  type HostState,
} from './state.js';
import { stopHost } from './teardown.js';
import { renderVariantScript, type VariantName } from './variants.js';

export interface BootOptions {
  /** Defaults to PMGUP_TESTHOST_BACKEND, else `container`. */
  backend?: Backend;
  /** Host name; defaults to a random `host-xxxxxx`. */
  name?: string;
  variants?: VariantName[];
  /** Local SSH port; defaults to a free one. */
  sshPort?: number;
  /** How long to wait for the booted system to be ready; defaults to 3 min (container) or 15 min (VM). */
  readyTimeoutMs?: number;
  /**
   * Leave the host running when this process exits (the CLI's `up`). By
   * default the host is torn down at process exit and on SIGINT or SIGTERM.
   */
  keepAfterExit?: boolean;
}

/** What `testhost up` prints and what a test needs to reach a host. */
export interface HostInfo extends SshTarget {
  name: string;
  backend: Backend;
  /** The guest's own address: its veth address (container) or QEMU's 10.0.2.15 (VM, not reachable from the machine). */
  guestAddress: string;
  /** Where the guest reaches the harness: the host side of the veth pair, or QEMU's forwarded proxy address. */
  hostAddress: string;
  /** HTTP proxy the guest's apt uses. */
  proxyUrl: string;
  variants: VariantName[];
}

export interface HostExecOptions extends ExecOptions {
  /** Throw when the command exits non-zero, with its output in the message. */
  check?: boolean;
}

/** A booted test host. */
export interface TestHost extends HostInfo {
  /** Runs a shell command as root over SSH; resolves also on a non-zero exit unless `check` is set. */
  exec(command: string, options?: HostExecOptions): Promise<CommandResult>;
  /** Reboots the guest with `systemctl reboot` and waits until it is ready again on the same port. */
  reboot(): Promise<void>;
  /** Stops the host and releases everything `bootHost` started. Safe to call twice. */
  down(): Promise<void>;
}

/** Hosts this process booted and has not taken down yet, for the exit handlers. */
const liveSupervisors = new Map<string, number>();
let exitHandlersInstalled = false;

function installExitHandlers(): void {
  if (exitHandlersInstalled) {
    return;
  }
  exitHandlersInstalled = true;

  // Only signals can be sent synchronously at exit; each supervisor then
  // tears its host down by itself.
  process.on('exit', () => {
    for (const pid of liveSupervisors.values()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Returns the backend named by PMGUP_TESTHOST_BACKEND, or `container` when it is unset. */
export function defaultBackend(): Backend {
  const fromEnvironment = process.env.PMGUP_TESTHOST_BACKEND;
  if (fromEnvironment === undefined || fromEnvironment === '') {
    return 'container';
  }
  if (!(backends as readonly string[]).includes(fromEnvironment)) {
    throw new Error(`Invalid PMGUP_TESTHOST_BACKEND "${fromEnvironment}": use ${backends.join(' or ')}`);
  }

  return fromEnvironment as Backend;
}

function tailOfFile(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function startSupervisor(name: string): number {
  const dir = hostDir(name);
  const output = openSync(join(dir, hostFiles.supervisorLog), 'a');
  const script = join(repositoryRoot, 'dist', 'tests', 'testhost', 'supervisor.js');
  const child = spawn(process.execPath, [script, name], {
    detached: true,
    stdio: ['ignore', output, output],
    env: { ...process.env, PMGUP_TESTHOST_LOG: '1' },
  });
  child.unref();

  if (child.pid === undefined) {
    throw new Error(`Could not start the supervisor for test host "${name}" (${script})`);
  }

  return child.pid;
}

/** Waits until the supervisor reports the guest booting, and returns its state. */
async function waitForRunning(name: string, supervisorPid: number): Promise<HostState> {
  const deadline = Date.now() + 5 * 60_000;

  while (Date.now() < deadline) {
    const state = readHostState(name);
    if (state?.phase === 'running' && state.boots > 0 && state.sshPort !== undefined) {
      return state;
    }

    if (state?.phase === 'failed' || !isProcessAlive(supervisorPid)) {
      const logTail = tailOfFile(join(hostDir(name), hostFiles.supervisorLog), 20);
      throw new Error(`Test host "${name}" failed to start: ${state?.error ?? 'the supervisor exited'}\n${logTail}`);
    }
    await sleep(200);
  }

  throw new Error(`Test host "${name}" did not start within 5 min; see ${hostDir(name)}/${hostFiles.supervisorLog}`);
}

async function applyVariants(target: SshTarget, state: HostState, variants: VariantName[]): Promise<void> {
  const script = renderVariantScript(variants, {
    guestAddress: state.guestAddress ?? '127.0.0.1',
    peerAddress: state.backend === 'vm' ? '10.0.2.2' : (state.hostAddress ?? '127.0.0.1'),
  });
  const result = await sshExec(target, 'sh -s', { input: script, timeoutMs: 120_000 });
  if (result.code !== 0) {
    throw new Error(`Applying variants ${variants.join(', ')} failed with exit code ${result.code}:\n${result.stderr}`);
  }
}

function hostInfo(state: HostState, identityFile: string, variants: VariantName[]): HostInfo {
  return {
    name: state.name,
    backend: state.backend,
    user: 'root',
    host: '127.0.0.1',
    port: state.sshPort ?? 0,
    identityFile,
    knownHostsFile: join(hostDir(state.name), hostFiles.knownHosts),
    guestAddress: state.guestAddress ?? '',
    hostAddress: state.hostAddress ?? '',
    proxyUrl: state.proxyUrl ?? '',
    variants,
  };
}

/** Stops a host through `stopHost` and removes it from the exit handlers' list. */
async function stopBootedHost(name: string): Promise<void> {
  await stopHost(name);
  liveSupervisors.delete(name);
}

function makeTestHost(info: HostInfo, readyTimeoutMs: number): TestHost {
  let stopped = false;

  const exec = async (command: string, options: HostExecOptions = {}): Promise<CommandResult> => {
    const result = await sshExec(info, command, options);
    if (options.check && result.code !== 0) {
      throw new Error(`Command on test host "${info.name}" exited with ${result.code}: ${command}\n${result.stderr}`);
    }
    return result;
  };

  return {
    ...info,
    exec,
    reboot: async () => {
      // /run is a fresh tmpfs on every boot, so a marker file there separates
      // the old boot from the new one on both backends.
      await exec('touch /run/pmgup-testhost-before-reboot', { check: true });
      await exec('systemctl reboot');
      const deadline = Date.now() + readyTimeoutMs;
      while (Date.now() < deadline) {
        const probe = await exec('test -e /run/pmgup-testhost-before-reboot', { timeoutMs: 15_000 });
        if (probe.code === 1) {
          await waitForSystemReady(info, Math.max(deadline - Date.now(), 1000));
          return;
        }
        await sleep(1000);
      }
      throw new Error(`Test host "${info.name}" did not come back within ${readyTimeoutMs / 1000} s of a reboot`);
    },
    down: async () => {
      if (stopped) {
        return;
      }
      stopped = true;
      await stopBootedHost(info.name);
    },
  };
}

function randomHostName(): string {
  return `host-${randomBytes(3).toString('hex')}`;
}

/**
 * Boots a test host from a fresh copy of the cached base image, waits until
 * systemd reports `running` or `degraded`, applies the variants and returns
 * a handle. The base image is built first when the recipe changed. On any
 * failure the host is taken down before the error is thrown.
 */
export async function bootHost(options: BootOptions = {}): Promise<TestHost> {
  const backend = options.backend ?? defaultBackend();
  const name = options.name ?? randomHostName();
  const variants = options.variants ?? [];
  const readyTimeoutMs = options.readyTimeoutMs ?? (backend === 'vm' ? 15 : 3) * 60_000;

  const keys = await ensureHarnessKeys();
  const base = await ensureBaseImage();
  const vmImage = backend === 'vm' ? await ensureVmImage(base) : undefined;

  const dir = claimHostName(name);
  const request: HostRequest = {
    name,
    backend,
    baseDir: base.dir,
    hostKey: base.hostKey,
    sshPort: options.sshPort ?? 0,
    ...(vmImage === undefined ? {} : { vmImage }),
    ...(options.keepAfterExit ? {} : { ownerPid: process.pid }),
  };
  writeJson(join(dir, hostFiles.request), request);

  installExitHandlers();
  try {
    const supervisorPid = startSupervisor(name);
    liveSupervisors.set(name, supervisorPid);
    log('up', `supervisor ${supervisorPid} started for ${name}`);

    const state = await waitForRunning(name, supervisorPid);
    const info = hostInfo(state, keys.sshIdentity, variants);
    writeKnownHosts(info.knownHostsFile, info.port, base.hostKey);

    log('up', `waiting for systemd on ${name} (ssh port ${info.port})`);
    await waitForSystemReady(info, readyTimeoutMs);
    if (variants.length > 0) {
      await applyVariants(info, state, variants);
      // A variant may reload sshd, which closes new connections for a moment.
      await waitForSystemReady(info, readyTimeoutMs);
    }

    if (options.keepAfterExit) {
      liveSupervisors.delete(name);
    }
    return makeTestHost(info, readyTimeoutMs);
  } catch (error) {
    await stopBootedHost(name);
    throw error;
  }
}

/** Minimal part of node:test's TestContext and SuiteContext used here. */
export interface AfterHookContext {
  after(fn: () => unknown): void;
}

/**
 * Boots a host for one node:test test or suite and registers its teardown
 * with `t.after`, so the host goes down when the test ends, passed or failed.
 */
export async function bootHostForTest(t: AfterHookContext, options: BootOptions = {}): Promise<TestHost> {
  const host = await bootHost(options);
  t.after(() => host.down());
  return host;
}
