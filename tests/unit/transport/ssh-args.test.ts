import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { UserError } from '../../../lib/errors.js';
import { buildSshOptions, validateSshTransportOptions } from '../../../lib/transport/ssh-args.js';

// Returns the values of every `-o` option in order.
function settings(args: string[]): string[] {
  return args.flatMap((arg, i) => (args[i - 1] === '-o' ? [arg] : []));
}

function indexOfSetting(args: string[], prefix: string): number {
  return settings(args).findIndex((value) => value.startsWith(prefix));
}

describe('ssh-args', () => {
  describe('buildSshOptions()', () => {
    test('always sets batch mode and the control socket', () => {
      const values = settings(buildSshOptions({ host: 'gw1' }, {}, '/run/x/%C'));
      assert.ok(values.includes('BatchMode=yes'));
      assert.ok(values.includes('ControlMaster=auto'));
      assert.ok(values.includes('ControlPath=/run/x/%C'));
      assert.ok(values.includes('ControlPersist=60'));
    });

    test('without a control path forbids any shared connection', () => {
      const values = settings(buildSshOptions({ host: 'gw1' }, {}, null));
      assert.ok(values.includes('BatchMode=yes'));
      assert.ok(values.includes('ControlMaster=no'));
      assert.ok(values.includes('ControlPath=none'));
      assert.equal(values.some((value) => value.startsWith('ControlPersist=')), false);
    });

    test('never disables host key checking itself', () => {
      const args = buildSshOptions({ host: 'gw1' }, {}, '/run/x/%C');
      assert.equal(
        args.some((arg) => /StrictHostKeyChecking|UserKnownHostsFile=\/dev\/null/i.test(arg)),
        false,
      );
    });

    test('puts forced settings before the operator options and defaults after them', () => {
      const args = buildSshOptions(
        { host: 'gw1' },
        { sshOptions: ['ConnectTimeout=3', 'StrictHostKeyChecking=accept-new'] },
        '/run/x/%C',
      );
      const operator = indexOfSetting(args, 'ConnectTimeout=3');
      assert.ok(indexOfSetting(args, 'BatchMode=yes') < operator);
      assert.ok(indexOfSetting(args, 'ControlPath=') < operator);
      assert.ok(operator < indexOfSetting(args, 'ConnectTimeout=15'));
      assert.ok(operator < indexOfSetting(args, 'LogLevel=ERROR'));
    });

    test('passes the config file, identity, known hosts and timeout', () => {
      const args = buildSshOptions(
        { host: 'gw1' },
        { sshConfigFile: '/cfg', identityFile: '/key', knownHostsFile: '/kh', connectTimeoutSeconds: 7 },
        '/run/x/%C',
      );
      assert.equal(args[args.indexOf('-F') + 1], '/cfg');
      assert.equal(args[args.indexOf('-i') + 1], '/key');
      assert.ok(settings(args).includes('UserKnownHostsFile=/kh'));
      assert.ok(settings(args).includes('ConnectTimeout=7'));
    });

    test('passes user and port only when the host value has them', () => {
      const bare = buildSshOptions({ host: 'gw1' }, {}, '/run/x/%C');
      assert.equal(bare.includes('-l'), false);
      assert.equal(bare.includes('-p'), false);

      const full = buildSshOptions({ user: 'admin', host: 'gw1', port: 2222 }, {}, '/run/x/%C');
      assert.equal(full[full.indexOf('-l') + 1], 'admin');
      assert.equal(full[full.indexOf('-p') + 1], '2222');
    });

    test('asks for no terminal and no forwarding', () => {
      const args = buildSshOptions({ host: 'gw1' }, {}, '/run/x/%C');
      for (const flag of ['-T', '-a', '-x']) {
        assert.ok(args.includes(flag), `${flag} is missing`);
      }
      assert.ok(settings(args).includes('ClearAllForwardings=yes'));
    });
  });

  describe('validateSshTransportOptions()', () => {
    test('accepts Key=Value and Key Value', () => {
      validateSshTransportOptions({ sshOptions: ['StrictHostKeyChecking=accept-new', 'Compression yes'] });
    });

    for (const option of ['BatchMode=no', 'controlpath=/tmp/x', 'RemoteCommand=id', 'RequestTTY force']) {
      test(`rejects ${option}, which pmgup controls`, () => {
        assert.throws(
          () => validateSshTransportOptions({ sshOptions: [option] }),
          (error: unknown) =>
            error instanceof UserError &&
            error.message === 'Unsupported ssh option' &&
            error.detail.includes(JSON.stringify(option)),
        );
      });
    }

    for (const option of ['', 'BatchMode', '=yes', '-v']) {
      test(`rejects malformed ${JSON.stringify(option)}`, () => {
        assert.throws(
          () => validateSshTransportOptions({ sshOptions: [option] }),
          (error: unknown) => error instanceof UserError && error.message === 'Invalid ssh option',
        );
      });
    }

    test('rejects a connect timeout that is not a positive whole number', () => {
      for (const value of [0, -1, 1.5, Number.NaN]) {
        assert.throws(
          () => validateSshTransportOptions({ connectTimeoutSeconds: value }),
          (error: unknown) => error instanceof UserError && error.detail.includes('connectTimeoutSeconds'),
        );
      }
    });
  });
});
