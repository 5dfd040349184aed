/**
 * Apply across hosts. Independent hosts run at the same time up to the
 * bound, and dependencies across hosts are honoured. A failure stops new
 * work, or with keepGoing only the work of its host and cluster.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { applyPlan, RecordingReporter } from '../../../lib/apply/index.js';
import type { ApplyOptions } from '../../../lib/apply/types.js';
import type { Action, HostGroup, Plan, Step } from '../../../lib/plan/model.js';
import { fingerprintFacts } from '../../../lib/planfile/fingerprint.js';
import { maskedUnit, pmg7Host, unit } from '../../support/facts.js';
import { DESIRED_SHA, FakeHost, TOOL_VERSION } from './fixtures.js';

const MAIL = ['postfix.service', 'pmgproxy.service'];

/** Returns a host whose stop and disable scripts change its facts as systemd would; scripts containing `failOn` exit 100. */
function workingHost(failOn: string | null = null): FakeHost {
  const host: FakeHost = new FakeHost(pmg7Host(), [
    (script) => {
      if (failOn !== null && script.includes(failOn)) {
        return { exitCode: 100, stdout: 'E: broken on purpose\n' };
      }
      if (script.includes('systemctl mask')) {
        for (const name of MAIL) host.facts.units[name] = maskedUnit();
      }
      if (script.includes('systemctl disable --now')) {
        host.facts.units['clamav-clamonacc.service'] = unit('inactive', 'disabled');
      }

      return { stdout: 'ok\n' };
    },
  ]);

  return host;
}

const STOP: Step = { kind: 'stop-units', units: MAIL, mask: true };
const DISABLE: Step = { kind: 'disable-units', units: ['clamav-clamonacc.service'] };

function action(host: string, slug: string, step: Step, dependsOn: string[] = []): Action {
  const keys = step.kind === 'stop-units' ? MAIL.map((name) => `units[${name}]`) : ['units[clamav-clamonacc.service]'];

  return {
    id: `${host}/${slug}`,
    host,
    reason: { attribute: 'test', desired: 'x', actual: 'y', text: 'Made for a test.' },
    changes: [],
    dependsOn,
    downtime: false,
    destructive: false,
    fileDiffs: [],
    fingerprintKeys: keys,
    step,
  };
}

/** Two actions per host, the second after the first, plus any extra edges by action id. */
function twoSteps(host: string, firstDependsOn: string[] = []): Action[] {
  return [action(host, 'stop-units', STOP, firstDependsOn), action(host, 'disable-units', DISABLE, [`${host}/stop-units`])];
}

function planOf(hosts: Map<string, FakeHost>, actions: Action[], groups: HostGroup[] = []): Plan {
  return {
    formatVersion: 1,
    tool: { name: 'pmgup', version: TOOL_VERSION },
    createdAt: '2026-12-01T10:00:00.000Z',
    desiredState: { path: 'plans/pmg-8.toml', sha256: DESIRED_SHA },
    hosts: [...hosts].map(([name, host]) => ({
      name,
      target: host.facts.target,
      hostname: host.facts.identity.hostname,
      machineId: host.facts.identity.machineId,
      phase: 'pre-upgrade' as const,
      fingerprints: fingerprintFacts(host.facts, actions.filter((item) => item.host === name).flatMap((item) => item.fingerprintKeys)),
    })),
    actions,
    diagnostics: [],
    ...(groups.length > 0 && { groups }),
    errored: false,
    applyable: true,
  };
}

function optionsFor(hosts: Map<string, FakeHost>, reporter: RecordingReporter, extra: Partial<ApplyOptions>): ApplyOptions {
  // One probe serves all hosts: the transport it gets identifies the FakeHost whose facts it returns.
  const byTransport = new Map([...hosts.values()].map((host) => [host.transport, host]));

  return {
    transports: new Map([...hosts].map(([name, host]) => [name, host.transport])),
    desiredStateSha256: DESIRED_SHA,
    toolVersion: TOOL_VERSION,
    reporter,
    probe: async (transport) => structuredClone(byTransport.get(transport as never)!.facts),
    sleep: async () => {},
    local: { hostname: 'client', user: 'ops', pid: 4242, isAlive: () => true },
    ...extra,
  };
}

/** Returns the largest number of actions running at once, from the start and end events. */
function maxConcurrent(reporter: RecordingReporter): number {
  const running = new Set<string>();
  let max = 0;
  for (const event of reporter.events) {
    if (event.type === 'action-start') {
      running.add(event.actionId);
      max = Math.max(max, running.size);
    } else if (event.type === 'action-end' || event.type === 'action-error') {
      running.delete(event.actionId);
    }
  }

  return max;
}

/** Returns the position of the first event of `type` for `actionId`. */
function indexOf(reporter: RecordingReporter, type: string, actionId: string): number {
  const index = reporter.events.findIndex((event) => event.type === type && 'actionId' in event && event.actionId === actionId);
  assert.ok(index >= 0, `no ${type} event for ${actionId}`);

  return index;
}

async function applyTo(hosts: Map<string, FakeHost>, actions: Action[], extra: Partial<ApplyOptions> = {}, groups: HostGroup[] = []) {
  const reporter = new RecordingReporter();
  const result = await applyPlan(planOf(hosts, actions, groups), optionsFor(hosts, reporter, extra));

  return { reporter, result };
}

describe('apply/walk across hosts', () => {
  test('independent hosts run at once', async () => {
    const hosts = new Map([['gw1', workingHost()], ['gw2', workingHost()]]);
    const { reporter, result } = await applyTo(hosts, [...twoSteps('gw1'), ...twoSteps('gw2')], { parallelism: 2 });

    assert.equal(result.ok, true);
    assert.equal(maxConcurrent(reporter), 2);
    assert.ok(indexOf(reporter, 'action-start', 'gw2/stop-units') < indexOf(reporter, 'action-end', 'gw1/stop-units'));
  });

  test('parallelism 1 runs in plan order', async () => {
    const hosts = new Map([['gw1', workingHost()], ['gw2', workingHost()]]);
    const { reporter, result } = await applyTo(hosts, [...twoSteps('gw1'), ...twoSteps('gw2')], { parallelism: 1 });

    assert.equal(result.ok, true);
    assert.equal(maxConcurrent(reporter), 1);
    assert.deepEqual(
      reporter.ofType('action-start').map((event) => event.actionId),
      ['gw1/stop-units', 'gw1/disable-units', 'gw2/stop-units', 'gw2/disable-units'],
    );
  });

  test('bound caps the hosts at once', async () => {
    const hosts = new Map([['gw1', workingHost()], ['gw2', workingHost()], ['gw3', workingHost()]]);
    const { reporter, result } = await applyTo(hosts, [...twoSteps('gw1'), ...twoSteps('gw2'), ...twoSteps('gw3')], { parallelism: 2 });

    assert.equal(result.ok, true);
    assert.equal(maxConcurrent(reporter), 2);
    assert.deepEqual(result.actions.map((item) => item.status), Array(6).fill('done'));
  });

  test('one action per host at a time', async () => {
    const hosts = new Map([['gw1', workingHost()]]);
    const independent = [action('gw1', 'stop-units', STOP), action('gw1', 'disable-units', DISABLE)];
    const { reporter } = await applyTo(hosts, independent, { parallelism: 4 });

    assert.equal(maxConcurrent(reporter), 1);
  });

  test('waits for a dependency on another host', async () => {
    const hosts = new Map([['gw1', workingHost()], ['gw2', workingHost()]]);
    const actions = [...twoSteps('gw1'), ...twoSteps('gw2', ['gw1/disable-units'])];
    const { reporter, result } = await applyTo(hosts, actions, { parallelism: 2 });

    assert.equal(result.ok, true);
    assert.ok(indexOf(reporter, 'action-end', 'gw1/disable-units') < indexOf(reporter, 'action-start', 'gw2/stop-units'));
    assert.equal(maxConcurrent(reporter), 1);
  });

  test('failure starts no new host', async () => {
    const hosts = new Map([['gw1', workingHost('systemctl mask')], ['gw2', workingHost()], ['gw3', workingHost()]]);
    const actions = [...twoSteps('gw1'), ...twoSteps('gw2'), ...twoSteps('gw3')];
    const { reporter, result } = await applyTo(hosts, actions, { parallelism: 2 });
    const status = Object.fromEntries(result.actions.map((item) => [item.id, item.status]));

    assert.equal(result.ok, false);
    assert.equal(result.failure?.actionId, 'gw1/stop-units');
    // gw2 was already running its first step and finishes it; gw3 never starts.
    assert.equal(status['gw2/stop-units'], 'done');
    assert.equal(status['gw2/disable-units'], 'not-run');
    assert.equal(status['gw3/stop-units'], 'not-run');
    assert.equal(hosts.get('gw3')!.stepScripts().length, 0);
    const skipped = reporter.ofType('action-skipped').find((event) => event.actionId === 'gw3/stop-units');
    assert.equal(skipped?.reason, 'not run because gw1/stop-units failed');
  });

  test('keepGoing finishes independent hosts', async () => {
    const hosts = new Map([['gw1', workingHost('systemctl mask')], ['gw2', workingHost()], ['gw3', workingHost()]]);
    const actions = [...twoSteps('gw1'), ...twoSteps('gw2'), ...twoSteps('gw3')];
    const { result } = await applyTo(hosts, actions, { parallelism: 2, keepGoing: true });
    const status = Object.fromEntries(result.actions.map((item) => [item.id, item.status]));

    assert.equal(result.ok, false);
    assert.equal(status['gw1/disable-units'], 'not-run');
    for (const id of ['gw2/stop-units', 'gw2/disable-units', 'gw3/stop-units', 'gw3/disable-units']) {
      assert.equal(status[id], 'done', id);
    }
  });

  test('keepGoing stops the failed cluster', async () => {
    const hosts = new Map([['gw1', workingHost('disable --now')], ['gw2', workingHost()], ['gw3', workingHost()]]);
    const actions = [...twoSteps('gw1'), ...twoSteps('gw2'), ...twoSteps('gw3')];
    const groups: HostGroup[] = [{ kind: 'cluster', name: 'mx', hosts: ['gw1', 'gw2'] }];
    const { reporter, result } = await applyTo(hosts, actions, { parallelism: 1, keepGoing: true }, groups);
    const status = Object.fromEntries(result.actions.map((item) => [item.id, item.status]));

    assert.equal(result.failure?.actionId, 'gw1/disable-units');
    assert.equal(status['gw2/stop-units'], 'not-run');
    assert.equal(status['gw3/disable-units'], 'done');
    const skipped = reporter.ofType('action-skipped').find((event) => event.actionId === 'gw2/stop-units');
    assert.equal(skipped?.reason, 'not run because gw1/disable-units failed');
  });

  test('dependents of a failure never run', async () => {
    const hosts = new Map([['gw1', workingHost('systemctl mask')], ['gw2', workingHost()]]);
    const actions = [...twoSteps('gw1'), ...twoSteps('gw2', ['gw1/stop-units'])];
    const { reporter, result } = await applyTo(hosts, actions, { parallelism: 2, keepGoing: true });

    assert.deepEqual(result.actions.map((item) => item.status), ['failed', 'not-run', 'not-run', 'not-run']);
    const skipped = reporter.ofType('action-skipped').find((event) => event.actionId === 'gw2/disable-units');
    assert.equal(skipped?.reason, 'not run because gw1/stop-units failed');
  });

  test('releases every lock', async () => {
    const hosts = new Map([['gw1', workingHost('systemctl mask')], ['gw2', workingHost()]]);
    await applyTo(hosts, [...twoSteps('gw1'), ...twoSteps('gw2')], { parallelism: 2 });

    assert.equal(hosts.get('gw1')!.lock, null);
    assert.equal(hosts.get('gw2')!.lock, null);
  });
});
