import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';

import { InternalError } from '../../../lib/errors.js';
import { parseProbedOutput, parseProbeOutput } from '../../../lib/probe/assemble.js';
import { ProbeOutputError } from '../../../lib/probe/errors.js';
import { probeHostSkipping } from '../../../lib/probe/index.js';
import { requireFullFacts, sectionOfFactKey, skippedSections } from '../../../lib/probe/partial-facts.js';
import { probeCommand, probeScript } from '../../../lib/probe/script.js';
import type { RunOptions, RunResult, Transport } from '../../../lib/transport/types.js';
import { assertRejected, fixture, RECORDED_NONCE } from './helpers.js';

const RUN = 'bookworm/probe-run.txt';
const NONCE = '00112233445566778899aabbccddeeff';

/** Returns the recorded run as a probe that skips `names` prints it: without those sections, with a `skipped` line in `probe`. */
function runSkipping(names: string[]): string {
  let text = fixture(RUN);
  for (const name of names) {
    const section = new RegExp(`@@pmgup:${RECORDED_NONCE}:begin:${name}@@\\n[\\s\\S]*?@@pmgup:${RECORDED_NONCE}:end:${name}:\\d+@@\\n`);
    assert.match(text, section, `section ${name} in ${RUN}`);
    text = text.replace(section, '');
  }

  return names.length === 0 ? text : text.replace(/^(architecture .*)$/m, `$1\nskipped ${names.join(' ')}`);
}

/** Runs probe.sh under dash with the given arguments and returns its exit status, output and errors. */
function runScript(args: string[]) {
  return spawnSync('dash', ['-c', probeScript(), 'probe', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

class CapturingTransport implements Transport {
  readonly name = 'gw1';
  readonly target = 'ssh:root@gw1:22';
  scripts: string[] = [];

  constructor(private readonly reply: (script: string) => string) {}

  async run(script: string, _options?: RunOptions): Promise<RunResult> {
    this.scripts.push(script);

    return { stdout: this.reply(script), stderr: '', exitCode: 0, durationMs: 1 };
  }

  async close(): Promise<void> {}
}

describe('probe skipped sections', () => {
  describe('probeCommand()', () => {
    test('passes skipped names sorted and once', () => {
      const command = probeCommand(NONCE, 0, ['conffile-md5', 'apt-simulate', 'conffile-md5']);

      assert.equal(command.split('\n')[0], `set -- ${NONCE} 0 apt-simulate,conffile-md5`);
    });

    test('leaves the argument out when nothing is skipped', () => {
      assert.equal(probeCommand(NONCE, 5, []).split('\n')[0], `set -- ${NONCE} 5`);
    });

    test('rejects names outside the fixed set', () => {
      for (const name of ['packages', 'apt-simulate;reboot', '', 'apt-simulate conffile-md5']) {
        assert.throws(() => probeCommand(NONCE, 0, [name as never]), InternalError, name);
      }
    });
  });

  describe('probe.sh', () => {
    test('rejects a skip list it does not know', () => {
      const cases = ['packages', 'apt-simulate,', ',apt-simulate', 'apt-simulate,,conffile-md5', 'apt-simulate;id', 'APT-SIMULATE', 'a b'];
      for (const skip of cases) {
        const result = runScript([NONCE, '0', skip]);

        assert.equal(result.status, 2, skip);
        assert.equal(result.stdout, '', skip);
        assert.match(result.stderr, /pmgup probe: /, skip);
      }
    });

    test('leaves skipped sections out and names them', () => {
      const result = runScript([NONCE, '0', 'apt-simulate,conffile-md5']);
      assert.equal(result.status, 0, result.stderr);

      assert.doesNotMatch(result.stdout, /:begin:apt-simulate@@/);
      assert.doesNotMatch(result.stdout, /:begin:conffile-md5@@/);
      assert.match(result.stdout, /:begin:conffiles@@/);
      assert.match(result.stdout, /^skipped apt-simulate conffile-md5$/m);
      assert.match(result.stdout, new RegExp(`@@pmgup:${NONCE}:done@@\\n$`));
    });

    test('local run parses with apt-simulate skipped', () => {
      const output = runScript([NONCE, '0', 'apt-simulate']).stdout;
      const facts = parseProbedOutput(output, NONCE, 'local', ['apt-simulate']);

      assert.equal(facts.apt.pending, null);
      assert.notEqual(facts.conffiles, null);
    });
  });

  describe('parseProbedOutput()', () => {
    test('skipped sections become null, not empty', () => {
      const facts = parseProbedOutput(runSkipping(['apt-simulate', 'conffile-md5']), RECORDED_NONCE, 'local', ['apt-simulate', 'conffile-md5']);

      assert.equal(facts.apt.pending, null);
      assert.equal(facts.conffiles, null);
      assert.deepEqual(skippedSections(facts), ['apt-simulate', 'conffile-md5']);
      assert.ok(Object.keys(facts.packages).length > 0);
      assert.ok(facts.apt.files.length > 0);
    });

    test('one skipped section leaves the other parsed', () => {
      const full = parseProbeOutput(fixture(RUN), RECORDED_NONCE, 'local');
      const facts = parseProbedOutput(runSkipping(['apt-simulate']), RECORDED_NONCE, 'local', ['apt-simulate']);

      assert.equal(facts.apt.pending, null);
      assert.deepEqual(facts.conffiles, full.conffiles);
      assert.deepEqual(skippedSections(facts), ['apt-simulate']);
    });

    test('nothing skipped gives the full facts', () => {
      const facts = parseProbedOutput(fixture(RUN), RECORDED_NONCE, 'local', []);

      assert.deepEqual(skippedSections(facts), []);
      assert.deepEqual(requireFullFacts(facts), parseProbeOutput(fixture(RUN), RECORDED_NONCE, 'local'));
    });

    test('rejects a skip the caller did not ask for', () => {
      assertRejected(() => parseProbedOutput(runSkipping(['apt-simulate']), RECORDED_NONCE, 'local', []), 'probe');
    });

    test('rejects a skip list that differs from the request', () => {
      const text = runSkipping(['apt-simulate', 'conffile-md5']);

      assertRejected(() => parseProbedOutput(text, RECORDED_NONCE, 'local', ['apt-simulate']), 'probe');
    });

    test('rejects a skipped section that was printed', () => {
      const text = fixture(RUN).replace(/^(architecture .*)$/m, '$1\nskipped apt-simulate');
      assertRejected(() => parseProbedOutput(text, RECORDED_NONCE, 'local', ['apt-simulate']), 'apt-simulate');
    });

    test('rejects a missing section the caller did not skip', () => {
      const text = runSkipping(['apt-simulate']).replace(/^skipped apt-simulate\n/m, '');
      assertRejected(() => parseProbedOutput(text, RECORDED_NONCE, 'local', []), 'apt-simulate');
    });

    test('the full parser rejects skipped output', () => {
      assertRejected(() => parseProbeOutput(runSkipping(['conffile-md5']), RECORDED_NONCE, 'local'), 'probe');
    });
  });

  describe('requireFullFacts()', () => {
    test('throws for facts with a skipped section', () => {
      const facts = parseProbedOutput(runSkipping(['conffile-md5']), RECORDED_NONCE, 'local', ['conffile-md5']);

      assert.throws(() => requireFullFacts(facts), InternalError);
    });
  });

  describe('sectionOfFactKey()', () => {
    test('maps keys to the sections they read', () => {
      assert.equal(sectionOfFactKey('conffiles[/etc/postfix/main.cf]'), 'conffile-md5');
      assert.equal(sectionOfFactKey('apt.pending'), 'apt-simulate');
      assert.equal(sectionOfFactKey('apt.pending.install'), 'apt-simulate');
      assert.equal(sectionOfFactKey('apt'), 'apt-simulate');
      assert.equal(sectionOfFactKey('apt.files[/etc/apt/sources.list]'), null);
      assert.equal(sectionOfFactKey('apt.listedSuites'), null);
      assert.equal(sectionOfFactKey('units[postfix.service]'), null);
    });
  });

  describe('probeHostSkipping()', () => {
    test('sends the skip list and parses the reply', async () => {
      const transport = new CapturingTransport((script) => {
        const nonce = /^set -- ([0-9a-f]+) /.exec(script)![1]!;

        return runSkipping(['apt-simulate']).replaceAll(RECORDED_NONCE, nonce);
      });
      const facts = await probeHostSkipping(transport, ['apt-simulate'], { maxWaitSeconds: 0 });

      assert.match(transport.scripts[0]!, /^set -- [0-9a-f]{32} 0 apt-simulate\n/);
      assert.equal(facts.apt.pending, null);
      assert.equal(facts.target, 'ssh:root@gw1:22');
    });

    test('rejects a host that ignored the skip', async () => {
      const transport = new CapturingTransport((script) => {
        const nonce = /^set -- ([0-9a-f]+) /.exec(script)![1]!;

        return fixture(RUN).replaceAll(RECORDED_NONCE, nonce);
      });

      await assert.rejects(probeHostSkipping(transport, ['apt-simulate'], { maxWaitSeconds: 0 }), ProbeOutputError);
    });
  });
});
