import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { COMMANDS } from '../../../lib/cli/command-table.js';
import { commandHelp, USAGE } from '../../../lib/cli/help.js';
import { reportError } from '../../../lib/cli/main.js';
import { CommandError, InternalError, UserError } from '../../../lib/errors.js';
import { TOOL_VERSION } from '../../../lib/version.js';
import { captureIO, ESCAPE, run } from './support.js';

describe('cli/main', () => {
  describe('help and version', () => {
    test('no arguments is a usage error', async () => {
      const outcome = await run([]);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.equal(outcome.stderr, USAGE);
    });

    for (const argv of [['help'], ['--help'], ['-h']]) {
      test(`pmgup ${argv.join(' ')} prints the usage`, async () => {
        const outcome = await run(argv);

        assert.equal(outcome.status, 0);
        assert.equal(outcome.stdout, USAGE);
        assert.equal(outcome.stderr, '');
      });
    }

    for (const command of COMMANDS) {
      for (const argv of [[command, '--help'], [command, '-h'], ['help', command], ['--help', command]]) {
        test(`pmgup ${argv.join(' ')} prints its help`, async () => {
          const outcome = await run(argv);

          assert.equal(outcome.status, 0);
          assert.equal(outcome.stdout, commandHelp(command));
          assert.equal(outcome.stderr, '');
        });
      }
    }

    test('--help wins over other options', async () => {
      const outcome = await run(['check', '--out', 'x.json', '--help']);

      assert.equal(outcome.status, 0);
      assert.equal(outcome.stdout, commandHelp('check'));
    });

    test('help of an unknown command', async () => {
      const outcome = await run(['help', 'plna']);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: Unknown command "plna"$/m);
      assert.match(outcome.stderr, /Did you mean plan\?/);
    });

    test('help of two commands is rejected', async () => {
      const outcome = await run(['help', 'plan', 'apply']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: pmgup help takes one command, got 2: "plan", "apply"$/m);
    });

    test('version takes no arguments', async () => {
      const outcome = await run(['version', 'now']);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: pmgup version takes no arguments, got 1: "now"$/m);
    });

    test('usage names every command', () => {
      for (const command of ['plan', 'apply', 'check', 'probe', 'show', 'graph']) {
        assert.match(USAGE, new RegExp(`^  pmgup ${command} `, 'm'), command);
      }
    });

    for (const argv of [['version'], ['--version']]) {
      test(`pmgup ${argv[0]} prints the tool version`, async () => {
        const outcome = await run(argv);

        assert.equal(outcome.status, 0);
        assert.equal(outcome.stdout, `pmgup ${TOOL_VERSION}\n`);
      });
    }
  });

  describe('argument errors', () => {
    test('unknown command names the value', async () => {
      const outcome = await run(['deploy']);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: Unknown command "deploy"$/m);
      assert.match(outcome.stderr, /pmgup knows these commands: plan, apply/);
    });

    test('a second file is rejected', async () => {
      const outcome = await run(['plan', 'a.toml', 'b.toml', '--facts', 'x.json']);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: pmgup plan takes one file, got 2: "a\.toml", "b\.toml"$/m);
    });

    test('misspelt command gets a suggestion', async () => {
      const outcome = await run(['plna']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /Did you mean plan\?/);
    });

    test('unknown option names the value', async () => {
      const outcome = await run(['plan', '--bogus']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: Invalid arguments for pmgup plan$/m);
      assert.match(outcome.stderr, /pmgup plan has no option "--bogus"\./);
      assert.match(outcome.stderr, /Run pmgup help plan for the options plan takes\./);
      assert.doesNotMatch(outcome.stderr, /Did you mean/);
    });

    test('misspelt option gets a suggestion', async () => {
      const outcome = await run(['plan', '--detailed-exit-code']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /no option "--detailed-exit-code"/);
      assert.match(outcome.stderr, /Did you mean --detailed-exitcode\?/);
    });

    test('missing option value is reported', async () => {
      const outcome = await run(['plan', '--out']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /--out/);
      assert.match(outcome.stderr, /argument missing/);
    });

    test('value for a flag is rejected', async () => {
      const outcome = await run(['plan', '--json=yes']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /'--json' does not take an argument/);
    });

    test('no target is an error with the ways to name one', async () => {
      const outcome = await run(['plan']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: No host to work on$/m);
      assert.match(outcome.stderr, /--host \[USER@\]HOST\[:PORT\]/);
      assert.match(outcome.stderr, /--facts FILE/);
    });
  });

  describe('reportError()', () => {
    test('prints a user error as title and indented detail', () => {
      const io = captureIO();
      const status = reportError(new UserError('Title here', 'first line\nsecond line', { exitCode: 3 }), io);

      assert.equal(status, 3);
      assert.equal(io.stderrText(), 'Error: Title here\n\n  first line\n  second line\n');
    });

    test('escapes control characters from host output', () => {
      const io = captureIO();
      const error = new CommandError({
        host: 'root@pmg1:22',
        command: 'apt-get update',
        exitCode: 100,
        signal: null,
        stdout: '',
        stderr: 'E: broken \u001b[31mred\u001b[0m\u0007\n',
        durationMs: 12,
      });
      const status = reportError(error, io);

      assert.equal(status, 1);
      assert.doesNotMatch(io.stderrText(), ESCAPE);
      assert.doesNotMatch(io.stderrText(), /\u0007/);
      assert.match(io.stderrText(), /E: broken \\x1b\[31mred\\x1b\[0m\\x07/);
      assert.match(io.stderrText(), /exit status: 100/);
    });

    test('calls an internal error a bug and shows the trace', () => {
      const io = captureIO();
      const status = reportError(new InternalError('invariant broken.\nmore detail'), io);
      const text = io.stderrText();

      assert.equal(status, 1);
      assert.match(text, /^Error: pmgup hit an internal error: invariant broken\.$/m);
      assert.match(text, /This is a bug in pmgup/);
      assert.match(text, /more detail/);
      assert.match(text, /at /);
    });

    test('reports an unexpected exception as a bug', () => {
      const io = captureIO();
      const status = reportError(new TypeError('x is undefined'), io);

      assert.equal(status, 1);
      assert.match(io.stderrText(), /^Error: pmgup hit an internal error\.$/m);
      assert.match(io.stderrText(), /TypeError: x is undefined/);
    });
  });
});
