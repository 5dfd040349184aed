import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { JSON_DIALECT, TOML_DIALECT } from '../../../lib/config/dialect.js';
import {
  formatJsonPointer,
  formatTomlPath,
  pointerSegments,
} from '../../../lib/config/key-path.js';
import { previewValue } from '../../../lib/config/preview.js';
import { closestMatch, editDistance } from '../../../lib/config/suggest.js';
import { decodeUtf8, lineAndColumn } from '../../../lib/config/text-location.js';

describe('config/key-path', () => {
  test('pointer segments follow the data', () => {
    const data = { a: [{ '0': 1, 'x/y': 2 }] };

    assert.deepEqual(pointerSegments('/a/0/0', data), ['a', 0, '0']);
    assert.deepEqual(pointerSegments('/a/0/x~1y', data), ['a', 0, 'x/y']);
    assert.deepEqual(pointerSegments('', data), []);
  });

  test('TOML paths quote non-bare keys', () => {
    assert.equal(
      formatTomlPath(['conffiles', 'files', '/etc/ssh/sshd_config']),
      'conffiles.files."/etc/ssh/sshd_config"',
    );
    assert.equal(formatTomlPath(['services', 'running', 3]), 'services.running[3]');
    assert.equal(formatTomlPath(['packages', 'minimum', 'pmg-api']), 'packages.minimum.pmg-api');
    assert.equal(formatTomlPath([]), '(top level)');
  });

  test('JSON pointers escape slash and tilde', () => {
    assert.equal(formatJsonPointer(['actions', 3, 'step', 'kind']), '/actions/3/step/kind');
    assert.equal(
      formatJsonPointer(['hosts', 0, 'fingerprints', 'apt.files[/a~b]']),
      '/hosts/0/fingerprints/apt.files[~1a~0b]',
    );
    assert.equal(formatJsonPointer([]), '/');
  });
});

describe('config/preview', () => {
  test('values render in each dialect', () => {
    assert.equal(
      previewValue({ kind: 'run', command: 'rm -rf /' }, JSON_DIALECT),
      '{"kind": "run", "command": "rm -rf /"}',
    );
    assert.equal(previewValue({ kind: 'run' }, TOML_DIALECT), '{kind = "run"}');
    assert.equal(previewValue(Number.NaN, TOML_DIALECT), 'nan');
  });

  test('deep and long values are cut', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) {
      deep = [deep];
    }
    const text = previewValue(deep, JSON_DIALECT);

    assert.ok(text.length <= 61, text);
    assert.ok(text.endsWith('…'));
    assert.equal(
      previewValue('y'.repeat(100), JSON_DIALECT),
      `"${'y'.repeat(60)}"… (100 characters)`,
    );
  });
});

describe('config/suggest', () => {
  test('edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });

  test('closest match ignores case and dashes', () => {
    assert.equal(closestMatch('PMG-Repository', ['pmg_repository', 'pmg_uri']), 'pmg_repository');
    assert.equal(closestMatch('zzzzzz', ['pmg_repository', 'pmg_uri']), undefined);
    assert.equal(closestMatch('x'.repeat(500), ['x']), undefined);
    assert.equal(closestMatch('a', ['apt']), undefined);
    assert.equal(closestMatch('atp', ['apt']), undefined);
    assert.equal(closestMatch('ap', ['apt']), 'apt');
  });
});

describe('config/text-location', () => {
  test('line and column count characters', () => {
    assert.deepEqual(lineAndColumn('ab\ncd\u00e9f', 6), { line: 2, column: 4 });
    assert.deepEqual(lineAndColumn('', 0), { line: 1, column: 1 });
  });

  test('genuine U+FFFD is valid UTF-8', () => {
    const result = decodeUtf8(Buffer.from('a\uFFFDb\n'));

    assert.deepEqual(result, { ok: true, text: 'a\uFFFDb\n' });
  });

  test('first invalid byte is located after a genuine U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from('\uFFFD\n\u00e9x'), Buffer.from([0xc3, 0x28])]);
    const result = decodeUtf8(bytes);

    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.location, 'line 2, column 3');
    assert.match(result.message, /0xc3 at byte offset 7/);
  });

  test('truncated sequence at the end', () => {
    const result = decodeUtf8(Buffer.from([0x61, 0xe2, 0x82]));

    assert.ok(!result.ok);
    assert.equal(result.location, 'line 1, column 2');
  });
});
