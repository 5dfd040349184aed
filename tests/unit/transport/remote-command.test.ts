import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';

import { buildRemoteCommand, takeExitStatus } from '../../../lib/transport/remote-command.js';

// Runs the command line the way a remote login shell would: parsed once by
// a POSIX shell, here with a polluted environment that must not leak in.
function runLine(line: string) {
  return spawnSync('/bin/sh', ['-c', line], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: '/home/remote-user', LANG: 'de_DE.UTF-8', PMGUP_LEAK: 'yes' },
  });
}

describe('remote-command', () => {
  describe('buildRemoteCommand()', () => {
    test('reports the exit status behind the marker', () => {
      const command = buildRemoteCommand('echo out; echo err >&2; exit 7');
      const result = runLine(command.line);

      assert.equal(result.status, 7);
      assert.equal(result.stdout, 'out\n');
      assert.deepEqual(takeExitStatus(result.stderr, command.marker), { stderr: 'err\n', status: 7 });
    });

    test('runs the script with only the controlled environment', () => {
      const command = buildRemoteCommand('env | sort');
      const result = runLine(command.line);
      const variables = result.stdout.split('\n').filter((line) => line !== '');

      assert.ok(variables.includes('LANG=C.UTF-8'));
      assert.ok(variables.includes('LC_ALL=C.UTF-8'));
      assert.ok(variables.includes('PATH=/usr/sbin:/usr/bin:/sbin:/bin'));
      assert.ok(variables.includes('HOME=/home/remote-user'), 'HOME comes from the login shell');
      assert.equal(variables.some((line) => line.startsWith('PMGUP_LEAK=')), false);
    });

    test('passes a hostile script through the login shell unchanged', () => {
      const script = `printf '%s|' "it's" '$HOME' "\\$(id)" '\`id\`'`;
      const result = runLine(buildRemoteCommand(script).line);

      assert.equal(result.stdout, `it's|$HOME|$(id)|\`id\`|`);
    });

    test('uses a new marker for every command', () => {
      assert.notEqual(buildRemoteCommand('true').marker, buildRemoteCommand('true').marker);
    });

    test('ends the script on the host when the timeout passes', () => {
      const started = Date.now();
      const result = runLine(buildRemoteCommand('sleep 5', 300).line);

      assert.equal(result.status, 124, 'coreutils timeout exits 124');
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    });
  });

  describe('takeExitStatus()', () => {
    test('keeps stderr that did not end in a newline', () => {
      const command = buildRemoteCommand(`printf 'no newline' >&2`);
      const result = runLine(command.line);

      assert.deepEqual(takeExitStatus(result.stderr, command.marker), { stderr: 'no newline', status: 0 });
    });

    test('returns null when the report is missing', () => {
      assert.deepEqual(takeExitStatus('Connection closed\n', 'pmgup-exit-status-00'), {
        stderr: 'Connection closed\n',
        status: null,
      });
    });

    test('keeps ssh messages after the report', () => {
      const stderr = 'script error\n\npmgup-exit-status-ab=3\ndebug1: channel 0: free\n';
      assert.deepEqual(takeExitStatus(stderr, 'pmgup-exit-status-ab'), {
        stderr: 'script error\ndebug1: channel 0: free\n',
        status: 3,
      });
    });

    test('ignores a report with another marker', () => {
      const stderr = '\npmgup-exit-status-aaaa=0\n';
      assert.equal(takeExitStatus(stderr, 'pmgup-exit-status-bbbb').status, null);
    });
  });
});
