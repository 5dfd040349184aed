import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { explainPattern, PATTERN_WORDS } from '../../../lib/config/pattern-words.js';
import { readSchema } from '../../../lib/config/schema-files.js';
import { SCHEMA_FILES } from '../../../lib/config/validator.js';

/** Collects every `pattern` string in a schema. */
function patternsIn(node: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    node.forEach((item) => patternsIn(item, found));
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string') {
        found.add(value);
      } else {
        patternsIn(value, found);
      }
    }
  }

  return found;
}

describe('config/pattern-words', () => {
  test('every schema pattern has words', () => {
    for (const file of SCHEMA_FILES) {
      const patterns = patternsIn(readSchema(file), new Set());
      assert.ok(patterns.size > 0);
      for (const pattern of patterns) {
        assert.ok(
          PATTERN_WORDS[pattern] !== undefined,
          `${file} has the pattern ${pattern} without words: add them to lib/config/pattern-words.ts`,
        );
      }
    }
  });

  test('unknown pattern falls back to description', () => {
    assert.equal(explainPattern('^x$', 'A thing.'), 'A thing (pattern ^x$)');
    assert.equal(explainPattern('^x$'), 'text matching the pattern ^x$');
  });
});
