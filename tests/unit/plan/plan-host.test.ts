import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { HostPlanResult } from '../../../lib/plan/model.js';
import { stepOf } from '../../../lib/plan/model.js';
import { compareFingerprints } from '../../../lib/planfile/fingerprint.js';
import { parseFactKey } from '../../../lib/planfile/fact-key.js';
import { clone, pmg7Host, withBackup } from '../../support/facts.js';
import { FULL_PLAN, scenarios } from './scenarios.js';
import { actionOf, codes, NOW_SECONDS, plan, slugs } from './support.js';

function scenario(name: string): HostPlanResult {
  const found = scenarios().find((item) => item.name === name);
  if (!found) {
    throw new Error(`no scenario named ${name}`);
  }

  return plan(found.facts, found.data ?? {});
}

describe('planHost()', () => {
  describe('untouched PMG 7.3 host', () => {
    const result = plan(pmg7Host());

    test('names the host and its phase', () => {
      assert.equal(result.host.name, 'pmg1');
      assert.equal(result.host.hostname, 'pmg1');
      assert.equal(result.host.machineId, '0123456789abcdef0123456789abcdef');
      assert.equal(result.host.phase, 'pre-upgrade');
    });

    test('prefixes every id with the host name', () => {
      assert.ok(result.actions.every((action) => action.id.startsWith('pmg1/') && action.host === 'pmg1'));
    });

    test('links each step to the nearest steps it must follow', () => {
      const dependencies = Object.fromEntries(result.actions.map((action) => [action.id.slice(5), action.dependsOn.map((id) => id.slice(5))]));

      assert.deepEqual(dependencies['apt-update'], ['edit-apt-sources:/etc/apt/sources.list', 'edit-apt-sources:/etc/apt/sources.list.d/pmg.list']);
      assert.deepEqual(dependencies['download-packages'], ['apt-update', 'remove-packages']);
      assert.deepEqual(dependencies['early-upgrade'], ['download-packages']);
      assert.deepEqual(dependencies['stop-units'], ['early-upgrade']);
      assert.deepEqual(dependencies['dist-upgrade'], ['stop-units']);
      assert.deepEqual(dependencies['drop-pg-cluster:15/main'], ['dist-upgrade']);
      assert.deepEqual(dependencies['upgrade-pg-cluster:13/main'], ['drop-pg-cluster:15/main']);
      assert.deepEqual(dependencies['reboot'], ['disable-units', 'unmask-units']);
      assert.deepEqual(dependencies['verify'], ['reboot']);
      assert.deepEqual(dependencies['unmask-units:cluster'], ['purge-packages']);
    });

    test('marks the downtime from the stop to the reboot', () => {
      const down = result.actions.filter((action) => action.downtime).map((action) => action.id.slice(5));

      assert.deepEqual(down, FULL_PLAN.slice(FULL_PLAN.indexOf('stop-units'), FULL_PLAN.indexOf('reboot') + 1));
    });

    test('marks removals, the upgrade and the cluster steps destructive', () => {
      const destructive = result.actions.filter((action) => action.destructive).map((action) => action.step.kind);

      assert.deepEqual(destructive, ['remove-packages', 'dist-upgrade', 'drop-pg-cluster', 'upgrade-pg-cluster', 'purge-packages']);
    });

    test('stops and masks the mail units and the cluster daemons', () => {
      const stop = stepOf(actionOf(result, 'stop-units'), 'stop-units')!;

      assert.deepEqual(stop.units, [
        'postfix.service',
        'pmg-smtp-filter.service',
        'pmgpolicy.service',
        'pmgdaemon.service',
        'pmgproxy.service',
        'pmgmirror.service',
        'pmgtunnel.service',
      ]);
      assert.equal(stop.mask, true);
    });

    test('unmasks the mail units without starting them, because the reboot does', () => {
      const unmask = stepOf(actionOf(result, 'unmask-units'), 'unmask-units')!;

      assert.equal(unmask.start, false);
      assert.equal(unmask.units.length, 5);
    });

    test('leaves the cluster daemons stopped on a host without cluster.conf', () => {
      const unmask = stepOf(actionOf(result, 'unmask-units:cluster'), 'unmask-units')!;

      assert.deepEqual(unmask.units, ['pmgmirror.service', 'pmgtunnel.service']);
      assert.equal(unmask.start, false);
    });

    test('predicts the auto-created 15/main and the clamonacc unit', () => {
      assert.deepEqual(stepOf(actionOf(result, 'drop-pg-cluster:15/main'), 'drop-pg-cluster'), {
        kind: 'drop-pg-cluster',
        version: 15,
        name: 'main',
        ifExists: true,
      });
      assert.match(actionOf(result, 'disable-units').reason.text, /clamav-clamonacc/);
    });

    test('upgrades 13/main with the configured method', () => {
      assert.deepEqual(stepOf(actionOf(result, 'upgrade-pg-cluster:13/main'), 'upgrade-pg-cluster'), {
        kind: 'upgrade-pg-cluster',
        name: 'main',
        fromVersion: 13,
        toVersion: 15,
        method: 'dump',
        database: 'Proxmox_ruledb',
      });
    });

    test('fingerprints every fact the actions name, absent ones included', () => {
      const keys = new Set(result.actions.flatMap((action) => action.fingerprintKeys));

      assert.deepEqual(Object.keys(result.host.fingerprints), [...keys].sort());
      assert.equal(result.host.fingerprints['postgres.clusters[15/main].databases'], 'absent');
      assert.equal(result.host.fingerprints['packages[postgresql-15]'], 'absent');
      assert.match(result.host.fingerprints['os.codename'], /^[0-9a-f]{64}$/);
    });

    test('uses fact keys the plan file can resolve', () => {
      for (const key of Object.keys(result.host.fingerprints)) {
        assert.notEqual(parseFactKey(key), undefined, key);
      }
    });

    test('stays fresh while the database grows', () => {
      const later = clone(pmg7Host());
      later.postgres.clusters[0].sizeBytes = 96_000_000;

      assert.deepEqual(compareFingerprints(result.host.fingerprints, later), []);
    });

    test('goes stale when the database moves', () => {
      const later = clone(pmg7Host());
      later.postgres.clusters[0].databases = ['postgres', 'template0', 'template1'];

      assert.deepEqual(
        compareFingerprints(result.host.fingerprints, later).map((fact) => fact.key),
        ['postgres.clusters[13/main].databases'],
      );
    });

    test('makes the dist-upgrade depend on release, packages, stop units and sources', () => {
      const keys = actionOf(result, 'dist-upgrade').fingerprintKeys;

      for (const key of ['os.codename', 'packages[proxmox-mailgateway]', 'packages[pmg-api]', 'units[postfix.service]', 'units[pmgtunnel.service]', 'apt.files[/etc/apt/sources.list]']) {
        assert.ok(keys.includes(key), `missing ${key}`);
      }
    });

    test('gives every action a reason', () => {
      for (const action of result.actions) {
        assert.notEqual(action.reason.attribute, '', action.id);
        assert.notEqual(action.reason.text, '', action.id);
      }
    });
  });

  test('returns the same plan for the same input', () => {
    assert.deepEqual(plan(pmg7Host()), plan(pmg7Host()));
  });

  test('leaves its input facts unchanged', () => {
    const facts = pmg7Host();
    const before = clone(facts);
    plan(facts);

    assert.deepEqual(facts, before);
  });

  describe('backup', () => {
    test('is skipped when an archive is younger than backup.max_age_hours', () => {
      assert.ok(!slugs(plan(withBackup(pmg7Host(), NOW_SECONDS - 23 * 3600))).includes('backup'));
    });

    test('is planned when the newest archive is too old', () => {
      assert.equal(slugs(plan(withBackup(pmg7Host(), NOW_SECONDS - 25 * 3600)))[0], 'backup');
    });

    test('is not planned when backup.required is false', () => {
      assert.ok(!slugs(plan(pmg7Host(), { backup: { required: false } })).includes('backup'));
    });
  });

  test('a cluster member starts its cluster daemons at the end', () => {
    const result = scenario('cluster member, untouched');
    const unmask = stepOf(actionOf(result, 'unmask-units:cluster'), 'unmask-units')!;

    assert.equal(unmask.start, true);
    assert.equal(slugs(result).at(-1), 'unmask-units:cluster');
  });

  test('unmask starts from the masked state the stop leaves', () => {
    const result = plan(pmg7Host());
    const befores = ['unmask-units', 'unmask-units:cluster'].flatMap((slug) =>
      actionOf(result, slug).changes.map((change) => change.before),
    );

    assert.ok(befores.length >= 7, befores.join(', '));
    for (const before of befores) {
      assert.equal(before, 'masked/inactive/masked');
    }
  });

  test('disable names the unit state a dist-upgrade may change', () => {
    const [change] = actionOf(plan(pmg7Host()), 'disable-units').changes;

    assert.equal(change!.after, 'loaded/inactive/disabled');
    assert.notEqual(change!.before, change!.after);
  });

  test('a finished cluster member plans nothing', () => {
    const result = scenario('cluster member, finished');

    assert.deepEqual(result.actions, []);
    assert.equal(result.host.phase, 'done');
  });

  test('interrupted dpkg is repaired first', () => {
    const result = scenario('interrupted dpkg');

    assert.deepEqual(slugs(result).slice(0, 2), ['repair-dpkg', 'backup']);
    assert.deepEqual(actionOf(result, 'backup').dependsOn, ['pmg1/repair-dpkg']);
  });

  test('a dist-upgrade stopped part way repairs dpkg, then upgrades again', () => {
    const result = scenario('dist-upgrade interrupted part way');

    assert.equal(slugs(result)[0], 'repair-dpkg');
    assert.ok(slugs(result).includes('dist-upgrade'));
    assert.ok(!slugs(result).includes('stop-units'));
    assert.ok(actionOf(result, 'repair-dpkg').downtime);
  });

  test('a third-party entry under stop makes the plan unappliable', () => {
    const result = scenario('third-party entry under stop');

    assert.deepEqual(codes(result), ['error:apt-third-party-release']);
    assert.match(result.diagnostics[0].message, /example\.list:1/);
  });

  test('deb822 sources are edited on their field lines', () => {
    const result = scenario('deb822 sources');
    const step = stepOf(actionOf(result, 'edit-apt-sources:/etc/apt/sources.list.d/debian.sources'), 'edit-apt-sources')!;

    assert.equal(step.format, 'sources');
    assert.deepEqual(step.edits, [
      { op: 'replace-suite', line: 3, from: 'bullseye', to: 'bookworm' },
      { op: 'replace-suite', line: 3, from: 'bullseye-updates', to: 'bookworm-updates' },
      { op: 'add-component', line: 4, component: 'non-free-firmware' },
    ]);
  });

  test('a target cluster with data is an error and is never dropped', () => {
    const result = scenario('target cluster with data');

    assert.deepEqual(codes(result), ['error:pg-target-cluster-not-empty']);
    assert.match(result.diagnostics[0].message, /reports/);
    assert.ok(!result.actions.some((action) => action.step.kind === 'drop-pg-cluster'));
    assert.ok(!result.actions.some((action) => action.step.kind === 'upgrade-pg-cluster'));
    assert.ok(!result.actions.some((action) => action.step.kind === 'unmask-units'));
  });

  test('a stop answer for a changed conffile is an error naming the key', () => {
    const result = scenario('conffile answered stop');

    assert.deepEqual(codes(result), ['error:conffile-stop']);
    assert.equal(result.diagnostics[0].subject, '/etc/issue');
    assert.match(result.diagnostics[0].fix ?? '', /conffiles\.files\."\/etc\/issue"/);
  });

  test('a locally changed sshd_config gets the maintainer version after the upgrade', () => {
    const result = scenario('sshd_config changed locally');
    const upgrade = stepOf(actionOf(result, 'dist-upgrade'), 'dist-upgrade')!;

    assert.deepEqual(upgrade.conffiles, [{ path: '/etc/ssh/sshd_config', answer: 'maintainer' }]);
    assert.deepEqual(stepOf(actionOf(result, 'resolve-conffiles'), 'resolve-conffiles')!.files, [
      { path: '/etc/ssh/sshd_config', answer: 'maintainer' },
    ]);
    assert.deepEqual(actionOf(result, 'resolve-conffiles').dependsOn, ['pmg1/dist-upgrade']);
    assert.deepEqual(actionOf(result, 'unmask-units').dependsOn.sort(), ['pmg1/resolve-conffiles', 'pmg1/upgrade-pg-cluster:13/main']);
  });

  test('a conffile path the plan cannot name gets a warning', () => {
    const facts = pmg7Host();
    facts.conffiles.push({ path: '/etc/odd name.conf', package: 'example', recordedMd5: 'a', currentMd5: 'b', obsolete: false });
    const result = plan(facts);

    assert.deepEqual(codes(result), ['warning:conffile-path-unsupported']);
    assert.deepEqual(stepOf(actionOf(result, 'dist-upgrade'), 'dist-upgrade')!.conffiles, []);
  });

  test('without reboots, the services start at unmask and a warning remains', () => {
    const result = scenario('reboot not allowed');

    assert.ok(!slugs(result).includes('reboot'));
    assert.equal(stepOf(actionOf(result, 'unmask-units'), 'unmask-units')!.start, true);
    assert.deepEqual(codes(result), ['warning:reboot-required']);
    assert.equal(actionOf(result, 'verify').downtime, false);
  });

  test('a host without PMG gets no actions', () => {
    const facts = pmg7Host();
    delete facts.packages['pmg-api'];
    delete facts.packages['proxmox-mailgateway'];
    const result = plan(facts);

    assert.deepEqual(result.actions, []);
    assert.ok(codes(result).includes('error:not-a-pmg-host'), codes(result).join(' '));
  });

  test('a half-configured pmg-api still plans', () => {
    const facts = pmg7Host();
    facts.packages['pmg-api']!.status = 'half-configured';
    delete facts.packages['proxmox-mailgateway'];

    assert.ok(!codes(plan(facts)).includes('error:not-a-pmg-host'));
    assert.ok(plan(facts).actions.length > 0);
  });

  test('a reboot names the running kernel as the new one', () => {
    const reboot = actionOf(plan(pmg7Host()), 'reboot');

    assert.deepEqual(reboot.changes, [{ subject: 'running kernel', before: '5.15.158-2-pve', after: 'newest installed kernel' }]);
    assert.match(reboot.reason.text, /^The new kernel, C library and systemd/);
  });

  test('a container reboot keeps the machine kernel', () => {
    const facts = pmg7Host();
    facts.system.container = 'systemd-nspawn';
    const reboot = actionOf(plan(facts), 'reboot');

    assert.equal(reboot.changes[0]!.after, '5.15.158-2-pve (unchanged: a systemd-nspawn container runs the kernel of the machine it runs on)');
    assert.doesNotMatch(reboot.reason.text, /new kernel/);
  });

  test('an override with stats_temp_directory is fixed before the stop', () => {
    const result = scenario('template override with stats_temp_directory');
    const fix = actionOf(result, 'fix-template:/etc/pmg/templates/postgresql.conf.in');

    assert.deepEqual(stepOf(fix, 'fix-template')!.removeSettings, ['stats_temp_directory']);
    assert.equal(fix.downtime, false);
    assert.match(fix.fileDiffs[0].diff, /^-stats_temp_directory = /m);
    assert.ok(actionOf(result, 'stop-units').dependsOn.includes(fix.id));
  });

  test('a template override under stop blocks the plan', () => {
    const result = scenario('template override under stop');

    assert.deepEqual(codes(result), ['error:template-override-stop']);
    assert.match(result.diagnostics[0].message, /templates\.files\."main\.cf\.in" is "stop"/);
  });

  test('a template override under remove is moved aside after the upgrade', () => {
    const found = scenarios().find((item) => item.name === 'template override under stop')!;
    const result = plan(found.facts, { templates: { default: 'remove' } });
    const removal = actionOf(result, 'remove-template-override:/etc/pmg/templates/main.cf.in');

    assert.deepEqual(codes(result), []);
    assert.deepEqual(stepOf(removal, 'remove-template-override'), {
      kind: 'remove-template-override',
      path: '/etc/pmg/templates/main.cf.in',
      beforeSha256: found.facts.pmg.templateOverrides[0].override.sha256,
      movedTo: '/etc/pmg/templates/main.cf.in.pmgup-removed',
    });
    assert.ok(removal.dependsOn.some((id) => id.endsWith('/dist-upgrade')));
    assert.ok(slugs(result).indexOf('remove-template-override:/etc/pmg/templates/main.cf.in') < slugs(result).indexOf('unmask-units'));
  });

  test('interface names are pinned before the stop and the reboot', () => {
    const result = scenario('interface names pinned');
    const pin = actionOf(result, 'pin-interface-names');

    assert.deepEqual(stepOf(pin, 'pin-interface-names')!.links, [{ name: 'eth0', mac: '52:54:00:12:34:56' }]);
    assert.equal(pin.downtime, false);
    assert.ok(actionOf(result, 'reboot').dependsOn.includes(pin.id));
  });

  test('an old pmg-api asks for the 7.x update first', () => {
    const result = scenario('old pmg-api');

    assert.deepEqual(codes(result), ['error:upgrade-within-7-first']);
    assert.match(result.diagnostics[0].message, /7\.3-4/);
  });

  test('a database in another major is an error and is not upgraded', () => {
    const result = scenario('database in an unexpected major');

    assert.deepEqual(codes(result), ['error:pg-database-unexpected-cluster']);
    assert.ok(!slugs(result).includes('upgrade-pg-cluster:13/main'));
    assert.ok(!slugs(result).includes('purge-packages'));
  });

  test('a database found nowhere is an error', () => {
    const result = scenario('database nowhere');

    assert.deepEqual(codes(result), ['error:pg-database-not-found']);
    assert.ok(!slugs(result).includes('purge-packages'));
  });

  test('a down old cluster is upgraded with a warning', () => {
    const result = scenario('old cluster down mid-upgrade');

    assert.deepEqual(codes(result), ['warning:pg-old-cluster-down']);
    assert.match(actionOf(result, 'upgrade-pg-cluster:13/main').reason.text, /apply starts it first/);
  });

  test('an enabled clamonacc is disabled after the upgrade', () => {
    const result = scenario('clamonacc enabled before the upgrade');

    assert.deepEqual(stepOf(actionOf(result, 'disable-units'), 'disable-units')!.units, ['clamav-clamonacc.service']);
    assert.deepEqual(actionOf(result, 'disable-units').dependsOn, ['pmg1/dist-upgrade']);
  });

  test('a stopped service on a finished host is started', () => {
    const result = scenario('postfix stopped on a finished host');

    assert.deepEqual(slugs(result), ['start-units', 'verify']);
    assert.deepEqual(stepOf(actionOf(result, 'start-units'), 'start-units')!.units, ['postfix.service']);
    assert.equal(actionOf(result, 'start-units').downtime, true);
    assert.equal(actionOf(result, 'verify').downtime, false);
  });
});
