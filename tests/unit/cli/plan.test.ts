import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { savedPlanHint } from '../../../lib/cli/saved-plan-hint.js';
import { parsePlan } from '../../../lib/planfile/index.js';
import type { Plan } from '../../../lib/plan/model.js';
import { clone, pmg7Host, pmg8Host, withAptFile } from '../../support/facts.js';
import { FULL_PLAN } from '../plan/scenarios.js';
import { ESCAPE, run, tempDir, writeFacts } from './support.js';

/** Action ids as the human view lists them, in order. */
function listedActions(text: string): string[] {
  return [...text.matchAll(/^  [+~\->] (\S+)/gm)].map((match) => match[1]!);
}

function oldPmgApi() {
  const facts = pmg7Host();
  facts.packages['pmg-api'] = { ...facts.packages['pmg-api']!, version: '7.3-4' };

  return facts;
}

function renamed(name: string, facts = pmg8Host()) {
  const next = clone(facts);
  next.identity.hostname = name;
  next.identity.machineId = 'fedcba9876543210fedcba9876543210';

  return next;
}

describe('cli plan', () => {
  describe('human output from --facts', () => {
    test('lists every step in order', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const outcome = await run(['plan', '--facts', facts]);

      assert.equal(outcome.status, 0);
      assert.equal(outcome.stderr, '');
      assert.deepEqual(
        listedActions(outcome.stdout),
        FULL_PLAN.map((slug) => `pmg1/${slug}`),
      );
    });

    test('shows legend, header and markers', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const { stdout } = await run(['plan', '--facts', facts]);
      const lines = stdout.split('\n');

      assert.equal(lines[0], 'Symbols: + add or start   ~ change in place   - remove, stop or drop   > run a command');
      assert.ok(lines.includes(`pmg1 (facts:${facts}, pmg1): pre-upgrade`), 'host header names the facts file');
      assert.ok(lines.includes('  - pmg1/remove-packages  [destructive]'));
      assert.ok(lines.includes('  - pmg1/stop-units  [mail downtime]'));
      assert.ok(lines.includes('  ~ pmg1/dist-upgrade  [destructive] [mail downtime]'));
      assert.ok(lines.includes('  > pmg1/verify'));
    });

    test('shows the sources diff bullseye to bookworm', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const lines = (await run(['plan', '--facts', facts])).stdout.split('\n');

      assert.ok(lines.includes('      --- /etc/apt/sources.list\tcurrent'));
      assert.ok(lines.includes('      +++ /etc/apt/sources.list\tplanned'));
      assert.ok(lines.includes('      -deb http://deb.debian.org/debian bullseye main contrib'));
      assert.ok(lines.includes('      +deb http://deb.debian.org/debian bookworm main contrib'));
      assert.ok(lines.includes('      -deb http://download.proxmox.com/debian/pmg bullseye pmg-no-subscription'));
      assert.ok(lines.includes('      +deb http://download.proxmox.com/debian/pmg bookworm pmg-no-subscription'));
    });

    test('ends with host summary and total', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const { stdout } = await run(['plan', '--facts', facts]);
      const plan = parsePlan((await run(['plan', '--facts', facts, '--json'])).stdout, 'stdout');
      const destructive = plan.actions.filter((action) => action.destructive).length;
      const downtime = plan.actions.filter((action) => action.downtime).length;

      assert.match(
        stdout,
        new RegExp(`^  ${FULL_PLAN.length} actions \\(${destructive} destructive, ${downtime} during mail downtime\\); checks: 0 errors, `, 'm'),
      );
      assert.match(stdout, new RegExp(`\\nPlan: ${FULL_PLAN.length} actions on 1 host: \\d+ to add, \\d+ to change, \\d+ to remove, \\d+ to run\\.\\n$`));
    });

    test('finished host says no changes', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg8Host());
      const { status, stdout } = await run(['plan', '--facts', facts]);

      assert.equal(status, 0);
      assert.doesNotMatch(stdout, /^Symbols:/m);
      assert.match(stdout, /^pmg1 \(facts:.*, pmg1\): done$/m);
      assert.match(stdout, /^  No changes: the host matches the desired state\.$/m);
      assert.match(stdout, /\nNo changes\. 1 host already in the desired state\.\n$/);
    });

    test('groups several hosts with a total', async (t) => {
      const dir = await tempDir(t);
      const first = await writeFacts(dir, 'pmg1.json', pmg7Host());
      const second = await writeFacts(dir, 'pmg2.json', renamed('pmg2'));
      const { status, stdout } = await run(['plan', '--facts', first, '--facts', second]);

      assert.equal(status, 0);
      assert.ok(stdout.indexOf('\npmg1 (') < stdout.indexOf('\npmg2 ('), 'hosts keep the order given');
      assert.match(stdout, /^pmg2 \(facts:.*pmg2\.json, pmg2\): done\n  No changes: the host matches the desired state\.$/m);
      assert.equal([...stdout.matchAll(/^  \d+ actions? \(/gm)].length, 2, 'one summary line per host');
      assert.match(stdout, /^  0 actions \(0 destructive, 0 during mail downtime\)/m);
      assert.match(stdout, new RegExp(`^Plan: ${FULL_PLAN.length} actions on 2 hosts: `, 'm'));
    });

    test('rejects a hostname a plan cannot carry', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'odd.json', renamed('pmg 1\u001b[2J', pmg7Host()));
      const outcome = await run(['plan', '--facts', facts, '--out', `${facts}.plan`]);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: Host name "pmg 1\\u001b\[2J" cannot name a host in a plan$/m);
      assert.doesNotMatch(outcome.stderr, ESCAPE);
      assert.match(outcome.stderr, new RegExp(`identity\\.hostname in ${facts}`));
      assert.doesNotMatch(outcome.stderr, /internal error/);
    });
  });

  describe('a plan no file can hold', () => {
    // apt reads a name with `:`, so the plan must edit the file, but a plan carries no `:` in a path.
    const factsWithColonName = () => withAptFile(pmg7Host(), '/etc/apt/sources.list.d/my:repo.list', 'deb http://deb.debian.org/debian bullseye main\n');

    test('--out prints nothing and names the value', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', factsWithColonName());
      const out = join(dir, 'plan.json');
      const outcome = await run(['plan', '--facts', facts, '--out', out]);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '', 'no plan is shown before the rejection');
      assert.match(outcome.stderr, /my:repo\.list/);
      assert.doesNotMatch(outcome.stderr, /internal error/);
      await assert.rejects(readFile(out), { code: 'ENOENT' });
    });

    for (const argv of [[], ['--json']]) {
      test(`plan ${argv.join(' ') || 'without --out'} fails like --out`, async (t) => {
        const dir = await tempDir(t);
        const facts = await writeFacts(dir, 'pmg1.json', factsWithColonName());
        const saved = await run(['plan', '--facts', facts, '--out', join(dir, 'plan.json')]);
        const outcome = await run(['plan', '--facts', facts, ...argv]);

        assert.equal(outcome.status, 1);
        assert.equal(outcome.stdout, '', 'no plan is shown');
        assert.match(outcome.stderr, /^Error: The plan would carry a name from the host that pmgup does not accept$/m);
        assert.equal(outcome.stderr, saved.stderr, 'the same error as with --out');
      });
    }

    test('graph fails like plan', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', factsWithColonName());
      const planned = await run(['plan', '--facts', facts]);
      const outcome = await run(['graph', '--facts', facts]);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '', 'no graph is drawn');
      assert.equal(outcome.stderr, planned.stderr);
    });

    test('saves a plan beside a file apt skips', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', withAptFile(pmg7Host(), '/etc/apt/sources.list.d/my repo.list', 'deb http://deb.debian.org/debian bullseye main\n'));
      const out = join(dir, 'plan.json');
      const outcome = await run(['plan', '--facts', facts, '--out', out, '--no-color']);

      assert.equal(outcome.status, 0, outcome.stderr);
      assert.match(outcome.stdout, /notice +apt-source-skipped: apt sources file \(\/etc\/apt\/sources\.list\.d\/my repo\.list\)/);
      assert.doesNotMatch(await readFile(out, 'utf8'), /apt\.files\[[^\]]*my repo\.list\]/, 'no fact key names the skipped file');
    });
  });

  describe('--json', () => {
    test('prints a document parsePlan accepts', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const outcome = await run(['plan', '--facts', facts, '--json']);
      const plan: Plan = parsePlan(outcome.stdout, 'stdout');

      assert.equal(outcome.status, 0);
      assert.equal(outcome.stderr, '');
      assert.equal(plan.hosts.length, 1);
      assert.equal(plan.hosts[0]!.name, 'pmg1');
      assert.equal(plan.hosts[0]!.target, `facts:${facts}`);
      assert.equal(plan.errored, false);
      assert.equal(plan.applyable, true);
      assert.deepEqual(
        plan.actions.map((action) => action.id),
        FULL_PLAN.map((slug) => `pmg1/${slug}`),
      );
    });

    test('writes nothing but the document', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const { stdout } = await run(['plan', '--facts', facts, '--json']);

      assert.ok(stdout.startsWith('{'));
      assert.ok(stdout.endsWith('}\n'));
      assert.doesNotMatch(stdout, /^Symbols:/m);
    });
  });

  describe('--out', () => {
    test('show renders the saved plan identically', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
      const out = join(dir, 'plan.json');
      const planned = await run(['plan', '--facts', facts, '--out', out]);
      const saved = savedPlanHint(parsePlan(await readFile(out, 'utf8'), out), out);
      const shown = await run(['show', out]);

      assert.equal(planned.status, 0);
      assert.ok(planned.stdout.endsWith(saved), 'plan names the saved file');
      assert.equal(shown.status, 0);
      assert.equal(shown.stdout, planned.stdout.slice(0, -saved.length));
    });

    test('show --json prints the file unchanged', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
      const out = join(dir, 'plan.json');
      await run(['plan', '--facts', facts, '--out', out]);
      const shown = await run(['show', out, '--json']);

      assert.equal(shown.status, 0);
      assert.equal(shown.stdout, await readFile(out, 'utf8'));
    });

    test('--json --out prints what it saves', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
      const out = join(dir, 'plan.json');
      const planned = await run(['plan', '--facts', facts, '--json', '--out', out]);

      assert.equal(planned.status, 0);
      assert.equal(planned.stdout, await readFile(out, 'utf8'));
    });

    test('graph turns the saved plan into DOT', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
      const out = join(dir, 'plan.json');
      await run(['plan', '--facts', facts, '--out', out]);
      const graph = await run(['graph', out]);
      const fresh = await run(['graph', '--facts', facts]);

      assert.equal(graph.status, 0);
      assert.match(graph.stdout, /^digraph pmgup \{\n/);
      assert.match(graph.stdout, /\}\n$/);
      for (const slug of FULL_PLAN) {
        assert.ok(graph.stdout.includes(`"pmg1/${slug}" [label=`), `node for ${slug}`);
      }
      assert.match(graph.stdout, /"pmg1\/stop-units" -> "pmg1\/dist-upgrade"|"pmg1\/dist-upgrade" -> "pmg1\/stop-units"/);
      assert.equal(fresh.status, 0);
      assert.equal(fresh.stdout, graph.stdout);
    });

    test('graph of a saved plan rejects targets', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
      const out = join(dir, 'plan.json');
      await run(['plan', '--facts', facts, '--out', out]);
      const outcome = await run(['graph', out, '--facts', facts, '--parallelism', '2']);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: Invalid arguments for pmgup graph$/m);
      assert.ok(outcome.stderr.includes(`--facts, --parallelism do not apply to graph with a saved plan: graph draws ${out} as it is`));
    });

    test('apply of a saved plan rejects planning options', async (t) => {
      const dir = await tempDir(t);
      const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
      const out = join(dir, 'plan.json');
      await run(['plan', '--facts', facts, '--out', out]);

      for (const [options, names] of [
        [['--local'], '--local does'],
        [['--no-simulate'], '--no-simulate does'],
        [['--local', '--no-simulate', '--auto-approve'], '--local, --no-simulate do'],
      ] as const) {
        const outcome = await run(['apply', out, ...options]);

        assert.equal(outcome.status, 1, options.join(' '));
        assert.equal(outcome.stdout, '', options.join(' '));
        assert.ok(outcome.stderr.includes(`${names} not apply to a saved plan: ${out} records how each host is reached`), outcome.stderr);
      }
    });

    test('show rejects a missing file', async (t) => {
      const missing = join(await tempDir(t), 'nothing.json');
      const outcome = await run(['show', missing]);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, new RegExp(missing));
    });
  });

  describe('--detailed-exitcode', () => {
    test('returns 2 when there are changes', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
      const outcome = await run(['plan', '--facts', facts, '--detailed-exitcode']);

      assert.equal(outcome.status, 2);
      assert.equal(outcome.stderr, '');
    });

    test('returns 0 on a finished host', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg8Host());
      const outcome = await run(['plan', '--facts', facts, '--detailed-exitcode']);

      assert.equal(outcome.status, 0);
    });

    test('returns 1 with an error diagnostic', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', oldPmgApi());
      const outcome = await run(['plan', '--facts', facts, '--detailed-exitcode']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stdout, /^  error +pmg-api-version: /m);
      assert.match(outcome.stdout, /Planning found 1 error: this plan cannot be applied\./);
      assert.doesNotMatch(outcome.stdout, /^Plan: /m);
    });

    test('plain plan with changes returns 0', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());

      assert.equal((await run(['plan', '--facts', facts])).status, 0);
    });

    test('plain plan with an error returns 1', async (t) => {
      const facts = await writeFacts(await tempDir(t), 'pmg1.json', oldPmgApi());
      const outcome = await run(['plan', '--facts', facts, '--json']);

      assert.equal(outcome.status, 1);
      assert.equal(parsePlan(outcome.stdout, 'stdout').errored, true);
    });
  });
});
