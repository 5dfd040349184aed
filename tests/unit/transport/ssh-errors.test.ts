import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConnectionError } from '../../../lib/errors.js';
import { classifySshFailure, knownHostsName, type SshErrorContext } from '../../../lib/transport/ssh-errors.js';

// stderr as OpenSSH 9.2p1 (Debian 12) printed it in these situations.
const CHANGED_KEY = `@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
Someone could be eavesdropping on you right now (man-in-the-middle attack)!
It is also possible that a host key has just been changed.
The fingerprint for the ED25519 key sent by the remote host is
SHA256:qT+rbXHK2B0OnL+/Eq9hDaskBOz64bzUVKLgquzlVvg.
Please contact your system administrator.
Add correct host key in /etc/pmgup/known_hosts to get rid of this message.
Offending ED25519 key in /etc/pmgup/known_hosts:3
  remove with:
  ssh-keygen -f "/etc/pmgup/known_hosts" -R "[gw1.example.org]:2222"
Host key for [gw1.example.org]:2222 has changed and you have requested strict checking.
Host key verification failed.
`;

const context: SshErrorContext = {
  display: 'root@gw1:2222',
  hostname: 'gw1.example.org',
  port: 2222,
  user: 'root',
  connectTimeoutSeconds: 15,
};

function detailFor(stderr: string, overrides: Partial<SshErrorContext> = {}): string {
  const error = classifySshFailure(stderr, { ...context, ...overrides });
  assert.ok(error instanceof ConnectionError);
  assert.equal(error.host, 'root@gw1:2222');
  return error.detail;
}

describe('ssh-errors', () => {
  describe('classifySshFailure()', () => {
    test('changed host key gives the fingerprint and the removal command', () => {
      const detail = detailFor(CHANGED_KEY);

      assert.match(detail, /differs from the one in known_hosts \(\/etc\/pmgup\/known_hosts line 3\)/);
      assert.match(detail, /SHA256:qT\+rbXHK2B0OnL\+\/Eq9hDaskBOz64bzUVKLgquzlVvg$/m);
      assert.match(detail, /ssh-keygen -f \/etc\/pmgup\/known_hosts -R '\[gw1\.example\.org\]:2222'/);
      assert.match(detail, /through its console/);
    });

    test('unknown host key says how to add it', () => {
      const detail = detailFor('Host key verification failed.\r\n', { knownHostsFile: '/srv/kh' });

      assert.match(detail, /not in \/srv\/kh/);
      assert.match(detail, /ssh-keyscan -p 2222 gw1\.example\.org >> \/srv\/kh/);
      assert.match(detail, /StrictHostKeyChecking=accept-new/);
      assert.doesNotMatch(detail, /differs/);
    });

    test('rejected login names the user', () => {
      const detail = detailFor('root@127.0.0.1: Permission denied (publickey).\r\n');
      assert.match(detail, /rejected every key that ssh offered for the user "root"/);
      assert.match(detail, /authorized_keys/);
    });

    test('refused connection names the port', () => {
      const detail = detailFor('ssh: connect to host gw1.example.org port 2222: Connection refused\r\n');
      assert.match(detail, /Nothing accepts connections on port 2222 of gw1\.example\.org/);
      assert.match(detail, /Connection refused/);
    });

    test('connect timeout names the limit', () => {
      const detail = detailFor('ssh: connect to host gw1.example.org port 2222: Connection timed out\r\n');
      assert.match(detail, /did not answer within 15 seconds/);
    });

    test('unresolved name says so', () => {
      const detail = detailFor('ssh: Could not resolve hostname gw1.example.org: Name or service not known\r\n');
      assert.match(detail, /could not be resolved/);
    });

    test('closed connection says the command may have run', () => {
      const detail = detailFor('Connection to 127.0.0.1 closed by remote host.\r\n');
      assert.match(detail, /may or may not have run/);
      assert.match(detail, /closed by remote host/);
    });

    test('silent failure reads as a dropped connection', () => {
      const detail = detailFor('');
      assert.match(detail, /may or may not have run/);
      assert.match(detail, /ssh printed no error message/);
    });

    test('bad ssh option is a settings problem', () => {
      const detail = detailFor('command-line: line 0: Bad configuration option: foo\r\n');
      assert.match(detail, /rejected its settings/);
      assert.match(detail, /Bad configuration option: foo/);
    });
  });

  describe('knownHostsName()', () => {
    test('uses brackets only for a port other than 22', () => {
      assert.equal(knownHostsName('gw1', 22), 'gw1');
      assert.equal(knownHostsName('gw1', 2222), '[gw1]:2222');
    });
  });
});
