import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { buildCommand } from '../../../../lib/apply/commands/index.js';
import type { InlineCommand } from '../../../../lib/apply/commands/types.js';
import type { Step } from '../../../../lib/plan/model.js';
import { Sandbox, shellSyntaxError } from '../support.js';
import { CONTEXT } from './samples.js';

const sandbox = new Sandbox();
after(() => sandbox.remove());

const MARKER = join(sandbox.root, 'injected');
/** Values that would run a command, split into words or end a quote if they reached the shell unquoted. */
const HOSTILE = [
  `a b;touch ${MARKER}`,
  `$(touch ${MARKER})`,
  `x'y"z\`touch ${MARKER}\``,
  `-rf *`,
  'new\nline',
];

function inline(step: Step): string {
  const command = buildCommand(step, CONTEXT) as InlineCommand;
  assert.equal(command.mode, 'inline');

  return command.script;
}

function run(script: string) {
  sandbox.stub('systemctl', 'if [ "$1" = show ]; then echo loaded; fi');
  sandbox.stub('apt-get');
  sandbox.stub('dpkg-query', "printf 'installed'");
  sandbox.stub('runuser', 'echo 150004');

  return sandbox.run(script);
}

function callsOf(command: string) {
  return sandbox.calls().filter((call) => call.command === command);
}

describe('apply/commands with hostile values', () => {
  for (const value of HOSTILE) {
    const label = JSON.stringify(value);

    test(`stop-units passes ${label} as one argument`, () => {
      const unit = `${value}.service`;
      const script = inline({ kind: 'stop-units', units: [unit, 'postfix.service'], mask: true });
      assert.equal(shellSyntaxError(script), '');

      const before = sandbox.calls().length;
      const result = run(script);
      assert.equal(result.status, 0, result.stderr);
      const calls = sandbox.calls().slice(before).filter((call) => call.command === 'systemctl');
      assert.deepEqual(calls.find((call) => call.args[0] === 'stop')?.args, ['stop', '--', unit, 'postfix.service']);
      assert.deepEqual(calls.find((call) => call.args[0] === 'mask')?.args, ['mask', '--', unit, 'postfix.service']);
      assert.equal(existsSync(MARKER), false);
    });

    test(`unmask-units passes ${label} as one argument`, () => {
      const unit = `${value}.service`;
      const script = inline({ kind: 'unmask-units', units: ['postfix.service', unit], start: true });
      const before = sandbox.calls().length;
      const result = run(script);
      assert.equal(result.status, 0, result.stderr);
      const calls = sandbox.calls().slice(before).filter((call) => call.command === 'systemctl');
      assert.deepEqual(calls.map((call) => call.args), [
        ['unmask', '--', 'postfix.service', unit],
        ['start', '--', 'postfix.service', unit],
      ]);
      assert.equal(existsSync(MARKER), false);
    });

    test(`remove-packages passes ${label} as one argument`, () => {
      const script = inline({ kind: 'remove-packages', packages: [value] });
      const before = sandbox.calls().length;
      const result = run(script);
      assert.equal(result.status, 0, result.stderr);
      const apt = sandbox.calls().slice(before).filter((call) => call.command === 'apt-get');
      assert.equal(apt.length, 1);
      assert.equal(apt[0]!.args.at(-1), value);
      assert.equal(apt[0]!.args.at(-2), 'remove');
      assert.equal(existsSync(MARKER), false);
    });

    test(`disable-units passes ${label} as one argument`, () => {
      const unit = `${value}.service`;
      const script = inline({ kind: 'disable-units', units: [unit] });
      const before = sandbox.calls().length;
      const result = run(script);
      assert.equal(result.status, 0, result.stderr);
      const disable = sandbox.calls().slice(before).find((call) => call.command === 'systemctl' && call.args[0] === 'disable');
      assert.deepEqual(disable?.args, ['disable', '--now', '--', unit]);
      assert.equal(existsSync(MARKER), false);
    });
  }

  test('drop-pg-cluster quotes a hostile cluster name', () => {
    // pg_lsclusters separates fields with spaces, so the hostile name has none.
    const name = `m'a"i$(touch\${IFS}${MARKER})n;\`id\``;
    sandbox.stub('pg_lsclusters', `printf '15 %s 5433 online postgres /d /l\\n' '${name.replace(/'/g, "'\\''")}'`);
    sandbox.stub('runuser', 'printf "postgres\\ntemplate0\\ntemplate1\\n"');
    sandbox.stub('pg_dropcluster');
    const script = inline({ kind: 'drop-pg-cluster', version: 15, name, ifExists: false });
    const result = sandbox.run(script);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(callsOf('pg_dropcluster').at(-1)?.args, ['--stop', '15', name]);
    assert.equal(existsSync(MARKER), false);
  });

  test('purge-packages quotes a hostile package name', () => {
    const value = `pkg;touch ${MARKER}`;
    const script = inline({ kind: 'purge-packages', packages: [value] });
    const result = run(script);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(callsOf('apt-get').at(-1)?.args.at(-1), value);
    assert.equal(existsSync(MARKER), false);
  });
});
