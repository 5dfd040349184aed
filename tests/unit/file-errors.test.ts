/**
 * The words for a failed read of an input file: each common error code gets
 * its cause and its fix, and any other error keeps its own message.
 */
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { describe, test } from 'node:test';

import { readFailure } from '../../lib/file-errors.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: raw message`), { code });
}

describe('readFailure', () => {
  const cases: [string, RegExp][] = [
    ['ENOENT', /^no such file\. Check the path$/],
    ['EACCES', new RegExp(`^permission denied for the user ${userInfo().username}, who runs pmgup\\. Make the file readable`)],
    ['EPERM', /^permission denied for /],
    ['EISDIR', /^it is a directory\. Name the file in it$/],
    ['ENOTDIR', /^a part of the path is a file, not a directory\./],
    ['EIO', /^EIO: raw message\. Check the path$/],
  ];

  for (const [code, expected] of cases) {
    test(`explains ${code}`, () => {
      assert.match(readFailure(errno(code)), expected);
    });
  }

  test('never shows a bare code', () => {
    for (const [code] of cases.slice(0, 5)) {
      assert.doesNotMatch(readFailure(errno(code)), new RegExp(code));
    }
  });
});
