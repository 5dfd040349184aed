import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseUnitBlocks, parseUnits } from '../../../../lib/probe/parsers/systemd.js';
import { assertRejected, fixture, recordedSection, section } from '../helpers.js';

const block = (id: string, load: string, active: string, sub: string, file: string) =>
  `Id=${id}\nLoadState=${load}\nActiveState=${active}\nSubState=${sub}\nUnitFileState=${file}\n`;

describe('parsers/systemd', () => {
  describe('parseUnits()', () => {
    test('matches blocks to the names asked for', () => {
      const body = [
        'query postfix.service ntp.service',
        block('postfix.service', 'loaded', 'active', 'exited', 'enabled'),
        block('ntpsec.service', 'loaded', 'active', 'running', 'enabled'),
      ].join('\n');
      const units = parseUnits(section('units', body));

      assert.deepEqual(Object.keys(units ?? {}), ['postfix.service', 'ntp.service']);
      assert.equal(units?.['ntp.service']?.subState, 'running');
      assert.equal(units?.['postfix.service']?.unitFileState, 'enabled');
    });

    test('not-found unit has an empty unit file state', () => {
      const body = `query chrony.service\nId=chrony.service\nLoadState=not-found\nActiveState=inactive\nSubState=dead\nUnitFileState=\n`;

      assert.deepEqual(parseUnits(section('units', body))?.['chrony.service'], {
        loadState: 'not-found',
        activeState: 'inactive',
        subState: 'dead',
        unitFileState: '',
      });
    });

    test('reads systemd 247 blocks in any property order', () => {
      const body = `query pmgup-test-step.service pmgup-test-running.service\n${fixture('bullseye/systemctl-show-pmgup.txt')}`;
      const blocks = parseUnitBlocks(section('pmgup-units', body), ['Id', 'ActiveState', 'Result', 'ExecMainCode', 'ExecMainStatus']);

      assert.equal(blocks?.get('pmgup-test-step.service')?.get('ExecMainStatus'), '3');
      assert.equal(blocks?.get('pmgup-test-running.service')?.get('ActiveState'), 'active');
    });

    test('no systemd gives null', () => {
      assert.equal(parseUnits(recordedSection('bookworm/probe-run.txt', 'units')), null);
    });

    test('fewer blocks than names is rejected', () => {
      const body = `query a.service b.service\n${block('a.service', 'loaded', 'active', 'running', 'enabled')}`;

      assertRejected(() => parseUnits(section('units', body)), 'units', null);
    });

    test('unexpected property is rejected', () => {
      const body = `query a.service\nId=a.service\nDescription=forged\n`;

      assertRejected(() => parseUnits(section('units', body)), 'units', 3);
    });

    test('missing query line is rejected', () => {
      assertRejected(() => parseUnits(section('units', block('a.service', 'loaded', 'active', 'running', 'enabled'))), 'units', 1);
    });
  });
});
