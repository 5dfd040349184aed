/**
 * The streams a command writes to, injectable so tests can capture output
 * and pretend to be (or not be) a terminal.
 */
import { createInterface } from 'node:readline/promises';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Standard input is a terminal a person can answer a question on. */
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Asks a question on the terminal and returns the answer. */
  ask(question: string): Promise<string>;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    ask: async (question) => {
      const readline = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await readline.question(question);
      } finally {
        readline.close();
      }
    },
  };
}
