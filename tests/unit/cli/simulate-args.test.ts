import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseCommandLine } from '../../../lib/cli/args.js';
import { USAGE } from '../../../lib/cli/help.js';
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

  test('--simulate on plan is rejected', () => {
    assert.throws(() => parseCommandLine(['plan', '--simulate', '--no-simulate']), (error: UserError) => {
      assert.match(error.detail, /^--simulate does not apply to plan: it records the upgrade simulation in the facts \(probe\)\.$/m);
      assert.match(error.detail, /^plan simulates by default; --no-simulate turns it off\.$/m);
      return true;
    });
  });

  test('--no-simulate on probe is rejected', () => {
    assert.throws(() => parseCommandLine(['probe', '--no-simulate']), (error: UserError) => {
      assert.match(error.detail, /^--no-simulate does not apply to probe: it skips the upgrade simulation before planning \(plan, apply\)\.$/m);
      return true;
    });
  });

  test('the help names both options', () => {
    assert.match(USAGE, /--no-simulate {2,}plan, apply: skip the upgrade simulation/);
    assert.match(USAGE, /--simulate {2,}probe: record that simulation/);
  });
});
