import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseCommandLine, USAGE } from '../../../lib/cli/args.js';
import { UserError } from '../../../lib/errors.js';

describe('cli/args simulate options', () => {
  test('plan simulates by default', () => {
    const parsed = parseCommandLine(['plan', '--facts', 'x.json']);

    assert.equal(parsed.options.simulate, true);
    assert.equal(parsed.options.simulateRequested, false);
  });

  test('--no-simulate turns it off', () => {
    assert.equal(parseCommandLine(['plan', '--no-simulate']).options.simulate, false);
  });

  test('--simulate is recorded for probe', () => {
    assert.equal(parseCommandLine(['probe', '--simulate']).options.simulateRequested, true);
  });

  test('both together are rejected', () => {
    assert.throws(() => parseCommandLine(['plan', '--simulate', '--no-simulate']), (error: UserError) => {
      assert.match(error.detail, /contradict each other/);
      return true;
    });
  });

  test('the help names both options', () => {
    assert.match(USAGE, /--no-simulate {2,}plan, apply DESIRED\.toml: skip the upgrade simulation/);
    assert.match(USAGE, /--simulate {2,}probe: record that simulation/);
  });
});
