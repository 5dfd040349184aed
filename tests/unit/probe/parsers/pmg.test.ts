import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseBackups, parsePmg, parseTemplates } from '../../../../lib/probe/parsers/pmg.js';
import { assertRejected, recordedSection, section } from '../helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const record = (path: string, content: string) => `file ${b64(path)} ${content.length} - b${b64(content)}`;

describe('parsers/pmg', () => {
  describe('parsePmg()', () => {
    test('host without PMG has no files', () => {
      const run = 'bookworm/probe-run.txt';
      const pmg = parsePmg(recordedSection(run, 'pmg-files'), recordedSection(run, 'pmg-templates'), recordedSection(run, 'pmg-backups'));

      assert.deepEqual(pmg, { pmgConf: null, clusterConf: null, templateOverrides: [], backups: [] });
    });
  });

  describe('parseTemplates()', () => {
    test('pairs overrides with shipped templates', () => {
      const body = [
        record('/etc/pmg/templates/postgresql.conf.in', 'override\n'),
        record('/var/lib/pmg/templates/postgresql.conf.in', 'shipped\n'),
        record('/etc/pmg/templates/custom.tt', 'mine\n'),
        `missing ${b64('/var/lib/pmg/templates/custom.tt')}`,
      ].join('\n');
      const overrides = parseTemplates(section('pmg-templates', body));

      assert.equal(overrides.length, 2);
      assert.equal(overrides[0].name, 'postgresql.conf.in');
      assert.equal(overrides[0].override.content, 'override\n');
      assert.equal(overrides[0].shipped?.content, 'shipped\n');
      assert.equal(overrides[1].shipped, null);
    });

    test('shipped record for another name is rejected', () => {
      const body = `${record('/etc/pmg/templates/a.in', 'x')}\n${record('/var/lib/pmg/templates/b.in', 'y')}\n`;

      assertRejected(() => parseTemplates(section('pmg-templates', body)), 'pmg-templates', 2);
    });

    test('override outside the templates folder is rejected', () => {
      const body = `${record('/etc/pmg/pmg.conf', 'x')}\n${record('/var/lib/pmg/templates/pmg.conf', 'y')}\n`;

      assertRejected(() => parseTemplates(section('pmg-templates', body)), 'pmg-templates', 1);
    });
  });

  describe('parseBackups()', () => {
    test('lists archives newest first', () => {
      const body = [
        `backup ${b64('/var/lib/pmg/backup/pmg-backup_2026_11_01_A.tgz')} 1000 1761955200`,
        `backup ${b64('/var/lib/pmg/backup/pmg-backup_2026_12_01_B.tgz')} 2000 1764547200`,
      ].join('\n');

      assert.deepEqual(parseBackups(section('pmg-backups', body)).map((backup) => backup.sizeBytes), [2000, 1000]);
    });

    test('path outside the backup folder is rejected', () => {
      assertRejected(() => parseBackups(section('pmg-backups', `backup ${b64('/etc/shadow')} 1 1\n`)), 'pmg-backups', 1);
    });
  });
});
