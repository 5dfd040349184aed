/**
 * What a step builder returns: how apply carries out one typed step. Every
 * script is built here from the step's typed fields, with each value passed
 * through shellQuote; nothing from a plan is ever run as text.
 */

/** Facts about the whole plan that the live-state guards of some steps need. */
export interface BuildContext {
  /** Short id of the plan, part of the names of detached units. */
  planId: string;
  /**
   * The database PMG keeps its rules and quarantine in, and the PostgreSQL
   * major that must serve it at the end. A null major is read on the host
   * from postgresql-common's list of supported versions (the newest one).
   */
  postgres: { database: string; major: number | null };
}

/** Runs the script over the connection and waits for it. */
export interface InlineCommand {
  mode: 'inline';
  script: string;
  timeoutMs: number;
}

/**
 * Runs the body as a transient systemd unit that outlives the connection;
 * apply follows its log and reads its exit status.
 */
export interface DetachedCommand {
  mode: 'detached';
  body: string;
  /** Short description shown by systemctl status. */
  description: string;
}

/**
 * Replaces a file with a transform of its current content. Apply reads the
 * file, checks its checksum against the planned one, transforms it on this
 * machine and writes it back with a script that re-checks the checksum on
 * the host at the moment of the write.
 */
export interface RewriteFileCommand {
  mode: 'rewrite-file';
  path: string;
  /** Checksum the file must still have; null when the file must not exist yet. */
  beforeSha256: string | null;
  /** Mode for a file that did not exist; an existing file keeps its own. */
  createMode: number;
  transform: (content: string) => string;
}

/** Reboots the host and waits for it to come back. */
export interface RebootCommand {
  mode: 'reboot';
  script: string;
  expectCodename: string;
  timeoutSeconds: number;
}

/** Runs nothing: the step is a fresh probe and a comparison. */
export interface ProbeOnlyCommand {
  mode: 'probe-only';
}

export type CommandPlan = InlineCommand | DetachedCommand | RewriteFileCommand | RebootCommand | ProbeOnlyCommand;

/** Time limit of a short inline step; long steps run detached and have none. */
export const INLINE_TIMEOUT_MS = 15 * 60 * 1000;
