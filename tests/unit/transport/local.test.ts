import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CommandError } from '../../../lib/errors.js';
import { LocalTransport } from '../../../lib/transport/local.js';
import { shellQuote } from '../../../lib/transport/quote.js';
import { CommandTimeoutError } from '../../../lib/transport/result.js';

describe('LocalTransport', () => {
  const local = new LocalTransport();
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmgup-local-test-'));
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('names itself local', () => {
    assert.equal(local.name, 'local');
    assert.equal(local.target, 'local');
  });

  describe('run()', () => {
    test('returns stdout, stderr and exit status 0', async () => {
      const result = await local.run('echo out; echo err >&2');

      assert.equal(result.stdout, 'out\n');
      assert.equal(result.stderr, 'err\n');
      assert.equal(result.exitCode, 0);
    });

    test('rejects a non-zero exit with a CommandError', async () => {
      await assert.rejects(local.run('echo partial; exit 5'), (error: unknown) => {
        assert.ok(error instanceof CommandError);
        assert.equal(error.host, 'local');
        assert.equal(error.exitCode, 5);
        assert.equal(error.stdout, 'partial\n');
        assert.equal(error.command, 'echo partial; exit 5');
        return true;
      });
    });

    test('returns a non-zero exit with allowFailure', async () => {
      const result = await local.run('exit 9', { allowFailure: true });
      assert.equal(result.exitCode, 9);
    });

    test('sends input to standard input', async () => {
      const input = 'a\nb ünïcödé\n';
      const result = await local.run('cat', { input });
      assert.equal(result.stdout, input);
    });

    test('survives a script that ignores its input', async () => {
      const result = await local.run('exit 0', { input: 'x'.repeat(1 << 20) });
      assert.equal(result.exitCode, 0);
    });

    test('delivers a hostile quoted value as one literal argument', async () => {
      const marker = join(dir, 'hostile-ran');
      const hostile = `it's "a" $(touch ${marker}) \`touch ${marker}\` ; * \\\n$HOME`;
      const result = await local.run(`set -- ${shellQuote(hostile)}\nprintf '%s\\n' "$#"\nprintf '%s' "$1"`);

      assert.equal(result.stdout, `1\n${hostile}`);
      assert.equal(existsSync(marker), false);
    });

    test('runs with only the controlled environment', async () => {
      const saved = { LANG: process.env.LANG, PMGUP_TEST_LEAK: process.env.PMGUP_TEST_LEAK };
      process.env.LANG = 'fr_FR.UTF-8';
      process.env.PMGUP_TEST_LEAK = 'leaked';
      try {
        const result = await local.run('echo "$LANG|$LC_ALL|$HOME|$PATH|${PMGUP_TEST_LEAK-unset}"');
        assert.equal(result.stdout, `C.UTF-8|C.UTF-8|${homedir()}|/usr/sbin:/usr/bin:/sbin:/bin|unset\n`);
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) {
            delete process.env[name];
          } else {
            process.env[name] = value;
          }
        }
      }
    });

    test('streams stdout while the script runs', async () => {
      const arrivals: number[] = [];
      const result = await local.run('echo first; sleep 0.5; echo second', {
        onStdout: () => arrivals.push(Date.now()),
      });

      assert.equal(result.stdout, 'first\nsecond\n');
      assert.ok(Date.now() - arrivals[0]! >= 350, 'the first line arrived only at the end');
    });

    test('kills the script and what it started after the timeout', async () => {
      const marker = join(dir, 'timeout-survived');
      const started = Date.now();

      await assert.rejects(local.run(`sleep 2; touch ${marker}`, { timeoutMs: 200 }), (error: unknown) => {
        assert.ok(error instanceof CommandTimeoutError);
        assert.equal(error.signal, 'SIGTERM');
        assert.equal(error.exitCode, null);
        return true;
      });
      assert.ok(Date.now() - started < 1500, `run() returned after ${Date.now() - started} ms`);

      await new Promise((resolve) => setTimeout(resolve, 2300));
      assert.equal(existsSync(marker), false, 'the script went on running');
    });
  });

  test('close() can be called twice', async () => {
    await local.close();
    await local.close();
    assert.equal((await local.run('echo still')).stdout, 'still\n');
  });
});
