/**
 * The recorded examples are the first thing a new user plans, so their
 * plans must work offline and show what a live plan shows.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { packageFile } from '../../../lib/config/schema-files.js';
import { run } from './support.js';

describe('examples', () => {
  test('plain host plans the whole upgrade', async () => {
    const { status, stdout, stderr } = await run(['plan', '--facts', packageFile('examples/pmg7-plain.facts.json'), '--no-color']);

    assert.equal(status, 0, stderr);
    assert.match(stdout, /^Plan: \d+ actions on 1 host: /m);
    assert.match(stdout, /checks: 0 errors, /);
    assert.match(stdout, /^  Mail downtime: .*; estimated /m, 'the simulation gives an estimate');
    assert.doesNotMatch(stdout, /not simulated/);
  });

  test('template override shows the new template', async () => {
    const file = packageFile('examples/pmg7-template-override.facts.json');
    const { status, stdout, stderr } = await run(['plan', '--facts', file, '--no-color']);

    assert.equal(status, 0, stderr);
    assert.match(stdout, /fix-template:\/etc\/pmg\/templates\/postgresql\.conf\.in/);
    assert.match(stdout, /\+\+\+ \/etc\/pmg\/templates\/postgresql\.conf\.in\ttemplate of the new pmg-api/);
  });
});
