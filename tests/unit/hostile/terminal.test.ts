/**
 * Text from the host reaches the terminal escaped: facts whose file names,
 * package versions, unit names, template names, command output and diffs
 * carry terminal escape sequences and carriage returns are planned and
 * checked, and the human plan, the checklist and `pmgup show` must print
 * none of those bytes raw.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { serializePlan } from '../../../lib/planfile/index.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { fileFact, pmg7Host, unit, withAptFile } from '../../support/facts.js';
import { smallPlan } from '../planfile/sample-plan.js';
import { runCli, TempDir } from './support.js';

/** Sets the window title, clears the screen, returns the cursor. */
const TITLE = '\u001b]0;title\u0007';
const CLEAR = '\u001b[2J';
const RETURN = '\r';
const HOSTILE = `${TITLE}${CLEAR}${RETURN}`;
/** Raw bytes that must never reach the terminal: ESC, BEL, CR, CSI and the bidirectional overrides. */
const RAW = /[\u001b\u0007\r\u009b\u202e]/;

const temp = new TempDir();
after(() => temp.remove());

function hostileFacts(): HostFacts {
  let facts = pmg7Host();
  facts.packages['linux-image-amd64']!.version = `5.10${HOSTILE}`;
  facts.packages[`evil${HOSTILE}`] = { ...facts.packages['libc6']! };
  facts.units[`evil${HOSTILE}.service`] = unit('failed');
  facts.kernel.release = `5.15.158-2-pve${HOSTILE}`;
  facts.conffiles.push({ path: `/etc/evil${HOSTILE}`, package: `evil${HOSTILE}`, recordedMd5: 'a'.repeat(32), currentMd5: 'b'.repeat(32), obsolete: false });
  facts.dkms = { installed: true, statusLines: [`evil/1.0${HOSTILE}: installed`] };
  facts.apt.pending = { install: [{ name: `evil${HOSTILE}`, version: `1${HOSTILE}`, from: null }], remove: [`gone${HOSTILE}`], error: `E: broken${HOSTILE}` };
  facts.apt.held = [`held${HOSTILE}`];
  facts.pmg.templateOverrides.push({
    name: `postgresql.conf.in`,
    override: fileFact('/etc/pmg/templates/postgresql.conf.in', `stats_temp_directory = '/x${HOSTILE}'\n# ${HOSTILE}\n`),
    shipped: null,
  });
  facts.ssh = { rootConfigExists: true, rootConfigCipherLines: [{ line: 1, text: `Ciphers 3des-cbc${HOSTILE}` }] };
  facts = withAptFile(facts, '/etc/apt/sources.list.d/evil.list', `deb http://example.org/${HOSTILE} bullseye main${RETURN}\n# ${HOSTILE}\n`);

  return withAptFile(facts, '/etc/apt/sources.list', `deb http://deb.debian.org/debian bullseye main ${CLEAR}\n`);
}

function assertEscaped(output: string, label: string): void {
  const match = RAW.exec(output);
  assert.equal(match, null, `${label}: raw ${JSON.stringify(match?.[0])} at ${match?.index}: ${JSON.stringify(output.slice(Math.max(0, (match?.index ?? 0) - 80), (match?.index ?? 0) + 40))}`);
}

describe('terminal output of host text', () => {
  test('human plan escapes host text', async () => {
    const facts = temp.write('hostile.facts.json', JSON.stringify(hostileFacts()));
    const desired = temp.write('desired.toml', '[templates]\nremove_obsolete_settings = true\n[apt]\nthird_party = "disable"\n');
    const run = await runCli(['plan', desired, '--facts', facts]);

    assert.doesNotMatch(run.stderr, /internal error/i, run.stderr);
    assert.ok(run.stdout.includes('\\x1b'), 'the plan shows the escape character as text');
    assertEscaped(run.stdout, 'plan stdout');
    assertEscaped(run.stderr, 'plan stderr');
  });

  test('checklist escapes host text', async () => {
    const named = withAptFile(hostileFacts(), `/etc/apt/sources.list.d/evil${HOSTILE}.list`, `deb http://example.org/ bullseye main${RETURN}\n`);
    const facts = temp.write('hostile-check.facts.json', JSON.stringify(named));
    const run = await runCli(['check', '--facts', facts]);

    assert.doesNotMatch(run.stderr, /internal error/i, run.stderr);
    assert.ok(run.stdout.includes('\\x1b'), 'the checklist shows the escape character as text');
    assertEscaped(run.stdout, 'check stdout');
    assertEscaped(run.stderr, 'check stderr');
  });

  test('a rejected host name is shown escaped', async () => {
    const named = structuredClone(pmg7Host());
    named.network.interfaces.push({ name: `e${HOSTILE}`, mac: '52:54:00:12:34:57', addresses: [], up: true, predictableName: 'ens19' });
    const facts = temp.write('hostile-name.facts.json', JSON.stringify(named));
    // Pinning interface names puts every interface's name into the plan.
    const desired = temp.write('pin-names.toml', '[network]\npin_interface_names = true\n');
    const run = await runCli(['plan', desired, '--facts', facts, '--out', `${temp.path}/rejected.plan.json`]);

    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error/i, run.stderr);
    assert.ok(run.stderr.includes('\\x1b'), 'the message shows the escape character as text');
    assertEscaped(run.stderr, 'plan stderr');
  });

  test('a skipped file name is shown escaped', async () => {
    const named = withAptFile(pmg7Host(), `/etc/apt/sources.list.d/evil${HOSTILE}.list`, 'deb http://example.org/ bullseye main\n');
    const facts = temp.write('skipped-name.facts.json', JSON.stringify(named));
    const run = await runCli(['plan', '--facts', facts]);

    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.includes('apt-source-skipped'), 'the plan names the skipped file');
    assertEscaped(run.stdout, 'plan stdout');
  });

  test('show escapes display fields of a saved plan', async () => {
    const plan = smallPlan();
    const action = plan.actions[0]!;
    action.reason = { ...action.reason, text: `why ${HOSTILE}`, actual: HOSTILE, desired: HOSTILE };
    action.changes.push({ subject: `subject ${HOSTILE}`, before: HOSTILE, after: HOSTILE });
    action.fileDiffs.push({ path: '/etc/apt/sources.list', diff: `--- a\n+++ b\n@@ -1 +1 @@\n-${HOSTILE}\n+x${RETURN}\n` });
    plan.diagnostics.push({ host: plan.hosts[0]!.name, code: 'hostile', severity: 'warning', subject: HOSTILE, message: `message ${HOSTILE}`, fix: HOSTILE });
    plan.hosts[0]!.hostname = `gw${HOSTILE}`;
    const file = temp.write('hostile.plan.json', serializePlan(plan));
    const run = await runCli(['show', file]);

    assert.equal(run.status, 0, run.stderr);
    assertEscaped(run.stdout, 'show stdout');
    assert.ok(run.stdout.includes('\\x1b]0;title\\x07'), 'the title sequence is shown as text');
  });
});
