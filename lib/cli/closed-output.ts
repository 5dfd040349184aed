/**
 * Write errors on the process's standard output and standard error. Node
 * ignores SIGPIPE, so a write to a pipe whose reader has gone (`pmgup probe
 * --local | head -c 300`) fails with EPIPE, and without a listener that
 * error ends the process with a stack trace.
 */
import type { EventEmitter } from 'node:events';

/**
 * Exit status after the reader closed the output: 128 + SIGPIPE (13), the
 * status a shell reports for a program that SIGPIPE ended. The command
 * stops quietly, and a shell with `set -o pipefail` still fails the pipeline
 * because the output was cut short. A plain 0 would claim, for example,
 * that every check passed.
 */
export const CLOSED_OUTPUT_STATUS = 141;

/** A stream of the process and the name the error message gives it. */
export interface StandardStream {
  stream: EventEmitter;
  name: string;
}

/**
 * Listens for write errors on `streams`: on EPIPE the process ends at once
 * with CLOSED_OUTPUT_STATUS and prints nothing, unless `keepGoing` is set,
 * when it goes on without output. Any other error is reported through
 * `report` and ends the process with status 1.
 */
export function exitOnWriteError(
  streams: readonly StandardStream[],
  report: (text: string) => void,
  exit: (status: number) => void,
  keepGoing = false,
): void {
  for (const { stream, name } of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') {
        if (!keepGoing) {
          exit(CLOSED_OUTPUT_STATUS);
        }
        return;
      }

      report(`Error: Cannot write to ${name}\n\n  ${error.message}. Check the file, pipe or terminal that ${name} goes to.\n`);
      exit(1);
    });
  }
}

/**
 * Applies exitOnWriteError to process.stdout and process.stderr; call it
 * once, before any output. `argv` is the command line without node and the
 * script: `pmgup apply` keeps going when its reader goes, because ending it
 * there would skip the end of the running step and the release of the host
 * lock. Its progress is then lost, and the journal on the host keeps it.
 */
export function exitOnProcessWriteError(argv: readonly string[]): void {
  const streams = [
    { stream: process.stdout, name: 'standard output' },
    { stream: process.stderr, name: 'standard error' },
  ];

  // A failed standard error is destroyed, so its own failure ends with status 1 and no message.
  const report = (text: string) => {
    if (!process.stderr.destroyed) {
      process.stderr.write(text);
    }
  };
  const command = argv.find((word) => !word.startsWith('-'));
  exitOnWriteError(streams, report, (status) => process.exit(status), command === 'apply');
}
