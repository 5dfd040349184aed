/**
 * The probe against the Debian 11 test host over real SSH: the facts match
 * what the host is, the probe leaves every file and unit as it was, and it
 * takes one transport call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { parseAptSources } from '../../lib/plan/apt-sources.js';
import type { HostFacts } from '../../lib/probe/facts.js';
import { probeHost } from '../../lib/probe/index.js';
import { SshTransport } from '../../lib/transport/ssh.js';
import type { RunOptions, RunResult, Transport } from '../../lib/transport/types.js';
import { bootHost, type TestHost } from '../testhost/host.js';

/** Counts the calls a probe makes through a transport. */
class CountingTransport implements Transport {
  calls = 0;

  constructor(private readonly inner: Transport) {}

  get name(): string {
    return this.inner.name;
  }

  get target(): string {
    return this.inner.target;
  }

  run(script: string, options?: RunOptions): Promise<RunResult> {
    this.calls += 1;

    return this.inner.run(script, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function sshTo(host: TestHost): Promise<SshTransport> {
  return SshTransport.create(`${host.user}@${host.host}:${host.port}`, {
    identityFile: host.identityFile,
    knownHostsFile: host.knownHostsFile,
  });
}

// Checksums of every file under /etc, dpkg's database, apt's caches, lists
// and logs and PMG's state, and the state of every unit except the ones each
// SSH login creates. /var/lib/postgresql is left out: any connection makes
// the server rewrite its relation cache (pg_internal.init), and a read may
// set hint bits that the background writer flushes at any time.
const SNAPSHOT = [
  'find /etc /var/lib/dpkg /var/cache/apt /var/lib/apt /var/log/apt /var/lib/pmg -xdev -type f -print0',
  '| sort -z | xargs -0 sha256sum',
  "&& systemctl list-units --all --plain --no-legend --full | awk '{ print $1, $2, $3, $4 }'",
  "| grep -Ev '^(session-[0-9]+\\.scope|user@[0-9]+\\.service|user-runtime-dir@[0-9]+\\.service|user-[0-9]+\\.slice) '",
].join(' ');

// SSH connections sshd accepted so far, the current one included.
const ACCEPTED = "journalctl -q _COMM=sshd -o cat | grep -c '^Accepted publickey for root'";

/** Host state seen by the test: file checksums, unit states and sshd's connection count. */
interface Observation {
  snapshot: string;
  accepted: number;
}

/** Observes the host over one harness connection (the count includes it). */
async function observe(host: TestHost): Promise<Observation> {
  const result = await host.exec(`${SNAPSHOT}; echo "accepted $(${ACCEPTED})"`, { check: true });
  const match = /\naccepted (\d+)\n$/.exec(result.stdout);
  assert.ok(match, `no connection count in ${result.stdout.slice(-200)}`);

  return { snapshot: result.stdout.slice(0, match.index), accepted: Number(match[1]) };
}

describe('probe on the Debian 11 test host', () => {
  let host: TestHost;
  let facts: HostFacts;
  let transport: CountingTransport;
  let initial: Observation;
  let final: Observation;
  let probeMs: number;

  before(async () => {
    host = await bootHost();
    initial = await observe(host);
    transport = new CountingTransport(await sshTo(host));
    const started = Date.now();
    facts = await probeHost(transport);
    probeMs = Date.now() - started;
    await transport.close();
    final = await observe(host);
  });

  after(async () => {
    await host?.down();
  });

  test('facts describe a PMG 7 host', () => {
    assert.equal(facts.os.codename, 'bullseye');
    assert.equal(facts.os.versionId, '11');
    assert.match(facts.packages['pmg-api']?.version ?? '', /^7\.3-\d+$/);
    assert.equal(facts.packages['postgresql-13']?.status, 'installed');
    assert.equal(facts.target, transport.target);
  });

  test('PostgreSQL 13 holds the rule database', () => {
    const cluster = facts.postgres.clusters.find((entry) => entry.version === 13 && entry.name === 'main');

    assert.equal(cluster?.status, 'online');
    assert.ok(cluster?.databases?.includes('Proxmox_ruledb'));
    assert.ok((cluster?.sizeBytes ?? 0) > 0);
  });

  test('mail units are active', () => {
    for (const unit of ['postfix.service', 'pmg-smtp-filter.service', 'pmgpolicy.service', 'pmgdaemon.service', 'pmgproxy.service']) {
      assert.equal(facts.units[unit]?.activeState, 'active', unit);
    }
    assert.equal(facts.units['pmgmirror.service']?.activeState, 'inactive');
    assert.equal(facts.system.state, 'running');
  });

  test('sources keep file and line', () => {
    const list = facts.apt.files.find((file) => file.path === '/etc/apt/sources.list');
    assert.ok(list);
    const entries = parseAptSources(list.path, list.format, list.content).entries;
    const security = entries.find((entry) => entry.suites.includes('bullseye-security'));

    assert.equal(security?.file, '/etc/apt/sources.list');
    assert.equal(security?.line, 5);
    assert.ok(facts.apt.files.some((file) => file.path === '/etc/apt/sources.list.d/pmg.list'));
  });

  test('probe changes nothing on the host', () => {
    assert.ok(initial.snapshot.length > 1000);
    assert.equal(final.snapshot, initial.snapshot);
  });

  test('probe is one call over one connection', async (context) => {
    const ping = await sshTo(host);
    const started = Date.now();
    await ping.run('true');
    const connectMs = Date.now() - started;
    await ping.close();

    assert.equal(transport.calls, 1);
    // The later observation opened one connection of its own.
    assert.equal(final.accepted - initial.accepted, 2);
    context.diagnostic(`probe: ${probeMs} ms over ssh; a new connection running true: ${connectMs} ms`);
  });
});
