/**
 * Host output is untrusted: whatever a section holds, the probe either
 * returns facts or rejects the output with a UserError. This test damages
 * the recorded run in many seeded ways and checks that no other error (a
 * TypeError from a parser, say) ever escapes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { UserError } from '../../../lib/errors.js';
import { parseProbeOutput } from '../../../lib/probe/assemble.js';
import { fixture, RECORDED_NONCE } from './helpers.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed by its seed. */
function generator(seed: number): () => number {
  let state = seed;

  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = ['', ' ', '\t', '0', '-1', '=', '@@', 'b', 'ü', '\\', '\u0000', '99999999999999999999', 'file', 'missing', 'query', '__proto__'];

/** Damages one line that is not a marker: replaces, truncates, splits, duplicates or empties it. */
function mutate(lines: string[], random: () => number): string[] {
  const candidates = lines.map((line, index) => index).filter((index) => !lines[index].startsWith('@@pmgup:'));
  const index = candidates[Math.floor(random() * candidates.length)];
  const line = lines[index];
  const noise = NOISE[Math.floor(random() * NOISE.length)];
  const cut = Math.floor(random() * (line.length + 1));
  const copy = [...lines];

  switch (Math.floor(random() * 5)) {
    case 0:
      copy[index] = line.slice(0, cut) + noise + line.slice(cut);
      break;
    case 1:
      copy[index] = line.slice(0, cut);
      break;
    case 2:
      copy.splice(index, 1, line.slice(0, cut), line.slice(cut));
      break;
    case 3:
      copy.splice(index, 0, line);
      break;
    default:
      copy[index] = noise;
  }

  return copy;
}

describe('probe output mutations', () => {
  test('damaged output never escapes as a crash', () => {
    const lines = fixture('bookworm/probe-run.txt').split('\n');
    let rejected = 0;

    for (let seed = 1; seed <= 400; seed += 1) {
      const damaged = mutate(lines, generator(seed)).join('\n');
      try {
        parseProbeOutput(damaged, RECORDED_NONCE, 'local');
      } catch (error) {
        assert.ok(error instanceof UserError, `seed ${seed}: ${(error as Error).stack}`);
        rejected += 1;
      }
    }

    assert.ok(rejected > 100, `only ${rejected} of 400 damaged runs were rejected`);
  });
});
