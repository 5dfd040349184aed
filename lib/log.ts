/**
 * Diagnostic logging, separate from the UI that views render. It is off
 * unless `PMGUP_LOG` names a level (`trace`, `debug`, `info`, `warn`,
 * `error`). Lines then go to stderr, or are appended to the file named by
 * `PMGUP_LOG_PATH`.
 *
 * Each line is `TIME LEVEL [subsystem] message` with an ISO 8601 UTC time.
 * URI credentials (`user:password@`) are redacted from every line before
 * it is written, whoever built the message.
 */
import { appendFileSync } from 'node:fs';

import { redactUri } from './plan/apt-sources.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Minimum level and destination of log lines; `level: null` turns logging off. */
export interface LogSettings {
  level: LogLevel | null;
  /** Receives each finished line, newline included. */
  write: (line: string) => void;
}

/** A logger bound to one subsystem tag, such as `transport` or `probe`. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Tells whether lines of this level are written, to skip building costly messages. */
  enabled(level: LogLevel): boolean;
}

let settings: LogSettings | undefined;

/** Returns a logger for one subsystem; it reads the settings at each call. */
export function logger(subsystem: string): Logger {
  const at = (level: LogLevel) => (message: string) => writeLine(level, subsystem, message);

  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    enabled: (level) => isEnabled(currentSettings(), level),
  };
}

/**
 * Replaces the settings taken from the environment, for tests and for a
 * CLI flag. `resetLogging()` goes back to the environment.
 */
export function configureLogging(next: LogSettings): void {
  settings = next;
}

/** Drops settings made by configureLogging so the next line reads the environment again. */
export function resetLogging(): void {
  settings = undefined;
}

/** Quotes a name (path, unit, host, package) for a log line so its bounds are visible. */
export function quoteName(name: string): string {
  return JSON.stringify(name);
}

/** Formats one log line; exported for tests. */
export function formatLine(time: Date, level: LogLevel, subsystem: string, message: string): string {
  const text = redactUri(message).replace(/\r?\n/g, '\n    ');

  return `${time.toISOString()} ${level.toUpperCase().padEnd(5)} [${subsystem}] ${text}\n`;
}

/**
 * Reads `PMGUP_LOG` and `PMGUP_LOG_PATH` from an environment. An unknown
 * level turns logging off and reports itself once on stderr, because a
 * typo in a debugging switch must not stop an upgrade.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv): LogSettings {
  const raw = env.PMGUP_LOG?.trim().toLowerCase() ?? '';
  const path = env.PMGUP_LOG_PATH?.trim() ?? '';
  const write = path !== '' ? fileWriter(path) : writeStderr;

  if (raw === '' || raw === 'off') {
    return { level: null, write };
  }
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    writeStderr(
      `pmgup: PMGUP_LOG=${JSON.stringify(env.PMGUP_LOG)} is not a log level, so logging stays off. ` +
        `Use one of ${LOG_LEVELS.join(', ')}.\n`,
    );
    return { level: null, write };
  }

  return { level: raw as LogLevel, write };
}

function currentSettings(): LogSettings {
  settings ??= settingsFromEnv(process.env);
  return settings;
}

function isEnabled(current: LogSettings, level: LogLevel): boolean {
  if (current.level === null) {
    return false;
  }

  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(current.level);
}

function writeLine(level: LogLevel, subsystem: string, message: string): void {
  const current = currentSettings();
  if (!isEnabled(current, level)) {
    return;
  }

  current.write(formatLine(new Date(), level, subsystem, message));
}

// A log file that cannot be written (missing directory, full disk) must not
// fail the command being logged, so the lines move to stderr instead.
function fileWriter(path: string): (line: string) => void {
  let failed = false;

  return (line) => {
    if (!failed) {
      try {
        appendFileSync(path, line);
        return;
      } catch (error) {
        failed = true;
        writeStderr(`pmgup: cannot write the log file ${JSON.stringify(path)} from PMGUP_LOG_PATH ` +
          `(${(error as Error).message}), so log lines go to stderr. Fix the path or unset PMGUP_LOG_PATH.\n`);
      }
    }
    writeStderr(line);
  };
}

function writeStderr(line: string): void {
  process.stderr.write(line);
}
