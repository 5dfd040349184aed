/**
 * Secrets stay on the test host. A random marker is planted as the
 * password of the PMG repository URI, in /etc/apt/auth.conf.d/pmg.conf, in
 * a private key under /etc/pmg and in /root/.ssh/id_rsa. Then probe, plan,
 * check and a short apply (the backup and the sources rewrite) run with
 * PMGUP_LOG=trace, and no output, log, saved file or the journal on the
 * host may contain the marker, plainly or base64-encoded, nor the start of
 * the backup archive. The rewritten sources file keeps its credentials
 * byte for byte, and pmgup's files on the host are root-only.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Plan } from '../../lib/plan/model.js';
import { bootHost, type TestHost } from '../testhost/host.js';
import { hostArgs, onHost, runPmgup, type CliRun } from './apply-support.js';
import { uniqueHostName } from './pmgup-cli.js';

const DESIRED = 'plans/pmg-8.toml';
const MARKER = `pmgupE2eSecret${randomBytes(8).toString('hex')}`;
const PMG_LIST = '/etc/apt/sources.list.d/pmg.list';
/** Steps that change no package, unit or database: the short apply runs only these. */
const HARMLESS = new Set(['backup', 'edit-apt-sources']);

const workDir = mkdtempSync(join(tmpdir(), 'pmgup-e2e-secrets-'));
const savedLog = process.env.PMGUP_LOG;
let host: TestHost;
const outputs: { name: string; text: string }[] = [];

/** Returns where the marker shows in `text`: plainly, or base64-encoded at any byte offset. */
function leaks(text: string): string[] {
  const found = text.includes(MARKER) ? ['plain'] : [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.from(`${'x'.repeat(shift)}${MARKER}`).toString('base64').slice(4, -4);
    if (text.includes(encoded)) {
      found.push(`base64 at offset ${shift}`);
    }
  }

  return found;
}

/** Runs pmgup with trace logging and keeps its output for the final search. */
async function traced(name: string, args: string[]): Promise<CliRun> {
  const run = await runPmgup(args);
  outputs.push({ name: `${name} stdout`, text: run.stdout }, { name: `${name} stderr`, text: run.stderr });

  return run;
}

/** Plants the marker where secrets live on a PMG host, returning the PMG sources file as written. */
async function plantSecrets(target: TestHost): Promise<string> {
  const current = await onHost(target, `cat ${PMG_LIST}`);
  const withCredentials = current.replace('http://', `http://pmgup:${MARKER}@`);
  assert.notEqual(withCredentials, current, `${PMG_LIST} has an http:// URI`);
  await target.exec(`cat > ${PMG_LIST}`, { input: withCredentials, check: true });
  await onHost(
    target,
    [
      'set -e',
      'umask 077',
      'mkdir -p /etc/apt/auth.conf.d /root/.ssh',
      `printf 'machine pmg-standin.invalid login pmgup password %s\\n' ${MARKER} > /etc/apt/auth.conf.d/pmg.conf`,
      `printf -- '-----BEGIN PRIVATE KEY-----\\n%s\\n-----END PRIVATE KEY-----\\n' ${MARKER} > /etc/pmg/pmgup-e2e.key`,
      `[ ! -f /etc/pmg/pmg-api.pem ] || printf -- '-----BEGIN PRIVATE KEY-----\\n%s\\n-----END PRIVATE KEY-----\\n' ${MARKER} >> /etc/pmg/pmg-api.pem`,
      `printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\\n%s\\n-----END OPENSSH PRIVATE KEY-----\\n' ${MARKER} > /root/.ssh/id_rsa`,
    ].join('\n'),
  );

  return withCredentials;
}

/** Keeps the plan's leading backup and sources rewrites, which change no package, unit or data. */
function harmlessPrefix(plan: Plan): Plan {
  const end = plan.actions.findIndex((action) => !HARMLESS.has(action.step.kind));
  const actions = plan.actions.slice(0, end < 0 ? plan.actions.length : end);

  return { ...plan, actions, applyable: actions.length > 0 && !plan.errored };
}

describe('secrets on the test host', () => {
  before(async () => {
    process.env.PMGUP_LOG = 'trace';
    host = await bootHost({ name: uniqueHostName('hostile-secrets') });
  });
  after(async () => {
    await host?.down();
    rmSync(workDir, { recursive: true, force: true });
    if (savedLog === undefined) {
      delete process.env.PMGUP_LOG;
    } else {
      process.env.PMGUP_LOG = savedLog;
    }
  });

  test('no output, file or journal carries a planted secret', { timeout: 15 * 60_000 }, async () => {
    const planted = await plantSecrets(host);
    const factsFile = join(workDir, 'facts.json');
    const planFile = join(workDir, 'plan.json');
    const shortFile = join(workDir, 'short-plan.json');

    const probed = await traced('probe', ['probe', ...hostArgs(host), '--out', factsFile]);
    assert.equal(probed.code, 0, probed.stderr);
    assert.match(probed.stderr, / TRACE /, 'trace logging is on');
    const planned = await traced('plan', ['plan', DESIRED, ...hostArgs(host), '--json', '--out', planFile]);
    assert.equal(planned.code, 0, planned.stderr);
    const checked = await traced('check', ['check', DESIRED, ...hostArgs(host), '--json']);
    assert.ok(checked.code === 0 || checked.code === 1, checked.stderr);

    const short = harmlessPrefix(JSON.parse(readFileSync(planFile, 'utf8')) as Plan);
    assert.ok(short.actions.some((action) => action.step.kind === 'edit-apt-sources' && action.step.path === PMG_LIST), 'the plan rewrites pmg.list');
    writeFileSync(shortFile, JSON.stringify(short, null, 2));
    const applied = await traced('apply', ['apply', shortFile, ...hostArgs(host)]);
    assert.equal(applied.code, 0, `${applied.stdout}\n${applied.stderr}`);

    const onTheHost = await onHost(host, 'cat /var/lib/pmgup/journal.jsonl; cat /var/lib/pmgup/logs/* 2>/dev/null || true');
    const archiveStart = (await onHost(host, 'base64 -w 0 "$(ls -1t /var/lib/pmg/backup/*.tgz | head -n 1)" | head -c 64')).trim();
    assert.equal(archiveStart.length, 64, 'the apply wrote a backup archive');
    const searched = [
      ...outputs,
      { name: 'facts file', text: readFileSync(factsFile, 'utf8') },
      { name: 'plan file', text: readFileSync(planFile, 'utf8') },
      { name: 'journal and logs on the host', text: onTheHost },
    ];
    for (const { name, text } of searched) {
      assert.deepEqual(leaks(text), [], `${name} carries the marker`);
      assert.equal(text.includes(archiveStart), false, `${name} carries the backup archive`);
    }

    const after = await onHost(host, `cat ${PMG_LIST}`);
    assert.equal(after, planted.replace(' bullseye ', ' bookworm '), 'only the suite of pmg.list changed');
    assert.ok(after.includes(`http://pmgup:${MARKER}@`), 'the credentials are still in pmg.list');

    const paths = ['/var/lib/pmgup', '/var/lib/pmgup/journal.jsonl', '/var/lib/pmgup/files', '/var/lib/pmgup/checkpoints', '/var/lib/pmgup/logs'];
    const modes = await onHost(host, `for path in ${paths.join(' ')}; do [ ! -e "$path" ] || stat -c '%a %n' "$path"; done`);
    assert.match(modes, /^700 \/var\/lib\/pmgup$/m);
    assert.match(modes, /^600 \/var\/lib\/pmgup\/journal\.jsonl$/m);
    for (const line of modes.trim().split('\n')) {
      assert.match(line, /^(700|600) /, `not root-only: ${line}`);
    }
    assert.equal((await host.exec('test -e /var/lib/pmgup/lock')).code, 1, 'the lock is released');
  });
});
