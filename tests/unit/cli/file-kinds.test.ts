import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DEFAULT_DESIRED_STATE } from '../../../lib/config/load.js';
import { packageFile } from '../../../lib/config/schema-files.js';
import { pmg7Host } from '../../support/facts.js';
import { run, writeFacts } from './support.js';

const DESIRED = DEFAULT_DESIRED_STATE;
const INVENTORY = packageFile('examples/inventory.toml');
const FACTS = packageFile('examples/pmg7-plain.facts.json');

let dir: string;
let plan: string;
let planToml: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmgup-cli-kinds-'));
  plan = join(dir, 'gw.plan.json');
  planToml = join(dir, 'gw.plan.toml');
  const saved = await run(['plan', '--facts', FACTS, '--out', plan, '--json']);
  assert.equal(saved.status, 0, saved.stderr);
  await copyFile(plan, planToml);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Case {
  argv: () => string[];
  /** The title after `Error: `. */
  title: () => string;
  /** The last line of the error: the command to run instead. */
  fix: () => string;
}

const CASES: Record<string, Case> = {
  'show with facts': {
    argv: () => ['show', FACTS],
    title: () => `${FACTS} is a facts file, not a saved plan`,
    fix: () => `Give it with --facts: pmgup plan --facts ${FACTS}`,
  },
  'apply with facts': {
    argv: () => ['apply', FACTS],
    title: () => `${FACTS} is a facts file, not a saved plan`,
    fix: () => `See the plan they give with: pmgup plan --facts ${FACTS}`,
  },
  'graph with facts': {
    argv: () => ['graph', FACTS],
    title: () => `${FACTS} is a facts file, not a saved plan`,
    fix: () => `Give it with --facts: pmgup graph --facts ${FACTS}`,
  },
  'show with a desired state': {
    argv: () => ['show', DESIRED],
    title: () => `${DESIRED} is a desired-state file, not a saved plan`,
    fix: () => `Give it as the first argument, before the target: pmgup plan ${DESIRED} --host HOST`,
  },
  'show with an inventory': {
    argv: () => ['show', INVENTORY],
    title: () => `${INVENTORY} is an inventory, not a saved plan`,
    fix: () => `Give it with --inventory: pmgup plan --inventory ${INVENTORY}`,
  },
  '--facts with a plan': {
    argv: () => ['plan', '--facts', plan],
    title: () => `${plan} is a saved plan, not a facts file`,
    fix: () => `Apply it with: pmgup apply ${plan}`,
  },
  '--facts with a desired state': {
    argv: () => ['plan', '--facts', DESIRED],
    title: () => `${DESIRED} is a desired-state file, not a facts file`,
    fix: () => `Give it as the first argument, before the target: pmgup plan ${DESIRED} --host HOST`,
  },
  '--facts with an inventory': {
    argv: () => ['check', '--facts', INVENTORY],
    title: () => `${INVENTORY} is an inventory, not a facts file`,
    fix: () => `Give it with --inventory: pmgup check --inventory ${INVENTORY}`,
  },
  '--inventory with facts': {
    argv: () => ['plan', '--inventory', FACTS],
    title: () => `${FACTS} is a facts file, not an inventory`,
    fix: () => `Give it with --facts: pmgup plan --facts ${FACTS}`,
  },
  '--inventory with facts to apply': {
    argv: () => ['apply', '--inventory', FACTS],
    title: () => `${FACTS} is a facts file, not an inventory`,
    fix: () => `See the plan they give with: pmgup plan --facts ${FACTS}`,
  },
  '--inventory with a plan': {
    argv: () => ['plan', '--inventory', plan],
    title: () => `${plan} is a saved plan, not an inventory`,
    fix: () => `Apply it with: pmgup apply ${plan}`,
  },
  '--inventory with a desired state': {
    argv: () => ['plan', '--inventory', DESIRED],
    title: () => `${DESIRED} is a desired-state file, not an inventory`,
    fix: () => `Give it as the first argument, before the target: pmgup plan ${DESIRED} --host HOST`,
  },
  'desired state that is facts': {
    argv: () => ['plan', FACTS, '--facts', FACTS],
    title: () => `${FACTS} is a facts file, not a desired-state file`,
    fix: () => `Give it with --facts: pmgup plan --facts ${FACTS}`,
  },
  'desired state that is a plan': {
    argv: () => ['plan', plan, '--facts', FACTS],
    title: () => `${plan} is a saved plan, not a desired-state file`,
    fix: () => `Apply it with: pmgup apply ${plan}`,
  },
  'desired state that is an inventory': {
    argv: () => ['plan', INVENTORY, '--facts', FACTS],
    title: () => `${INVENTORY} is an inventory, not a desired-state file`,
    fix: () => `Give it with --inventory: pmgup plan --inventory ${INVENTORY}`,
  },
  'apply with an inventory': {
    argv: () => ['apply', INVENTORY],
    title: () => `${INVENTORY} is an inventory, not a desired-state file`,
    fix: () => `Give it with --inventory: pmgup apply --inventory ${INVENTORY}`,
  },
  'apply with a plan named .toml': {
    argv: () => ['apply', planToml],
    title: () => `${planToml} is a saved plan, not a desired-state file`,
    fix: () => `Give it as the only argument: pmgup apply ${plan}`,
  },
};

/** Returns the lines of stderr without their indentation. */
function errorLines(stderr: string): string[] {
  return stderr.trimEnd().split('\n').map((line) => line.trim());
}

describe('cli file kinds', () => {
  for (const [name, { argv, title, fix }] of Object.entries(CASES)) {
    test(name, async () => {
      const outcome = await run(argv());
      const lines = errorLines(outcome.stderr);

      assert.equal(outcome.status, 1);
      assert.equal(lines[0], `Error: ${title()}`);
      assert.equal(lines[lines.length - 1], fix());
      assert.doesNotMatch(outcome.stderr, /not valid (JSON|TOML)|missing required|unknown (key|property)|factsVersion is/);
    });
  }

  test('edited plan keeps its error', async () => {
    const edited = join(dir, 'edited.plan.json');
    await writeFile(edited, (await readFile(plan, 'utf8')).replace('"errored": false', '"errored": "no"'));

    const outcome = await run(['show', edited]);

    assert.equal(outcome.status, 1);
    assert.match(outcome.stderr, /^Error: Invalid plan file$/m);
    assert.match(outcome.stderr, /edited\.plan\.json: \/errored: /);
  });

  test('facts of another version keep their error', async () => {
    const facts = await writeFacts(dir, 'v2.json', { ...pmg7Host(), factsVersion: 2 as 1 });

    const outcome = await run(['plan', '--facts', facts]);

    assert.equal(outcome.status, 1);
    assert.match(outcome.stderr, /^Error: Facts file .* has an unsupported format$/m);
  });
});
