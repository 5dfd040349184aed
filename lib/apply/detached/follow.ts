/**
 * Following a detached unit: polls its state and log over the connection
 * (each poll reconnects after a dropped connection), hands every complete
 * output line to the caller, and returns the exit status once the unit's
 * status file exists and the whole log has been read.
 */
import { StringDecoder } from 'node:string_decoder';

import { CommandError, UserError } from '../../errors.js';
import { throwIfAborted, type HostRuntime } from '../runtime.js';
import { isRunning, parsePoll, type RunStatus } from './runs.js';
import { POLL_CHUNK_BYTES, pollScript, unitFiles } from './scripts.js';

/** How many of the last output lines a result keeps for error reports. */
export const KEPT_LINES = 20;

export interface FollowResult {
  status: RunStatus;
  /** The last output lines, oldest first. */
  lastLines: string[];
}

export interface FollowOptions {
  /** Byte of the log to start at; lines before the first newline after it are dropped when it is not 0. */
  fromOffset?: number;
  onLine?: (line: string) => void;
}

/** Splits a byte stream into lines, holding back a line until its newline arrives. */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  readonly last: string[] = [];

  constructor(
    private readonly onLine: (line: string) => void,
    private skipFirst: boolean,
  ) {}

  push(chunk: Buffer): void {
    const lines = (this.pending + this.decoder.write(chunk)).split('\n');
    this.pending = lines.pop() ?? '';
    lines.forEach((line) => this.emit(line));
  }

  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest !== '') {
      this.emit(rest);
    }
  }

  private emit(raw: string): void {
    if (this.skipFirst) {
      this.skipFirst = false;
      return;
    }

    const line = raw.replace(/\r$/, '');
    this.last.push(line);
    if (this.last.length > KEPT_LINES) {
      this.last.shift();
    }
    this.onLine(line);
  }
}

/** The unit is gone but wrote no status: it was killed, or the host went down while it ran. */
export class UnitVanishedError extends UserError {
  override name = 'UnitVanishedError';

  constructor(host: string, unit: string) {
    super(
      `The detached step ${unit} on ${host} ended without an exit status`,
      `systemd no longer runs ${unit}.service, and ${unitFiles(unit).status} was never written, so the step was ` +
        `killed or the host went down while it ran. Its output is in ${unitFiles(unit).log}.\n` +
        'Check that log and the host (dpkg --audit), then run pmgup plan again.',
    );
  }
}

/**
 * Consecutive time a poll may fail with a command error before following
 * gives up. While a dist-upgrade unpacks libc6, every new process on the
 * host can fail for a moment (the new libc.so.6 next to the old dynamic
 * loader), the login shell of a poll included; the unit itself runs on.
 */
export const POLL_FAILURE_LIMIT_MS = 120_000;

/** Runs one poll, retrying dropped connections and, for a bounded time, polls that fail on the host. */
async function runPoll(runtime: HostRuntime, unit: string, offset: number) {
  let failingSince: number | null = null;
  for (;;) {
    try {
      return await runtime.retry(() => runtime.transport.run(pollScript(unit, offset)));
    } catch (error) {
      if (!(error instanceof CommandError)) {
        throw error;
      }

      failingSince ??= runtime.now();
      if (runtime.now() - failingSince >= POLL_FAILURE_LIMIT_MS) {
        throw error;
      }
      await runtime.sleep(Math.max(runtime.pollIntervalMs, 1000));
    }
  }
}

/** Follows the unit until it has finished and its log is read, and returns its status. */
export async function followUnit(runtime: HostRuntime, unit: string, options: FollowOptions = {}): Promise<FollowResult> {
  let offset = options.fromOffset ?? 0;
  const lines = new LineSplitter(options.onLine ?? (() => {}), offset > 0);
  let goneWithoutStatus = 0;

  for (;;) {
    throwIfAborted(runtime);
    const result = await runPoll(runtime, unit, offset);
    const poll = parsePoll(result.stdout);
    if (poll === null) {
      throw new UserError(
        `Cannot read the state of ${unit} on ${runtime.host}`,
        `The poll printed no state line: ${JSON.stringify(result.stdout.slice(0, 200))}. Check that systemctl, stat, tail and base64 work on the host.`,
      );
    }

    offset += poll.chunk.length;
    lines.push(poll.chunk);
    if (poll.chunk.length === POLL_CHUNK_BYTES) {
      continue;
    }
    if (poll.status !== null && offset >= poll.size) {
      lines.end();
      return { status: poll.status, lastLines: [...lines.last] };
    }

    // Two polls in a row must see the unit gone without a status, so a
    // status file written between the two reads of one poll is not missed.
    goneWithoutStatus = poll.status === null && !isRunning(poll.activeState) ? goneWithoutStatus + 1 : 0;
    if (goneWithoutStatus >= 2) {
      lines.end();
      throw new UnitVanishedError(runtime.host, unit);
    }

    await runtime.sleep(runtime.pollIntervalMs);
  }
}

/** Returns the byte offset to read the last `bytes` of a log from. */
export function tailOffset(size: number, bytes: number): number {
  return Math.max(0, size - bytes);
}
