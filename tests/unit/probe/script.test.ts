import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';

import { parseProbeOutput } from '../../../lib/probe/assemble.js';
import { probeCommand, probeScript } from '../../../lib/probe/script.js';

const NONCE = '00112233445566778899aabbccddeeff';

/** Code lines of probe.sh, comments dropped. */
function codeLines(): string[] {
  return probeScript()
    .split('\n')
    .filter((line) => !/^\s*#/.test(line));
}

describe('script', () => {
  describe('probe.sh', () => {
    test('dash accepts the syntax', () => {
      const result = spawnSync('dash', ['-n'], { input: probeScript(), encoding: 'utf8' });

      assert.equal(result.status, 0, result.stderr);
    });

    test('writes only to /dev/null and standard streams', () => {
      const redirections = codeLines().flatMap((line) => [...line.matchAll(/\d?>>?\s*([^\s;|)]+)/g)].map((match) => match[1]));

      assert.ok(redirections.length > 5);
      assert.deepEqual(redirections.filter((target) => target !== '/dev/null' && !/^&\d$/.test(target)), []);
    });

    test('runs no command that changes state', () => {
      const forbidden = /apt-get (update|install|upgrade|dist-upgrade)|systemctl (start|stop|restart|reload|mask|unmask|enable|disable|daemon-reload)|\bmkdir\b|\brm\b|\bmktemp\b|\bdpkg --configure|\btouch\b/;
      const offending = codeLines().filter((line) => forbidden.test(line) && !/apt-get -s /.test(line));

      assert.deepEqual(offending, []);
    });

    test('apt runs simulated and without locks', () => {
      const aptCalls = codeLines().filter((line) => /\bapt-(get|mark)\b/.test(line));

      assert.ok(aptCalls.length > 0);
      for (const line of aptCalls) {
        assert.match(line, /\$APT_READ_ONLY/, line);
      }
      assert.match(probeScript(), /Debug::NoLocking=1/);
      assert.match(probeScript(), /apt-get -s /);
    });

    test('secret paths appear only as exclusions', () => {
      const mentions = codeLines().filter((line) => /auth\.conf\.d|ssl\/private|\\\.key/.test(line));

      assert.equal(mentions.length, 1);
      assert.match(mentions[0], /next$/);
    });

    test('private keys never reach openssl', () => {
      const line = codeLines().find((text) => text.includes('openssl x509'));
      const before = codeLines()[codeLines().indexOf(line!) - 1];

      assert.match(before, /BEGIN CERTIFICATE-----\/,\/\^-----END CERTIFICATE/);
    });

    test('bad nonce exits before probing', () => {
      const result = spawnSync('sh', ['-c', probeScript(), 'probe', 'NOT-HEX'], { encoding: 'utf8' });

      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /nonce must be lower-case hex/);
    });

    test('posh, a strict POSIX shell, runs it', { skip: !existsSync('/usr/bin/posh') && 'posh is not installed' }, () => {
      const output = execFileSync('posh', ['-c', probeCommand(NONCE, 0)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const facts = parseProbeOutput(output, NONCE, 'local');

      assert.ok(Object.keys(facts.packages).length > 0);
      assert.notEqual(facts.os.id, '');
    });
  });

  describe('probeCommand()', () => {
    test('sets nonce and wait before the script', () => {
      const command = probeCommand(NONCE, 45);

      assert.ok(command.startsWith(`set -- ${NONCE} 45\n#!/bin/sh\n`));
    });

    test('invalid nonce is a programming error', () => {
      assert.throws(() => probeCommand('x; rm -rf /', 0), /nonce/);
      assert.throws(() => probeCommand(NONCE, -1), /whole number/);
    });
  });
});
