import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { applyPlan, LockHeldError, planIdOf, RecordingReporter, StalePlanError } from '../../../lib/apply/index.js';
import type { ApplyOptions } from '../../../lib/apply/types.js';
import { GUARD_STATUS } from '../../../lib/apply/commands/shell.js';
import { maskedUnit, pmg7Host, unit } from '../../support/facts.js';
import { action, DESIRED_SHA, FakeHost, HOST, planFor, TOOL_VERSION } from './fixtures.js';

const MAIL = ['postfix.service', 'pmgproxy.service'];

function options(host: FakeHost, reporter = new RecordingReporter(), extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return {
    transports: new Map([[HOST, host.transport]]),
    desiredStateSha256: DESIRED_SHA,
    toolVersion: TOOL_VERSION,
    reporter,
    probe: host.probe,
    sleep: async () => {},
    local: { hostname: 'client', user: 'ops', pid: 4242, isAlive: () => true },
    ...extra,
  };
}

/** A host on which stop, disable and start scripts change the unit facts the way systemd would. */
function workingHost(failOn: string | null = null) {
  const host: FakeHost = new FakeHost(pmg7Host(), [
    (script) => {
      if (failOn !== null && script.includes(failOn)) {
        return { exitCode: 100, stdout: 'Reading package lists...\nE: Unable to locate package nosuch\n' };
      }
      if (script.includes('systemctl mask')) {
        for (const name of MAIL) host.facts.units[name] = maskedUnit();
      }
      if (script.includes('systemctl disable --now')) {
        host.facts.units['clamav-clamonacc.service'] = unit('inactive', 'disabled');
      }
      if (script.includes('apt-get') && script.includes(' remove ')) {
        delete host.facts.packages['linux-image-amd64'];
      }

      return { stdout: 'ok\n' };
    },
  ]);

  return host;
}

const stop = action('stop-units', { kind: 'stop-units', units: MAIL, mask: true }, MAIL.map((name) => `units[${name}]`));
const remove = action('remove-packages', { kind: 'remove-packages', packages: ['linux-image-amd64'] }, ['packages[linux-image-amd64]']);
const disable = action('disable-units', { kind: 'disable-units', units: ['clamav-clamonacc.service'] }, ['units[clamav-clamonacc.service]']);

describe('apply/index', () => {
  describe('applyPlan()', () => {
    test('runs every action in plan order', async () => {
      const host = workingHost();
      const reporter = new RecordingReporter();
      const result = await applyPlan(planFor(host.facts, [stop, remove, disable]), options(host, reporter));

      assert.equal(result.ok, true);
      assert.deepEqual(result.actions.map((item) => item.status), ['done', 'done', 'done']);
      assert.deepEqual(
        reporter.events.map((event) => event.type).filter((type) => type !== 'action-output' && type !== 'note'),
        ['plan-start', 'action-start', 'action-end', 'action-start', 'action-end', 'action-start', 'action-end', 'summary'],
      );
      const steps = host.stepScripts();
      assert.match(steps[0]!, /systemctl mask/);
      assert.match(steps[1]!, / remove /);
      assert.match(steps[2]!, /disable --now/);
    });

    test('journals start and end of each action', async () => {
      const host = workingHost();
      await applyPlan(planFor(host.facts, [stop, disable]), options(host));
      const entries = host.journal.map((line) => JSON.parse(line) as { actionId: string; event: string });

      assert.deepEqual(
        entries.filter((entry) => entry.event !== 'note').map((entry) => `${entry.actionId} ${entry.event}`),
        [`${HOST}/stop-units start`, `${HOST}/stop-units end`, `${HOST}/disable-units start`, `${HOST}/disable-units end`],
      );
    });

    test('stops at the first failure and reports later actions not run', async () => {
      const host = workingHost(' remove ');
      const reporter = new RecordingReporter();
      const result = await applyPlan(planFor(host.facts, [stop, remove, disable]), options(host, reporter));

      assert.equal(result.ok, false);
      assert.deepEqual(result.actions.map((item) => item.status), ['done', 'failed', 'not-run']);
      assert.equal(result.failure?.actionId, `${HOST}/remove-packages`);
      assert.equal(result.failure?.cause.exitStatus, 100);
      assert.deepEqual(result.failure?.cause.lastLines.at(-1), 'E: Unable to locate package nosuch');
      assert.equal(host.stepScripts().some((script) => script.includes('disable --now')), false);

      const skipped = reporter.ofType('action-skipped');
      assert.deepEqual(skipped.map((event) => event.actionId), [`${HOST}/disable-units`]);
      assert.match(skipped[0]!.reason, /remove-packages failed/);
      assert.equal(reporter.ofType('summary')[0]?.notRun, 1);
    });

    test('journals the failure of an action', async () => {
      const host = workingHost(' remove ');
      await applyPlan(planFor(host.facts, [remove]), options(host));
      const errors = host.journal.map((line) => JSON.parse(line) as { event: string; detail: string }).filter((entry) => entry.event === 'error');

      assert.equal(errors.length, 1);
      assert.match(errors[0]!.detail, /exited with status 100/);
    });

    test('fails an action whose effect the probe does not show', async () => {
      const host = new FakeHost(pmg7Host(), [() => ({ stdout: '' })]);
      const result = await applyPlan(planFor(host.facts, [stop, disable]), options(host));

      assert.equal(result.ok, false);
      assert.equal(result.failure?.actionId, `${HOST}/stop-units`);
      assert.match(result.failure!.cause.title, /does not show the step's effect/);
      assert.match(result.failure!.cause.detail, /postfix\.service is loaded, active/);
      assert.deepEqual(result.actions.map((item) => item.status), ['failed', 'not-run']);
    });

    test('reports a guard refusal as an unmet precondition', async () => {
      const host = new FakeHost(pmg7Host(), [
        () => ({ exitCode: GUARD_STATUS.databaseNotServed, stdout: 'pmgup: database Proxmox_ruledb is still served by PostgreSQL 13 on port 5432; refusing to purge postgresql-13\n' }),
      ]);
      const purge = action('purge-packages', { kind: 'purge-packages', packages: ['postgresql-13'] }, ['packages[postgresql-13]']);
      const result = await applyPlan(planFor(host.facts, [purge]), options(host));

      assert.equal(result.failure?.cause.exitStatus, GUARD_STATUS.databaseNotServed);
      assert.match(result.failure!.cause.title, /precondition/);
      assert.match(result.failure!.cause.detail, /still served by PostgreSQL 13/);
    });

    test('stops between actions when interrupted', async () => {
      const controller = new AbortController();
      const host = workingHost();
      const reporter = new RecordingReporter();
      const interrupting = new FakeHost(host.facts, [
        (script) => {
          controller.abort();
          if (script.includes('systemctl mask')) for (const name of MAIL) interrupting.facts.units[name] = maskedUnit();
          return { stdout: '' };
        },
      ]);
      const result = await applyPlan(planFor(interrupting.facts, [stop, disable]), options(interrupting, reporter, { signal: controller.signal }));

      assert.deepEqual(result.actions.map((item) => item.status), ['done', 'not-run']);
      assert.match(result.failure!.cause.title, /interrupted before pmg1\/disable-units/);
      assert.equal(reporter.ofType('action-skipped')[0]?.reason, 'not run because apply was interrupted');
      assert.equal(interrupting.lock, null);
    });

    test('counts a step cut short by the interruption as interrupted', async () => {
      const controller = new AbortController();
      const interrupting = new FakeHost(workingHost().facts, [
        (script) => {
          if (script.includes('systemctl mask')) {
            controller.abort();
            return { exitCode: 255, stdout: 'Killed by signal 2.\n' };
          }
          return { stdout: '' };
        },
      ]);
      const reporter = new RecordingReporter();
      const result = await applyPlan(planFor(interrupting.facts, [stop, disable]), options(interrupting, reporter, { signal: controller.signal }));

      assert.deepEqual(result.actions.map((item) => item.status), ['failed', 'not-run']);
      assert.match(result.failure!.cause.title, /pmg1\/stop-units: apply was interrupted during the step/);
      assert.equal(reporter.ofType('action-skipped')[0]?.reason, 'not run because apply was interrupted');
      assert.equal(interrupting.lock, null);
    });

    test('releases the lock after the run', async () => {
      const host = workingHost(' remove ');
      await applyPlan(planFor(host.facts, [stop, remove]), options(host));
      assert.equal(host.lock, null);
    });

    test('records the mail downtime from stop to start', async () => {
      let clock = Date.parse('2026-12-01T11:00:00Z');
      const start = action('unmask-units', { kind: 'unmask-units', units: MAIL, start: true });
      const running: FakeHost = new FakeHost(pmg7Host(), [
        (script) => {
          clock += 60_000;
          if (script.includes('systemctl mask')) for (const name of MAIL) running.facts.units[name] = maskedUnit();
          if (script.includes('systemctl unmask')) for (const name of MAIL) running.facts.units[name] = unit('active');
          return { stdout: '' };
        },
      ]);
      const result = await applyPlan(planFor(running.facts, [stop, start]), options(running, new RecordingReporter(), { now: () => new Date(clock) }));

      assert.equal(result.ok, true);
      assert.equal(result.mailDowntimeMs[HOST], 60_000);
      assert.ok(running.journal.some((line) => line.includes('mail downtime ended after 60 s')));
    });
  });

  describe('resuming the same plan', () => {
    test('skips actions an earlier apply of the plan finished', async () => {
      const host = workingHost();
      const plan = planFor(host.facts, [stop, disable]);
      const planId = planIdOf(plan);
      for (const name of MAIL) host.facts.units[name] = maskedUnit();
      host.journal.push(
        JSON.stringify({ time: '2026-12-01T10:01:00.000Z', planId, actionId: `${HOST}/stop-units`, event: 'start', detail: 'x' }),
        JSON.stringify({ time: '2026-12-01T10:01:05.000Z', planId, actionId: `${HOST}/stop-units`, event: 'end', detail: 'done' }),
      );
      const reporter = new RecordingReporter();
      const result = await applyPlan(plan, options(host, reporter));

      assert.equal(result.ok, true);
      assert.deepEqual(reporter.ofType('action-skipped').map((event) => event.actionId), [`${HOST}/stop-units`]);
      assert.match(reporter.ofType('action-skipped')[0]!.reason, /already done by an earlier apply/);
      assert.equal(host.stepScripts().some((script) => script.includes('systemctl mask')), false);
    });

    test('stores a checkpoint after each verified action', async () => {
      const host = workingHost();
      await applyPlan(planFor(host.facts, [stop, disable]), options(host));
      const checkpoint = JSON.parse(host.checkpoint!) as { afterAction: string; fingerprints: Record<string, string> };
      assert.equal(checkpoint.afterAction, `${HOST}/disable-units`);
      assert.deepEqual(Object.keys(checkpoint.fingerprints).sort(), [...stop.fingerprintKeys, ...disable.fingerprintKeys].sort());
    });

    test('rejects a resumed plan when the host changed after the checkpoint', async () => {
      const host = workingHost(' remove ');
      const plan = planFor(host.facts, [stop, remove, disable]);
      const first = await applyPlan(plan, options(host));
      assert.equal(first.failure?.actionId, `${HOST}/remove-packages`);

      host.facts.units['postfix.service'] = unit('active', 'masked', 'masked');
      await assert.rejects(applyPlan(plan, options(host)), (error: unknown) => {
        assert.ok(error instanceof StalePlanError);
        assert.deepEqual(error.reasons.map((reason) => reason.subject), ['units[postfix.service]']);
        return true;
      });
    });

    test('resumes after a failure the operator fixed', async () => {
      let broken = true;
      const host: FakeHost = new FakeHost(pmg7Host(), [
        (script) => {
          if (script.includes(' remove ')) {
            if (broken) return { exitCode: 100, stdout: 'E: dpkg was interrupted\n' };
            delete host.facts.packages['linux-image-amd64'];
          }
          if (script.includes('systemctl mask')) for (const name of MAIL) host.facts.units[name] = maskedUnit();
          return { stdout: '' };
        },
      ]);
      const plan = planFor(host.facts, [stop, remove]);
      assert.equal((await applyPlan(plan, options(host))).ok, false);

      broken = false;
      const reporter = new RecordingReporter();
      const second = await applyPlan(plan, options(host, reporter));
      assert.equal(second.ok, true);
      assert.deepEqual(reporter.ofType('action-skipped').map((event) => event.actionId), [`${HOST}/stop-units`]);
      assert.deepEqual(reporter.ofType('action-end').map((event) => event.actionId), [`${HOST}/remove-packages`]);
    });

    test('still rejects changes to facts no started action touched', async () => {
      const host = workingHost();
      const plan = planFor(host.facts, [stop, disable]);
      const planId = planIdOf(plan);
      host.journal.push(JSON.stringify({ time: '2026-12-01T10:01:00.000Z', planId, actionId: `${HOST}/stop-units`, event: 'start', detail: 'x' }));
      for (const name of MAIL) host.facts.units[name] = maskedUnit();
      host.facts.units['clamav-clamonacc.service'] = unit('failed', 'enabled');
      await assert.rejects(applyPlan(plan, options(host)), (error: unknown) => {
        assert.ok(error instanceof StalePlanError);
        assert.deepEqual(error.reasons.map((reason) => reason.subject), ['units[clamav-clamonacc.service]']);
        return true;
      });
    });
  });

  describe('verify step', () => {
    function verifyHost() {
      const facts = pmg7Host();
      facts.postgres.clusters[0]!.version = 15;
      return new FakeHost(facts, [() => ({ stdout: '' })]);
    }
    const verify = action('verify', { kind: 'verify' });
    const later = action('purge-packages', { kind: 'purge-packages', packages: ['nosuch'] });

    test('ignores what later actions of the plan do', async () => {
      const host = verifyHost();
      const result = await applyPlan(planFor(host.facts, [verify, later]), options(host, new RecordingReporter(), {
        remainingChanges: () => [
          { actionId: `${HOST}/verify`, text: 'verify again' },
          { actionId: `${HOST}/purge-packages`, text: 'purge is still needed' },
        ],
      }));
      assert.equal(result.ok, true);
    });

    test('fails on a difference no later action resolves', async () => {
      const host = verifyHost();
      const result = await applyPlan(planFor(host.facts, [verify, later]), options(host, new RecordingReporter(), {
        remainingChanges: () => [
          { actionId: `${HOST}/unmask-units`, text: 'unmask is still needed' },
          { actionId: null, text: 'pg-config: stats_temp_directory is set' },
        ],
      }));
      assert.equal(result.failure?.actionId, `${HOST}/verify`);
      assert.match(result.failure!.cause.detail, /unmask is still needed/);
      assert.match(result.failure!.cause.detail, /stats_temp_directory/);
    });
  });

  describe('refusals before any change', () => {
    test('rejects a plan made by another tool version', async () => {
      const host = workingHost();
      await assert.rejects(applyPlan(planFor(host.facts, [stop]), { ...options(host), toolVersion: '0.2.0' }), (error: unknown) => {
        assert.ok(error instanceof StalePlanError);
        assert.match(error.detail, /tool version\n\s+plan: 0\.1\.0\n\s+now:  0\.2\.0/);
        return true;
      });
      assert.deepEqual(host.transport.scripts, []);
    });

    test('rejects a plan made from another desired state', async () => {
      const host = workingHost();
      await assert.rejects(applyPlan(planFor(host.facts, [stop]), { ...options(host), desiredStateSha256: 'e'.repeat(64) }), StalePlanError);
      assert.deepEqual(host.transport.scripts, []);
    });

    test('rejects a stale plan and runs no step', async () => {
      const host = workingHost();
      const plan = planFor(host.facts, [stop, disable]);
      host.facts.units['postfix.service'] = unit('inactive');
      await assert.rejects(applyPlan(plan, options(host)), (error: unknown) => {
        assert.ok(error instanceof StalePlanError);
        assert.match(error.detail, /units\[postfix\.service\]/);
        assert.match(error.detail, /pmgup plan again/);
        return true;
      });
      assert.deepEqual(host.stepScripts(), []);
      assert.equal(host.lock, null);
    });

    test('rejects an errored plan', async () => {
      const host = workingHost();
      const plan = { ...planFor(host.facts, [stop]), errored: true };
      await assert.rejects(applyPlan(plan, options(host)), /has errors/);
      assert.deepEqual(host.transport.scripts, []);
    });

    test('stops when another apply holds the lock', async () => {
      const host = workingHost();
      host.lock = JSON.stringify({ pid: 77, holder: 'alice@laptop', since: '2026-12-01T09:00:00Z', planId: 'aaaaaaaaaaaa' });
      await assert.rejects(applyPlan(planFor(host.facts, [stop]), options(host)), (error: unknown) => {
        assert.ok(error instanceof LockHeldError);
        assert.match(error.message, /Another pmgup apply holds the lock on pmg1/);
        assert.match(error.detail, /alice@laptop \(pid 77\) holds it since 2026-12-01T09:00:00Z/);
        assert.match(error.detail, /--force-unlock/);
        return true;
      });
      assert.deepEqual(host.stepScripts(), []);
      assert.match(host.lock!, /alice@laptop/);
    });

    test('takes over a lock left by a dead apply on this machine', async () => {
      const host = workingHost();
      host.lock = JSON.stringify({ pid: 77, holder: 'ops@client', since: '2026-12-01T09:00:00Z', planId: 'aaaaaaaaaaaa' });
      const result = await applyPlan(planFor(host.facts, [stop]), options(host, new RecordingReporter(), {
        local: { hostname: 'client', user: 'ops', pid: 4242, isAlive: (pid) => pid !== 77 },
      }));
      assert.equal(result.ok, true);
      assert.ok(host.journal.some((line) => line.includes('took over the lock of ops@client (pid 77')));
    });
  });
});
