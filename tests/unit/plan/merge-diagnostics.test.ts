import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { mergeDiagnostics } from '../../../lib/plan/merge-diagnostics.js';
import type { Diagnostic } from '../../../lib/plan/model.js';
import { pmg7Host } from '../../support/facts.js';
import { planWithChecks } from './support.js';

function finding(code: string, severity: Diagnostic['severity']): Diagnostic {
  return { host: 'pmg1', code, severity, subject: 's', message: 'm' };
}

describe('mergeDiagnostics()', () => {
  test('drops a diff finding the checklist reports as an error', () => {
    const merged = mergeDiagnostics([finding('pmg-api-version', 'error')], [finding('upgrade-within-7-first', 'error')]);

    assert.deepEqual(merged.map((item) => item.code), ['pmg-api-version']);
  });

  test('keeps a diff finding the checklist only passed', () => {
    const merged = mergeDiagnostics([finding('apt-third-party', 'notice')], [finding('apt-third-party-release', 'error')]);

    assert.deepEqual(merged.map((item) => item.code), ['apt-third-party', 'apt-third-party-release']);
  });

  test('keeps diff findings no check covers', () => {
    const merged = mergeDiagnostics([finding('time-sync', 'warning')], [finding('conffile-stop', 'error')]);

    assert.deepEqual(merged.map((item) => item.code), ['time-sync', 'conffile-stop']);
  });
});

describe('planHost() diagnostics', () => {
  test('an old pmg-api is reported once, as an error', () => {
    const facts = pmg7Host();
    facts.packages['pmg-api'].version = '7.3-3';
    const result = planWithChecks(facts);
    const errors = result.diagnostics.filter((item) => item.severity === 'error').map((item) => item.code);

    assert.deepEqual(errors, ['pmg-api-version']);
  });

  test('an untouched host has no checklist errors', () => {
    const result = planWithChecks(pmg7Host());
    const errors = result.diagnostics.filter((item) => item.severity === 'error');

    assert.deepEqual(errors, []);
  });
});
