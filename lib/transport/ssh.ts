/**
 * Runs scripts on a remote host through the OpenSSH client, which already
 * reads the operator's config, agent, jump hosts and known hosts. Every
 * call runs in batch mode, so no prompt can hang a run. By default all
 * calls to one host share one connection through a control socket in a
 * private directory. Host key checking is relaxed only by the operator's
 * own ssh options.
 */
import { isIPv6 } from 'node:net';
import { dirname } from 'node:path';

import { ConnectionError, InternalError } from '../errors.js';
import { logger, quoteName } from '../log.js';
import { logCommandEnd, logCommandStart } from './command-log.js';
import { controlPathIn, createControlDir, removeControlDir } from './control-dir.js';
import { parseHostSpec, type HostSpec } from './parse-host.js';
import { removeStaleControlDirs } from './stale-control-dirs.js';
import { runProcess, type ProcessOutcome } from './process.js';
import { buildRemoteCommand, takeExitStatus } from './remote-command.js';
import { settleOutcome } from './result.js';
import {
  buildSshOptions,
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  validateSshTransportOptions,
  type SshTransportOptions,
} from './ssh-args.js';
import { classifySshFailure, type SshErrorContext } from './ssh-errors.js';
import { readEffectiveSettings, type EffectiveSshSettings } from './ssh-settings.js';
import type { RunOptions, RunResult, Transport } from './types.js';

export type { SshTransportOptions } from './ssh-args.js';

const log = logger('transport');
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * A Transport over ssh. Create one with `SshTransport.create()`, which
 * validates the host and options and runs `ssh -G`, which does not
 * connect, to read the effective user and port. The first run() opens the
 * connection.
 *
 * Call close() when done, because it ends the shared connection and
 * removes the control directory. Without close() the connection ends by
 * itself after `controlPersistSeconds` idle, but the empty control
 * directory stays behind until a later run that creates its own removes it
 * (see stale-control-dirs.ts). With `shareConnection: false`, each run()
 * ends its own connection and no control directory is created.
 */
export class SshTransport implements Transport {
  /** `user@host:port` with the effective user and port. */
  readonly name: string;
  /** `ssh:user@host:port`, recorded in facts. */
  readonly target: string;
  /** Effective settings from `ssh -G`. */
  readonly settings: EffectiveSshSettings;

  private readonly spec: HostSpec;
  private readonly options: SshTransportOptions;
  private controlDir: string | null = null;
  /** The removal of other runs' leftover control directories, started with this transport's own. */
  private staleRemoval: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(spec: HostSpec, options: SshTransportOptions, settings: EffectiveSshSettings) {
    this.spec = spec;
    this.options = options;
    this.settings = settings;
    const shownHost = isIPv6(spec.host) ? `[${spec.host}]` : spec.host;
    this.name = `${settings.user}@${shownHost}:${settings.port}`;
    this.target = `ssh:${this.name}`;
  }

  /**
   * Validates the host and options, reads the effective settings with
   * `ssh -G` and returns the transport. `host` is a value `[user@]host[:port]`
   * (see parse-host.ts) or a parsed spec. Rejects with a UserError for an
   * invalid host value or option before any process starts, and when
   * `ssh -G` rejects the settings.
   */
  static async create(host: string | HostSpec, options: SshTransportOptions = {}): Promise<SshTransport> {
    const spec = typeof host === 'string' ? parseHostSpec(host) : host;
    validateSshTransportOptions(options);

    // The control path does not matter for -G, which never connects.
    const settings = await readEffectiveSettings(buildSshOptions(spec, options, '/nonexistent/%C'), spec.host);
    return new SshTransport(spec, options, settings);
  }

  /**
   * The control directory while the transport is open, for tests and
   * diagnostics; null before the first run and without connection sharing.
   */
  get controlDirectory(): string | null {
    return this.controlDir;
  }

  async run(script: string, options: RunOptions = {}): Promise<RunResult> {
    const remote = buildRemoteCommand(script, options.timeoutMs);
    const args = [...this.sshOptions(), '--', this.spec.host, remote.line];
    const id = logCommandStart(this.name, script, options.input);
    const raw = await runProcess({
      file: 'ssh',
      args,
      env: process.env,
      input: options.input,
      timeoutMs: options.timeoutMs,
      onStdout: options.onStdout,
    });
    const outcome = withRemoteStatus(raw, remote.marker);
    logCommandEnd(id, this.name, outcome.process);

    this.throwIfConnectionFailed(outcome.process, outcome.reported);
    return settleOutcome(outcome.process, {
      host: this.name,
      script,
      allowFailure: options.allowFailure ?? false,
      timeoutMs: options.timeoutMs,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.staleRemoval;
    const dir = this.controlDir;
    if (dir === null) {
      return;
    }

    this.controlDir = null;
    const outcome = await runProcess({
      file: 'ssh',
      args: [...buildSshOptions(this.spec, this.options, controlPathIn(dir)), '-O', 'exit', '--', this.spec.host],
      env: process.env,
      timeoutMs: CLOSE_TIMEOUT_MS,
    });
    // Exit status 255 with "No such file" only means no shared connection was open.
    log.debug(`closed the shared connection to ${quoteName(this.name)}: ${outcome.stderr.trim() || 'ok'}`);
    removeControlDir(dir);
  }

  private sshOptions(): string[] {
    if (this.closed) {
      throw new InternalError(`run() was called on the ssh transport to ${this.name} after close()`);
    }
    if (this.options.shareConnection === false) {
      return buildSshOptions(this.spec, this.options, null);
    }

    if (this.controlDir === null) {
      this.controlDir = createControlDir();
      // Runs beside the first command; close() waits for it.
      this.staleRemoval = removeStaleControlDirs(dirname(this.controlDir));
    }
    return buildSshOptions(this.spec, this.options, controlPathIn(this.controlDir));
  }

  // A missing status report with ssh's exit status 255 means the script
  // did not run to its end because ssh failed or the connection dropped.
  private throwIfConnectionFailed(outcome: ProcessOutcome, reported: boolean): void {
    if (outcome.spawnError) {
      throw new ConnectionError(
        this.name,
        `Starting the OpenSSH client \`ssh\` failed: ${outcome.spawnError.message}. ` +
          'Install openssh-client (apt-get install openssh-client) or fix PATH.',
        { cause: outcome.spawnError },
      );
    }
    if (outcome.timedOut || reported || outcome.exitCode !== 255) {
      return;
    }

    throw classifySshFailure(outcome.stderr, this.errorContext());
  }

  private errorContext(): SshErrorContext {
    return {
      display: this.name,
      hostname: this.settings.hostname,
      port: this.settings.port,
      user: this.settings.user,
      connectTimeoutSeconds: this.options.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS,
      ...(this.options.knownHostsFile !== undefined && { knownHostsFile: this.options.knownHostsFile }),
    };
  }
}

// Replaces ssh's exit status with the status the remote shell reported,
// and removes the report from stderr.
function withRemoteStatus(outcome: ProcessOutcome, marker: string) {
  const { stderr, status } = takeExitStatus(outcome.stderr, marker);
  if (status === null) {
    return { process: outcome, reported: false };
  }

  return { process: { ...outcome, stderr, exitCode: status }, reported: true };
}
