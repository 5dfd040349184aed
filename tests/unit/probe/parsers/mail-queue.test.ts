import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseMailQueue } from '../../../../lib/probe/parsers/mail-queue.js';
import { assertRejected, fixture, recordedSection, section } from '../helpers.js';

describe('parsers/mail-queue', () => {
  describe('parseMailQueue()', () => {
    test('no postfix gives null', () => {
      assert.equal(parseMailQueue(recordedSection('bookworm/probe-run.txt', 'mail-queue')), null);
    });

    test('empty queue counts zero', () => {
      assert.equal(parseMailQueue(section('mail-queue', 'postqueue Mail queue is empty\nspool 0\n')), 0);
    });

    test('reads the request count', () => {
      assert.equal(parseMailQueue(section('mail-queue', 'postqueue -- 9 Kbytes in 3 Requests.\nspool 3\n')), 3);
      assert.equal(parseMailQueue(section('mail-queue', 'postqueue -- 1 Kbytes in 1 Request.\nspool 1\n')), 1);
    });

    test('reads the last line of a recorded queue', () => {
      const last = fixture('bullseye/postqueue-p.txt').trimEnd().split('\n').at(-1);

      assert.equal(parseMailQueue(section('mail-queue', `postqueue ${last}\nspool 2\n`)), 2);
    });

    test('stopped postfix falls back to the spool count', () => {
      assert.equal(parseMailQueue(section('mail-queue', 'postqueue \nspool 7\n')), 7);
    });

    test('non-numeric spool count is rejected', () => {
      assertRejected(() => parseMailQueue(section('mail-queue', 'postqueue \nspool seven\n')), 'mail-queue', null);
    });
  });
});
