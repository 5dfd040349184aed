import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import type { Desired } from '../../../lib/config/desired.js';
import {
  DEFAULT_DESIRED_STATE,
  loadDesiredState,
  parseTomlText,
  validateDesiredState,
} from '../../../lib/config/load.js';

/** Returns the defaults with each table's keys that `set` names replaced, as the schema describes. */
function overlay(defaults: Desired, set: Record<string, Record<string, unknown>>): Desired {
  const merged = structuredClone(defaults) as unknown as Record<string, Record<string, unknown>>;
  for (const [table, keys] of Object.entries(set)) {
    merged[table] = { ...merged[table], ...keys };
  }

  return merged as unknown as Desired;
}

describe('plans/pmg-8.toml', () => {
  test('loads to the defaults plus what it sets', async () => {
    const text = await readFile(DEFAULT_DESIRED_STATE, 'utf8');
    const set = parseTomlText(text, DEFAULT_DESIRED_STATE) as Record<
      string,
      Record<string, unknown>
    >;
    const { desired } = await loadDesiredState(DEFAULT_DESIRED_STATE);

    assert.deepEqual(
      desired,
      overlay(validateDesiredState({}, 'empty.toml'), structuredClone(set)),
    );
  });

  test('sets only keys an operator changes often', async () => {
    const text = await readFile(DEFAULT_DESIRED_STATE, 'utf8');
    const set = parseTomlText(text, DEFAULT_DESIRED_STATE) as Record<
      string,
      Record<string, unknown>
    >;

    assert.deepEqual(Object.keys(set), [
      'apt',
      'postgresql',
      'conffiles',
      'backup',
      'reboot',
      'network',
    ]);
    assert.equal(set.release, undefined);
    assert.equal(set.services, undefined);
    assert.ok(text.split('\n').length <= 60, 'the shipped plan should stay short');
  });

  test('each table explains its keys', async () => {
    const text = await readFile(DEFAULT_DESIRED_STATE, 'utf8');
    const sections = text.split(/^\[/m).slice(1);

    assert.ok(sections.length > 0);
    for (const section of sections) {
      const name = section.slice(0, section.indexOf(']'));
      assert.match(section, /^# /m, `[${name}] has no comment`);
    }
  });
});
