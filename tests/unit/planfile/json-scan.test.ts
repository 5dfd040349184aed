import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { findJsonProblem } from '../../../lib/planfile/json-scan.js';

describe('planfile/json-scan', () => {
  describe('findJsonProblem()', () => {
    test('accepts what JSON.parse accepts', () => {
      const valid = [
        '{}',
        '[]',
        ' \n{"a": [1, -2.5e+3, 0, true, false, null, "x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"]}\r\n',
        '"just a string"',
        '-0',
        '{"": {"": []}}',
        '{"a": {"b": 1}, "b": {"b": 2}}',
      ];
      for (const text of valid) {
        assert.doesNotThrow(() => JSON.parse(text));
        assert.equal(findJsonProblem(text), undefined, text);
      }
    });

    test('rejects what JSON.parse rejects', () => {
      const invalid = [
        '',
        '{',
        '{"a"}',
        '{"a":}',
        '[1,]',
        '01',
        '1.',
        '.5',
        '+1',
        '"\\x"',
        "'a'",
        'nul',
        'truex',
        '{"a":1}}',
        '[1 2]',
        '"\u0001"',
      ];
      for (const text of invalid) {
        assert.throws(() => JSON.parse(text), SyntaxError, text);
        assert.notEqual(findJsonProblem(text), undefined, text);
      }
    });

    test('duplicate keys are found per object', () => {
      assert.deepEqual(findJsonProblem('{"a": 1, "b": {"a": 2}, "a": 3}'), {
        index: 24,
        message: 'duplicate property "a" in the same object',
      });
      assert.equal(findJsonProblem('{"a": {"a": {"a": 1}}}'), undefined);
    });

    test('escaped duplicate keys are found', () => {
      assert.deepEqual(
        findJsonProblem('{"kind": 1, "\\u006bind": 2}')?.message,
        'duplicate property "kind" in the same object',
      );
    });

    test('unclosed brackets are counted', () => {
      assert.deepEqual(findJsonProblem('{"a": [1, {"b": 2'), {
        index: 17,
        message:
          'unexpected end of the document with 3 unclosed brackets. The file may be truncated',
      });
    });
  });
});
