import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

import { UserError } from '../../../lib/errors.js';
import type { AptEdit } from '../../../lib/plan/model.js';
import { ProbeOutputError } from '../../../lib/probe/errors.js';
import { loadFacts, saveFacts } from '../../../lib/probe/recorded.js';
import { parseSimulationOutput, parseUpdate, parseUpgrade, parseUris } from '../../../lib/probe/simulate-parse.js';
import {
  requestLines,
  simulateCommand,
  simulateInput,
  simulateScript,
  type ResolvedRequest,
  type SimulationRequest,
} from '../../../lib/probe/simulate-script.js';
import { resolveRequest, simulateUpgrade } from '../../../lib/probe/simulate.js';
import type { RunOptions, RunResult, Transport } from '../../../lib/transport/types.js';
import { pmg7Host } from '../../support/facts.js';
import { repositoryRoot } from '../../testhost/paths.js';

const FIXTURES = join(repositoryRoot, 'tests', 'fixtures', 'simulate');
const NONCE = '0123456789abcdef0123456789abcdef';
const PASSWORD = 'marker-password';
const PMG_LIST = '/etc/apt/sources.list.d/pmg.list';
const LIVE_PMG_LIST = `deb http://marker-user:${PASSWORD}@pmg.example/debian/pmg bullseye pmg-no-subscription\n`;
const SUITE_EDIT: AptEdit = { op: 'replace-suite', line: 1, from: 'bullseye', to: 'bookworm' };

function recorded(): { output: string; request: SimulationRequest } {
  return {
    output: readFileSync(join(FIXTURES, 'modified-conffiles.txt'), 'utf8'),
    request: JSON.parse(readFileSync(join(FIXTURES, 'modified-conffiles.request.json'), 'utf8')) as SimulationRequest,
  };
}

function section(name: string, body: string, status = 0) {
  return { name, body, status };
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

describe('simulate-parse', () => {
  describe('parseSimulationOutput() on a run recorded on the test host', () => {
    const { output, request } = recorded();
    const facts = parseSimulationOutput(output, NONCE, 'ssh:root@127.0.0.1:22', request);

    test('reads the start time and release', () => {
      assert.equal(facts.simulatedAt, '2026-12-04T18:56:33Z');
      assert.equal(facts.codename, 'bookworm');
      assert.deepEqual(facts.removedFirst, ['linux-image-amd64']);
    });

    test('apt-get update succeeded', () => {
      assert.deepEqual(facts.update, { ok: true, messages: [] });
    });

    test('reads the upgrade of PMG and PostgreSQL', () => {
      assert.equal(facts.upgrade.error, null);
      assert.ok(facts.upgrade.install.length > 200, `${facts.upgrade.install.length} packages`);
      assert.deepEqual(facts.upgrade.install.find((entry) => entry.name === 'pmg-api'), { name: 'pmg-api', version: '8.2.3', from: '7.3-12' });
      assert.ok(facts.upgrade.install.some((entry) => entry.name === 'postgresql-15' && entry.from === null));
    });

    test('a package removed and installed again is no removal', () => {
      assert.ok(!facts.upgrade.remove.includes('cron'));
      assert.deepEqual(facts.upgrade.remove, ['libsemanage1', 'linux-image-amd64']);
    });

    test('sums the download', () => {
      assert.ok(facts.download.packages > 200);
      assert.ok(facts.download.bytes > 100_000_000, `${facts.download.bytes} bytes`);
      assert.equal(facts.download.cachedBytes, 0);
    });

    test('reads ucf entries with their sources', () => {
      const sshd = facts.ucf.find((entry) => entry.path === '/etc/ssh/sshd_config')!;

      assert.equal(sshd.package, 'openssh-server');
      assert.equal(sshd.recordedMd5, sshd.sourceMd5);
      assert.notEqual(sshd.currentMd5, sshd.recordedMd5);
    });

    test('reads the new files with checksums of their content', () => {
      const issue = facts.files.find((file) => file.path === '/etc/issue')!;

      assert.equal(issue.state, 'conffile');
      assert.equal(issue.content, 'Debian GNU/Linux 12 \\n \\l\n\n');
      assert.equal(issue.md5, md5(issue.content!));
      assert.equal(facts.files.find((file) => file.path === '/etc/ssh/sshd_config')?.state, 'plain');
      assert.equal(facts.files.find((file) => file.path === '/var/lib/pmg/templates/postgresql.conf.in')?.package, 'pmg-api');
    });

    test('reads the current files', () => {
      assert.deepEqual(facts.current.map((file) => file.path), ['/etc/issue', '/etc/ssh/sshd_config', '/etc/postgresql-common/createcluster.conf']);
      assert.match(facts.current[1].content ?? '', /^ClientAliveInterval 120$/m);
    });

    test('reads the packages fetched', () => {
      assert.deepEqual(facts.packages.find((item) => item.name === 'openssh-server'), { name: 'openssh-server', version: '1:9.2p1-2+deb12u10' });
    });
  });

  describe('parseSimulationOutput()', () => {
    const { request } = recorded();
    const marker = (text: string) => `@@pmgup:${NONCE}:${text}@@`;

    test('an output cut inside a section is an error', () => {
      const output = `${marker('begin:simulate')}\nformat 1\n`;

      assert.throws(() => parseSimulationOutput(output, NONCE, 'h', request), ProbeOutputError);
    });

    test('an output without its end marker is incomplete', () => {
      const output = [marker('begin:simulate'), 'format 1', 'started 2026-12-04T18:56:33Z', '', marker('end:simulate:0'), ''].join('\n');

      assert.throws(() => parseSimulationOutput(output, NONCE, 'h', request), /simulation output of h is incomplete/);
    });

    test('a scratch directory that could not be made fails the simulation', () => {
      const output = [
        marker('begin:simulate'),
        'format 1',
        'started 2026-12-04T18:56:33Z',
        '',
        marker('end:simulate:0'),
        marker('begin:scratch'),
        'no room: /var/tmp and /tmp each have less than 204800 KiB free',
        '',
        marker('end:scratch:1'),
        marker('done'),
        '',
      ].join('\n');
      const facts = parseSimulationOutput(output, NONCE, 'h', request);

      assert.match(facts.upgrade.error ?? '', /no room/);
      assert.equal(facts.update.ok, false);
    });

    test('another format version is rejected', () => {
      const output = [marker('begin:simulate'), 'format 2', 'started 2026-12-04T18:56:33Z', '', marker('end:simulate:0'), marker('done'), ''].join('\n');

      assert.throws(() => parseSimulationOutput(output, NONCE, 'h', request), ProbeOutputError);
    });

    test('redacts credentials in apt messages', () => {
      const { output } = recorded();
      const failed = output.replace(
        new RegExp(`(${marker('begin:update')}\n)`),
        `$1Err:9 http://marker-user:${PASSWORD}@pmg.example/debian/pmg bookworm InRelease\n`,
      );
      const facts = parseSimulationOutput(failed, NONCE, 'h', request);

      assert.equal(facts.update.ok, false);
      assert.ok(facts.update.messages.includes('Err:9 http://***@pmg.example/debian/pmg bookworm InRelease'), facts.update.messages.join('\n'));
      assert.doesNotMatch(JSON.stringify(facts), new RegExp(PASSWORD));
    });

    test('redacts credentials in a rejected download line', () => {
      const { output } = recorded();
      const broken = output.replace(
        new RegExp(`(${marker('begin:uris')}\n)`),
        `$1'http://marker-user:${PASSWORD}@pmg.example/debian/pmg/x.deb' x.deb many no\n`,
      );

      assert.throws(
        () => parseSimulationOutput(broken, NONCE, 'h', request),
        (error: ProbeOutputError) => {
          assert.equal(error.problem.section, 'uris');
          assert.match(error.problem.actual ?? '', /^'http:\/\/\*\*\*@pmg\.example\//);
          assert.doesNotMatch(`${error.message}\n${error.detail}`, new RegExp(PASSWORD));
          return true;
        },
      );
    });
  });

  describe('parseUpdate()', () => {
    test('an Err line fails the update', () => {
      const update = parseUpdate(section('update', 'Err:1 http://example.invalid/debian bookworm InRelease\n  Could not resolve\nE: Some index files failed to download.\n', 100));

      assert.equal(update.ok, false);
      assert.deepEqual(update.messages, ['Err:1 http://example.invalid/debian bookworm InRelease', 'E: Some index files failed to download.']);
    });

    test('a warning alone keeps the update good', () => {
      const update = parseUpdate(section('update', 'W: Target Packages is configured multiple times\n'));

      assert.equal(update.ok, true);
      assert.equal(update.messages.length, 1);
    });
  });

  describe('parseUpgrade()', () => {
    test('keeps a removal that is not installed again', () => {
      const upgrade = parseUpgrade(section('upgrade', 'Remv cron [3.0pl1-137]\nRemv linux-image-amd64 [5.10.262-1]\nInst cron [3.0pl1-137] (3.0pl1-162 Debian:12 [amd64])\n'));

      assert.deepEqual(upgrade.remove, ['linux-image-amd64']);
    });
  });

  describe('parseUris()', () => {
    test('adds up sizes and cached sizes', () => {
      const uris = parseUris(section('uris', "'http://a/x.deb' x.deb 100 yes MD5Sum:0\n'http://a/y.deb' y.deb 50 no MD5Sum:1\n"));

      assert.deepEqual(uris, { packages: 2, bytes: 150, cachedBytes: 100 });
    });

    test('rejects a line of another form', () => {
      assert.throws(() => parseUris(section('uris', 'E: oops\n')), ProbeOutputError);
    });
  });
});

describe('simulate-script', () => {
  const request: ResolvedRequest = {
    codename: 'bookworm',
    sources: [
      { path: '/etc/apt/sources.list', content: 'deb http://deb.debian.org/debian bookworm main\n' },
      { path: '/etc/apt/sources.list.d/pmg.list', content: null },
    ],
    absent: ['linux-image-amd64'],
    conffiles: [{ path: '/etc/issue', package: 'base-files' }],
    ucf: [{ path: '/etc/ssh/sshd_config', package: 'openssh-server', source: '/usr/share/openssh/sshd_config' }],
    templates: ['postgresql.conf.in', '../escape'],
    current: ["/etc/it's here"],
  };

  test('encodes paths and contents in base64', () => {
    const lines = requestLines(request);
    const b64 = (text: string) => Buffer.from(text).toString('base64');

    assert.deepEqual(lines, [
      `source ${b64('/etc/apt/sources.list')} ${b64('deb http://deb.debian.org/debian bookworm main\n')}`,
      `copy ${b64('/etc/apt/sources.list.d/pmg.list')}`,
      'absent linux-image-amd64',
      `conffile ${b64('/etc/issue')} base-files`,
      `ucf ${b64('/etc/ssh/sshd_config')} openssh-server ${b64('/usr/share/openssh/sshd_config')}`,
      'template postgresql.conf.in',
      `current ${b64("/etc/it's here")}`,
    ]);
  });

  test('rejects a package name that is not a Debian one', () => {
    assert.throws(() => requestLines({ ...request, absent: ['x; rm -rf /'] }), /not a Debian package name/);
  });

  test('rejects a relative path', () => {
    assert.throws(() => requestLines({ ...request, current: ['etc/issue'] }), /must be absolute/);
  });

  test('puts the nonce in front of the script', () => {
    const command = simulateCommand(NONCE);

    assert.equal(command, `set -- ${NONCE}\n${simulateScript()}`);
  });

  test('sends the request lines as base64 input', () => {
    const input = simulateInput(request);

    assert.match(input, /^[A-Za-z0-9+/=]+\n$/);
    assert.equal(Buffer.from(input, 'base64').toString('utf8'), `${requestLines(request).join('\n')}\n`);
  });

  test('the script parses under sh -n', () => {
    const result = spawnSync('sh', ['-n'], { input: simulateScript(), encoding: 'utf8' });

    assert.equal(result.status, 0, result.stderr);
  });
});

class FakeTransport implements Transport {
  readonly name = 'root@gw:22';
  readonly target = 'ssh:root@gw:22';
  scripts: string[] = [];
  inputs: (string | undefined)[] = [];

  constructor(private readonly result: (script: string) => RunResult) {}

  async run(script: string, options?: RunOptions): Promise<RunResult> {
    this.scripts.push(script);
    this.inputs.push(options?.input);
    return this.result(script);
  }

  async close(): Promise<void> {}
}

/** Plays a host whose pmg.list has credentials, and the simulation's recorded output. */
function hostWithCredentials(live = LIVE_PMG_LIST): FakeTransport {
  return new FakeTransport((script) => {
    if (/^exec cat -- '?\/etc\/apt\/sources\.list\.d\/pmg\.list'?$/m.test(script)) {
      return { stdout: live, stderr: '', exitCode: 0, durationMs: 1 };
    }
    const nonce = /^set -- ([0-9a-f]+)$/m.exec(script)![1];
    return { stdout: recorded().output.replaceAll(NONCE, nonce), stderr: '', exitCode: 0, durationMs: 5 };
  });
}

function requestWithLiveEdit(): SimulationRequest {
  const sha256 = createHash('sha256').update(LIVE_PMG_LIST).digest('hex');

  return {
    ...recorded().request,
    sources: [
      { path: '/etc/apt/sources.list', content: null },
      { path: PMG_LIST, liveEdit: { format: 'list', sha256, edits: [SUITE_EDIT] } },
    ],
  };
}

describe('resolveRequest()', () => {
  test('applies the edits to the live file', async () => {
    const resolved = await resolveRequest(hostWithCredentials(), requestWithLiveEdit());

    assert.deepEqual(resolved.sources, [
      { path: '/etc/apt/sources.list', content: null },
      { path: PMG_LIST, content: LIVE_PMG_LIST.replace(' bullseye ', ' bookworm ') },
    ]);
  });

  test('a file changed since the probe is an error', async () => {
    const transport = hostWithCredentials(LIVE_PMG_LIST.replace('bullseye', 'bullseye main'));

    await assert.rejects(resolveRequest(transport, requestWithLiveEdit()), (error: UserError) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /pmg\.list on root@gw:22 changed after the probe/);
      assert.doesNotMatch(`${error.message}\n${error.detail}`, new RegExp(PASSWORD));
      return true;
    });
  });
});

describe('simulateUpgrade()', () => {
  test('sends the credentials only on standard input', async () => {
    const transport = hostWithCredentials();
    await simulateUpgrade(transport, requestWithLiveEdit());
    const input = Buffer.from(transport.inputs.at(-1) ?? '', 'base64').toString('utf8');
    const pmgLine = input.split('\n').find((line) => line.startsWith('source '))!;

    assert.equal(transport.scripts.length, 2);
    assert.equal(Buffer.from(pmgLine.split(' ')[2], 'base64').toString('utf8'), LIVE_PMG_LIST.replace(' bullseye ', ' bookworm '));
    assert.doesNotMatch(transport.scripts.join('\n'), new RegExp(PASSWORD));
  });

  test('redacts credentials in the error output', async () => {
    const stderr = `E: Malformed entry 1 in list file ${PMG_LIST} (http://marker-user:${PASSWORD}@pmg.example)\n`;
    const transport = new FakeTransport(() => ({ stdout: '', stderr, exitCode: 100, durationMs: 5 }));

    await assert.rejects(simulateUpgrade(transport, recorded().request), (error: Error & { detail?: string }) => {
      assert.match(error.detail ?? '', /http:\/\/\*\*\*@pmg\.example/);
      assert.doesNotMatch(error.detail ?? '', new RegExp(PASSWORD));
      assert.match(error.detail ?? '', /--no-simulate/);
      return true;
    });
  });

  test('runs one script and measures its duration', async () => {
    const { output, request } = recorded();
    const transport = new FakeTransport((script) => {
      const nonce = /^set -- ([0-9a-f]+)$/m.exec(script)![1];
      return { stdout: output.replaceAll(NONCE, nonce), stderr: '', exitCode: 0, durationMs: 5 };
    });
    const facts = await simulateUpgrade(transport, request);

    assert.equal(transport.scripts.length, 1);
    assert.ok(facts.durationMs >= 0);
    assert.equal(facts.upgrade.error, null);
  });

  test('a script that exits non-zero is an error with its output', async () => {
    const transport = new FakeTransport(() => ({ stdout: '', stderr: 'sh: 1: syntax error\n', exitCode: 2, durationMs: 5 }));

    await assert.rejects(simulateUpgrade(transport, recorded().request), (error: Error & { detail?: string }) => {
      assert.match(error.message, /simulation failed on root@gw:22/);
      assert.match(error.detail ?? '', /status 2:\nsh: 1: syntax error/);
      return true;
    });
  });
});

describe('recorded facts with a simulation', () => {
  test('survive a round trip through a facts file', async () => {
    const { output, request } = recorded();
    const facts = { ...pmg7Host(), simulation: { ...parseSimulationOutput(output, NONCE, 'h', request), durationMs: 16_632 } };
    const dir = mkdtempSync(join(tmpdir(), 'pmgup-simulate-'));
    try {
      await saveFacts(facts, join(dir, 'facts.json'));
      const loaded = await loadFacts(join(dir, 'facts.json'));

      assert.deepEqual(loaded.simulation, facts.simulation);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a misspelt simulation key is rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmgup-simulate-'));
    try {
      const { output, request } = recorded();
      const simulation = { ...parseSimulationOutput(output, NONCE, 'h', request), durationMs: 1, downlaod: 1 };
      const path = join(dir, 'facts.json');
      writeFileSync(path, JSON.stringify({ ...pmg7Host(), simulation }));

      await assert.rejects(loadFacts(path), (error: Error & { problems?: { location: string; message: string }[] }) => {
        const problems = (error.problems ?? []).map((problem) => `${problem.location}: ${problem.message}`).join('\n');
        assert.match(problems, /simulation.*downlaod/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
