/**
 * End-to-end test of a PMG cluster upgraded by one `pmgup apply
 * --inventory`: two test hosts whose cluster.conf names both (by hostname
 * and veth address), with the stand-in cluster daemons running. The
 * inventory gives one member; pmgup finds the other at root@ its
 * cluster.conf ip. Before the apply, check reports the cluster, and facts
 * recorded from both members plan the same order as the inventory. While the apply runs, a poller connects to port 25 on
 * both members every 0.5 s and records which sent a 220 greeting. At no
 * tick may both be silent. Afterwards both run PMG 8 with every row
 * of Proxmox_ruledb intact, the cluster daemons run again, and a new plan
 * has no changes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { bootHost, type TestHost } from '../testhost/host.js';
import { assertUpgraded, databaseDigest, onHost, runPmgup, startPmgup } from './apply-support.js';
import { uniqueHostName } from './pmgup-cli.js';
import { pollBanners, type BannerTick } from './cluster-poller.js';

const DESIRED = 'plans/pmg-8.toml';
const NODE_NAMES = ['pmg-a', 'pmg-b'] as const;
// Two full upgrades one after the other on a 2-core machine, with room to spare.
const TIMEOUT_MS = 75 * 60_000;
const workDir = mkdtempSync(join(tmpdir(), 'pmgup-e2e-cluster-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

/** cluster.conf naming both hosts: the first as master (cid 1), the second as node (cid 2). */
function clusterConf(hosts: TestHost[], keys: string[]): string {
  return hosts
    .map((host, index) => {
      const header = index === 0 ? 'master: 1' : `node: ${index + 1}`;
      const fingerprint = Array.from({ length: 32 }, (_, byte) => ((index * 32 + byte) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');
      const lines = [header, `\tfingerprint ${fingerprint}`, `\thostrsapubkey ${keys[index]}`, `\tip ${host.guestAddress}`];
      if (index === 0) {
        lines.push(`\tmaxcid ${hosts.length}`);
      }
      lines.push(`\tname ${NODE_NAMES[index]}`, `\trootrsapubkey ${keys[index]}`, '');
      return lines.join('\n');
    })
    .join('\n');
}

/**
 * Gives each host its node name (resolving to its veth address, as PMG
 * requires) and writes the same cluster.conf on both, then starts the
 * cluster daemons, whose units require that file.
 */
async function formCluster(hosts: TestHost[]): Promise<void> {
  const keys: string[] = [];
  for (const host of hosts) {
    keys.push((await onHost(host, 'test -f /root/.ssh/id_rsa || ssh-keygen -q -t rsa -b 2048 -N "" -f /root/.ssh/id_rsa; cut -d" " -f2 /root/.ssh/id_rsa.pub')).trim());
  }
  const hostsFile = hosts.map((host, index) => `${host.guestAddress}\t${NODE_NAMES[index]}.example.org ${NODE_NAMES[index]}`).join('\n');
  const conf = clusterConf(hosts, keys);

  for (const [index, host] of hosts.entries()) {
    const name = NODE_NAMES[index]!;
    await onHost(
      host,
      [
        `echo ${name} > /etc/hostname`,
        `hostname ${name}`,
        `printf '127.0.0.1\\tlocalhost\\n%s\\n' '${hostsFile.replace(/\t/g, '\\t').replace(/\n/g, '\\n')}' > /etc/hosts`,
        `printf '%s' '${Buffer.from(conf).toString('base64')}' | base64 -d > /etc/pmg/cluster.conf`,
        'systemctl start pmgmirror pmgtunnel',
        'systemctl is-active pmgmirror pmgtunnel postfix',
      ].join(' && '),
    );
  }
}

/** Writes a known_hosts file for both hosts' forwarded ports and for the second host's veth address. */
function knownHosts(hosts: TestHost[]): string {
  const entry = readFileSync(hosts[0]!.knownHostsFile, 'utf8').trim().split('\n')[0]!;
  const key = entry.split(/\s+/).slice(1).join(' ');
  const lines = [...hosts.map((host) => `[127.0.0.1]:${host.port} ${key}`), `${hosts[1]!.guestAddress} ${key}`];
  const path = join(workDir, 'known_hosts');
  writeFileSync(path, `${lines.join('\n')}\n`);

  return path;
}

/** Writes the inventory: the cluster given by its master through the forwarded port, so the node is found by its ip. */
function inventory(hosts: TestHost[]): string {
  const path = join(workDir, 'inventory.toml');
  writeFileSync(path, ['#:schema ../schema/inventory.schema.json', '[[cluster]]', 'name = "mx"', `member = "root@127.0.0.1:${hosts[0]!.port}"`, ''].join('\n'));

  return path;
}

function cliArgs(hosts: TestHost[]): string[] {
  return ['--inventory', inventory(hosts), '--identity-file', hosts[0]!.identityFile, '--known-hosts', knownHosts(hosts), '--no-color'];
}

/** Records each member's facts through its forwarded port and returns the --facts options, the node first. */
async function recordFacts(hosts: TestHost[]): Promise<string[]> {
  const options: string[] = [];
  for (const [index, host] of [...hosts.entries()].reverse()) {
    const file = join(workDir, `${NODE_NAMES[index]}.facts.json`);
    const ssh = ['--identity-file', host.identityFile, '--known-hosts', join(workDir, 'known_hosts')];
    const probed = await runPmgup(['probe', '--host', `root@127.0.0.1:${host.port}`, ...ssh, '--out', file]);
    assert.equal(probed.code, 0, `${probed.stdout}\n${probed.stderr}`);
    options.push('--facts', file);
  }

  return options;
}

/** Returns each action's id and dependencies, in plan order, from `pmgup plan --json` output. */
function planEdges(stdout: string): [string, string[]][] {
  const plan = JSON.parse(stdout) as { actions: { id: string; dependsOn: string[] }[] };

  return plan.actions.map((action) => [action.id, action.dependsOn]);
}

/** Checks that check reports the cluster, and that facts recorded from both members plan the inventory's order. */
async function assertClusterBeforeApply(hosts: TestHost[], args: string[]): Promise<void> {
  const checked = await runPmgup(['check', DESIRED, ...args]);
  assert.equal(checked.code, 0, `${checked.stdout}\n${checked.stderr}`);
  assert.match(checked.stdout, /^= cluster mx: pmg-a, pmg-b =$/m);
  assert.match(checked.stdout, /^PASS: cluster mx: members: .* \[cluster-members\]$/m);
  assert.match(checked.stdout, /^PASS: cluster mx: cluster daemons: .* \[cluster-sync\]$/m);
  assert.match(checked.stdout, /^= pmg-b \(pre-upgrade, cluster mx\) =$/m);

  const live = await runPmgup(['plan', DESIRED, ...args, '--no-simulate', '--json']);
  const recorded = await runPmgup(['plan', DESIRED, ...(await recordFacts(hosts)), '--json']);
  assert.equal(live.code, 0, live.stderr);
  assert.equal(recorded.code, 0, recorded.stderr);
  assert.deepEqual(planEdges(recorded.stdout), planEdges(live.stdout));
}

/** Returns when each action of the plan started and ended on the host, from the journal pmgup keeps there. */
async function journalTimes(host: TestHost): Promise<Map<string, { start: number; end: number }>> {
  const lines = (await onHost(host, 'cat /var/lib/pmgup/journal.jsonl')).trim().split('\n');
  const times = new Map<string, { start: number; end: number }>();
  for (const entry of lines.map((line) => JSON.parse(line) as { time: string; actionId: string; event: string })) {
    const known = times.get(entry.actionId) ?? { start: Number.NaN, end: Number.NaN };
    if (entry.event === 'start' || entry.event === 'end') {
      known[entry.event] = Date.parse(entry.time);
    }
    times.set(entry.actionId, known);
  }

  return times;
}

/** Checks the cross-host order on the hosts' own clocks, which the containers share with this machine. */
async function assertClusterOrder(hosts: TestHost[]): Promise<void> {
  const [a, b] = await Promise.all(hosts.map((host) => journalTimes(host)));
  const at = (times: Map<string, { start: number; end: number }>, id: string, event: 'start' | 'end') => {
    const value = times.get(id)?.[event];
    assert.ok(value !== undefined && !Number.isNaN(value), `the journal has no ${event} of ${id}`);
    return value;
  };

  const stopsDone = Math.max(at(a!, 'pmg-a/stop-units:cluster', 'end'), at(b!, 'pmg-b/stop-units:cluster', 'end'));
  assert.ok(stopsDone <= at(a!, 'pmg-a/backup', 'start'), 'the master changes nothing before both cluster stops');
  assert.ok(at(a!, 'pmg-a/verify', 'end') <= at(b!, 'pmg-b/backup', 'start'), 'the node starts after the master is verified');
  for (const [times, name] of [[a!, 'pmg-a'], [b!, 'pmg-b']] as const) {
    assert.ok(at(b!, 'pmg-b/verify', 'end') <= at(times, `${name}/unmask-units:cluster`, 'start'), `${name} starts its daemons after the last verify`);
  }
}

/** Returns, per address, how many ticks it was silent. */
function silentTicks(ticks: BannerTick[], addresses: string[]): string {
  return addresses.map((address) => `${address} silent in ${ticks.filter((tick) => !tick.answered.includes(address)).length}`).join(', ');
}

function describeGaps(ticks: BannerTick[]): string {
  return ticks
    .filter((tick) => tick.answered.length === 0)
    .map((tick) => `${new Date(tick.at).toISOString()}: ${tick.errors.join('; ')}`)
    .join('\n');
}

describe('pmgup apply on a two-member cluster', () => {
  test('upgrades both members with mail served throughout', { timeout: TIMEOUT_MS }, async (t) => {
    const hosts = await Promise.all([bootHost({ name: uniqueHostName('cluster-a') }), bootHost({ name: uniqueHostName('cluster-b') })]);
    t.after(() => Promise.all(hosts.map((host) => host.down())));
    await formCluster(hosts);
    const digests = await Promise.all(hosts.map((host) => databaseDigest(host)));
    const args = cliArgs(hosts);

    await assertClusterBeforeApply(hosts, args);
    const planned = await runPmgup(['plan', DESIRED, ...args]);
    assert.equal(planned.code, 0, `${planned.stdout}\n${planned.stderr}`);
    assert.match(planned.stdout, /^Cluster mx: pmg-a, pmg-b, upgraded one at a time in this order/m);

    const poller = pollBanners(hosts.map((host) => host.guestAddress), 500);
    const started = Date.now();
    const applied = await startPmgup(['apply', DESIRED, ...args, '--auto-approve']).finished;
    const ticks = await poller.stop();
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    const addresses = hosts.map((host) => host.guestAddress);
    t.diagnostic(`apply took ${minutes} min; ${ticks.length} ticks of 0.5 s; ${silentTicks(ticks, addresses)}`);

    assert.equal(applied.code, 0, `${applied.stdout}\n${applied.stderr}`);
    assert.match(applied.stdout, /Apply complete: \d+ done, 0 failed, 0 not run/);
    assert.ok(ticks.length > 100, `the poller ran ${ticks.length} ticks`);
    assert.equal(describeGaps(ticks), '', 'at every tick at least one member answers on port 25');
    for (const address of addresses) {
      assert.ok(ticks.some((tick) => !tick.answered.includes(address)), `${address} stops mail during its upgrade`);
    }
    await assertClusterOrder(hosts);

    for (const [index, host] of hosts.entries()) {
      await assertUpgraded(host, digests[index]!);
      assert.equal(await onHost(host, 'systemctl is-active pmgmirror pmgtunnel'), 'active\nactive\n');
    }

    const again = await runPmgup(['plan', DESIRED, ...args, '--detailed-exitcode']);
    assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
    assert.match(again.stdout, /No changes\. 2 hosts already in the desired state\./);
  });
});
