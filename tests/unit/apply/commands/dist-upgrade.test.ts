/**
 * The dist-upgrade's createcluster.d drop-in, run in a local shell: the
 * script body runs in a subshell as the detached runner runs it, with
 * /etc/postgresql-common/createcluster.d and /var/lib/dpkg/updates moved
 * into a temp folder and apt-get and dpkg replaced by stubs.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { buildDistUpgrade } from '../../../../lib/apply/commands/dist-upgrade.js';
import { CREATECLUSTER_DIRECTORY } from '../../../../lib/plan/createcluster-dropin.js';
import type { StepOf } from '../../../../lib/plan/model.js';
import { Sandbox } from '../support.js';

const DROP_IN_NAME = 'zz-pmgup-skip-main-cluster.conf';

function step(skipMainCluster: boolean | undefined): StepOf<'dist-upgrade'> {
  return { kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [], ...(skipMainCluster === undefined ? {} : { skipMainCluster }) };
}

/**
 * Returns a sandbox whose apt-get stub copies the drop-in as it finds it
 * (content and mode) and then exits with `aptStatus`.
 */
function setup(aptStatus = 0, interruptedDpkg = false) {
  const sandbox = new Sandbox();
  const directory = sandbox.move(CREATECLUSTER_DIRECTORY);
  const updates = sandbox.move('/var/lib/dpkg/updates');
  if (interruptedDpkg) {
    writeFileSync(join(updates, '0001'), '');
  }
  const dropIn = join(directory, DROP_IN_NAME);
  const seen = join(sandbox.root, 'seen-by-apt');
  sandbox.stub(
    'apt-get',
    [
      `if [ -f '${dropIn}' ]; then cp '${dropIn}' '${seen}'; stat -c %a '${dropIn}' > '${seen}.mode'; fi`,
      `exit ${aptStatus}`,
    ].join('\n'),
  );
  sandbox.stub('dpkg', `[ -f '${dropIn}' ] && touch '${seen}.dpkg'\nexit 0`);

  return { sandbox, dropIn, seen };
}

/** Runs the body the way the detached runner does: in a subshell, then reads its status. */
function runBody(sandbox: Sandbox, body: string) {
  return sandbox.run(`(\n${body}\n)\nstatus=$?\necho "status $status"\nexit "$status"`);
}

describe('apply/commands dist-upgrade drop-in', () => {
  test('writes create_main_cluster = false before apt-get', () => {
    const { sandbox, seen } = setup();
    const result = runBody(sandbox, buildDistUpgrade(step(true)).body);

    assert.equal(result.status, 0, result.stderr);
    assert.match(readFileSync(seen, 'utf8'), /^create_main_cluster = false$/m);
    sandbox.remove();
  });

  test('writes the drop-in with mode 0644', () => {
    const { sandbox, seen } = setup();
    runBody(sandbox, buildDistUpgrade(step(true)).body);

    assert.equal(readFileSync(`${seen}.mode`, 'utf8').trim(), '644');
    sandbox.remove();
  });

  test('writes the drop-in before dpkg --configure -a', () => {
    const { sandbox, seen } = setup(0, true);
    const result = runBody(sandbox, buildDistUpgrade(step(true)).body);

    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(`${seen}.dpkg`), 'dpkg ran with the drop-in in place');
    sandbox.remove();
  });

  test('removes the drop-in after apt-get succeeds', () => {
    const { sandbox, dropIn } = setup();
    const result = runBody(sandbox, buildDistUpgrade(step(true)).body);

    assert.equal(result.status, 0, result.stderr);
    assert.equal(existsSync(dropIn), false);
    sandbox.remove();
  });

  test('removes the drop-in after apt-get fails', () => {
    const { sandbox, dropIn, seen } = setup(100);
    const result = runBody(sandbox, buildDistUpgrade(step(true)).body);

    assert.equal(result.status, 100);
    assert.match(result.stdout, /^status 100$/m);
    assert.ok(existsSync(seen), 'apt-get saw the drop-in');
    assert.equal(existsSync(dropIn), false);
    sandbox.remove();
  });

  test('leaves no temporary file', () => {
    const { sandbox, dropIn } = setup();
    runBody(sandbox, buildDistUpgrade(step(true)).body);

    assert.equal(existsSync(`${dropIn}.tmp`), false);
    sandbox.remove();
  });

  test('removes a leftover drop-in before apt-get without the skip', () => {
    const { sandbox, dropIn, seen } = setup();
    writeFileSync(dropIn, 'create_main_cluster = false\n');
    const result = runBody(sandbox, buildDistUpgrade(step(false)).body);

    assert.equal(result.status, 0, result.stderr);
    assert.equal(existsSync(seen), false, 'apt-get ran without the drop-in');
    assert.equal(existsSync(dropIn), false);
    sandbox.remove();
  });

  test('treats a step without the parameter as no skip', () => {
    const { sandbox, seen } = setup();
    const result = runBody(sandbox, buildDistUpgrade(step(undefined)).body);

    assert.equal(result.status, 0, result.stderr);
    assert.equal(existsSync(seen), false);
    sandbox.remove();
  });

  test('leaves the operator files in the directory alone', () => {
    const { sandbox, dropIn } = setup(100);
    const own = join(dropIn, '..', 'local.conf');
    writeFileSync(own, "data_directory = '/srv/pg/%v/%c'\n");
    runBody(sandbox, buildDistUpgrade(step(true)).body);

    assert.equal(readFileSync(own, 'utf8'), "data_directory = '/srv/pg/%v/%c'\n");
    assert.equal(statSync(own).isFile(), true);
    sandbox.remove();
  });
});
