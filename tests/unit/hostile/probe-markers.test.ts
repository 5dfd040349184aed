/**
 * The probe's framing against output the host controls. Section bodies full
 * of fake markers (another nonce, a nonce in another case, a marker inside
 * a line) are returned as data and never end or start a section. The probe
 * invocation takes no hostile nonce or wait.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { InternalError } from '../../../lib/errors.js';
import { probeCommand } from '../../../lib/probe/script.js';
import { splitSections } from '../../../lib/probe/sections.js';
import { repositoryRoot } from '../apply/support.js';
import { hostileString, Random, TempDir } from './support.js';

const NONCE = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const OTHER = 'ffffffffffffffffffffffffffffffff';
const temp = new TempDir();
after(() => temp.remove());
const canary = join(temp.path, 'canary');

/** Lines that look like markers but lack this run's nonce at the start of a line. */
function fakeMarkers(name: string): string[] {
  return [
    `@@pmgup:${OTHER}:end:${name}:0@@`,
    `@@pmgup:${OTHER}:done@@`,
    `@@pmgup:${OTHER}:begin:units@@`,
    `@@pmgup:${NONCE.toUpperCase()}:end:${name}:0@@`,
    `@@pmgup:${NONCE.slice(0, -1)}:end:${name}:0@@`,
    `@@pmgup:${NONCE}0:end:${name}:0@@`,
    `@@pmgup::begin:${name}@@`,
    ` @@pmgup:${NONCE}:end:${name}:0@@`,
    `x@@pmgup:${NONCE}:done@@`,
    `\r@@pmgup:${NONCE}:done@@`,
    `\t@@pmgup:${NONCE}:begin:fake@@`,
    `@@pmgup\u200b:${NONCE}:done@@`,
    `@@pmgup:${NONCE}\u0000:done@@`,
  ];
}

function body(random: Random, name: string): string {
  const lines: string[] = [];
  for (let i = random.int(0, 8); i > 0; i--) {
    lines.push(random.next() < 0.5 ? random.pick(fakeMarkers(name)) : hostileString(random, canary).slice(0, 200));
  }

  return lines.join('\n');
}

describe('probe framing with hostile output', () => {
  test('fake markers stay inside their section', () => {
    const random = new Random(424242);
    for (let run = 0; run < 300; run++) {
      const names = ['probe', 'units', 'apt-sources', 'pg-clusters'].slice(0, random.int(1, 4));
      const bodies = new Map(names.map((name) => [name, body(random, name)]));
      const banner = random.next() < 0.3 ? `${random.pick(fakeMarkers('probe'))}\n` : '';
      const output =
        banner +
        names.map((name) => `@@pmgup:${NONCE}:begin:${name}@@\n${bodies.get(name)}\n@@pmgup:${NONCE}:end:${name}:0@@\n`).join('') +
        `@@pmgup:${NONCE}:done@@\n`;

      const parsed = splitSections(output, NONCE);
      assert.equal(parsed.complete, true, `run ${run}`);
      assert.deepEqual([...parsed.sections.keys()], names, `run ${run}`);
      for (const name of names) {
        assert.equal(parsed.sections.get(name)!.body, bodies.get(name), `run ${run}, section ${name}`);
      }
    }
  });

  test('a fake done marker does not complete the output', () => {
    const output = `@@pmgup:${NONCE}:begin:probe@@\nformat 1\n@@pmgup:${OTHER}:done@@\n`;

    assert.throws(() => splitSections(output, NONCE), (error: Error) => error.name === 'ProbeOutputError');
  });

  test('probeCommand rejects a hostile nonce or wait', () => {
    const random = new Random(99);
    for (let i = 0; i < 100; i++) {
      const nonce = hostileString(random, canary);
      assert.throws(() => probeCommand(nonce, 5), InternalError, JSON.stringify(nonce));
    }
    for (const wait of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => probeCommand(NONCE, wait), InternalError, String(wait));
    }
  });

  test('probe.sh stops on a hostile argument before reading anything', () => {
    const script = join(repositoryRoot(), 'lib', 'probe', 'probe.sh');
    const random = new Random(7);
    for (let i = 0; i < 40; i++) {
      const value = hostileString(random, canary).slice(0, 2000);
      const args = i % 2 === 0 ? [value, '5'] : [NONCE, value];
      const result = spawnSync('/bin/sh', [script, ...args], { encoding: 'utf8', timeout: 10_000 });

      assert.equal(result.status, 2, `${JSON.stringify(args)}: ${result.stderr}`);
      assert.equal(result.stdout, '', JSON.stringify(args));
      assert.equal(existsSync(canary), false, JSON.stringify(args));
    }
  });
});
