import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import {
  linesOf,
  readFileRecord,
  readKeyValues,
  readNamedFiles,
  toFileFact,
} from '../../../lib/probe/records.js';
import { assertRejected, section } from './helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const line = (text: string) => ({ number: 1, text });

describe('records', () => {
  describe('linesOf()', () => {
    test('final newline adds no empty line', () => {
      assert.deepEqual(linesOf(section('s', 'a\nb\n')).map((l) => l.text), ['a', 'b']);
      assert.deepEqual(linesOf(section('s', '')), []);
      assert.deepEqual(linesOf(section('s', 'a\n\nb')).map((l) => l.number), [1, 2, 3]);
    });
  });

  describe('readKeyValues()', () => {
    test('reads known keys with empty values', () => {
      const values = readKeyValues(section('s', 'fqdn \nhostname gw1\n'), ['hostname', 'fqdn']);

      assert.equal(values.get('hostname'), 'gw1');
      assert.equal(values.get('fqdn'), '');
    });

    test('unknown key is rejected with its line', () => {
      assertRejected(() => readKeyValues(section('s', 'hostname gw1\nevil x\n'), ['hostname']), 's', 2);
    });

    test('repeated key is rejected', () => {
      assertRejected(() => readKeyValues(section('s', 'hostname a\nhostname b\n'), ['hostname']), 's', 2);
    });
  });

  describe('readFileRecord()', () => {
    const s = section('files', '');

    test('content record hashes the bytes received', () => {
      const record = readFileRecord(s, line(`file ${b64('/etc/pmg/pmg.conf')} 999 - b${b64('section: admin\n')}`));
      const expected = createHash('sha256').update('section: admin\n').digest('hex');

      assert.equal(record.kind, 'file');
      assert.equal(record.path, '/etc/pmg/pmg.conf');
      assert.equal(record.kind === 'file' && record.sha256, expected);
      assert.equal(record.kind === 'file' && record.sizeBytes, 15);
    });

    test('empty file has an empty content field', () => {
      const fact = toFileFact(readFileRecord(s, line(`file ${b64('/etc/empty')} 0 - b`)));

      assert.deepEqual(fact, {
        path: '/etc/empty',
        sha256: createHash('sha256').update('').digest('hex'),
        sizeBytes: 0,
        content: '',
      });
    });

    test('large file keeps the host checksum and no content', () => {
      const sum = 'a'.repeat(64);
      const fact = toFileFact(readFileRecord(s, line(`file ${b64('/var/lib/big')} 2000000 ${sum} -`)));

      assert.deepEqual(fact, { path: '/var/lib/big', sha256: sum, sizeBytes: 2000000, content: null });
    });

    test('binary content is not text', () => {
      const bytes = Buffer.from([0xff, 0xfe, 0x00]).toString('base64');
      const fact = toFileFact(readFileRecord(s, line(`file ${b64('/bin/x')} 3 - b${bytes}`)));

      assert.equal(fact?.content, null);
      assert.equal(fact?.sizeBytes, 3);
    });

    test('missing record reads as null', () => {
      assert.equal(toFileFact(readFileRecord(s, line(`missing ${b64('/etc/pmg/cluster.conf')}`))), null);
    });

    for (const [title, text] of [
      ['invalid base64', `file ${b64('/etc/x')} 1 - b!!!!`],
      ['relative path', `file ${b64('etc/x')} 1 - b${b64('x')}`],
      ['extra field', `file ${b64('/etc/x')} 1 - b${b64('x')} more`],
      ['checksum with content', `file ${b64('/etc/x')} 1 ${'a'.repeat(64)} b${b64('x')}`],
      ['bad checksum without content', `file ${b64('/etc/x')} 1 nothex -`],
      ['negative size', `file ${b64('/etc/x')} -1 - b${b64('x')}`],
      ['unknown tag', `link ${b64('/etc/x')}`],
    ] as const) {
      test(`${title} is rejected`, () => {
        assertRejected(() => readFileRecord(s, line(text)), 'files', 1);
      });
    }
  });

  describe('readNamedFiles()', () => {
    test('records must name the expected paths in order', () => {
      const body = `missing ${b64('/etc/pmg/cluster.conf')}\nmissing ${b64('/etc/pmg/pmg.conf')}\n`;

      assertRejected(() => readNamedFiles(section('pmg-files', body), ['/etc/pmg/pmg.conf', '/etc/pmg/cluster.conf']), 'pmg-files', 1);
    });

    test('record count must match', () => {
      assertRejected(() => readNamedFiles(section('pmg-files', ''), ['/etc/pmg/pmg.conf']), 'pmg-files');
    });
  });
});
