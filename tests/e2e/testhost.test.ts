import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import {
  bootHost,
  readHostState,
  readRuledbChecksums,
  ruledbExpectedRows,
  standinHosts,
  standinVersions,
  type Backend,
  type TestHost,
} from '../testhost/index.js';

const backend: Backend = process.env.PMGUP_TESTHOST_BACKEND === 'vm' ? 'vm' : 'container';
// Includes a base image build on a machine without a cache (about 3 min), and
// for the VM the image build plus boots under TCG.
const suiteTimeoutMs = (backend === 'vm' ? 60 : 15) * 60_000;

/** Reads the first line a TCP server sends, from the machine's side. */
function readBanner(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no banner from ${host}:${port} within 10 s`)));
    socket.once('data', (data) => {
      resolve(data.toString('utf8').split('\r\n')[0] ?? '');
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

async function stdoutOf(host: TestHost, command: string): Promise<string> {
  const result = await host.exec(command);
  assert.equal(result.code, 0, `"${command}" failed: ${result.stderr}`);
  return result.stdout.trim();
}

describe(`test host on the ${backend} backend`, { timeout: suiteTimeoutMs }, () => {
  let host: TestHost;

  before(async () => {
    host = await bootHost({ backend });
  });

  after(async () => {
    await host?.down();
  });

  test('reports ssh details', () => {
    assert.equal(host.user, 'root');
    assert.equal(host.host, '127.0.0.1');
    assert.ok(host.port > 0);
    assert.ok(existsSync(host.identityFile));
    assert.ok(existsSync(host.knownHostsFile));
    assert.match(host.guestAddress, /^10\.\d+\.\d+\.\d+$/);
  });

  test('systemd reaches its default target', async (t) => {
    const target = await stdoutOf(host, 'systemctl get-default');
    assert.equal(await stdoutOf(host, `systemctl is-active ${target}`), 'active');

    const state = (await host.exec('systemctl is-system-running')).stdout.trim();
    assert.ok(['running', 'degraded'].includes(state), `system state is "${state}"`);
    if (state === 'degraded') {
      t.diagnostic(`failed units: ${await stdoutOf(host, 'systemctl --failed --no-legend --plain')}`);
    }
  });

  test('no PMG-relevant unit failed', async () => {
    const units = [
      'postgresql@13-main',
      'postfix',
      'postfix@-',
      'ssh',
      'networking',
      'clamav-daemon',
      'clamav-freshclam',
      'pmg-smtp-filter',
      'pmgpolicy',
      'pmgdaemon',
      'pmgproxy',
    ];
    const result = await host.exec(`systemctl is-failed ${units.join(' ')}`);
    const states = result.stdout.trim().split('\n');
    units.forEach((unit, index) => assert.notEqual(states[index], 'failed', `${unit} failed`));
  });

  test('runs Debian 11 bullseye', async () => {
    assert.match(await stdoutOf(host, 'cat /etc/debian_version'), /^11\./);
  });

  test('base keeps /usr unmerged', async () => {
    // bookworm's dist-upgrade installs usrmerge and converts the system.
    assert.equal((await host.exec('test -L /bin')).code, 1);
    assert.equal((await host.exec('test -L /lib')).code, 1);
  });

  test('postgresql 13/main is online on 5432', async () => {
    const clusters = await stdoutOf(host, 'pg_lsclusters --no-header');
    assert.match(clusters, /^13\s+main\s+5432\s+online\s/m);
    assert.doesNotMatch(clusters, /^15\s/m);
  });

  test('Proxmox_ruledb contains the sample rows', async () => {
    const checksums = await readRuledbChecksums(host);
    for (const [table, rows] of Object.entries(ruledbExpectedRows)) {
      assert.equal(checksums[table as keyof typeof ruledbExpectedRows]?.rows, rows, `rows in ${table}`);
    }
  });

  test('stand-in services are active', async () => {
    for (const unit of ['pmg-smtp-filter', 'pmgpolicy', 'pmgdaemon', 'pmgproxy', 'postfix']) {
      assert.equal(await stdoutOf(host, `systemctl is-enabled ${unit}`), 'enabled', `${unit} enabled`);
      assert.equal(await stdoutOf(host, `systemctl is-active ${unit}`), 'active', `${unit} active`);
    }
  });

  test('cluster daemons wait for cluster.conf', async () => {
    for (const unit of ['pmgmirror', 'pmgtunnel']) {
      assert.equal(await stdoutOf(host, `systemctl is-enabled ${unit}`), 'enabled', `${unit} enabled`);
      const active = await host.exec(`systemctl is-active ${unit}`);
      assert.equal(active.stdout.trim(), 'inactive', `${unit} inactive without cluster.conf`);
    }
  });

  test('pmgversion prints a 7.3 version', async () => {
    const line = await stdoutOf(host, 'pmgversion');
    assert.match(line, new RegExp(`^pmg-api/${standinVersions.bullseye.api}/[0-9a-f]{8} \\(running kernel: \\S+\\)$`));

    const verbose = await stdoutOf(host, 'pmgversion -v');
    assert.match(verbose, new RegExp(`^proxmox-mailgateway: ${standinVersions.bullseye.meta} \\(API: `));
    assert.match(verbose, /^postgresql-13: 13\./m);
  });

  test('pmg.conf has no explicit bayes or awl', async () => {
    const config = await stdoutOf(host, 'cat /etc/pmg/pmg.conf');
    assert.match(config, /^section: spam$/m);
    assert.doesNotMatch(config, /use_bayes|use_awl/);
  });

  test('pmgbackup backup writes an archive', async () => {
    const output = await stdoutOf(host, 'pmgbackup backup');
    const path = /(\/var\/lib\/pmg\/backup\/pmg-backup_\d{4}_\d{2}_\d{2}_[0-9A-F]{8}\.tgz)\s*$/.exec(output)?.[1];
    assert.ok(path, `no archive path in: ${output}`);

    const listing = await stdoutOf(host, `tar -tzf ${path}`);
    assert.match(listing, /^Proxmox_ruledb\.sql$/m);
    assert.match(listing, /^etc\/pmg\/pmg\.conf$/m);
    const dump = await stdoutOf(host, `tar -xzOf ${path} Proxmox_ruledb.sql | grep -c '^COPY public\\.'`);
    assert.equal(Number(dump), Object.keys(ruledbExpectedRows).length);
  });

  test('pmgconfig sync renders the 7.3 template', async () => {
    await stdoutOf(host, 'pmgconfig sync');
    const config = await stdoutOf(host, 'cat /etc/postgresql/13/main/postgresql.conf');
    assert.match(config, /^stats_temp_directory = '\/var\/run\/postgresql\/13-main\.pg_stat_tmp'$/m);
    assert.match(config, /^data_directory = '\/var\/lib\/postgresql\/13\/main'$/m);
  });

  test('postfix banner on port 25', async () => {
    const inside = await stdoutOf(
      host,
      `timeout 10 bash -c 'exec 3<>/dev/tcp/${backend === 'vm' ? '10.0.2.15' : host.guestAddress}/25; head -1 <&3'`,
    );
    assert.match(inside, /^220 /);

    if (backend === 'container') {
      assert.match(await readBanner(host.guestAddress, 25), /^220 /);
    }
  });

  test('clamd is active and detects the sample', async () => {
    assert.equal(await stdoutOf(host, 'systemctl is-active clamav-daemon'), 'active');

    const scan = await stdoutOf(
      host,
      [
        "printf 'pmgup-testhost-sample-signature\\n' > /tmp/clamd-sample",
        'chmod 644 /tmp/clamd-sample',
        `perl -MIO::Socket::UNIX -e '$s = IO::Socket::UNIX->new(Peer => "/run/clamav/clamd.ctl") or die "clamd: $!\\n"; print $s "nSCAN /tmp/clamd-sample\\n"; print while <$s>'`,
      ].join(' && '),
    );
    assert.match(scan, /Pmgup\.Testhost\.Sample\.UNOFFICIAL FOUND/);
  });

  test('apt-get update reaches mirror and stand-in', async () => {
    const update = await host.exec('apt-get update');
    assert.equal(update.code, 0, update.stderr);
    assert.match(update.stdout, /deb\.debian\.org\/debian bullseye /);
    assert.match(update.stdout, /security\.debian\.org\/debian-security bullseye-security /);
    assert.match(update.stdout, new RegExp(`${standinHosts.pmg.replaceAll('.', '\\.')}/debian/pmg bullseye `));
    assert.doesNotMatch(`${update.stdout}\n${update.stderr}`, /^(Err|W|E):/m);

    const policy = await stdoutOf(host, 'apt-cache policy proxmox-mailgateway');
    assert.match(policy, new RegExp(`Candidate: ${standinVersions.bullseye.meta}`));
  });

  test('apt proxy rejects other hosts', async () => {
    const status = await stdoutOf(
      host,
      `curl --silent --output /dev/null --write-out '%{http_code}' --proxy ${host.proxyUrl} http://example.com/`,
    );
    assert.equal(status, '403');
  });

  test('reboot brings ssh back', async () => {
    const portBefore = host.port;
    await host.reboot();

    assert.equal(host.port, portBefore);
    assert.equal(await stdoutOf(host, 'systemctl is-active pmgproxy'), 'active');
    const clusters = await stdoutOf(host, 'pg_lsclusters --no-header');
    assert.match(clusters, /^13\s+main\s+5432\s+online\s/m);
  });
});

describe(`test host variants on the ${backend} backend`, { timeout: suiteTimeoutMs }, () => {
  let host: TestHost;

  before(async () => {
    host = await bootHost({
      backend,
      variants: ['template-override', 'deb822', 'third-party', 'cluster', 'merged-usr', 'modified-conffiles'],
    });
  });

  after(async () => {
    await host?.down();
  });

  test('template-override keeps stats_temp_directory', async () => {
    const override = await stdoutOf(host, 'cat /etc/pmg/templates/postgresql.conf.in');
    assert.match(override, /^stats_temp_directory = /m);
    assert.match(override, /^work_mem = 16MB$/m);
    const rendered = await stdoutOf(host, 'cat /etc/postgresql/13/main/postgresql.conf');
    assert.match(rendered, /^work_mem = 16MB$/m);
  });

  test('deb822 replaces sources.list', async () => {
    assert.equal((await host.exec('test -e /etc/apt/sources.list')).code, 1);
    const sources = await stdoutOf(host, 'cat /etc/apt/sources.list.d/debian.sources');
    assert.match(sources, /^Suites: bullseye bullseye-updates$/m);
  });

  test('third-party repository updates cleanly', async () => {
    const update = await host.exec('apt-get update');
    assert.equal(update.code, 0, update.stderr);
    assert.match(update.stdout, new RegExp(`${standinHosts.thirdParty.replaceAll('.', '\\.')}/debian bullseye `));
    assert.doesNotMatch(`${update.stdout}\n${update.stderr}`, /^(Err|W|E):/m);
  });

  test('cluster names this host master', async () => {
    const config = await stdoutOf(host, 'cat /etc/pmg/cluster.conf');
    assert.match(config, /^master: 1$/m);
    assert.match(config, /^node: 2$/m);
    assert.match(config, /^\tname pmg-testhost$/m);
    assert.match(config, /^\tfingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}$/m);
    assert.equal(await stdoutOf(host, 'systemctl is-active pmgmirror'), 'active');
    assert.equal(await stdoutOf(host, 'systemctl is-active pmgtunnel'), 'active');
  });

  test('merged-usr links /bin into /usr', async () => {
    assert.equal(await stdoutOf(host, 'readlink /bin'), 'usr/bin');
    assert.equal(await stdoutOf(host, 'readlink /lib'), 'usr/lib');
  });

  test('modified conffiles differ from packages', async () => {
    // /etc/issue is a dpkg conffile of base-files; sshd_config is registered
    // with ucf by openssh-server's postinst.
    const modified = await stdoutOf(host, 'dpkg --verify base-files || true');
    assert.match(modified, /\/etc\/issue$/m);

    const current = await stdoutOf(host, 'md5sum /etc/ssh/sshd_config | cut -d" " -f1');
    const registered = await stdoutOf(host, "awk '$2 == \"/etc/ssh/sshd_config\" { print $1 }' /var/lib/ucf/hashfile");
    assert.match(registered, /^[0-9a-f]{32}$/);
    assert.notEqual(current, registered);
  });

  test('down releases everything', async () => {
    const state = readHostState(host.name);
    assert.ok(state, 'state before down');
    await host.down();

    assert.equal(readHostState(host.name), undefined);
    assert.equal(spawnSync('kill', ['-0', String(state.supervisorPid)]).status, 1, 'supervisor still running');
    if (state.network !== undefined) {
      assert.ok(!existsSync(`/run/netns/${state.network.namespace}`), 'namespace left behind');
      const link = spawnSync('ip', ['link', 'show', state.network.hostInterface]);
      assert.notEqual(link.status, 0, 'veth left behind');
    }
    await assert.rejects(readBanner('127.0.0.1', host.port), 'ssh port still open');
  });
});

describe(`test host cleanup at exit on the ${backend} backend`, { timeout: suiteTimeoutMs }, () => {
  const index = join(fileURLToPath(import.meta.url), '..', '..', 'testhost', 'index.js');

  /** Boots a host in a child process that then ends with `ending` and returns the host name. */
  function bootInChild(label: string, ending: string): string {
    const name = `${label}-${process.pid}`;
    const script = [
      `const m = await import(${JSON.stringify(index)});`,
      `await m.bootHost({ backend: ${JSON.stringify(backend)}, name: ${JSON.stringify(name)} });`,
      ending,
    ].join(' ');

    const child = spawnSync(process.execPath, ['--input-type=module', '--eval', script], { encoding: 'utf8' });
    assert.ok(child.status === 0 || child.signal === 'SIGKILL', `child failed: ${child.stderr}`);
    return name;
  }

  async function waitUntilGone(name: string): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (readHostState(name) !== undefined && Date.now() < deadline) {
      await sleep(500);
    }
    assert.equal(readHostState(name), undefined, `host ${name} still exists after its process ended`);
  }

  test('exiting process takes its host down', async () => {
    await waitUntilGone(bootInChild('exit', 'process.exit(0);'));
  });

  test('killed process takes its host down', async () => {
    await waitUntilGone(bootInChild('kill', "process.kill(process.pid, 'SIGKILL');"));
  });
});
