import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { UserError } from '../../../lib/errors.js';
import { parseProbeOutput } from '../../../lib/probe/assemble.js';
import { ProbeOutputError } from '../../../lib/probe/errors.js';
import { fixture, RECORDED_NONCE } from './helpers.js';

const RUN = 'bookworm/probe-run.txt';

function rejection(action: () => unknown): ProbeOutputError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ProbeOutputError, `expected a ProbeOutputError, got ${String(error)}`);
    return error;
  }

  return assert.fail('expected the output to be rejected');
}

describe('assemble', () => {
  describe('parseProbeOutput()', () => {
    test('recorded Debian 12 run gives complete facts', () => {
      const facts = parseProbeOutput(fixture(RUN), RECORDED_NONCE, 'local');

      assert.equal(facts.factsVersion, 1);
      assert.equal(facts.target, 'local');
      assert.equal(facts.os.codename, 'bookworm');
      assert.equal(facts.packages['dpkg']?.status, 'installed');
      assert.ok(facts.conffiles.length > 50);
      assert.deepEqual(facts.units, {});
      assert.equal(facts.postgres.clusters[0]?.status, 'down');
      assert.equal(facts.postgres.createclusterConf?.path, '/etc/postgresql-common/createcluster.conf');
      assert.equal(facts.mailQueueCount, null);
    });

    test('another nonce finds no sections', () => {
      assert.throws(
        () => parseProbeOutput(fixture(RUN), 'ffffffffffffffffffffffffffffffff', 'ssh:root@gw1:22'),
        (error: unknown) => {
          assert.ok(error instanceof UserError);
          assert.equal(error.message, 'The probe output of ssh:root@gw1:22 is incomplete');
          assert.match(error.detail, /holds no section of this run/);
          return true;
        },
      );
    });

    test('output cut short names the last section', () => {
      const text = fixture(RUN);
      const cut = text.slice(0, text.indexOf(`@@pmgup:${RECORDED_NONCE}:begin:apt-sources@@`));

      assert.throws(
        () => parseProbeOutput(cut, RECORDED_NONCE, 'local'),
        (error: unknown) => {
          assert.ok(error instanceof UserError);
          assert.match(error.detail, /stops after section "dpkg-audit"/);
          assert.match(error.detail, /run the probe again/);
          return true;
        },
      );
    });

    test('missing section is named', () => {
      const text = fixture(RUN);
      const start = text.indexOf(`@@pmgup:${RECORDED_NONCE}:begin:clamav@@`);
      const end = text.indexOf(`@@pmgup:${RECORDED_NONCE}:begin:locale@@`);
      const error = rejection(() => parseProbeOutput(text.slice(0, start) + text.slice(end), RECORDED_NONCE, 'local'));

      assert.equal(error.problem.section, 'clamav');
    });

    test('other output format is rejected', () => {
      const text = fixture(RUN).replace(/^format 1$/m, 'format 2');
      const error = rejection(() => parseProbeOutput(text, RECORDED_NONCE, 'local'));

      assert.equal(error.problem.section, 'probe');
    });

    test('failed systemctl on a running system is rejected', () => {
      const text = fixture(RUN).replace(/^state offline$/m, 'state running');
      const error = rejection(() => parseProbeOutput(text, RECORDED_NONCE, 'local'));

      assert.equal(error.problem.section, 'units');
    });

    test('error detail says what to do', () => {
      const text = fixture(RUN).replace(/^btime \d+$/m, 'btime soon');
      const error = rejection(() => parseProbeOutput(text, RECORDED_NONCE, 'ssh:root@gw1:22'));

      assert.equal(error.message, 'Cannot read the probe output of ssh:root@gw1:22');
      assert.match(error.detail, /section "boot": expected a boot time in epoch seconds, found "soon"/);
      assert.match(error.detail, /report it/);
    });
  });
});
