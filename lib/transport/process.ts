/**
 * Runs one local process with piped standard streams and collects its
 * output. Both transports use it: LocalTransport runs /bin/sh, and
 * SshTransport runs the ssh client. A non-zero exit, a signal and a failed
 * start all resolve with an outcome, which callers turn into a result or
 * an error.
 */
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

/** Time between SIGTERM and SIGKILL for a process that outlived its timeout. */
const KILL_GRACE_MS = 2_000;

export interface ProcessRequest {
  file: string;
  args: readonly string[];
  env: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  onStdout?: (chunk: string) => void;
}

export interface ProcessOutcome {
  stdout: string;
  stderr: string;
  /** Exit status, or null when a signal ended the process or it never started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** True when the process was killed because `timeoutMs` passed. */
  timedOut: boolean;
  /** Set when the process could not be started (ENOENT, EACCES). */
  spawnError: Error | null;
  durationMs: number;
}

/** Starts the process and resolves when it has exited and its streams are closed. */
export function runProcess(request: ProcessRequest): Promise<ProcessOutcome> {
  const started = performance.now();

  return new Promise((resolve) => {
    // detached puts the child into a new process group, so a timeout can
    // end the shell together with the commands it started. It also keeps a
    // Ctrl-C in the operator's terminal from reaching the child: the caller
    // decides what an interrupt ends.
    const child = spawn(request.file, request.args, {
      detached: true,
      env: request.env,
      stdio: [request.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const stdout = collect(child.stdout, request.onStdout);
    const stderr = collect(child.stderr);
    const timer = startTimeout(child, request.timeoutMs);
    let spawnError: Error | null = null;

    child.once('error', (error) => {
      spawnError = error;
    });
    writeInput(child.stdin, request.input);

    // An ssh client that shares a connection hands its stdout and stderr to
    // the master process, which keeps them open until the remote command
    // ends. After a timeout kill, waiting for the pipes to close would wait
    // for the remote command, so the streams are dropped once ssh is gone.
    child.once('exit', () => {
      if (timer.fired()) {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }
    });
    child.once('close', (exitCode, signal) => {
      timer.clear();
      resolve({
        stdout: stdout.text(),
        stderr: stderr.text(),
        exitCode: spawnError ? null : exitCode,
        signal,
        timedOut: timer.fired(),
        spawnError,
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}

function collect(stream: NodeJS.ReadableStream | null, onChunk?: (chunk: string) => void) {
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  const add = (chunk: string) => {
    parts.push(chunk);
    if (onChunk && chunk !== '') {
      onChunk(chunk);
    }
  };

  stream?.on('data', (data: Buffer) => add(decoder.write(data)));
  stream?.on('end', () => add(decoder.end()));

  return { text: () => parts.join('') };
}

// A script that exits without reading its input closes the pipe early;
// the EPIPE that follows is expected and must not crash the process.
function writeInput(stdin: NodeJS.WritableStream | null, input: string | undefined): void {
  if (stdin === null || input === undefined) {
    return;
  }

  stdin.on('error', () => {});
  stdin.end(input);
}

function startTimeout(child: ReturnType<typeof spawn>, timeoutMs: number | undefined) {
  let fired = false;
  let killTimer: NodeJS.Timeout | undefined;
  const termTimer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          fired = true;
          killGroup(child, 'SIGTERM');
          killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS);
        }, timeoutMs);

  return {
    fired: () => fired,
    clear: () => {
      clearTimeout(termTimer);
      clearTimeout(killTimer);
    },
  };
}

function killGroup(child: ReturnType<typeof spawn>, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }

  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
