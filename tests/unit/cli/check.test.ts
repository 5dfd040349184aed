import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CHECKLIST_FORMAT_VERSION } from '../../../lib/views/checklist-json.js';
import { clone, pmg7Host, pmg8Host } from '../../support/facts.js';
import { run, tempDir, writeFacts } from './support.js';

function oldPmgApi() {
  const facts = pmg7Host();
  facts.packages['pmg-api'] = { ...facts.packages['pmg-api']!, version: '7.3-4' };

  return facts;
}

const SEVERITIES = ['error', 'warning', 'notice', 'info', 'pass', 'skip'];

describe('cli check', () => {
  test('warnings alone exit 0', async (t) => {
    const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
    const outcome = await run(['check', '--facts', facts]);

    assert.equal(outcome.status, 0);
    assert.equal(outcome.stderr, '');
    assert.match(outcome.stdout, /^= pmg1 \(pre-upgrade\) =$/m);
    assert.match(outcome.stdout, /^WARN: mail services: Not stopped yet: postfix\.service \(active\)/m);
    assert.match(outcome.stdout, /^FAILURES: +0$/m);
  });

  test('a failed check exits 1', async (t) => {
    const facts = await writeFacts(await tempDir(t), 'pmg1.json', oldPmgApi());
    const outcome = await run(['check', '--facts', facts]);

    assert.equal(outcome.status, 1);
    assert.match(outcome.stdout, /^FAIL: pmg-api: .*7\.3-4.* \[pmg-api-version\]$/m);
    assert.match(outcome.stdout, /^FAILURES: +1$/m);
  });

  test('finished host checks post-upgrade', async (t) => {
    const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg8Host());
    const outcome = await run(['check', '--facts', facts]);

    assert.equal(outcome.status, 0);
    assert.match(outcome.stdout, /^= pmg1 \(post-upgrade\) =$/m);
    assert.match(outcome.stdout, /^PASS: mail services: /m);
    assert.doesNotMatch(outcome.stdout, /^FAIL: /m);
  });

  test('--json prints one document per host', async (t) => {
    const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
    const outcome = await run(['check', '--facts', facts, '--json']);
    const document = JSON.parse(outcome.stdout);

    assert.equal(outcome.status, 0);
    assert.deepEqual(Object.keys(document).sort(), ['counts', 'formatVersion', 'host', 'phase', 'results']);
    assert.equal(document.formatVersion, CHECKLIST_FORMAT_VERSION);
    assert.equal(document.host, 'pmg1');
    assert.equal(document.phase, 'pre-upgrade');
    assert.ok(document.results.length > 0);
    for (const result of document.results) {
      assert.equal(result.host, 'pmg1');
      assert.match(result.code, /^[a-z0-9-]+$/);
      assert.ok(SEVERITIES.includes(result.severity), result.severity);
      assert.equal(typeof result.subject, 'string');
      assert.equal(typeof result.message, 'string');
    }
    assert.equal(document.counts.total, document.results.length);
    assert.equal(document.counts.error, 0);
    assert.ok(document.results.some((result: { code: string; severity: string }) => result.code === 'core-services' && result.severity === 'warning'));
  });

  test('--json counts a failure and exits 1', async (t) => {
    const facts = await writeFacts(await tempDir(t), 'pmg1.json', oldPmgApi());
    const outcome = await run(['check', '--facts', facts, '--json']);
    const document = JSON.parse(outcome.stdout);

    assert.equal(outcome.status, 1);
    assert.equal(document.counts.error, 1);
  });

  test('--json lists several hosts as an array', async (t) => {
    const dir = await tempDir(t);
    const second = clone(pmg8Host());
    second.identity = { ...second.identity, hostname: 'pmg2', machineId: 'f'.repeat(32) };
    const outcome = await run([
      'check',
      '--facts',
      await writeFacts(dir, 'pmg1.json', oldPmgApi()),
      '--facts',
      await writeFacts(dir, 'pmg2.json', second),
      '--json',
    ]);
    const documents = JSON.parse(outcome.stdout);

    assert.equal(outcome.status, 1, 'one failing host fails the run');
    assert.ok(Array.isArray(documents));
    assert.deepEqual(
      documents.map((document: { host: string; phase: string }) => [document.host, document.phase]),
      [
        ['pmg1', 'pre-upgrade'],
        ['pmg2', 'post-upgrade'],
      ],
    );
  });
});
