import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { Diagnostic } from '../../../lib/plan/model.js';
import type { ChecklistReport } from '../../../lib/views/checklist.js';
import { checklistFailed, countResults, renderChecklist, renderClusterChecklist } from '../../../lib/views/checklist.js';
import { checklistDocument, clusterChecklistDocument, renderChecklistJson } from '../../../lib/views/checklist-json.js';

function result(severity: Diagnostic['severity'], extra: Partial<Diagnostic> = {}): Diagnostic {
  return {
    host: 'pmg1',
    code: `code-${severity}`,
    severity,
    subject: `subject ${severity}`,
    message: `message ${severity}`,
    ...extra,
  };
}

function report(diagnostics: Diagnostic[]): ChecklistReport {
  return { host: 'pmg1', phase: 'pre-upgrade', diagnostics };
}

const ALL_LEVELS = [
  result('pass'),
  result('info'),
  result('notice', { fix: 'do the thing' }),
  result('warning', { location: { file: '/etc/apt/sources.list', line: 3 } }),
  result('error', {
    location: { file: '/etc/apt/sources.list.d/x.sources', line: 4, stanza: 2 },
    fix: 'switch it',
  }),
  result('skip'),
];

describe('views/checklist', () => {
  describe('renderChecklist()', () => {
    test('prints one line per result with its level label', () => {
      const lines = renderChecklist(report(ALL_LEVELS), { color: false }).split('\n');

      assert.equal(lines[0], '= pmg1 (pre-upgrade) =');
      assert.equal(lines[2], 'PASS: subject pass: message pass [code-pass]');
      assert.equal(lines[3], 'INFO: subject info: message info [code-info]');
      assert.equal(lines[4], 'NOTICE: subject notice: message notice [code-notice]');
      assert.equal(lines[5], '    fix: do the thing');
      assert.equal(lines[6], 'WARN: subject warning: message warning [code-warning]');
      assert.equal(lines[7], '    at /etc/apt/sources.list:3');
      assert.equal(lines[8], 'FAIL: subject error: message error [code-error]');
      assert.equal(lines[9], '    at /etc/apt/sources.list.d/x.sources:4 (stanza 2)');
      assert.equal(lines[10], '    fix: switch it');
      assert.equal(lines[11], 'SKIP: subject skip: message skip [code-skip]');
    });

    test('counts every level in the summary, notices included', () => {
      const text = renderChecklist(report([...ALL_LEVELS, result('notice')]), { color: false });
      const summary = text.slice(text.indexOf('= SUMMARY ='));

      assert.match(summary, /^TOTAL: +7$/m);
      assert.match(summary, /^PASSED: +1$/m);
      assert.match(summary, /^INFO: +1$/m);
      assert.match(summary, /^NOTICES: +2$/m);
      assert.match(summary, /^WARNINGS: +1$/m);
      assert.match(summary, /^FAILURES: +1$/m);
      assert.match(summary, /^SKIPPED: +1$/m);
    });

    test('writes no escape sequence without colour', () => {
      assert.doesNotMatch(renderChecklist(report(ALL_LEVELS), { color: false }), /\u001b/);
    });

    test('colours the labels with colour on', () => {
      const text = renderChecklist(report(ALL_LEVELS), { color: true });

      assert.match(text, /\u001b\[32mPASS\u001b\[39m: /);
      assert.match(text, /\u001b\[33mWARN\u001b\[39m: /);
    });

    test('escapes ANSI sequences and newlines from the host', () => {
      const hostile = result('pass', {
        subject: 'pkg\u001b[2J',
        message: 'ok\nFAIL: forged line',
        fix: 'tab\there \u009b31m',
        location: { file: '/etc/\u001b]0;title\u0007x', line: 1 },
      });
      const text = renderChecklist(report([hostile]), { color: false });

      assert.doesNotMatch(text, /[\u001b\u0007\u009b]/);
      assert.doesNotMatch(text, /^FAIL: forged/m);
      assert.match(text, /pkg\\x1b\[2J/);
      assert.match(text, /ok\\nFAIL: forged line/);
    });

    test('escapes the host name in the header', () => {
      const text = renderChecklist(
        { host: 'gw\u001b[31m', phase: 'upgrading', diagnostics: [] },
        { color: false },
      );

      assert.match(text, /^= gw\\x1b\[31m \(upgrading\) =$/m);
      assert.match(text, /No checks ran\./);
    });

    test('ends with a newline', () => {
      assert.ok(renderChecklist(report(ALL_LEVELS), { color: false }).endsWith('\n'));
    });

    test('names the cluster in the header', () => {
      const text = renderChecklist({ ...report([]), cluster: 'mx' }, { color: false });

      assert.match(text, /^= pmg1 \(pre-upgrade, cluster mx\) =$/m);
    });
  });

  describe('renderClusterChecklist()', () => {
    test('heads the section with cluster and members', () => {
      const text = renderClusterChecklist({ cluster: 'mx', members: ['pmg1', 'pmg2'], withoutFacts: [], diagnostics: [result('error')] }, { color: false });
      const lines = text.split('\n');

      assert.equal(lines[0], '= cluster mx: pmg1, pmg2 =');
      assert.equal(lines[2], 'FAIL: subject error: message error [code-error]');
      assert.match(text, /^FAILURES: +1$/m);
      assert.ok(text.endsWith('\n'));
    });

    test('escapes member names', () => {
      const text = renderClusterChecklist({ cluster: 'mx', members: ['gw\u001b[31m'], withoutFacts: [], diagnostics: [] }, { color: false });

      assert.doesNotMatch(text, /\u001b/);
      assert.match(text, /^= cluster mx: gw\\x1b\[31m =$/m);
    });
  });

  describe('renderClusterChecklist() without facts', () => {
    test('names the members it has no facts of', () => {
      const text = renderClusterChecklist({ cluster: 'mx', members: ['pmg1'], withoutFacts: ['pmg2', 'pmg3'], diagnostics: [] }, { color: false });

      assert.equal(text.split('\n')[0], '= cluster mx: pmg1; without facts: pmg2, pmg3 =');
    });
  });

  describe('countResults()', () => {
    test('keeps zero counts', () => {
      assert.deepEqual(countResults([result('warning')]), {
        pass: 0,
        info: 0,
        notice: 0,
        warning: 1,
        error: 0,
        skip: 0,
        total: 1,
      });
    });
  });

  describe('checklistFailed()', () => {
    test('fails on an error', () => {
      assert.equal(checklistFailed([result('pass'), result('error')]), true);
    });

    test('does not fail on warnings and notices', () => {
      assert.equal(checklistFailed([result('warning'), result('notice'), result('skip')]), false);
    });
  });

  describe('checklistDocument()', () => {
    test('carries format version, host, phase, results and counts', () => {
      const document = checklistDocument(report(ALL_LEVELS));

      assert.equal(document.formatVersion, 1);
      assert.equal(document.host, 'pmg1');
      assert.equal(document.phase, 'pre-upgrade');
      assert.deepEqual(document.results, ALL_LEVELS);
      assert.equal(document.counts.total, 6);
      assert.equal(document.counts.notice, 1);
    });

    test('adds the cluster of a member', () => {
      assert.equal(checklistDocument({ ...report([]), cluster: 'mx' }).cluster, 'mx');
      assert.equal('cluster' in checklistDocument(report([])), false);
    });

    test('renders parseable JSON that escapes control characters', () => {
      const text = renderChecklistJson(report([result('pass', { message: 'a\u001b[2Jb' })]));

      assert.doesNotMatch(text, /\u001b/);
      assert.equal(JSON.parse(text).results[0].message, 'a\u001b[2Jb');
    });
  });

  describe('clusterChecklistDocument()', () => {
    test('carries cluster, members, results and counts', () => {
      const document = clusterChecklistDocument({ cluster: 'mx', members: ['pmg1', 'pmg2'], withoutFacts: ['pmg3'], diagnostics: [result('pass'), result('error')] });

      assert.deepEqual(Object.keys(document), ['formatVersion', 'cluster', 'members', 'withoutFacts', 'results', 'counts']);
      assert.deepEqual(document.withoutFacts, ['pmg3']);
      assert.equal(document.formatVersion, 1);
      assert.deepEqual(document.members, ['pmg1', 'pmg2']);
      assert.equal(document.counts.total, 2);
      assert.equal(document.counts.error, 1);
    });
  });
});
