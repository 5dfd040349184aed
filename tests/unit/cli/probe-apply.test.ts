import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { pmg7Host } from '../../support/facts.js';
import { countingServer, run, tempDir, writeFacts } from './support.js';

describe('cli probe and apply targets', () => {
  describe('probe', () => {
    test('--out with two targets is rejected', async (t) => {
      const server = await countingServer(t);
      const out = join(await tempDir(t), 'facts.json');
      const outcome = await run([
        'probe',
        '--host',
        `root@127.0.0.1:${server.port}`,
        '--host',
        `admin@127.0.0.1:${server.port}`,
        '--out',
        out,
      ]);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: pmgup probe --out records one host$/m);
      assert.match(outcome.stderr, /2 targets were given/);
      assert.equal(server.connections(), 0, 'no host was probed');
      await assert.rejects(readFile(out), { code: 'ENOENT' });
    });

    test('--facts is rejected', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const outcome = await run(['probe', '--facts', facts]);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: Invalid arguments for pmgup probe$/m);
      assert.match(outcome.stderr, /--facts does not apply to probe: it reads facts recorded by pmgup probe --out \(plan, check, graph\)\./);
      assert.match(outcome.stderr, /probe reads live hosts only: name them with --host or --local\./);
    });

    test('desired state without --simulate is rejected', async (t) => {
      const server = await countingServer(t);
      const outcome = await run(['probe', 'plans/pmg-8.toml', '--host', `root@127.0.0.1:${server.port}`]);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: pmgup probe reads plans\/pmg-8\.toml only with --simulate$/m);
      assert.match(outcome.stderr, /Add --simulate/);
      assert.equal(server.connections(), 0, 'no host was probed');
    });
  });

  describe('apply', () => {
    test('saved plan from --facts is rejected', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
      const plan = join(dir, 'plan.json');
      const planned = await run(['plan', '--facts', facts, '--out', plan]);
      const outcome = await run(['apply', plan]);

      assert.equal(planned.status, 0);
      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: Cannot apply to pmg1: the plan was made from recorded facts$/m);
      assert.match(outcome.stderr, new RegExp(`Its target is "facts:${facts}"`));
      assert.match(outcome.stderr, /pass --host pmg1 if that name reaches the host/);
    });

    test('--host naming no host of the plan is rejected', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
      const plan = join(dir, 'plan.json');
      await run(['plan', '--facts', facts, '--out', plan]);
      const outcome = await run(['apply', plan, '--host', 'root@127.0.0.1:1']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: --host 127\.0\.0\.1:1 names no host of the saved plan$/m);
      assert.match(outcome.stderr, /The plan's hosts are pmg1\./);
    });

    test('--facts is rejected before planning', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const outcome = await run(['apply', '--facts', facts, '--auto-approve']);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '', 'no plan is shown');
      assert.match(outcome.stderr, /^Error: Invalid arguments for pmgup apply$/m);
      assert.match(outcome.stderr, /--facts does not apply to apply: it reads facts recorded by pmgup probe --out \(plan, check, graph\)\./);
      assert.match(outcome.stderr, /apply changes live hosts only: name them with --host or --local\./);
      assert.doesNotMatch(outcome.stderr, /internal error/);
    });

    test('--force-unlock rejects recorded facts', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const outcome = await run(['apply', '--force-unlock', '--facts', facts]);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /--facts does not apply to apply/);
    });
  });
});
