/**
 * The download runs before anything stops: when it fails, apply stops there
 * and the mail services were never touched.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { detachedUnitName } from '../../../lib/apply/detached/scripts.js';
import { applyPlan, planIdOf, RecordingReporter } from '../../../lib/apply/index.js';
import type { Action } from '../../../lib/plan/model.js';
import { maskedUnit, pmg7Host } from '../../support/facts.js';
import { FakeUnit } from './detached/fake-unit.js';
import { action, DESIRED_SHA, FakeHost, HOST, planFor, TOOL_VERSION } from './fixtures.js';

const MAIL = ['postfix.service', 'pmgproxy.service'];

const download = action('download-packages', { kind: 'download-packages' }, ['os.codename']);
const early = action('early-upgrade', { kind: 'early-upgrade', codename: 'bookworm', hold: ['pmg-*', 'postfix'] }, ['os.codename'], [download.id]);
const stop: Action = {
  ...action('stop-units', { kind: 'stop-units', units: MAIL, mask: true }, MAIL.map((name) => `units[${name}]`), [early.id]),
  downtime: true,
};
const upgrade: Action = {
  ...action('dist-upgrade', { kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [] }, ['os.codename'], [stop.id]),
  downtime: true,
};

/** A host whose download unit fails as apt does when a mirror cannot be reached. */
function failingDownload(plan: ReturnType<typeof planFor>) {
  const unit = new FakeUnit(detachedUnitName(planIdOf(plan), 'download-packages'), [
    (u) => {
      u.append('Err:1 http://deb.debian.org/debian bookworm/main amd64 libc6 amd64 2.36-9\n');
      u.append('E: Failed to fetch http://deb.debian.org/debian/pool/main/g/glibc/libc6_2.36-9_amd64.deb\n');
      u.finish(100);
    },
  ]);
  const host: FakeHost = new FakeHost(pmg7Host(), [
    unit.handler,
    (script) => {
      if (script.includes('systemctl mask')) {
        for (const name of MAIL) host.facts.units[name] = maskedUnit();
      }
      return { stdout: '' };
    },
  ]);
  return host;
}

describe('apply: download before the downtime', () => {
  const plan = planFor(pmg7Host(), [download, early, stop, upgrade]);

  test('a failed download stops apply before any service', async () => {
    const host = failingDownload(plan);
    const reporter = new RecordingReporter();
    const result = await applyPlan(plan, {
      transports: new Map([[HOST, host.transport]]),
      desiredStateSha256: DESIRED_SHA,
      toolVersion: TOOL_VERSION,
      reporter,
      probe: host.probe,
      sleep: async () => {},
      local: { hostname: 'client', user: 'ops', pid: 4242, isAlive: () => true },
    });

    assert.equal(result.ok, false);
    assert.equal(result.failure?.actionId, `${HOST}/download-packages`);
    assert.deepEqual(result.actions.map((item) => item.status), ['failed', 'not-run', 'not-run', 'not-run']);
    assert.match(result.failure?.cause.lastLines.join('\n') ?? '', /Failed to fetch/);
    assert.ok(!host.transport.scripts.some((script) => script.includes('systemctl stop') || script.includes('systemctl mask')));
    assert.equal(host.facts.units['postfix.service']?.activeState, 'active');
    assert.deepEqual(
      reporter.ofType('action-skipped').map((event) => event.actionId),
      [early.id, stop.id, upgrade.id],
    );
  });
});
