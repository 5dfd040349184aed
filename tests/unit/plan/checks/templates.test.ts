import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkTemplates } from '../../../../lib/plan/checks/templates.js';
import type { TemplateOverrideFact } from '../../../../lib/probe/facts.js';
import { fileFact, pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, withCode } from './support.js';

const SHIPPED_PG = [
  '# <* … *> template for postgresql.conf',
  "data_directory = '/var/lib/postgresql/<* postgres.version *>/main'",
  '# RUNTIME STATISTICS',
  "stats_temp_directory = '/var/run/postgresql/<* postgres.version *>-main.pg_stat_tmp'",
  '',
].join('\n');

function override(
  name: string,
  content: string,
  shippedContent: string | null,
): TemplateOverrideFact {
  return {
    name,
    override: fileFact(`/etc/pmg/templates/${name}`, content),
    shipped:
      shippedContent === null ? null : fileFact(`/var/lib/pmg/templates/${name}`, shippedContent),
  };
}

type Policy = 'keep' | 'remove' | 'stop';

function run(overrides: TemplateOverrideFact[], removeObsolete = true, policy: { default?: Policy; own?: Policy } = {}) {
  const facts = pmg7Host();
  facts.pmg.templateOverrides = overrides;
  const desired = defaultDesired();
  desired.templates.remove_obsolete_settings = removeObsolete;
  if (policy.default !== undefined) {
    desired.templates.default = policy.default;
  }
  if (policy.own !== undefined) {
    desired.templates.files = { 'postgresql.conf.in': policy.own };
  }

  return checkTemplates(facts, desired, contextFor('pre-upgrade'));
}

describe('checks/templates', () => {
  test('reports nothing without overrides', () => {
    assert.deepEqual(run([]), []);
  });

  test('notes an override identical to the shipped template', () => {
    const [result] = withCode(
      run([override('main.cf.in', 'smtpd_banner = x\n', 'smtpd_banner = x\n')]),
      'template-unmodified',
    );

    assert.equal(result.severity, 'notice');
    assert.deepEqual(result.location, { file: '/etc/pmg/templates/main.cf.in' });
  });

  test('leaves a modified override alone', () => {
    assert.deepEqual(
      run([override('main.cf.in', 'smtpd_banner = mine\n', 'smtpd_banner = x\n')]),
      [],
    );
  });

  test('catches stats_temp_directory in a modified postgresql.conf.in', () => {
    const modified = SHIPPED_PG.replace('# RUNTIME STATISTICS', 'work_mem = 64MB');
    const results = run([
      override('postgresql.conf.in', modified, SHIPPED_PG.replace(/^stats_temp.*$/m, '')),
    ]);
    const [result] = withCode(results, 'template-obsolete-setting');

    assert.equal(result.severity, 'warning');
    assert.deepEqual(result.location, { file: '/etc/pmg/templates/postgresql.conf.in', line: 4 });
    assert.match(result.fix ?? '', /The plan removes the line/);
  });

  test('blocks when the plan may not remove the line', () => {
    const [result] = withCode(
      run([override('postgresql.conf.in', SHIPPED_PG, null)], false),
      'template-obsolete-setting',
    );

    assert.equal(result.severity, 'error');
    assert.match(result.message, /Line 4 sets stats_temp_directory/);
  });

  test('blocks settings the plan does not remove', () => {
    const content = 'operator_precedence_warning = on\n';
    const [result] = withCode(
      run([override('postgresql.conf.in', content, null)]),
      'template-obsolete-setting',
    );

    assert.equal(result.severity, 'error');
    assert.match(result.fix ?? '', /the plan removes only stats_temp_directory/);
  });

  test('ignores a commented-out setting', () => {
    const commented = SHIPPED_PG.replace('stats_temp_directory', '#stats_temp_directory');

    assert.deepEqual(
      withCode(
        run([override('postgresql.conf.in', commented, null)], false),
        'template-obsolete-setting',
      ),
      [],
    );
  });

  test('reports both an unmodified copy and its obsolete line', () => {
    const results = run([override('postgresql.conf.in', SHIPPED_PG, SHIPPED_PG)]);

    assert.deepEqual(
      results.map((entry) => entry.code),
      ['template-unmodified', 'template-obsolete-setting'],
    );
  });

  describe('fix for each template policy', () => {
    const LINE_REMOVED = 'The plan removes the line before the upgrade (templates.remove_obsolete_settings = true).';
    const REMOVE_BY_HAND = 'Remove line 4, or set templates.remove_obsolete_settings = true so the plan removes it.';
    const ONLY_STATS = 'Remove line 1 before the upgrade; the plan removes only stats_temp_directory.';
    const moved = (key: string) =>
      `The plan moves the override to /etc/pmg/templates/postgresql.conf.in.pmgup-removed after the dist-upgrade (${key} = "remove"), so PMG renders the template PMG 8 ships and this line no longer applies.`;
    const OWN_KEY = 'templates.files."postgresql.conf.in"';
    const OTHER = 'operator_precedence_warning = on\n';

    const cases: { name: string; content: string; removeObsolete: boolean; policy: { default?: Policy; own?: Policy }; severity: string; fix: string }[] = [
      { name: 'keep, line removed', content: SHIPPED_PG, removeObsolete: true, policy: { own: 'keep' }, severity: 'warning', fix: LINE_REMOVED },
      { name: 'keep, line kept', content: SHIPPED_PG, removeObsolete: false, policy: { own: 'keep' }, severity: 'error', fix: REMOVE_BY_HAND },
      { name: 'keep, other setting', content: OTHER, removeObsolete: true, policy: { own: 'keep' }, severity: 'error', fix: ONLY_STATS },
      { name: 'stop, line removed', content: SHIPPED_PG, removeObsolete: true, policy: { own: 'stop' }, severity: 'warning', fix: LINE_REMOVED },
      { name: 'stop, line kept', content: SHIPPED_PG, removeObsolete: false, policy: { own: 'stop' }, severity: 'error', fix: REMOVE_BY_HAND },
      { name: 'remove, line removed', content: SHIPPED_PG, removeObsolete: true, policy: { own: 'remove' }, severity: 'warning', fix: moved(OWN_KEY) },
      { name: 'remove, line kept', content: SHIPPED_PG, removeObsolete: false, policy: { own: 'remove' }, severity: 'warning', fix: moved(OWN_KEY) },
      { name: 'remove, other setting', content: OTHER, removeObsolete: true, policy: { own: 'remove' }, severity: 'warning', fix: moved(OWN_KEY) },
      { name: 'remove by default', content: SHIPPED_PG, removeObsolete: true, policy: { default: 'remove' }, severity: 'warning', fix: moved('templates.default') },
      { name: 'file keep overrides default remove', content: SHIPPED_PG, removeObsolete: false, policy: { default: 'remove', own: 'keep' }, severity: 'error', fix: REMOVE_BY_HAND },
    ];

    for (const item of cases) {
      test(item.name, () => {
        const results = withCode(run([override('postgresql.conf.in', item.content, SHIPPED_PG)], item.removeObsolete, item.policy), 'template-obsolete-setting');

        assert.equal(results.length, 1);
        assert.equal(results[0].severity, item.severity);
        assert.equal(results[0].fix, item.fix);
      });
    }

    test('remove without a shipped template', () => {
      const [result] = withCode(run([override('postgresql.conf.in', SHIPPED_PG, null)], true, { own: 'remove' }), 'template-obsolete-setting');

      assert.equal(result.fix, LINE_REMOVED, 'an override of no shipped template is not moved, so the line is removed');
    });

    test('remove on an upgraded host', () => {
      const facts = pmg7Host();
      facts.os.codename = 'bookworm';
      facts.pmg.templateOverrides = [override('postgresql.conf.in', SHIPPED_PG, SHIPPED_PG)];
      const desired = defaultDesired();
      desired.templates.files = { 'postgresql.conf.in': 'remove' };
      const [result] = withCode(checkTemplates(facts, desired, contextFor('post-upgrade')), 'template-obsolete-setting');

      assert.equal(result.fix, LINE_REMOVED);
    });
  });

  test('warns when the override could not be read', () => {
    const unreadable: TemplateOverrideFact = {
      name: 'postgresql.conf.in',
      override: {
        path: '/etc/pmg/templates/postgresql.conf.in',
        sha256: 'ab',
        sizeBytes: 2_000_000,
        content: null,
      },
      shipped: null,
    };

    assert.equal(withCode(run([unreadable]), 'template-obsolete-setting')[0].severity, 'warning');
  });
});
