/** A detached unit on a fake host: its log grows and it finishes as the test's ticks direct, one poll at a time. */
import { POLL_CHUNK_BYTES, POLL_MARKER } from '../../../../lib/apply/detached/scripts.js';
import type { FakeHandler } from '../support.js';

export class FakeUnit {
  log = Buffer.alloc(0);
  state = 'active';
  status: string | null = null;
  polls = 0;

  /** Changes applied before each poll returns, in order; the last one repeats. */
  constructor(
    readonly unit: string,
    private readonly ticks: ((unit: FakeUnit) => void)[] = [],
  ) {}

  append(text: string | Buffer): void {
    this.log = Buffer.concat([this.log, typeof text === 'string' ? Buffer.from(text) : text]);
  }

  finish(exitStatus: number): void {
    this.state = 'inactive';
    this.status = `${exitStatus},1700000000,1700000600`;
  }

  readonly handler: FakeHandler = (script) => {
    if (!script.includes(POLL_MARKER) || !script.includes(this.unit)) {
      return undefined;
    }

    const tick = this.ticks[Math.min(this.polls, this.ticks.length - 1)];
    this.polls++;
    tick?.(this);
    const offset = Number(/tail -c \+(\d+)/.exec(script)![1]) - 1;
    const chunk = this.log.subarray(offset, offset + POLL_CHUNK_BYTES);

    return { stdout: `${POLL_MARKER} ${this.state} ${this.status ?? '-'} ${this.log.length}\n${chunk.toString('base64')}\n` };
  };
}
