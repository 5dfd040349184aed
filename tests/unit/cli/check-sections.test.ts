/**
 * The checklist sections of `pmgup check` for an inventory cluster: the
 * cluster-wide results in a section before the members', and every
 * diagnostic of the plan in exactly one section.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { buildPlan, planTargets } from '../../../lib/cli/build-plan.js';
import { checklistSections } from '../../../lib/cli/commands/check.js';
import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../../lib/config/load.js';
import { pmg7Host } from '../../support/facts.js';
import { asMember } from '../plan/cluster-support.js';
import { clusterOf, inventoryHosts } from './cluster-fakes.js';

describe('cli check', () => {
  describe('checklistSections()', () => {
    test('inventory cluster with an unreachable member', async () => {
      const [pmg1, pmg2] = clusterOf(3);
      const hosts = await inventoryHosts([pmg1!, pmg2!]);
      const loaded = await loadDesiredState(DEFAULT_DESIRED_STATE);
      const fleet = planTargets(loaded, hosts, new Date());
      const sections = checklistSections(hosts, fleet, loaded.desired);

      assert.deepEqual(
        sections.map((section) => ('cluster' in section ? `cluster ${section.cluster.cluster}` : section.host.host)),
        ['cluster mx', 'pmg1', 'pmg2'],
      );
      const cluster = 'cluster' in sections[0]! ? sections[0].cluster : undefined;
      assert.deepEqual(cluster!.members, ['pmg1', 'pmg2']);
      assert.deepEqual(
        cluster!.diagnostics.filter((item) => item.severity === 'error').map((item) => `${item.code} ${item.subject}`),
        ['cluster-member-unreachable cluster mx: pmg3'],
      );
    });

    test('every diagnostic lands in one section', async () => {
      const members = clusterOf(2);
      const lone = { ...pmg7Host(), identity: { ...pmg7Host().identity, hostname: 'gw9' } };
      const clusterHosts = await inventoryHosts(members);
      const partial = asMember(pmg7Host(), 'pmg3', 3);
      const hosts = [
        ...clusterHosts,
        { name: 'gw9', facts: lone, transport: null, target: 'facts:gw9.json' },
        { name: 'pmg3', facts: partial, transport: null, target: 'facts:pmg3.json' },
      ];
      const loaded = await loadDesiredState(DEFAULT_DESIRED_STATE);
      const fleet = planTargets(loaded, hosts, new Date());
      const plan = buildPlan(loaded, hosts, new Date());
      const sections = checklistSections(hosts, fleet, loaded.desired);
      const listed = sections.flatMap((section) => ('cluster' in section ? section.cluster : section.host).diagnostics);

      assert.equal(listed.length, plan.diagnostics.length);
      assert.deepEqual(new Set(listed), new Set([...fleet.diagnostics, ...fleet.results.flatMap((result) => result.diagnostics)]));
      const pmg3 = sections.find((section) => 'host' in section && section.host.host === 'pmg3');
      assert.ok(pmg3 !== undefined && 'host' in pmg3 && pmg3.host.diagnostics.some((item) => item.code === 'cluster-partial'));
    });
  });
});
