import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkEffect, type EffectContext } from '../../../../lib/apply/verify/index.js';
import type { Step } from '../../../../lib/plan/model.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import type { ProbedFacts } from '../../../../lib/probe/partial-facts.js';
import { clone, cluster, DEFAULT_DATABASES, maskedUnit, pkg, pmg7Host, sha256, unit } from '../../../support/facts.js';
import { probed } from '../fixtures.js';

function context(after: ProbedFacts, extra: Partial<EffectContext> = {}): EffectContext {
  return {
    before: pmg7Host(),
    after,
    targetCodename: 'bookworm',
    postgres: { database: 'Proxmox_ruledb', major: 15 },
    writtenSha256: null,
    backupPath: null,
    conffileOutcomes: [],
    reboot: null,
    remaining: null,
    ...extra,
  };
}

/** Facts of the host after the whole upgrade. */
function upgraded(): HostFacts {
  const facts = pmg7Host();
  facts.os = { ...facts.os, codename: 'bookworm', versionId: '12' };
  facts.packages['proxmox-mailgateway'] = pkg('8.2.0');
  facts.packages['pmg-api'] = pkg('8.2.3');
  facts.postgres.clusters = [cluster(15, 5432, [...DEFAULT_DATABASES, 'Proxmox_ruledb'])];
  facts.boot.bootedAt += 1000;

  return facts;
}

const check = (step: Step, after: HostFacts, extra: Partial<EffectContext> = {}) => checkEffect(step, context(after, extra));

describe('apply/verify', () => {
  describe('units', () => {
    const stop: Step = { kind: 'stop-units', units: ['postfix.service'], mask: true };

    test('stop-units passes on a masked inactive unit', () => {
      const facts = pmg7Host();
      facts.units['postfix.service'] = maskedUnit();
      assert.deepEqual(check(stop, facts), []);
    });

    test('stop-units fails on a running unit', () => {
      assert.match(check(stop, pmg7Host())[0]!, /postfix\.service is loaded, active .*expected inactive and masked/);
    });

    test('stop-units fails on a failed unit', () => {
      const facts = pmg7Host();
      facts.units['postfix.service'] = { ...maskedUnit(), activeState: 'failed' };
      assert.equal(check(stop, facts).length, 1);
    });

    test('unmask-units with start needs the unit active', () => {
      const step: Step = { kind: 'unmask-units', units: ['postfix.service'], start: true };
      const facts = pmg7Host();
      facts.units['postfix.service'] = unit('inactive');
      assert.equal(check(step, facts).length, 1);
      facts.units['postfix.service'] = unit('active');
      assert.deepEqual(check(step, facts), []);
    });

    test('disable-units accepts a unit that is not installed', () => {
      const step: Step = { kind: 'disable-units', units: ['clamav-clamonacc.service'] };
      const facts = pmg7Host();
      facts.units['clamav-clamonacc.service'] = { loadState: 'not-found', activeState: 'inactive', subState: 'dead', unitFileState: '' };
      assert.deepEqual(check(step, facts), []);
      facts.units['clamav-clamonacc.service'] = unit('failed', 'enabled');
      assert.equal(check(step, facts).length, 1);
    });

    test('a unit the probe does not report is a mismatch', () => {
      assert.match(check({ kind: 'start-units', units: ['nosuch.service'] }, pmg7Host())[0]!, /not among the units the probe reports/);
    });
  });

  describe('packages', () => {
    test('dist-upgrade passes on bookworm with PMG 8', () => {
      assert.deepEqual(check({ kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [] }, upgraded()), []);
    });

    test('dist-upgrade fails on the old release and PMG 7', () => {
      const problems = check({ kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [] }, pmg7Host());
      assert.ok(problems.some((text) => /runs bullseye, not bookworm/.test(text)));
      assert.ok(problems.some((text) => /meta-package is 7\.3-2, not version 8/.test(text)));
    });

    test('dist-upgrade fails while dpkg is unfinished', () => {
      const facts = upgraded();
      facts.dpkg.interrupted = true;
      facts.packages.libc6 = pkg('2.36-9', { status: 'half-configured' });
      const problems = check({ kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [] }, facts);
      assert.ok(problems.some((text) => /interrupted run/.test(text)));
      assert.ok(problems.some((text) => /libc6 \(half-configured\)/.test(text)));
    });

    test('purge-packages rejects configuration files left over', () => {
      const facts = pmg7Host();
      facts.packages['postgresql-13'] = pkg('13.16', { status: 'config-files' });
      assert.equal(check({ kind: 'purge-packages', packages: ['postgresql-13'] }, facts).length, 1);
      delete facts.packages['postgresql-13'];
      assert.deepEqual(check({ kind: 'purge-packages', packages: ['postgresql-13'] }, facts), []);
    });

    test('remove-packages accepts configuration files left over', () => {
      const facts = pmg7Host();
      facts.packages['linux-image-amd64'] = pkg('5.10', { status: 'config-files' });
      assert.deepEqual(check({ kind: 'remove-packages', packages: ['linux-image-amd64'] }, facts), []);
    });
  });

  describe('postgres', () => {
    test('upgrade-pg-cluster needs 15/main online on 5432 with the database', () => {
      const step: Step = { kind: 'upgrade-pg-cluster', name: 'main', fromVersion: 13, toVersion: 15, method: 'dump', database: 'Proxmox_ruledb' };
      assert.deepEqual(check(step, upgraded()), []);
      const wrongPort = upgraded();
      wrongPort.postgres.clusters = [cluster(15, 5433, [...DEFAULT_DATABASES, 'Proxmox_ruledb'])];
      assert.match(check(step, wrongPort)[0]!, /15\/main is online on port 5433/);
      assert.match(check(step, pmg7Host())[0]!, /cluster 15\/main does not exist/);
    });

    test('drop-pg-cluster needs the cluster gone', () => {
      const step: Step = { kind: 'drop-pg-cluster', version: 15, name: 'main', ifExists: true };
      assert.deepEqual(check(step, pmg7Host()), []);
      const facts = pmg7Host();
      facts.postgres.clusters.push(cluster(15, 5433, DEFAULT_DATABASES));
      assert.equal(check(step, facts).length, 1);
    });
  });

  describe('files and system', () => {
    test('edit-apt-sources compares the checksum written', () => {
      const facts = pmg7Host();
      const step: Step = { kind: 'edit-apt-sources', path: '/etc/apt/sources.list', format: 'list', beforeSha256: null, edits: [{ op: 'disable', line: 1 }] };
      assert.deepEqual(check(step, facts, { writtenSha256: facts.apt.files[0]!.sha256 }), []);
      assert.match(check(step, facts, { writtenSha256: sha256('other') })[0]!, /not the .* apply wrote/);
    });

    test('backup needs the reported archive on the host', () => {
      const facts = pmg7Host();
      facts.pmg.backups = [{ path: '/var/lib/pmg/backup/a.tgz', sizeBytes: 100, modifiedAt: 1 }];
      assert.deepEqual(check({ kind: 'backup' }, facts, { backupPath: '/var/lib/pmg/backup/a.tgz' }), []);
      assert.equal(check({ kind: 'backup' }, facts, { backupPath: '/var/lib/pmg/backup/b.tgz' }).length, 1);
      assert.equal(check({ kind: 'backup' }, facts).length, 1);
    });

    test('reboot needs a new boot id and the expected release', () => {
      const step: Step = { kind: 'reboot', expectCodename: 'bookworm', timeoutSeconds: 900 };
      const rebooted = { bootIdBefore: 'a', bootIdAfter: 'b', systemState: 'running' };
      assert.deepEqual(check(step, upgraded(), { reboot: rebooted }), []);
      const problems = check(step, pmg7Host(), { reboot: { ...rebooted, bootIdAfter: 'a' } });
      assert.equal(problems.length, 2);
      assert.match(problems[0]!, /boot id did not change \(a\)/);
      assert.match(problems[1]!, /came back on bullseye, not bookworm/);
    });

    test('apt-update needs lists for every enabled entry', () => {
      const facts = pmg7Host();
      assert.deepEqual(check({ kind: 'apt-update' }, facts), []);
      facts.apt.listedSuites = facts.apt.listedSuites.slice(1);
      assert.match(check({ kind: 'apt-update' }, facts)[0]!, /no package lists for: http:\/\/deb\.debian\.org\/debian bullseye$/);
    });

    test('verify reports what still differs', () => {
      const problems = check({ kind: 'verify' }, upgraded(), { remaining: ['pmg1/unmask-units'] });
      assert.deepEqual(problems, ['still differs from the desired state: pmg1/unmask-units']);
    });

    test('resolve-conffiles checks a maintainer install against dpkg', () => {
      const facts = clone(pmg7Host());
      const outcome = { path: '/etc/issue', outcome: 'installed-maintainer' as const, saved: '/etc/issue.pmgup-old' };
      assert.deepEqual(check({ kind: 'resolve-conffiles', files: [{ path: '/etc/issue', answer: 'maintainer' }] }, facts, { conffileOutcomes: [outcome] }), []);
      facts.conffiles[0]!.currentMd5 = 'different';
      assert.equal(check({ kind: 'resolve-conffiles', files: [{ path: '/etc/issue', answer: 'maintainer' }] }, facts, { conffileOutcomes: [outcome] }).length, 1);
    });
  });
  describe('skipped probe sections', () => {
    const MAIL = ['postfix.service', 'pmgproxy.service'];
    const RESOLVE: Step = { kind: 'resolve-conffiles', files: [{ path: '/etc/ssh/sshd_config', answer: 'keep' }] };

    test('resolve-conffiles reports missing checksums after', () => {
      const outcomes = [{ path: '/etc/ssh/sshd_config', outcome: 'kept' as const, saved: null }];
      const mismatches = checkEffect(RESOLVE, context(probed(pmg7Host(), ['conffile-md5']), { conffileOutcomes: outcomes }));

      assert.equal(mismatches.length, 1);
      assert.match(mismatches[0]!, /after this step skipped the conffile checksums/);
    });

    test('resolve-conffiles reports missing checksums before', () => {
      const mismatches = checkEffect(RESOLVE, context(pmg7Host(), { before: probed(pmg7Host(), ['conffile-md5']) }));

      assert.equal(mismatches.length, 1);
      assert.match(mismatches[0]!, /before this step skipped/);
    });

    test('download-packages does not read a skipped simulation as clean', () => {
      const mismatches = checkEffect({ kind: 'download-packages' }, context(probed(pmg7Host(), ['apt-simulate'])));

      assert.equal(mismatches.length, 1);
      assert.match(mismatches[0]!, /skipped apt-get -s dist-upgrade/);
    });

    test('unit check passes on a partial probe', () => {
      const after = probed(pmg7Host(), ['apt-simulate', 'conffile-md5']);
      for (const name of MAIL) after.units[name] = maskedUnit();

      assert.deepEqual(checkEffect({ kind: 'stop-units', units: MAIL, mask: true }, context(after)), []);
    });
  });
});
