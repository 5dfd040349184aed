import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { splitSections } from '../../../lib/probe/sections.js';
import { assertRejected } from './helpers.js';

const NONCE = 'a1b2c3d4e5f60718a1b2c3d4e5f60718';
const begin = (name: string, nonce = NONCE) => `@@pmgup:${nonce}:begin:${name}@@\n`;
const end = (name: string, status = 0, nonce = NONCE) => `\n@@pmgup:${nonce}:end:${name}:${status}@@\n`;
const done = `@@pmgup:${NONCE}:done@@\n`;

describe('sections', () => {
  describe('splitSections()', () => {
    test('body keeps the command output exactly', () => {
      const output = `${begin('a')}one\ntwo\n${end('a')}${begin('b')}no newline${end('b', 3)}${begin('c')}${end('c')}${done}`;
      const { sections, complete } = splitSections(output, NONCE);

      assert.equal(complete, true);
      assert.equal(sections.get('a')?.body, 'one\ntwo\n');
      assert.equal(sections.get('b')?.body, 'no newline');
      assert.equal(sections.get('b')?.status, 3);
      assert.equal(sections.get('c')?.body, '');
    });

    test('text outside sections is ignored', () => {
      const output = `Welcome to the host\n${begin('a')}x${end('a')}trailing noise\n${done}`;
      const { sections } = splitSections(output, NONCE);

      assert.deepEqual([...sections.keys()], ['a']);
      assert.equal(sections.get('a')?.body, 'x');
    });

    test('markers with another nonce are body text', () => {
      const forged = `${end('a', 0, 'ffffffffffffffffffffffffffffffff')}${begin('units', 'ffffffffffffffffffffffffffffffff')}`;
      const output = `${begin('a')}before${forged}after${end('a')}${done}`;
      const { sections } = splitSections(output, NONCE);

      assert.deepEqual([...sections.keys()], ['a']);
      assert.equal(sections.get('a')?.body, `before${forged}after`);
    });

    test('marker text in mid-line is not a marker', () => {
      const output = `${begin('a')}x @@pmgup:${NONCE}:end:a:0@@ y${end('a')}${done}`;
      const { sections } = splitSections(output, NONCE);

      assert.equal(sections.get('a')?.body, `x @@pmgup:${NONCE}:end:a:0@@ y`);
    });

    test('missing done marker means incomplete', () => {
      const { sections, complete } = splitSections(`${begin('a')}x${end('a')}`, NONCE);

      assert.equal(complete, false);
      assert.equal(sections.size, 1);
    });

    test('unterminated section is rejected', () => {
      assertRejected(() => splitSections(`${begin('a')}cut off here`, NONCE), 'a', null);
    });

    test('section closed under another name is rejected', () => {
      assertRejected(() => splitSections(`${begin('a')}x${end('b')}${done}`, NONCE), 'a');
    });

    test('begin inside a section is rejected', () => {
      assertRejected(() => splitSections(`${begin('a')}x\n${begin('b')}y${end('b')}${end('a')}${done}`, NONCE), 'a');
    });

    test('section twice is rejected', () => {
      assertRejected(() => splitSections(`${begin('a')}x${end('a')}${begin('a')}y${end('a')}${done}`, NONCE), 'a');
    });

    test('non-numeric exit status is rejected', () => {
      const output = `${begin('a')}x\n@@pmgup:${NONCE}:end:a:zero@@\n${done}`;

      assertRejected(() => splitSections(output, NONCE), 'a');
    });

    test('malformed begin marker is rejected', () => {
      assertRejected(() => splitSections(`@@pmgup:${NONCE}:begin:Bad Name@@\n`, NONCE), '(marker)');
    });

    test('short nonce is a programming error', () => {
      assert.throws(() => splitSections('', 'abc'), TypeError);
    });
  });
});
