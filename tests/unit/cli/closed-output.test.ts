import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';

import { CLOSED_OUTPUT_STATUS, exitOnWriteError } from '../../../lib/cli/closed-output.js';
import { packageFile } from '../../../lib/config/schema-files.js';

function writeError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`write ${code}`), { code, syscall: 'write' });
}

/** Runs bin/pmgup.js with `argv` after closing the read end of its stdout pipe. */
function runWithClosedStdout(argv: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [packageFile('bin/pmgup.js'), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stderr }));
  });
}

describe('closed-output', () => {
  describe('exitOnWriteError()', () => {
    test('EPIPE exits quietly with 141', () => {
      const stream = new EventEmitter();
      const reports: string[] = [];
      const exits: number[] = [];
      exitOnWriteError([{ stream, name: 'standard output' }], (text) => reports.push(text), (status) => exits.push(status));
      stream.emit('error', writeError('EPIPE'));

      assert.deepEqual(exits, [CLOSED_OUTPUT_STATUS]);
      assert.equal(CLOSED_OUTPUT_STATUS, 141);
      assert.deepEqual(reports, []);
    });

    test('EPIPE lets a kept-going command go on', () => {
      const stream = new EventEmitter();
      const exits: number[] = [];
      exitOnWriteError([{ stream, name: 'standard output' }], () => {}, (status) => exits.push(status), true);
      stream.emit('error', writeError('EPIPE'));
      stream.emit('error', writeError('EPIPE'));

      assert.deepEqual(exits, []);
    });

    test('other errors are reported', () => {
      const stream = new EventEmitter();
      const reports: string[] = [];
      const exits: number[] = [];
      exitOnWriteError([{ stream, name: 'standard output' }], (text) => reports.push(text), (status) => exits.push(status));
      stream.emit('error', writeError('EIO'));

      assert.deepEqual(exits, [1]);
      assert.equal(reports.length, 1);
      assert.match(reports[0]!, /^Error: Cannot write to standard output$/m);
      assert.match(reports[0]!, /write EIO\. Check the file, pipe or terminal that standard output goes to\./);
    });
  });

  describe('bin/pmgup.js', () => {
    for (const argv of [['help'], ['plan', '--facts', packageFile('examples/pmg7-plain.facts.json')]]) {
      test(`${argv[0]} to a closed pipe`, async () => {
        const outcome = await runWithClosedStdout(argv);

        assert.equal(outcome.stderr, '', 'no error and no stack trace');
        assert.equal(outcome.status, CLOSED_OUTPUT_STATUS);
      });
    }
  });
});
