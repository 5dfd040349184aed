import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkpointOf } from '../../../lib/apply/checkpoint.js';
import { applyPlan, RecordingReporter } from '../../../lib/apply/index.js';
import { sectionsToSkip } from '../../../lib/apply/probe-sections.js';
import type { ApplyOptions } from '../../../lib/apply/types.js';
import { InternalError } from '../../../lib/errors.js';
import type { Action } from '../../../lib/plan/model.js';
import { fingerprintFacts } from '../../../lib/planfile/fingerprint.js';
import type { SkippableSection } from '../../../lib/probe/partial-facts.js';
import { maskedUnit, pmg7Host, unit } from '../../support/facts.js';
import { action, DESIRED_SHA, FakeHost, HOST, planFor, probed, TOOL_VERSION } from './fixtures.js';

const MAIL = ['postfix.service', 'pmgproxy.service'];
const CONFFILE_KEY = 'conffiles[/etc/ssh/sshd_config]';

const stop = action('stop-units', { kind: 'stop-units', units: MAIL, mask: true }, MAIL.map((name) => `units[${name}]`));
const upgrade = action('dist-upgrade', { kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [{ path: '/etc/ssh/sshd_config', answer: 'keep' }] }, ['os.codename', CONFFILE_KEY]);
const resolve = action('resolve-conffiles', { kind: 'resolve-conffiles', files: [{ path: '/etc/ssh/sshd_config', answer: 'keep' }] }, [CONFFILE_KEY]);
const download = action('download-packages', { kind: 'download-packages' }, ['os.codename']);
const start = action('unmask-units', { kind: 'unmask-units', units: MAIL, start: true }, MAIL.map((name) => `units[${name}]`));
const verify = action('verify', { kind: 'verify' });

/** Returns the host plan of a plan made of `actions`, with fingerprints from a bullseye host. */
function hostPlanOf(actions: Action[]) {
  return planFor(pmg7Host(), actions).hosts[0]!;
}

describe('apply/probe-sections', () => {
  describe('sectionsToSkip()', () => {
    test('unit steps skip both slow sections', () => {
      const hostPlan = hostPlanOf([stop, upgrade, resolve, start]);

      assert.deepEqual(sectionsToSkip(start, hostPlan, undefined), ['apt-simulate', 'conffile-md5']);
    });

    test('step before resolve-conffiles keeps the checksums', () => {
      const hostPlan = hostPlanOf([stop, resolve]);

      assert.deepEqual(sectionsToSkip(stop, hostPlan, resolve), ['apt-simulate']);
    });

    test('dist-upgrade keeps checksums the plan fingerprints', () => {
      const hostPlan = hostPlanOf([stop, upgrade, start]);

      assert.deepEqual(sectionsToSkip(upgrade, hostPlan, start), ['apt-simulate']);
    });

    test('dist-upgrade skips checksums nobody reads', () => {
      const bare = action('dist-upgrade', { kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [] }, ['os.codename']);
      const hostPlan = hostPlanOf([stop, bare, start]);

      assert.deepEqual(sectionsToSkip(bare, hostPlan, start), ['apt-simulate', 'conffile-md5']);
    });

    test('dist-upgrade of a resumed upgrade keeps apt-simulate', () => {
      const resuming = action('dist-upgrade', { kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [] }, ['os.codename', 'apt.pending']);
      const hostPlan = hostPlanOf([stop, resuming, start]);

      assert.deepEqual(sectionsToSkip(resuming, hostPlan, start), ['conffile-md5']);
    });

    test('download-packages keeps apt-simulate', () => {
      const hostPlan = hostPlanOf([download, stop]);

      assert.deepEqual(sectionsToSkip(download, hostPlan, stop), ['conffile-md5']);
    });

    test('resolve-conffiles keeps the checksums', () => {
      const hostPlan = hostPlanOf([upgrade, resolve, start]);

      assert.deepEqual(sectionsToSkip(resolve, hostPlan, start), ['apt-simulate']);
    });

    test('verify skips nothing', () => {
      const hostPlan = hostPlanOf([stop, verify]);

      assert.deepEqual(sectionsToSkip(verify, hostPlan, undefined), []);
    });

    test('unit step keeps a section it fingerprints', () => {
      const odd = action('start-units', { kind: 'start-units', units: ['postfix.service'] }, ['units[postfix.service]', 'apt.pending']);
      const hostPlan = hostPlanOf([odd]);

      assert.deepEqual(sectionsToSkip(odd, hostPlan, undefined), ['conffile-md5']);
    });
  });

  describe('checkpointOf()', () => {
    test('keeps the last fingerprint of a skipped section', () => {
      const facts = pmg7Host();
      const hostPlan = hostPlanOf([stop, upgrade]);
      const previous: Record<string, string> = { ...fingerprintFacts(facts, Object.keys(hostPlan.fingerprints)), [CONFFILE_KEY]: 'earlier' };
      facts.units['postfix.service'] = maskedUnit();
      const checkpoint = checkpointOf(hostPlan, stop.id, probed(facts, ['apt-simulate', 'conffile-md5']), previous);
      const fresh = fingerprintFacts(facts, Object.keys(hostPlan.fingerprints));

      assert.equal(checkpoint.fingerprints[CONFFILE_KEY], 'earlier');
      assert.equal(checkpoint.fingerprints['units[postfix.service]'], fresh['units[postfix.service]']);
      assert.notEqual(checkpoint.fingerprints['units[postfix.service]'], previous['units[postfix.service]']);
    });

    test('takes a probed section afresh', () => {
      const facts = pmg7Host();
      const hostPlan = hostPlanOf([stop, upgrade]);
      const checkpoint = checkpointOf(hostPlan, stop.id, probed(facts, ['apt-simulate']), { [CONFFILE_KEY]: 'earlier' });

      assert.equal(checkpoint.fingerprints[CONFFILE_KEY], fingerprintFacts(facts, [CONFFILE_KEY])[CONFFILE_KEY]);
    });

    test('throws without an earlier fingerprint', () => {
      const hostPlan = hostPlanOf([stop, upgrade]);

      assert.throws(() => checkpointOf(hostPlan, stop.id, probed(pmg7Host(), ['conffile-md5']), {}), InternalError);
    });
  });

  describe('applyPlan()', () => {
    test('re-probes with the chosen sections, verify in full', async () => {
      const host: FakeHost = new FakeHost(pmg7Host(), [
        (script) => {
          if (script.includes('systemctl mask')) for (const name of MAIL) host.facts.units[name] = maskedUnit();
          if (script.includes('systemctl unmask')) for (const name of MAIL) host.facts.units[name] = unit('active');
          return { stdout: '' };
        },
      ]);
      const skips: (readonly SkippableSection[])[] = [];
      let fullProbes = 0;
      const options: ApplyOptions = {
        transports: new Map([[HOST, host.transport]]),
        desiredStateSha256: DESIRED_SHA,
        toolVersion: TOOL_VERSION,
        reporter: new RecordingReporter(),
        probe: async () => {
          fullProbes += 1;
          return structuredClone(host.facts);
        },
        probeSkipping: async (_transport, skip) => {
          skips.push(skip);
          return probed(host.facts, skip);
        },
        sleep: async () => {},
        local: { hostname: 'client', user: 'ops', pid: 4242, isAlive: () => true },
      };
      const withConffile = action('start-units', { kind: 'start-units', units: ['postfix.service'] }, [CONFFILE_KEY]);
      const plan = planFor(host.facts, [stop, start, withConffile, verify]);
      const result = await applyPlan(plan, options);

      assert.equal(result.ok, true);
      assert.deepEqual(skips, [['apt-simulate', 'conffile-md5'], ['apt-simulate', 'conffile-md5'], ['apt-simulate']]);
      assert.equal(fullProbes, 2, 'the probe before the first action and the one of verify');
      const checkpoint = JSON.parse(host.checkpoint!) as { fingerprints: Record<string, string> };
      assert.equal(checkpoint.fingerprints[CONFFILE_KEY], plan.hosts[0]!.fingerprints[CONFFILE_KEY]);
    });
  });
});
