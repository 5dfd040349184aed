import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { inventoryOrigin, type HostWithFacts } from '../../../lib/cli/targets.js';
import { validateInventory } from '../../../lib/config/inventory.js';
import { parseTomlText } from '../../../lib/config/load.js';
import { assertDistinctMachines } from '../../../lib/cli/targets-identity.js';
import { UserError } from '../../../lib/errors.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { pmg7Host } from '../../support/facts.js';
import { clusterOf, fakeTransport, inventoryHosts } from './cluster-fakes.js';
import { run, tempDir, writeFacts } from './support.js';

const MACHINE_ID = pmg7Host().identity.machineId;

function withIdentity(hostname: string, machineId: string): HostFacts {
  const facts = pmg7Host();
  facts.identity = { ...facts.identity, hostname, machineId };

  return facts;
}

function live(name: string, origin: string, facts: HostFacts): HostWithFacts {
  return { name, facts, transport: fakeTransport(name), target: `ssh:${name}`, origin };
}

function rejection(action: () => void): UserError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof UserError);
    return error;
  }

  return assert.fail('expected a UserError');
}

describe('cli/targets-identity', () => {
  describe('plan --facts', () => {
    test('rejects one machine given twice', async (t) => {
      const dir = await tempDir(t);
      const first = await writeFacts(dir, 'a.json', pmg7Host());
      const second = await writeFacts(dir, 'b.json', pmg7Host());
      const outcome = await run(['plan', '--facts', first, '--facts', second]);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: One machine is given twice$/m);
      assert.match(outcome.stderr, new RegExp(`Machine id ${MACHINE_ID} \\(hostname pmg1\\) is reached by:`));
      assert.ok(outcome.stderr.includes(`  --facts ${first}, planned as pmg1\n`), outcome.stderr);
      assert.ok(outcome.stderr.includes(`  --facts ${second}, planned as pmg1\n`), outcome.stderr);
      assert.match(outcome.stderr, /Give each machine once: keep one of the targets/);
    });

    test('rejects one machine under two hostnames', async (t) => {
      const dir = await tempDir(t);
      const first = await writeFacts(dir, 'a.json', withIdentity('pmg1', MACHINE_ID));
      const second = await writeFacts(dir, 'b.json', withIdentity('mail', MACHINE_ID));
      const outcome = await run(['plan', '--facts', first, '--facts', second]);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: One machine is given twice$/m);
      assert.match(outcome.stderr, new RegExp(`Machine id ${MACHINE_ID} \\(hostname pmg1, mail\\) is reached by:`));
      assert.ok(outcome.stderr.includes(`  --facts ${second}, planned as mail\n`), outcome.stderr);
    });

    test('names differing machine ids', async (t) => {
      const dir = await tempDir(t);
      const other = 'f'.repeat(32);
      const first = await writeFacts(dir, 'a.json', withIdentity('pmg1', MACHINE_ID));
      const second = await writeFacts(dir, 'b.json', withIdentity('pmg1', other));
      const outcome = await run(['plan', '--facts', first, '--facts', second]);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: The same host is named twice$/m);
      assert.ok(outcome.stderr.includes(`  --facts ${first}, machine id ${MACHINE_ID}\n`), outcome.stderr);
      assert.ok(outcome.stderr.includes(`  --facts ${second}, machine id ${other}\n`), outcome.stderr);
      assert.match(outcome.stderr, /These are different machines, because their machine ids differ/);
      assert.match(outcome.stderr, /sets a different `name` for each \[\[host\]\]/);
      assert.match(outcome.stderr, /plan each one in a run of its own/);
    });

    test('empty machine ids under one name', async (t) => {
      const dir = await tempDir(t);
      const first = await writeFacts(dir, 'a.json', withIdentity('pmg1', ''));
      const second = await writeFacts(dir, 'b.json', withIdentity('pmg1', ''));
      const outcome = await run(['plan', '--facts', first, '--facts', second]);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: The same host is named twice$/m);
      assert.ok(outcome.stderr.includes(`  --facts ${first}, machine id (none)\n`), outcome.stderr);
      assert.match(outcome.stderr, /cannot tell whether a host without a machine id is one machine given twice/);
      assert.doesNotMatch(outcome.stderr, /These are different machines/);
    });
  });

  describe('assertDistinctMachines()', () => {
    test('ssh alias next to its address', () => {
      const hosts = [
        live('127.0.0.1:2222', '--host root@127.0.0.1:2222', pmg7Host()),
        live('gwalias', '--host gwalias', pmg7Host()),
      ];
      const error = rejection(() => assertDistinctMachines(hosts));

      assert.equal(error.message, 'One machine is given twice');
      assert.match(error.detail, new RegExp(`^Machine id ${MACHINE_ID} \\(hostname pmg1\\) is reached by:$`, 'm'));
      assert.match(error.detail, /^  --host root@127\.0\.0\.1:2222, planned as 127\.0\.0\.1:2222$/m);
      assert.match(error.detail, /^  --host gwalias, planned as gwalias$/m);
    });

    test('[[host]] that is a cluster member', async () => {
      const members = clusterOf(3);
      const entry = 'inventory.toml: host[0].address = "root@127.0.0.1:2222"';
      const hosts = [live('127.0.0.1:2222', entry, members[0]!), ...(await inventoryHosts(members))];
      const error = rejection(() => assertDistinctMachines(hosts));

      assert.equal(error.message, 'One machine is given twice');
      assert.ok(error.detail.includes(`  ${entry}, planned as 127.0.0.1:2222\n`), error.detail);
      assert.match(error.detail, /^  member pmg1 of cluster mx, at root@192\.0\.2\.11 from its ip in \/etc\/pmg\/cluster\.conf, planned as pmg1$/m);
      assert.match(error.detail, /do not give it again with --host or as a \[\[host\]\]/);
    });

    test('lists every repeated machine', () => {
      const other = withIdentity('pmg2', 'e'.repeat(32));
      const hosts = [live('a', '--host a', pmg7Host()), live('b', '--host b', other), live('c', '--host c', pmg7Host()), live('d', '--host d', other)];
      const error = rejection(() => assertDistinctMachines(hosts));

      assert.equal(error.message, '2 machines are given twice');
      assert.match(error.detail, new RegExp(`^Machine id ${'e'.repeat(32)} \\(hostname pmg2\\) is reached by:$`, 'm'));
    });

    test('empty machine ids match nothing', () => {
      const hosts = [live('a', '--host a', withIdentity('pmg1', '')), live('b', '--host b', withIdentity('pmg2', ''))];

      assert.doesNotThrow(() => assertDistinctMachines(hosts));
    });

    test('distinct machines pass', async () => {
      assert.doesNotThrow(() => assertDistinctMachines([live('a', '--host a', pmg7Host()), live('b', '--host b', withIdentity('pmg1', 'e'.repeat(32)))]));
      const hosts = await inventoryHosts(clusterOf(3));
      assert.doesNotThrow(() => assertDistinctMachines(hosts));
    });
  });

  describe('inventoryOrigin()', () => {
    test('names the entry and its address', () => {
      const toml =
        '[[host]]\naddress = "root@127.0.0.1:2222"\n' +
        '[[group]]\nname = "b"\nhosts = [{ address = "root@gw2" }]\n' +
        '[[cluster]]\nname = "mx"\nmember = "gwalias"\n[cluster.nodes.pmg1]\naddress = "root@gw1"\n';
      const inventory = validateInventory(parseTomlText(toml, 'inv.toml', 'inventory file'), 'inv.toml');
      const cluster = inventory.clusters[0]!;

      assert.equal(inventoryOrigin(inventory, inventory.hosts[0]!), 'inv.toml: host[0].address = "root@127.0.0.1:2222"');
      assert.equal(inventoryOrigin(inventory, inventory.groups[0]!.hosts[0]!), 'inv.toml: group[0].hosts[0].address = "root@gw2"');
      assert.equal(inventoryOrigin(inventory, cluster.member), 'inv.toml: cluster[0].member = "gwalias"');
      assert.equal(inventoryOrigin(inventory, cluster.nodes.get('pmg1')!), 'inv.toml: cluster[0].nodes.pmg1.address = "root@gw1"');
    });
  });
});
