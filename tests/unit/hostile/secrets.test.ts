/**
 * Credentials in apt source URIs stay out of everything pmgup shows or
 * keeps: facts, plans (human and JSON), checklists, logs at trace level,
 * and the journal and progress output of an apply. The sources file on
 * the host keeps them byte for byte. Credential files are never accepted
 * as probe records.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';

import { applyPlan, RecordingReporter } from '../../../lib/apply/index.js';
import { configureLogging, formatLine, resetLogging } from '../../../lib/log.js';
import { redactUri } from '../../../lib/plan/apt-sources.js';
import { ProbeOutputError } from '../../../lib/probe/errors.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { parseAptSimulation, parseAptSources } from '../../../lib/probe/parsers/apt.js';
import { LocalTransport } from '../../../lib/transport/local.js';
import { pmg7Host } from '../../support/facts.js';
import { action, DESIRED_SHA, HOST, planFor, TOOL_VERSION } from '../apply/fixtures.js';
import { Sandbox } from '../apply/support.js';
import { runCli, TempDir } from './support.js';

const SECRET = 'Zq7-s3cr3t-Marker';
const PASSWORDS = [SECRET, `${SECRET}@x`, `${SECRET}:x`, `a@${SECRET}`, `"${SECRET}'`, `${SECRET}%40`, `${SECRET}?#[]`];
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const b64 = (text: string) => Buffer.from(text).toString('base64');

const temp = new TempDir();
after(() => temp.remove());
afterEach(() => resetLogging());

/** Returns the marker and its base64 forms at every byte offset, as a file record would carry them. */
function leaks(text: string): string[] {
  const found = text.includes(SECRET) ? ['plain'] : [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.from(`${'x'.repeat(shift)}${SECRET}`).toString('base64').slice(4, -4);
    if (text.includes(encoded)) {
      found.push(`base64 at offset ${shift}`);
    }
  }

  return found;
}

function pmgList(password: string): string {
  return `deb https://pmg:${password}@enterprise.proxmox.com/debian/pmg bullseye pmg-enterprise\n`;
}

/** Facts as a hand-edited or older file could carry them: the sources content not redacted. */
function unredactedFacts(): HostFacts {
  const facts = pmg7Host();
  const content = pmgList(SECRET);
  facts.apt.files[1] = { path: '/etc/apt/sources.list.d/pmg.list', format: 'list', sha256: sha256(content), content, redacted: false };
  facts.apt.pending.error = `E: Failed to fetch https://pmg:${SECRET}@enterprise.proxmox.com/debian/pmg`;

  return facts;
}

describe('credentials in apt URIs', () => {
  test('redactUri hides every password form', () => {
    for (const password of PASSWORDS) {
      const contexts = [
        `deb https://user:${password}@h.example/debian bookworm main`,
        `deb [signed-by=/k.gpg] https://user:${password}@h.example/debian bookworm main`,
        `URIs: https://user:${password}@h.example/debian https://u2:${password}@m.example/`,
        JSON.stringify({ line: `deb https://user:${password}@h.example/ x` }),
        `mirror+https://user:${password}@h.example/mirrors.txt`,
        `deb ftp://${password}@h.example/debian bookworm main`,
      ];
      for (const text of contexts) {
        const redacted = redactUri(text);
        assert.deepEqual(leaks(redacted), [], `${text} -> ${redacted}`);
        assert.ok(redacted.includes('h.example'), `the host stays: ${redacted}`);
      }
    }
    assert.equal(redactUri('deb https://h.example/~user@x/ bookworm main'), 'deb https://h.example/~user@x/ bookworm main');
  });

  test('redactUri takes linear time on long runs', () => {
    for (const text of ['x'.repeat(2_000_000), 'a.'.repeat(1_000_000), `://${'a'.repeat(2_000_000)}`, '://a'.repeat(500_000), `://${'@'.repeat(2_000_000)}`]) {
      const started = performance.now();
      redactUri(text);
      assert.ok(performance.now() - started < 1_000, `${text.slice(0, 12)}… took ${Math.round(performance.now() - started)} ms`);
    }
  });

  test('log lines redact credentials', () => {
    for (const password of PASSWORDS) {
      assert.deepEqual(leaks(formatLine(new Date(0), 'trace', 'test', `stdout: deb https://u:${password}@h/ x`)), []);
    }
  });

  test('the sources parser redacts content and keeps the real checksum', () => {
    const content = pmgList(SECRET);
    const record = `file ${b64('/etc/apt/sources.list.d/pmg.list')} ${Buffer.byteLength(content)} - b${b64(content)}`;
    const files = parseAptSources({ name: 'apt-sources', body: record, status: 0 });

    assert.equal(files.length, 1);
    assert.equal(files[0]!.redacted, true);
    assert.equal(files[0]!.sha256, sha256(content));
    assert.deepEqual(leaks(JSON.stringify(files)), []);
  });

  test('the sources parser rejects credential files', () => {
    for (const path of ['/etc/apt/auth.conf.d/pmg.conf', '/etc/apt/auth.conf', '/etc/apt/sources.list.d/../auth.conf.d/pmg.list']) {
      const text = `machine enterprise.proxmox.com login pmg password ${SECRET}\n`;
      const record = `file ${b64(path)} ${text.length} - b${b64(text)}`;
      assert.throws(() => parseAptSources({ name: 'apt-sources', body: record, status: 0 }), ProbeOutputError, path);
    }
  });

  test('a failed simulation keeps no credentials', () => {
    const body = `Reading package lists...\nE: Failed to fetch https://pmg:${SECRET}@enterprise.proxmox.com/debian/pmg/dists/bookworm/InRelease\n`;
    const simulation = parseAptSimulation({ name: 'apt-simulate', body, status: 100 });

    assert.notEqual(simulation.error, null);
    assert.match(simulation.error ?? '', /Failed to fetch/);
    assert.deepEqual(leaks(simulation.error ?? ''), []);
  });

  test('plans, checklists and trace logs of unredacted facts keep no credentials', async () => {
    const logs: string[] = [];
    configureLogging({ level: 'trace', write: (line) => logs.push(line) });
    const facts = temp.write('unredacted.facts.json', JSON.stringify(unredactedFacts()));
    const desired = temp.write('enterprise.toml', '[apt]\npmg_repository = "enterprise"\n');
    const saved = join(temp.path, 'unredacted.plan.json');

    const runs = [
      await runCli(['plan', desired, '--facts', facts]),
      await runCli(['plan', desired, '--facts', facts, '--json', '--out', saved]),
      await runCli(['check', desired, '--facts', facts]),
      await runCli(['check', desired, '--facts', facts, '--json']),
      await runCli(['show', saved]),
      await runCli(['show', saved, '--json']),
    ];

    assert.match(runs[0]!.stdout, /enterprise\.proxmox\.com/, 'the plan shows the repository');
    for (const [index, run] of runs.entries()) {
      assert.doesNotMatch(run.stderr, /internal error/i, `run ${index}: ${run.stderr}`);
      assert.deepEqual(leaks(run.stdout + run.stderr), [], `run ${index}`);
    }
    assert.deepEqual(leaks(readFileSync(saved, 'utf8')), [], 'saved plan');
    assert.deepEqual(leaks(logs.join('')), [], 'trace log');
  });

  test('transport trace logs redact command output', async () => {
    const logs: string[] = [];
    configureLogging({ level: 'trace', write: (line) => logs.push(line) });
    const result = await new LocalTransport().run(`printf '%s\\n' ${JSON.stringify(pmgList(SECRET).trim())}`);

    assert.ok(result.stdout.includes(SECRET), 'the command printed the secret');
    assert.ok(logs.some((line) => line.includes('enterprise.proxmox.com')), 'the output was logged');
    assert.deepEqual(leaks(logs.join('')), []);
  });
});

describe('credentials during an apply', () => {
  const sandbox = new Sandbox();
  after(() => sandbox.remove());
  const sourcesDir = sandbox.move('/etc/apt/sources.list.d');
  const livePath = join(sourcesDir, 'pmg.list');
  sandbox.stub('systemctl');

  /** Facts of the sandbox file, redacted the way the probe redacts them. */
  function probe(): HostFacts {
    const real = readFileSync(livePath, 'utf8');
    const facts = pmg7Host();
    facts.apt.files[1] = { path: '/etc/apt/sources.list.d/pmg.list', format: 'list', sha256: sha256(real), content: redactUri(real), redacted: true };

    return facts;
  }

  test('editing a sources file keeps its credentials on the host only', async () => {
    const live = `# keep this comment\n${pmgList(SECRET)}`;
    writeFileSync(livePath, live, { mode: 0o640 });
    const logs: string[] = [];
    configureLogging({ level: 'trace', write: (line) => logs.push(line) });
    const edit = action(
      'edit-apt-sources:/etc/apt/sources.list.d/pmg.list',
      { kind: 'edit-apt-sources', path: '/etc/apt/sources.list.d/pmg.list', format: 'list', beforeSha256: sha256(live), edits: [{ op: 'replace-suite', line: 2, from: 'bullseye', to: 'bookworm' }] },
      ['apt.files[/etc/apt/sources.list.d/pmg.list]'],
    );
    const reporter = new RecordingReporter();

    const result = await applyPlan(planFor(probe(), [edit]), {
      transports: new Map([[HOST, sandbox.transport(HOST)]]),
      desiredStateSha256: DESIRED_SHA,
      toolVersion: TOOL_VERSION,
      reporter,
      probe: async () => probe(),
      sleep: async () => {},
      local: { hostname: 'client', user: 'ops', pid: 4242, isAlive: () => true },
    });

    assert.equal(result.ok, true, JSON.stringify(result.failure));
    assert.equal(readFileSync(livePath, 'utf8'), live.replace('bullseye', 'bookworm'), 'only the suite changed');
    assert.deepEqual(leaks(readFileSync(join(sandbox.root, 'state', 'journal.jsonl'), 'utf8')), [], 'journal');
    assert.deepEqual(leaks(JSON.stringify(reporter.events)), [], 'progress events');
    assert.deepEqual(leaks(logs.join('')), [], 'trace log');
  });
});
