/**
 * The error vocabulary of pmgup. Every error a user can see has a short
 * title and a detail that names the value, where it came from and what to do
 * next. The CLI's single top-level handler turns these into exit codes.
 */
import { redactUri } from './redact.js';

/** A problem the user can fix: bad input, a refused plan, an unreachable host. */
export class UserError extends Error {
  override name = 'UserError';
  /** Value, origin and remedy, printed below the title. */
  readonly detail: string;
  /** Process exit status the CLI uses for this error. */
  readonly exitCode: number;

  constructor(title: string, detail: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(title, { cause: options.cause });
    this.detail = detail;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** One located problem in an input file: a TOML key path or a line and column. */
export interface InputProblem {
  /** File the problem was found in. */
  file: string;
  /** Dotted key path (`apt.pmg_repository`) or `line L, column C`. */
  location: string;
  message: string;
}

/** Invalid desired-state, facts or plan file; carries every problem found in one pass. */
export class InputError extends UserError {
  override name = 'InputError';
  readonly problems: InputProblem[];

  constructor(title: string, problems: InputProblem[], remedy: string) {
    // A rejected value may be a URI with a password in it, such as a pmg_uri with `user:password@`.
    const redacted = problems.map((p) => ({ ...p, message: redactUri(p.message) }));
    const lines = redacted.map((p) => `${p.file}: ${p.location}: ${p.message}`);
    super(title, [...lines, '', remedy].join('\n'));
    this.problems = redacted;
  }
}

/** The four kinds of file pmgup reads. */
export type InputFileKind = 'desired-state' | 'inventory' | 'facts' | 'plan';

/**
 * A file given where pmgup reads one kind of file that is confidently
 * another kind, such as recorded facts given to `pmgup show`. It replaces
 * the parse or schema problems, which would describe the wrong format.
 */
export class FileKindError extends UserError {
  override name = 'FileKindError';
  /** The path as given. */
  readonly path: string;
  /** The kind of file that was expected there. */
  readonly expected: InputFileKind;
  /** The kind the file is. */
  readonly found: InputFileKind;

  constructor(fields: { path: string; expected: InputFileKind; found: InputFileKind; title: string; detail: string }) {
    super(fields.title, fields.detail);
    this.path = fields.path;
    this.expected = fields.expected;
    this.found = fields.found;
  }
}

/** A command on a host that exited non-zero, was killed or could not start. */
export class CommandError extends Error {
  override name = 'CommandError';
  readonly host: string;
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;

  constructor(fields: {
    host: string;
    command: string;
    exitCode: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
    durationMs: number;
    cause?: unknown;
  }) {
    const status = fields.signal ? `killed by ${fields.signal}` : `exit status ${fields.exitCode}`;
    super(`Command failed on ${fields.host} (${status}): ${fields.command}`, { cause: fields.cause });
    this.host = fields.host;
    this.command = fields.command;
    this.exitCode = fields.exitCode;
    this.signal = fields.signal;
    this.stdout = fields.stdout;
    this.stderr = fields.stderr;
    this.durationMs = fields.durationMs;
  }

  /** Returns the last `count` non-empty lines of stderr, or of stdout when stderr is empty. */
  tail(count = 10): string[] {
    const source = this.stderr.trim() !== '' ? this.stderr : this.stdout;
    return source
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-count);
  }
}

/** The connection to a host failed or dropped; the command's outcome on the host is unknown. */
export class ConnectionError extends UserError {
  override name = 'ConnectionError';
  readonly host: string;

  constructor(host: string, detail: string, options: { cause?: unknown } = {}) {
    super(`Cannot reach ${host}`, detail, options);
    this.host = host;
  }
}

/** A broken invariant inside pmgup: a bug, never the user's fault. */
export class InternalError extends Error {
  override name = 'InternalError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
  }
}
