import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  findRemovedSettings,
  parsePgSettings,
  resolveClusterPath,
  unquote,
} from '../../../../lib/plan/checks/pg-config.js';

describe('checks/pg-config', () => {
  test('parses settings with and without equals signs', () => {
    const settings = parsePgSettings(
      "port = 5432\nssl on\n# listen = '*'\n  Shared_Buffers=128MB # memory\n",
    );

    assert.deepEqual(
      settings.map((entry) => [entry.name, entry.value, entry.line]),
      [
        ['port', '5432', 1],
        ['ssl', 'on', 2],
        ['shared_buffers', '128MB', 4],
      ],
    );
  });

  test('keeps a hash inside quotes', () => {
    assert.equal(parsePgSettings("log_line_prefix = '%m # %p'\n")[0].value, "'%m # %p'");
  });

  test('finds removed settings but not commented ones', () => {
    const found = findRemovedSettings(
      "#stats_temp_directory = 'x'\nstats_temp_directory = '/run/x'\noperator_precedence_warning = off\n",
    );

    assert.deepEqual(
      found.map((entry) => [entry.name, entry.line]),
      [
        ['stats_temp_directory', 2],
        ['operator_precedence_warning', 3],
      ],
    );
  });

  test('resolves createcluster placeholders', () => {
    assert.equal(resolveClusterPath('/srv/%v/%c/%%x', 15, 'main'), '/srv/15/main/%x');
  });

  test('removes single quotes', () => {
    assert.equal(unquote("'it''s'"), "it's");
  });
});

describe('checks/pg-config rejectedBy15()', () => {
  test('rejects a boolean password_encryption', () => {
    assert.equal(findRemovedSettings('password_encryption = on\n').length, 1);
  });

  test('accepts password_encryption by method name', () => {
    assert.equal(findRemovedSettings("password_encryption = 'scram-sha-256'\n").length, 0);
  });
});
