/**
 * What the probe and apply need from a connection to a host. Commands are
 * POSIX shell scripts run by the host's /bin/sh as root; every value in
 * them is quoted with `shellQuote` by the code that builds them.
 */

export interface RunOptions {
  /** Bytes sent to the script's standard input. */
  input?: string;
  /** Kill the command after this many milliseconds; the result is then a CommandError. */
  timeoutMs?: number;
  /** Called with each chunk of standard output as it arrives, for long steps. */
  onStdout?: (chunk: string) => void;
  /** Return a non-zero exit as a result instead of throwing a CommandError. */
  allowFailure?: boolean;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

export interface Transport {
  /** Short name for messages and plans: `root@gw1:22`, `local`. */
  readonly name: string;
  /** Kind and address, recorded in facts: `ssh:root@gw1:22`, `local`. */
  readonly target: string;
  /**
   * Runs a shell script on the host. Rejects with CommandError when it exits
   * non-zero (unless allowFailure), and with ConnectionError when the
   * connection failed, in which case the script may or may not have run.
   */
  run(script: string, options?: RunOptions): Promise<RunResult>;
  /** Closes shared connections. Safe to call twice. */
  close(): Promise<void>;
}
