import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { HostFacts } from '../../../lib/probe/facts.js';
import { pmg7Host, withAptFile } from '../../support/facts.js';
import { ESCAPE, run, tempDir, writeFacts } from './support.js';

/** Facts whose host-supplied strings carry terminal control sequences. */
function hostileFacts(): HostFacts {
  const named = withAptFile(pmg7Host(), '/etc/apt/sources.list.d/x\u001b[31m.list', 'deb http://deb.debian.org/debian bullseye main\n');
  const facts = withAptFile(
    named,
    '/etc/apt/sources.list.d/x.list',
    'deb http://deb.debian.org/debian bullseye main\u001b]0;owned\u0007\n',
  );
  facts.units['postfix.service'] = { ...facts.units['postfix.service']!, activeState: 'active\u001b[2J' };
  facts.kernel.release = '5.15.158-2-pve\r\u009b1A';

  return facts;
}

describe('cli output', () => {
  describe('colour', () => {
    const cases: Array<{ name: string; argv: string[]; env: NodeJS.ProcessEnv }> = [
      { name: '--no-color on a terminal', argv: ['--no-color'], env: { TERM: 'xterm' } },
      { name: 'NO_COLOR on a terminal', argv: [], env: { TERM: 'xterm', NO_COLOR: '1' } },
      { name: 'TERM=dumb on a terminal', argv: [], env: { TERM: 'dumb' } },
    ];
    for (const { name, argv, env } of cases) {
      test(`${name} writes no escape codes`, async (t) => {
        const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
        const plan = await run(['plan', '--facts', facts, ...argv], { tty: true, env });
        const check = await run(['check', '--facts', facts, ...argv], { tty: true, env });

        assert.equal(plan.status, 0);
        assert.match(plan.stdout, /pmg1\/dist-upgrade/);
        assert.doesNotMatch(plan.stdout, ESCAPE);
        assert.match(check.stdout, /^PASS: /m);
        assert.doesNotMatch(check.stdout, ESCAPE);
      });
    }

    test('pipe gets no colour', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const outcome = await run(['plan', '--facts', facts], { tty: false });

      assert.doesNotMatch(outcome.stdout, ESCAPE);
    });

    test('terminal gets coloured symbols and diffs', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const { stdout } = await run(['plan', '--facts', facts], { tty: true });

      assert.match(stdout, /\u001b\[31m-deb http:\/\/deb\.debian\.org\/debian bullseye main contrib\u001b\[39m/);
      assert.match(stdout, /\u001b\[32m\+deb http:\/\/deb\.debian\.org\/debian bookworm main contrib\u001b\[39m/);
      assert.match(stdout, /\u001b\[31m\[destructive\]\u001b\[39m/);
      assert.match(stdout, /\u001b\[33m\[mail downtime\]\u001b\[39m/);
      assert.match(stdout, /^\u001b\[1mPlan: /m);
    });

    test('terminal gets coloured check labels', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const { stdout } = await run(['check', '--facts', facts], { tty: true });

      assert.match(stdout, /^\u001b\[32mPASS\u001b\[39m: /m);
      assert.match(stdout, /^\u001b\[33mWARN\u001b\[39m: /m);
    });

    test('--json stays plain on a terminal', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const { stdout } = await run(['plan', '--facts', facts, '--json'], { tty: true });

      assert.doesNotMatch(stdout, ESCAPE);
    });
  });

  describe('host-supplied strings', () => {
    test('plan escapes control characters', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'hostile.json', hostileFacts());
      const { status, stdout } = await run(['plan', '--facts', facts, '--no-color']);

      assert.equal(status, 0);
      assert.doesNotMatch(stdout, ESCAPE);
      assert.doesNotMatch(stdout, /[\u0007\r\u009b]/);
      assert.match(stdout, /apt-source-skipped: apt sources file \(\/etc\/apt\/sources\.list\.d\/x\\x1b\[31m\.list\)$/m);
      assert.match(stdout, /^      \+deb http:\/\/deb\.debian\.org\/debian bookworm main\\x1b\]0;owned\\x07$/m);
      assert.match(stdout, /postfix\.service: loaded\/active\\x1b\[2J\/enabled -> masked\/inactive/);
      assert.match(stdout, /running kernel: 5\.15\.158-2-pve\\x0d\\x9b1A -> /);
    });

    test('only palette colour codes appear', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'hostile.json', hostileFacts());
      const { stdout } = await run(['plan', '--facts', facts], { tty: true });
      const sequences = [...stdout.matchAll(/\u001b[^a-zA-Z]*[a-zA-Z]?/g)].map((match) => match[0]);
      const palette = new Set(['1', '2', '22', '31', '32', '33', '36', '39'].map((code) => `\u001b[${code}m`));

      assert.ok(sequences.length > 0, 'the terminal output is coloured');
      for (const sequence of sequences) {
        assert.ok(palette.has(sequence), `unexpected sequence ${JSON.stringify(sequence)}`);
      }
    });

    test('check escapes control characters', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'hostile.json', hostileFacts());
      const { stdout } = await run(['check', '--facts', facts]);

      assert.doesNotMatch(stdout, ESCAPE);
      assert.match(stdout, /postfix\.service \(active\\x1b\[2J\)/);
    });
  });
});
