import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import {
  configureLogging,
  formatLine,
  logger,
  resetLogging,
  settingsFromEnv,
  type LogLevel,
} from '../../lib/log.js';
import { LocalTransport } from '../../lib/transport/local.js';

const LOG_MODULE = fileURLToPath(new URL('../../lib/log.js', import.meta.url));

// Sends every line to an array at the given level.
function capture(level: LogLevel | null): string[] {
  const lines: string[] = [];
  configureLogging({ level, write: (line) => lines.push(line) });
  return lines;
}

// Runs a small program in a child process with the given environment, so
// that the settings are read from the environment as in the CLI.
function logInChild(env: Record<string, string>): { stdout: string; stderr: string } {
  const program = `import { logger } from ${JSON.stringify(LOG_MODULE)};
const log = logger('probe');
log.debug('debug line');
log.warn('warn line');`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { stdout: result.stdout, stderr: result.stderr };
}

describe('log', () => {
  afterEach(() => resetLogging());

  describe('logger()', () => {
    test('writes nothing when logging is off', () => {
      const lines = capture(null);
      logger('transport').error('not shown');
      assert.deepEqual(lines, []);
    });

    test('writes the chosen level and above', () => {
      const lines = capture('info');
      const log = logger('plan');
      log.debug('hidden');
      log.info('shown info');
      log.error('shown error');

      assert.equal(lines.length, 2);
      assert.match(lines[0]!, /INFO  \[plan\] shown info\n$/);
      assert.match(lines[1]!, /ERROR \[plan\] shown error\n$/);
    });

    test('reports whether a level is enabled', () => {
      capture('debug');
      const log = logger('x');
      assert.equal(log.enabled('trace'), false);
      assert.equal(log.enabled('debug'), true);
      assert.equal(log.enabled('error'), true);
    });
  });

  describe('formatLine()', () => {
    test('starts with an ISO time and the level', () => {
      const line = formatLine(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), 'warn', 'apply', 'hello');
      assert.equal(line, '2024-01-02T03:04:05.006Z WARN  [apply] hello\n');
    });

    test('redacts credentials in URIs', () => {
      const line = formatLine(new Date(0), 'info', 'apt', 'deb https://user:s3cret@enterprise.example/debian bookworm');
      assert.doesNotMatch(line, /s3cret/);
      assert.doesNotMatch(line, /user:/);
      assert.match(line, /https:\/\/\*\*\*@enterprise\.example/);
    });

    test('indents continuation lines', () => {
      const line = formatLine(new Date(0), 'info', 'x', 'one\ntwo');
      assert.match(line, /one\n {4}two\n$/);
    });
  });

  describe('settingsFromEnv()', () => {
    test('is off without PMGUP_LOG', () => {
      assert.equal(settingsFromEnv({}).level, null);
      assert.equal(settingsFromEnv({ PMGUP_LOG: 'off' }).level, null);
    });

    test('reads the level in any case', () => {
      assert.equal(settingsFromEnv({ PMGUP_LOG: 'TRACE' }).level, 'trace');
      assert.equal(settingsFromEnv({ PMGUP_LOG: 'warn' }).level, 'warn');
    });

    test('stays off for an unknown level and says so', () => {
      const output = logInChild({ PMGUP_LOG: 'verbose' });
      assert.match(output.stderr, /PMGUP_LOG="verbose" is not a log level/);
      assert.match(output.stderr, /trace, debug, info, warn, error/);
      assert.doesNotMatch(output.stderr, /warn line/);
    });

    test('writes to stderr when PMGUP_LOG is set', () => {
      const output = logInChild({ PMGUP_LOG: 'warn' });
      assert.match(output.stderr, /^\d{4}-\d\d-\d\dT[\d:.]+Z WARN  \[probe\] warn line\n$/);
      assert.equal(output.stdout, '');
    });

    test('appends to the file in PMGUP_LOG_PATH', () => {
      const dir = mkdtempSync(join(tmpdir(), 'pmgup-log-test-'));
      try {
        const path = join(dir, 'pmgup.log');
        const output = logInChild({ PMGUP_LOG: 'debug', PMGUP_LOG_PATH: path });
        const lines = readFileSync(path, 'utf8').trimEnd().split('\n');

        assert.equal(output.stderr, '');
        assert.equal(lines.length, 2);
        assert.match(lines[0]!, /DEBUG \[probe\] debug line$/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('falls back to stderr when the log file cannot be written', () => {
      const output = logInChild({ PMGUP_LOG: 'warn', PMGUP_LOG_PATH: '/nonexistent-dir/pmgup.log' });
      assert.match(output.stderr, /cannot write the log file "\/nonexistent-dir\/pmgup\.log"/);
      assert.match(output.stderr, /WARN  \[probe\] warn line/);
    });
  });

  describe('command lines from a transport', () => {
    test('log id, host, duration and exit status at debug', async () => {
      const lines = capture('debug');
      await new LocalTransport().run('echo secret-output; exit 3', { allowFailure: true });

      assert.equal(lines.length, 2);
      const start = /\[transport\] (cmd-\d+) start on "local": "echo secret-output; exit 3"/.exec(lines[0]!);
      assert.ok(start, lines[0]);
      assert.match(lines[1]!, new RegExp(`${start[1]} end on "local": exit status 3 after \\d+ ms`));
      assert.doesNotMatch(lines.join(''), /secret-output\n/, 'output is logged only at trace');
    });

    test('log the first output lines at trace', async () => {
      const lines = capture('trace');
      await new LocalTransport().run('seq 1 25');
      const text = lines.join('');

      assert.match(text, /stdout: \n {4}1\n {4}2\n/);
      assert.match(text, / {4}10\n {4}\(15 more lines\)/);
      assert.doesNotMatch(text, / {4}11\n/);
    });

    test('redact a password in the logged script', async () => {
      const lines = capture('debug');
      await new LocalTransport().run('true https://admin:hunter2@repo.example/pmg');
      assert.doesNotMatch(lines.join(''), /hunter2/);
    });

    test('count ids up across commands', async () => {
      const lines = capture('debug');
      const local = new LocalTransport();
      await local.run('true');
      await local.run('true');
      const ids = lines.map((line) => /(cmd-\d+)/.exec(line)?.[1]);

      assert.equal(ids[0], ids[1]);
      assert.notEqual(ids[0], ids[2]);
    });
  });
});
