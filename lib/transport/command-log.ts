/**
 * Diagnostic log lines for every command a transport runs: an id that ties
 * the start line to the end line, the host, and at the end the duration
 * and exit status. Debug level shows the first line of the script; trace
 * level adds the first lines of its output. The log module redacts URI
 * credentials from every line.
 */
import { logger, quoteName } from '../log.js';
import type { ProcessOutcome } from './process.js';

const log = logger('transport');

/** Output lines shown per stream at trace level. */
const TRACE_OUTPUT_LINES = 10;
/** Characters of the script's first line shown at debug level. */
const SCRIPT_PREVIEW_CHARS = 120;

let lastId = 0;

/** Logs the start of a command and returns the id for its end line. */
export function logCommandStart(host: string, script: string, input: string | undefined): string {
  lastId += 1;
  const id = `cmd-${lastId}`;

  if (log.enabled('debug')) {
    const lines = script.split('\n').length;
    const stdin = input === undefined ? 'no input' : `${Buffer.byteLength(input)} bytes of input`;
    log.debug(`${id} start on ${quoteName(host)}: ${previewScript(script)} (${lines} lines, ${stdin})`);
  }

  return id;
}

/** Logs how a command ended: its status and duration, and at trace level the start of its output. */
export function logCommandEnd(id: string, host: string, outcome: ProcessOutcome): void {
  if (!log.enabled('debug')) {
    return;
  }

  log.debug(`${id} end on ${quoteName(host)}: ${describeStatus(outcome)} after ${outcome.durationMs} ms`);
  if (log.enabled('trace')) {
    log.trace(`${id} stdout: ${headLines(outcome.stdout)}`);
    log.trace(`${id} stderr: ${headLines(outcome.stderr)}`);
  }
}

/** Describes an exit status, signal, timeout or start failure in a few words. */
export function describeStatus(outcome: ProcessOutcome): string {
  if (outcome.spawnError) {
    return `could not start (${outcome.spawnError.message})`;
  }
  if (outcome.timedOut) {
    return `timed out and was killed by ${outcome.signal ?? 'a signal'}`;
  }
  if (outcome.signal) {
    return `killed by ${outcome.signal}`;
  }

  return `exit status ${outcome.exitCode}`;
}

function previewScript(script: string): string {
  const first = script.trimStart().split('\n')[0] ?? '';
  const cut = first.length > SCRIPT_PREVIEW_CHARS ? `${first.slice(0, SCRIPT_PREVIEW_CHARS)}...` : first;

  return JSON.stringify(cut);
}

function headLines(text: string): string {
  if (text === '') {
    return '(empty)';
  }

  const lines = text.replace(/\n$/, '').split('\n');
  const head = lines.slice(0, TRACE_OUTPUT_LINES).join('\n');
  const more = lines.length > TRACE_OUTPUT_LINES ? `\n(${lines.length - TRACE_OUTPUT_LINES} more lines)` : '';

  return `\n${head}${more}`;
}
