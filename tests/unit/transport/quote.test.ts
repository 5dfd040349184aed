import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';

import { shellJoin, shellQuote } from '../../../lib/transport/quote.js';

// Runs `printf '%s\0' WORDS` through /bin/sh and returns the words it saw.
function wordsSeenByShell(commandLine: string): string[] {
  const output = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${commandLine}`], { encoding: 'utf8' });
  return output.split('\0').slice(0, -1);
}

describe('quote', () => {
  describe('shellQuote()', () => {
    const hostile = [
      `it's`,
      `"$HOME"`,
      '$(touch /tmp/pmgup-quote-test)',
      '`id`',
      'a b\tc\nd',
      '*',
      '-rf',
      '',
      `'\\''`,
      'semi;colon|pipe&amp',
    ];
    for (const value of hostile) {
      test(`keeps ${JSON.stringify(value)} one literal word`, () => {
        assert.deepEqual(wordsSeenByShell(shellQuote(value)), [value]);
      });
    }

    test('leaves plain words unquoted', () => {
      assert.equal(shellQuote('/etc/apt/sources.list'), '/etc/apt/sources.list');
    });

    test('quotes a word that starts with a hyphen', () => {
      assert.equal(shellQuote('-n'), `'-n'`);
    });

    test('rejects a NUL byte', () => {
      assert.throws(() => shellQuote('a\0b'), TypeError);
    });
  });

  describe('shellJoin()', () => {
    test('keeps every word separate', () => {
      const words = ['a b', `c'd`, '$x'];
      assert.deepEqual(wordsSeenByShell(shellJoin(words)), words);
    });
  });
});
