/**
 * Secrets stay on the test host. A random marker is planted as the
 * password of the PMG repository URI, in /etc/apt/auth.conf.d/pmg.conf, in
 * a private key under /etc/pmg and in /root/.ssh/id_rsa. Then probe, plan,
 * check and a short apply (the backup and the sources rewrite) run with
 * PMGUP_LOG=trace, and no output, log, saved file or the journal on the
 * host may contain the marker, plainly or base64-encoded, nor the start of
 * the backup archive. The rewritten sources file keeps its credentials
 * byte for byte, and pmgup's files on the host are root-only.
 *
 * Before that, the PMG sources file points at a copy of the stand-in PMG
 * repository that requires the marker as its password, served on this
 * machine's loopback and reached from the guest's loopback through an SSH
 * remote forward. The plan's simulation must load that repository's lists,
 * so it must send the live credentials, and still leak them nowhere.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Plan } from '../../lib/plan/model.js';
import { serializePlan } from '../../lib/planfile/index.js';
import { bootHost, type TestHost } from '../testhost/host.js';
import { standinHosts } from '../testhost/proxy.js';
import { pmgRepositoryPath } from '../testhost/repo.js';
import { hostDir } from '../testhost/state.js';
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

/** Guest port of the SSH remote forward to the repository server on this machine. */
const FORWARD_PORT = 38471;
const REPOSITORY_USER = 'marker-user';
/** Lets apt reach the forward directly instead of through the harness's proxy. */
const DIRECT_CONF = '/etc/apt/apt.conf.d/99pmgup-e2e-direct';

/** Requests to the repository server, counted by whether they carried the marker credentials. */
interface RepositoryCounts {
  authorized: number;
  rejected: number;
}

/**
 * Serves the host's copy of the stand-in PMG repository on 127.0.0.1 and
 * returns 401 to any request without the marker credentials.
 */
async function startRepository(root: string, counts: RepositoryCounts): Promise<Server> {
  const expected = `Basic ${Buffer.from(`${REPOSITORY_USER}:${MARKER}`).toString('base64')}`;
  const server = createServer((request, response) => {
    if (request.headers.authorization !== expected) {
      counts.rejected += 1;
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="pmg"' }).end();
      return;
    }
    counts.authorized += 1;
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)));
    const stat = path.startsWith(`${root}/`) ? statSync(path, { throwIfNoEntry: false }) : undefined;
    if (stat === undefined || !stat.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Length': stat.size });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(path).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return server;
}

/** Opens an SSH remote forward from the guest's 127.0.0.1:FORWARD_PORT to `localPort` on this machine. */
async function forwardToGuest(target: TestHost, localPort: number): Promise<ChildProcess> {
  const ssh = spawn(
    'ssh',
    [
      '-N',
      '-o', 'BatchMode=yes',
      '-o', 'ExitOnForwardFailure=yes',
      '-o', `UserKnownHostsFile=${target.knownHostsFile}`,
      '-i', target.identityFile,
      '-p', String(target.port),
      '-R', `127.0.0.1:${FORWARD_PORT}:127.0.0.1:${localPort}`,
      `${target.user}@${target.host}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  for (let attempt = 0; attempt < 50; attempt++) {
    const listening = await target.exec(`timeout 2 bash -c ': </dev/tcp/127.0.0.1/${FORWARD_PORT}'`);
    if (listening.code === 0) {
      return ssh;
    }
    assert.equal(ssh.exitCode, null, 'the SSH remote forward exited');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  ssh.kill();

  return assert.fail(`the guest does not listen on 127.0.0.1:${FORWARD_PORT} after 10 s`);
}

/** Returns every diagnostic code in a saved plan with its severity, as `severity:code`. */
function diagnosticCodes(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(diagnosticCodes);
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const record = value as Record<string, unknown>;
  const own = typeof record.code === 'string' && typeof record.severity === 'string' ? [`${record.severity}:${record.code}`] : [];

  return [...own, ...Object.values(record).flatMap(diagnosticCodes)];
}

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

  test('simulation loads a repository with credentials', { timeout: 15 * 60_000 }, async () => {
    const counts: RepositoryCounts = { authorized: 0, rejected: 0 };
    const server = await startRepository(join(hostDir(host.name), 'repositories', standinHosts.pmg), counts);
    const forward = await forwardToGuest(host, (server.address() as AddressInfo).port);
    const original = await onHost(host, `cat ${PMG_LIST}`);
    const planFile = join(workDir, 'credentials-plan.json');
    try {
      const uri = `http://${REPOSITORY_USER}:${MARKER}@127.0.0.1:${FORWARD_PORT}${pmgRepositoryPath}`;
      await host.exec(`cat > ${PMG_LIST}`, { input: `deb ${uri} bullseye pmg-no-subscription\n`, check: true });
      await host.exec(`cat > ${DIRECT_CONF}`, { input: 'Acquire::http::Proxy::127.0.0.1 "DIRECT";\n', check: true });

      const planned = await traced('credentials plan', ['plan', DESIRED, ...hostArgs(host), '--json', '--out', planFile]);
      assert.equal(planned.code, 0, planned.stderr);
      const savedPlan = readFileSync(planFile, 'utf8');
      const codes = diagnosticCodes(JSON.parse(savedPlan));

      assert.ok(counts.authorized > 0, 'the simulation fetched the repository with the marker credentials');
      assert.equal(counts.rejected, 0, 'requests without the marker credentials');
      assert.ok(!codes.includes('warning:upgrade-simulation-lists'), `the simulation was discarded: ${codes.join(', ')}`);
      assert.ok(!codes.includes('warning:upgrade-simulation'), `the simulation failed: ${codes.join(', ')}`);
      for (const { name, text } of [...outputs, { name: 'plan file', text: savedPlan }]) {
        assert.deepEqual(leaks(text), [], `${name} carries the marker`);
      }
    } finally {
      forward.kill();
      server.close();
      await host.exec(`cat > ${PMG_LIST}`, { input: original, check: true });
      await host.exec(`rm -f ${DIRECT_CONF}`, { check: true });
    }
  });

  test('no output, file or journal carries a planted secret', { timeout: 15 * 60_000 }, async () => {
    const planted = await plantSecrets(host);
    const factsFile = join(workDir, 'facts.json');
    const planFile = join(workDir, 'plan.json');
    const shortFile = join(workDir, 'short-plan.json');

    // probe prints JSON without colours, so it takes no --no-color.
    const probeArgs = hostArgs(host).filter((arg) => arg !== '--no-color');
    const probed = await traced('probe', ['probe', ...probeArgs, '--out', factsFile]);
    assert.equal(probed.code, 0, probed.stderr);
    assert.match(probed.stderr, / TRACE /, 'trace logging is on');
    const planned = await traced('plan', ['plan', DESIRED, ...hostArgs(host), '--json', '--out', planFile]);
    assert.equal(planned.code, 0, planned.stderr);
    const checked = await traced('check', ['check', DESIRED, ...hostArgs(host), '--json']);
    assert.ok(checked.code === 0 || checked.code === 1, checked.stderr);

    const short = harmlessPrefix(JSON.parse(readFileSync(planFile, 'utf8')) as Plan);
    assert.ok(short.actions.some((action) => action.step.kind === 'edit-apt-sources' && action.step.path === PMG_LIST), 'the plan rewrites pmg.list');
    writeFileSync(shortFile, serializePlan(short));
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
