import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { loadDesiredState } from '../../../lib/config/load.js';
import { floatValue, integerFix, integerValue } from '../../../lib/config/toml-numbers.js';
import { InputError } from '../../../lib/errors.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmgup-numbers-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `[table]` with `key = literal` on line 2, loads it and returns the InputError it must raise. */
async function rejection(table: string, key: string, literal: string) {
  const path = await writeKey(table, key, literal);
  try {
    await loadDesiredState(path);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));

    return { path, error };
  }
  assert.fail(`${table}.${key} = ${literal} was accepted`);
}

async function writeKey(table: string, key: string, literal: string): Promise<string> {
  const path = join(dir, `${table}-${key}-${Math.random().toString(16).slice(2)}.toml`);
  await writeFile(path, `[${table}]\n${key} = ${literal}\n`);

  return path;
}

const TIMEOUT = 'expected an integer from 30 to 7200';

/** Literals in `reboot.timeout_seconds` (30 to 7200, column 19) and the message each must produce. */
const REJECTED: { literal: string; message: string }[] = [
  {
    literal: '900.0',
    message: `found the float 900.0 at line 2, column 19, ${TIMEOUT}. Write 900, because TOML reads 900.0 as a float, not as an integer`,
  },
  {
    literal: '9e2',
    message: `found the float 9e2 at line 2, column 19, ${TIMEOUT}. Write 900, because TOML reads 9e2 as a float, not as an integer`,
  },
  {
    literal: '1e3',
    message: `found the float 1e3 at line 2, column 19, ${TIMEOUT}. Write 1000, because TOML reads 1e3 as a float, not as an integer`,
  },
  { literal: '-0.0', message: `found the float -0.0 at line 2, column 19, ${TIMEOUT}` },
  { literal: 'inf', message: `found the float inf at line 2, column 19, ${TIMEOUT}` },
  { literal: 'nan', message: `found the float nan at line 2, column 19, ${TIMEOUT}` },
  { literal: '2.5', message: `found the float 2.5 at line 2, column 19, ${TIMEOUT}` },
  {
    literal: '9007199254740993',
    message: `found the integer 9007199254740993 at line 2, column 19, ${TIMEOUT}`,
  },
  {
    literal: '18446744073709557048',
    message: `found the integer 18446744073709557048 (beyond the 64-bit range of TOML) at line 2, column 19, ${TIMEOUT}`,
  },
  {
    literal: '-9223372036854775809',
    message: `found the integer -9223372036854775809 (beyond the 64-bit range of TOML) at line 2, column 19, ${TIMEOUT}`,
  },
  {
    literal: '9223372036854775807',
    message: `found the integer 9223372036854775807 at line 2, column 19, ${TIMEOUT}`,
  },
  {
    literal: '9_007_199_254_740_993',
    message: `found the integer 9_007_199_254_740_993 at line 2, column 19, ${TIMEOUT}`,
  },
];

/** Number literals in other keys, with the problem each must produce. */
const OTHER_KEYS: {
  name: string;
  key: string;
  literal: string;
  location: string;
  message: string;
}[] = [
  {
    name: '-0.0 suggests 0 where allowed',
    key: 'backup.max_age_hours',
    literal: '-0.0',
    location: 'backup.max_age_hours',
    message:
      'found the float -0.0 at line 2, column 17, expected an integer from 0 to 8760. Write 0, because TOML reads -0.0 as a float, not as an integer',
  },
  {
    name: 'whole float for a const',
    key: 'postgresql.major',
    literal: '15.0',
    location: 'postgresql.major',
    message:
      'found the float 15.0 at line 2, column 9, expected 15. Write 15, because TOML reads 15.0 as a float, not as an integer',
  },
  {
    name: 'float for a string',
    key: 'apt.pmg_uri',
    literal: '900.0',
    location: 'apt.pmg_uri',
    message: 'found the float 900.0 at line 2, column 11, expected a string',
  },
  {
    name: 'float in an array',
    key: 'services.running',
    literal: '["postfix", 1.0]',
    location: 'services.running[1]',
    message: 'found the float 1.0 at line 2, column 23, expected a string',
  },
];

describe('config/toml-numbers', () => {
  describe('loadDesiredState()', () => {
    for (const { literal, message } of REJECTED) {
      test(`rejects ${literal} for an integer`, async () => {
        const { path, error } = await rejection('reboot', 'timeout_seconds', literal);

        assert.equal(error.problems.length, 1, JSON.stringify(error.problems));
        assert.equal(error.problems[0]!.file, path);
        assert.equal(error.problems[0]!.location, 'reboot.timeout_seconds');
        assert.equal(error.problems[0]!.message, message);
      });
    }

    for (const literal of ['900', '9_00', '0x384', '+900', '0o1604', '0b1110000100']) {
      test(`accepts the integer ${literal}`, async () => {
        const path = await writeKey('reboot', 'timeout_seconds', literal);
        const { desired } = await loadDesiredState(path);

        assert.equal(desired.reboot.timeout_seconds, 900);
      });
    }

    for (const { name, key, literal, location, message } of OTHER_KEYS) {
      test(name, async () => {
        const [table, leaf] = key.split('.') as [string, string];
        const { error } = await rejection(table, leaf, literal);

        assert.equal(error.problems.length, 1, JSON.stringify(error.problems));
        assert.equal(error.problems[0]!.location, location);
        assert.equal(error.problems[0]!.message, message);
      });
    }
  });

  describe('integerValue()', () => {
    test('safe integer is a number', () => {
      assert.equal(
        integerValue('9_007_199_254_740_991', 2n ** 53n - 1n, 'line 1, column 5'),
        2 ** 53 - 1,
      );
      assert.equal(integerValue('-0', 0n, 'line 1, column 5'), 0);
    });

    test('64-bit limits are in range', () => {
      const max = integerValue('9223372036854775807', 2n ** 63n - 1n, 'line 1, column 5');
      const min = integerValue('-9223372036854775808', -(2n ** 63n), 'line 1, column 5');

      assert.equal(
        typeof max === 'symbol' && max.description,
        'the integer 9223372036854775807 at line 1, column 5',
      );
      assert.equal(
        typeof min === 'symbol' && min.description,
        'the integer -9223372036854775808 at line 1, column 5',
      );
    });
  });

  describe('integerFix()', () => {
    const schema = { type: 'integer', minimum: 30, maximum: 7200 };

    test('whole float in range gets a fix', () => {
      assert.match(
        integerFix(floatValue('900.0', 900, 'line 1, column 5'), schema),
        /^\. Write 900, /,
      );
    });

    test('no fix outside the range', () => {
      assert.equal(integerFix(floatValue('1e4', 10_000, 'line 1, column 5'), schema), '');
      assert.equal(integerFix(floatValue('-0.0', -0, 'line 1, column 5'), schema), '');
    });

    test('no fix for a string schema', () => {
      assert.equal(
        integerFix(floatValue('900.0', 900, 'line 1, column 5'), { type: 'string' }),
        '',
      );
    });

    test('no fix for other symbols', () => {
      assert.equal(integerFix(Symbol('the float 900.0'), schema), '');
      assert.equal(integerFix(900, schema), '');
    });
  });
});
