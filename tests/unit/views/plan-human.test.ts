import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { validateDesiredState } from '../../../lib/config/load.js';
import { assemblePlan, planHost } from '../../../lib/plan/index.js';
import type { Action, Diagnostic, HostPlanResult, Plan } from '../../../lib/plan/model.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { palette } from '../../../lib/views/color.js';
import { renderAction, renderPlan } from '../../../lib/views/plan-human.js';
import { clone, pmg7Host, pmg8Host, withServicesStopped } from '../../support/facts.js';

const NOW = new Date('2026-12-01T11:00:00Z');
const PLAIN = palette(false);
const COLOR = palette(true);

function hostResult(facts: HostFacts, name = facts.identity.hostname): HostPlanResult {
  return planHost({ name, desired: validateDesiredState({}, 'test.toml'), facts, now: NOW });
}

function planOf(...results: HostPlanResult[]): Plan {
  return assemblePlan({
    hosts: results,
    desiredState: { relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: '0'.repeat(64) },
    toolVersion: '0.0.0-test',
    createdAt: NOW,
  });
}

function renamed(facts: HostFacts, name: string): HostFacts {
  const next = clone(facts);
  next.identity.hostname = name;

  return next;
}

/** Keeps the actions whose step kind is listed, as a plan of one host. */
function onlyKinds(kinds: string[]): Plan {
  const plan = planOf(hostResult(pmg7Host()));

  return { ...plan, actions: plan.actions.filter((action) => kinds.includes(action.step.kind)) };
}

function withError(result: HostPlanResult): HostPlanResult {
  const error: Diagnostic = {
    host: result.host.name,
    code: 'pmg-api-version',
    severity: 'error',
    subject: 'pmg-api',
    message: 'pmg-api 7.3-4 is older than 7.3-6.',
    fix: 'Run apt-get dist-upgrade on bullseye first.',
  };

  return { ...result, diagnostics: [...result.diagnostics, error] };
}

function diffAction(diff: string): Action {
  const [first] = hostResult(pmg7Host()).actions.filter((action) => action.fileDiffs.length > 0);

  return { ...first!, fileDiffs: [{ path: '/etc/apt/sources.list', diff }] };
}

describe('views/plan-human', () => {
  describe('renderPlan() legend', () => {
    test('lists all four symbols when used', () => {
      const lines = renderPlan(planOf(hostResult(pmg7Host())), { palette: PLAIN }).split('\n');

      assert.equal(lines[0], 'Symbols: + add or start   ~ change in place   - remove, stop or drop   > run a command');
    });

    test('lists only the symbols in use', () => {
      const text = renderPlan(onlyKinds(['remove-packages', 'verify']), { palette: PLAIN });

      assert.match(text, /^Symbols: - remove, stop or drop   > run a command\n/);
    });

    test('is absent without actions', () => {
      const text = renderPlan(planOf(hostResult(pmg8Host())), { palette: PLAIN });

      assert.doesNotMatch(text, /Symbols:/);
    });
  });

  describe('renderAction() markers', () => {
    const actions = hostResult(pmg7Host()).actions;
    const byKind = (kind: string) => actions.find((action) => action.step.kind === kind)!;
    const cases: Array<[string, string]> = [
      ['remove-packages', '  - pmg1/remove-packages  [destructive]'],
      ['stop-units', '  - pmg1/stop-units  [mail downtime]'],
      ['dist-upgrade', '  ~ pmg1/dist-upgrade  [destructive] [mail downtime]'],
      ['apt-update', '  > pmg1/apt-update'],
    ];
    for (const [kind, header] of cases) {
      test(`${kind} header line`, () => {
        assert.equal(renderAction(byKind(kind), PLAIN)[0], header);
      });
    }

    test('colours the markers', () => {
      const header = renderAction(byKind('dist-upgrade'), COLOR)[0]!;

      assert.match(header, /\u001b\[31m\[destructive\]\u001b\[39m/);
      assert.match(header, /\u001b\[33m\[mail downtime\]\u001b\[39m/);
      assert.match(header, /^  \u001b\[33m~\u001b\[39m \u001b\[1mpmg1\/dist-upgrade\u001b\[22m/);
    });

    test('shows title, reason and changes', () => {
      const lines = renderAction(byKind('remove-packages'), PLAIN);

      assert.equal(lines[1], '      remove packages: linux-image-amd64');
      assert.match(lines[2]!, /^      why: linux-image-amd64 must be removed/);
      assert.equal(lines[3], '      linux-image-amd64: 5.10.226-1 -> (none)');
    });
  });

  describe('renderAction() diffs', () => {
    const diff = [
      'Index: /etc/apt/sources.list',
      '===================================================================',
      '--- /etc/apt/sources.list\tcurrent',
      '+++ /etc/apt/sources.list\tplanned',
      '@@ -1,3 +1,3 @@',
      '-deb http://deb.debian.org/debian bullseye main',
      '+deb http://deb.debian.org/debian bookworm main',
      '--- a removed line that starts with two dashes',
      '+++ an added line that starts with two plus signs',
      ' # unchanged',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const rendered = renderAction(diffAction(diff), COLOR);
    const lines = rendered.slice(rendered.findIndex((line) => line.includes('Index: ')));
    const find = (text: string) => lines.find((line) => line.includes(text)) ?? '';

    test('drops the separator line', () => {
      assert.equal(lines.filter((line) => line.includes('=====')).length, 0);
    });

    test('bolds the file headers', () => {
      assert.equal(find('/etc/apt/sources.list\tcurrent'), '      \u001b[1m--- /etc/apt/sources.list\tcurrent\u001b[22m');
      assert.equal(find('/etc/apt/sources.list\tplanned'), '      \u001b[1m+++ /etc/apt/sources.list\tplanned\u001b[22m');
    });

    test('colours hunks, removals and additions', () => {
      assert.equal(find('@@ -1,3'), '      \u001b[36m@@ -1,3 +1,3 @@\u001b[39m');
      assert.equal(find('bullseye main'), '      \u001b[31m-deb http://deb.debian.org/debian bullseye main\u001b[39m');
      assert.equal(find('bookworm main'), '      \u001b[32m+deb http://deb.debian.org/debian bookworm main\u001b[39m');
    });

    test('colours dashed content lines as changes', () => {
      assert.equal(find('two dashes'), '      \u001b[31m--- a removed line that starts with two dashes\u001b[39m');
      assert.equal(find('two plus signs'), '      \u001b[32m+++ an added line that starts with two plus signs\u001b[39m');
    });

    test('leaves context plain and dims markers', () => {
      assert.equal(find('# unchanged'), '       # unchanged');
      assert.equal(find('No newline'), '      \u001b[2m\\ No newline at end of file\u001b[22m');
    });

    test('escapes control characters in the diff', () => {
      const hostile = renderAction(diffAction('@@ -1 +1 @@\n-a\u001b[2Jb\n+c\rd\n'), PLAIN);

      assert.ok(hostile.includes('      -a\\x1b[2Jb'));
      assert.ok(hostile.includes('      +c\\x0dd'));
    });
  });

  describe('renderPlan() closing lines', () => {
    test('finished host says no changes', () => {
      const text = renderPlan(planOf(hostResult(pmg8Host())), { palette: PLAIN });

      assert.match(text, /^  No changes: the host matches the desired state\.$/m);
      assert.match(text, /\nNo changes\. 1 host already in the desired state\.\n$/);
      assert.doesNotMatch(text, /cannot be applied/);
    });

    test('error says cannot be applied', () => {
      const text = renderPlan(planOf(withError(hostResult(pmg7Host()))), { palette: PLAIN });

      assert.match(text, /\nPlanning found 1 error: this plan cannot be applied\. Fix what the checks above name, then run pmgup plan again\.\n$/);
      assert.doesNotMatch(text, /^Plan: /m);
      assert.doesNotMatch(text, /No changes/);
      assert.match(text, /^  error   pmg-api-version: pmg-api$/m);
      assert.match(text, /^          fix: Run apt-get dist-upgrade on bullseye first\.$/m);
    });

    test('error without actions asks for a fix', () => {
      const text = renderPlan(planOf(withError(hostResult(pmg8Host()))), { palette: PLAIN });

      assert.match(text, /^  No actions: the errors below must be fixed first\.$/m);
      assert.doesNotMatch(text, /No changes/);
      assert.match(text, /cannot be applied/);
    });

    test('counts actions by effect', () => {
      const text = renderPlan(onlyKinds(['remove-packages', 'purge-packages', 'verify', 'dist-upgrade']), { palette: PLAIN });

      assert.match(text, /\nPlan: 4 actions on 1 host: 0 to add, 1 to change, 2 to remove, 1 to run\.\n$/);
    });

    test('singular nouns for one', () => {
      const text = renderPlan(onlyKinds(['verify']), { palette: PLAIN });

      assert.match(text, /^  1 action \(0 destructive, 0 during mail downtime\); checks: 0 errors, /m);
      assert.match(text, /\nPlan: 1 action on 1 host: /);
    });

    test('hides passed checks', () => {
      const result = hostResult(pmg7Host());
      const text = renderPlan(planOf(result), { palette: PLAIN });
      const passed = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'pass');

      assert.ok(passed.length > 0, 'the host passes some checks');
      assert.doesNotMatch(text, /^  pass /m);
      assert.match(text, /^  warning core-services: mail services$/m);
    });
  });

  describe('renderPlan() several hosts', () => {
    const plan = planOf(
      hostResult(pmg7Host()),
      hostResult(renamed(withServicesStopped(pmg7Host()), 'pmg2')),
      hostResult(renamed(pmg8Host(), 'pmg3')),
    );
    const text = renderPlan(plan, { palette: PLAIN });
    const sections = text.split('\n\n');

    test('groups actions under each host', () => {
      const headers = [...text.matchAll(/^(pmg\d) \(ssh:root@pmg1:22, (pmg\d)\): (\S+)$/gm)].map((match) => match.slice(1).join(' '));
      const pmg2Actions = [...text.matchAll(/^  [+~\->] (pmg2\/\S+)/gm)];

      assert.deepEqual(headers, ['pmg1 pmg1 pre-upgrade', 'pmg2 pmg2 upgrading', 'pmg3 pmg3 done']);
      assert.ok(text.indexOf('pmg1/verify') < text.indexOf('\npmg2 ('), 'pmg1 actions come before pmg2');
      assert.ok(pmg2Actions.length > 0);
      assert.ok(pmg2Actions.every((match) => match.index! > text.indexOf('\npmg2 (') && match.index! < text.indexOf('\npmg3 (')));
    });

    test('closes each host with its summary', () => {
      const summaries = [...text.matchAll(/^  (\d+) actions? \((\d+) destructive/gm)].map((match) => Number(match[1]));
      const perHost = plan.hosts.map((host) => plan.actions.filter((action) => action.host === host.name).length);

      assert.deepEqual(summaries, perHost);
      assert.equal(summaries[2], 0);
    });

    test('ends with one total', () => {
      const total = plan.actions.length;

      assert.equal([...text.matchAll(/^Plan: /gm)].length, 1);
      assert.match(sections.at(-1)!, new RegExp(`^Plan: ${total} actions on 3 hosts: `));
    });
  });

  describe('renderPlan() escaping', () => {
    test('escapes host-supplied names and values', () => {
      const result = hostResult(pmg7Host());
      const hostile = {
        ...result,
        host: { ...result.host, hostname: 'pmg\u001b]0;x\u0007', target: 'facts:/tmp/a\nb.json' },
      };
      const text = renderPlan(planOf(hostile), { palette: PLAIN });

      assert.doesNotMatch(text, /[\u001b\u0007]/);
      assert.match(text, /^pmg1 \(facts:\/tmp\/a\\nb\.json, pmg\\x1b\]0;x\\x07\): pre-upgrade$/m);
    });
  });
});
