/**
 * `pmgup plan` as an operator runs it: the real command line as a child
 * process against the Debian 11 test host over SSH. The plan must list the
 * whole official procedure in order, show diffs of the host's real apt
 * files, and save a plan that `show` and `graph` read back. A second host
 * with the deb822 and template-override variants checks that the plan
 * follows what is on the host.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { parsePlan } from '../../lib/planfile/index.js';
import { bootHost, type TestHost } from '../testhost/host.js';
import { pmgup, targetArgs, uniqueHostName, type CliRun } from './pmgup-cli.js';

/** Every step the procedure plans for an untouched PMG 7.3 host, in plan order. */
const PROCEDURE = [
  'backup',
  'edit-apt-sources:/etc/apt/sources.list',
  'edit-apt-sources:/etc/apt/sources.list.d/pmg.list',
  'remove-packages',
  'apt-update',
  'download-packages',
  'early-upgrade',
  'stop-units',
  'dist-upgrade',
  'disable-units',
  'upgrade-pg-cluster:13/main',
  'unmask-units',
  'reboot',
  'verify',
  'purge-packages',
  'unmask-units:cluster',
];

// Boot, base-image check and teardown of one container host, with room to spare.
const SUITE_TIMEOUT_MS = 10 * 60_000;

/** Step slugs of the actions the human view lists, without the host prefix. */
function listedSteps(text: string, hostName: string): string[] {
  return [...text.matchAll(/^  [+~\->] (\S+)/gm)].map((match) => {
    const id = match[1]!;
    assert.ok(id.startsWith(`${hostName}/`), `${id} belongs to ${hostName}`);

    return id.slice(hostName.length + 1);
  });
}

/** Progress note of the simulation, the only line plan writes to stderr. */
const SIMULATION_NOTE = /^Simulating the upgrade on 127\.0\.0\.1:\d+ \(package lists of the new release in a scratch directory\)\.\.\.\n$/;

/** Returns the `deb` lines of an apt file that name bullseye. */
function bullseyeLines(content: string): string[] {
  return content.split('\n').filter((line) => /^deb\s/.test(line) && /\bbullseye\b/.test(line));
}

describe('pmgup plan on the Debian 11 test host', { timeout: SUITE_TIMEOUT_MS }, () => {
  let host: TestHost;
  let hostName: string;
  let human: CliRun;
  let work: string;

  before(async () => {
    host = await bootHost({ name: uniqueHostName('plan-e2e') });
    hostName = `127.0.0.1:${host.port}`;
    work = await mkdtemp(join(tmpdir(), 'pmgup-plan-e2e-'));
    human = await pmgup(['plan', 'plans/pmg-8.toml', ...targetArgs(host)]);
  });
  after(async () => {
    await host?.down();
    if (work !== undefined) {
      await rm(work, { recursive: true, force: true });
    }
  });

  test('exits 0 without errors', () => {
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stderr, SIMULATION_NOTE);
    assert.doesNotMatch(human.stdout, /^  error /m);
    assert.match(human.stdout, /; checks: 0 errors, /);
    assert.doesNotMatch(human.stdout, /cannot be applied/);
  });

  test('lists the procedure in order', () => {
    assert.deepEqual(listedSteps(human.stdout, hostName), PROCEDURE);
    assert.match(human.stdout, new RegExp(`^Plan: ${PROCEDURE.length} actions on 1 host: `, 'm'));
  });

  test('names the host and its phase', () => {
    assert.match(human.stdout, new RegExp(`^${hostName.replace(/\./g, '\\.')} \\(ssh:root@${hostName.replace(/\./g, '\\.')}, \\S+\\): pre-upgrade$`, 'm'));
  });

  test('marks destructive and downtime steps', () => {
    const lines = human.stdout.split('\n');

    assert.ok(lines.includes(`  ~ ${hostName}/dist-upgrade  [destructive] [mail downtime]`));
    assert.ok(lines.includes(`  ~ ${hostName}/upgrade-pg-cluster:13/main  [destructive] [mail downtime]`));
    assert.ok(lines.includes(`  - ${hostName}/purge-packages  [destructive]`));
    assert.ok(lines.includes(`  > ${hostName}/backup`));
  });

  for (const path of ['/etc/apt/sources.list', '/etc/apt/sources.list.d/pmg.list']) {
    test(`diffs ${path} bullseye to bookworm`, async () => {
      const content = (await host.exec(`cat ${path}`, { check: true })).stdout;
      const lines = human.stdout.split('\n');
      const entries = bullseyeLines(content);

      assert.ok(entries.length > 0, `${path} has bullseye entries`);
      assert.ok(lines.includes(`      --- ${path}\tcurrent`), `diff header of ${path}`);
      for (const entry of entries) {
        assert.ok(lines.includes(`      -${entry}`), `removed: ${entry}`);
        assert.ok(lines.includes(`      +${entry.replace(/\bbullseye\b/g, 'bookworm')}`), `added: ${entry}`);
      }
    });
  }

  test('upgrades 13/main with no 15/main to drop', () => {
    assert.doesNotMatch(human.stdout, /drop empty PostgreSQL cluster/);
    assert.match(human.stdout, /create_main_cluster = false while apt-get runs/);
    assert.match(human.stdout, /upgrade PostgreSQL cluster: 13\/main to 15\/main \(method dump, database Proxmox_ruledb\)/);
    assert.match(human.stdout, /remove packages: linux-image-amd64/);
  });

  test('--json --out round trip through show', async () => {
    const out = join(work, 'plan.json');
    const saved = await pmgup(['plan', 'plans/pmg-8.toml', ...targetArgs(host), '--json', '--out', out]);
    const file = await readFile(out, 'utf8');
    const plan = parsePlan(file, out);
    const shownJson = await pmgup(['show', out, '--json']);
    const shown = await pmgup(['show', out]);

    assert.equal(saved.status, 0, saved.stderr);
    assert.equal(saved.stdout, file);
    assert.equal(plan.hosts[0]!.target, `ssh:root@${hostName}`);
    assert.equal(plan.errored, false);
    assert.deepEqual(
      plan.actions.map((action) => action.id),
      PROCEDURE.map((slug) => `${hostName}/${slug}`),
    );
    const distUpgrade = plan.actions.map((action) => action.step).find((step) => step.kind === 'dist-upgrade');
    assert.equal(distUpgrade?.kind === 'dist-upgrade' && distUpgrade.skipMainCluster, true);
    assert.equal(shownJson.status, 0);
    assert.equal(shownJson.stdout, file);
    assert.equal(shown.status, 0, shown.stderr);
    assert.equal(shown.stdout, human.stdout, 'show renders the saved plan as plan did');
  });

  test('graph reads the saved plan', async () => {
    const out = join(work, 'graph-plan.json');
    await pmgup(['plan', ...targetArgs(host), '--out', out]);
    const graph = await pmgup(['graph', out]);

    assert.equal(graph.status, 0, graph.stderr);
    assert.match(graph.stdout, /^digraph pmgup \{/);
    for (const slug of PROCEDURE) {
      assert.ok(graph.stdout.includes(`"${hostName}/${slug}"`), slug);
    }
  });

  test('--detailed-exitcode returns 2', async () => {
    const outcome = await pmgup(['plan', ...targetArgs(host), '--detailed-exitcode']);

    assert.equal(outcome.status, 2, outcome.stderr);
    assert.match(outcome.stderr, SIMULATION_NOTE);
  });
});

describe('pmgup plan on a host with variants', { timeout: SUITE_TIMEOUT_MS }, () => {
  let host: TestHost;
  let hostName: string;
  let human: CliRun;

  before(async () => {
    host = await bootHost({ name: uniqueHostName('plan-e2e-var'), variants: ['deb822', 'template-override'] });
    hostName = `127.0.0.1:${host.port}`;
    human = await pmgup(['plan', ...targetArgs(host)]);
  });
  after(async () => {
    await host?.down();
  });

  test('edits the deb822 file instead', () => {
    const steps = listedSteps(human.stdout, hostName);

    assert.equal(human.status, 0, human.stderr);
    assert.ok(steps.includes('edit-apt-sources:/etc/apt/sources.list.d/debian.sources'), steps.join(', '));
    assert.ok(!steps.includes('edit-apt-sources:/etc/apt/sources.list'), 'sources.list is gone');
  });

  test('diffs the deb822 Suites fields', async () => {
    const content = (await host.exec('cat /etc/apt/sources.list.d/debian.sources', { check: true })).stdout;
    const suites = content.split('\n').filter((line) => line.startsWith('Suites: '));
    const lines = human.stdout.split('\n');

    assert.ok(suites.length >= 2, 'both stanzas have a Suites field');
    for (const line of suites) {
      assert.ok(lines.includes(`      -${line}`), `removed: ${line}`);
      assert.ok(lines.includes(`      +${line.replace(/\bbullseye\b/g, 'bookworm')}`), `added: ${line}`);
    }
  });

  test('fixes the template override first', () => {
    const steps = listedSteps(human.stdout, hostName);

    assert.ok(steps.includes('fix-template:/etc/pmg/templates/postgresql.conf.in'), steps.join(', '));
    assert.ok(steps.indexOf('fix-template:/etc/pmg/templates/postgresql.conf.in') < steps.indexOf('dist-upgrade'));
    assert.match(human.stdout, /^      -stats_temp_directory = /m);
    assert.match(human.stdout, /^  warning template-obsolete-setting: \/etc\/pmg\/templates\/postgresql\.conf\.in/m);
  });

  test('keeps the rest of the procedure', () => {
    const steps = listedSteps(human.stdout, hostName);
    const common = PROCEDURE.filter((slug) => slug !== 'edit-apt-sources:/etc/apt/sources.list');

    assert.deepEqual(
      steps.filter((slug) => common.includes(slug)),
      common,
    );
    assert.doesNotMatch(human.stdout, /^  error /m);
  });
});
