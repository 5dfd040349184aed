/**
 * The options each command takes: every other option is rejected with the
 * option, the command and the commands that do take it, and each command's
 * help lists exactly the options its parser accepts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseCommandLine } from '../../../lib/cli/args.js';
import { COMMANDS, type CommandName } from '../../../lib/cli/command-table.js';
import { commandHelp, optionLabel, USAGE } from '../../../lib/cli/help.js';
import { OPTION_NAMES, OPTIONS, type OptionName } from '../../../lib/cli/option-table.js';
import { UserError } from '../../../lib/errors.js';
import { run } from './support.js';

const TARGET: OptionName[] = ['host', 'inventory', 'local'];
const SSH: OptionName[] = ['ssh-config', 'identity-file', 'known-hosts', 'ssh-option'];

/** The options each command takes, written out here so the test does not read them from the table it checks. */
const ACCEPTED: Record<CommandName, OptionName[]> = {
  plan: [...TARGET, 'facts', ...SSH, 'parallelism', 'out', 'json', 'no-color', 'detailed-exitcode', 'no-simulate', 'help'],
  apply: [...TARGET, ...SSH, 'parallelism', 'keep-going', 'json', 'no-color', 'no-simulate', 'auto-approve', 'force-unlock', 'help'],
  check: [...TARGET, 'facts', ...SSH, 'parallelism', 'json', 'no-color', 'help'],
  probe: [...TARGET, ...SSH, 'parallelism', 'out', 'simulate', 'help'],
  show: ['json', 'no-color', 'help'],
  graph: [...TARGET, 'facts', ...SSH, 'parallelism', 'help'],
  help: ['help'],
  version: ['help'],
};

/** A value each string option parses with. */
const VALUES: Partial<Record<OptionName, string>> = { parallelism: '2', 'ssh-option': 'BatchMode=yes' };

function argvWith(command: CommandName, option: OptionName): string[] {
  const value = OPTIONS[option].type === 'string' ? [VALUES[option] ?? 'x.json'] : [];

  return [command, `--${option}`, ...value];
}

function takers(option: OptionName): CommandName[] {
  return COMMANDS.filter((command) => ACCEPTED[command].includes(option));
}

/** Returns whether the parser accepts `option` on `command`, and the error when it does not. */
function parse(command: CommandName, option: OptionName): UserError | null {
  try {
    parseCommandLine(argvWith(command, option));
    return null;
  } catch (error) {
    assert.ok(error instanceof UserError, `${command} --${option} throws a UserError`);
    return error;
  }
}

describe('cli options per command', () => {
  test('the table covers every option', () => {
    assert.deepEqual(new Set(Object.values(ACCEPTED).flat()), new Set(OPTION_NAMES));
  });

  for (const command of COMMANDS) {
    describe(command, () => {
      for (const option of OPTION_NAMES) {
        if (ACCEPTED[command].includes(option)) {
          test(`takes --${option}`, () => {
            assert.equal(parse(command, option), null);
          });
          continue;
        }

        test(`rejects --${option}`, () => {
          const error = parse(command, option);

          assert.ok(error !== null, `${command} --${option} is rejected`);
          assert.equal(error.exitCode, 1);
          assert.equal(error.message, `Invalid arguments for pmgup ${command}`);
          assert.match(error.detail, new RegExp(`^--${option} does not apply to ${command}: it `));
          for (const taker of takers(option)) {
            assert.match(error.detail.split('\n')[0]!, new RegExp(`[(, ]${taker}[,)]`), `names ${taker}`);
          }
          assert.match(error.detail, new RegExp(`Run pmgup help ${command} for the options ${command} takes\\.`));
        });
      }
    });
  }

  test('every rejected option is named at once', () => {
    assert.throws(
      () => parseCommandLine(['show', 'plan.json', '--host', 'gw1', '--out', 'x.json', '--host', 'gw2']),
      (error: UserError) => {
        const lines = error.detail.split('\n');

        assert.equal(lines.length, 3);
        assert.match(lines[0]!, /^--host does not apply to show: /);
        assert.match(lines[1]!, /^--out does not apply to show: /);
        assert.equal(lines[2], 'Leave them out. Run pmgup help show for the options show takes.');
        return true;
      },
    );
  });

  test('a value option given twice is rejected', () => {
    assert.throws(
      () => parseCommandLine(['plan', '--facts', 'a.json', '--out', 'x1.json', '--out=x2.json', '--parallelism', '4', '--parallelism', '4']),
      (error: UserError) => {
        assert.deepEqual(error.detail.split('\n'), [
          '--out is given 2 times: "x1.json", "x2.json".',
          '--parallelism is given 2 times: "4", "4".',
          'Give each of these options once.',
        ]);
        return true;
      },
    );
  });

  test('repeatable options and flags may repeat', () => {
    const parsed = parseCommandLine(['plan', '--facts', 'a.json', '--facts', 'b.json', '--json', '--json']);

    assert.deepEqual(parsed.options.facts, ['a.json', 'b.json']);
    assert.equal(parsed.options.json, true);
  });

  test('check --out writes nothing', async () => {
    const outcome = await run(['check', '--facts', 'examples/pmg7-plain.facts.json', '--out', '/nonexistent/x.json']);

    assert.equal(outcome.status, 1);
    assert.equal(outcome.stdout, '');
    assert.match(outcome.stderr, /^  --out does not apply to check: it saves the plan \(plan\), or saves the facts \(probe\)\.$/m);
  });
});

describe('cli help per command', () => {
  for (const command of COMMANDS) {
    test(`${command} help lists what it takes`, () => {
      const help = commandHelp(command);

      for (const option of OPTION_NAMES) {
        const listed = new RegExp(`^  ${optionLabel(option).replace(/[[\]]/g, '\\$&')} `, 'm').test(help);
        assert.equal(listed, parse(command, option) === null, `--${option} is listed exactly when ${command} takes it`);
      }
    });

    test(`${command} help has usage and example`, () => {
      const help = commandHelp(command);

      assert.match(help, new RegExp(`^Usage:\\n  pmgup ${command}`, 'm'));
      assert.match(help, new RegExp(`^Example:\\n  pmgup ${command}`, 'm'));
    });
  }

  test('usage lists every option', () => {
    for (const option of OPTION_NAMES) {
      assert.ok(USAGE.includes(`  ${optionLabel(option)} `), `--${option}`);
    }
  });
});
