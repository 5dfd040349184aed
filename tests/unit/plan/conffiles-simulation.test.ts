import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { simulationRequest } from '../../../lib/plan/conffiles-simulation.js';
import { stepOf } from '../../../lib/plan/model.js';
import { md5, PMG_LIST_BULLSEYE, pmg7Host, withDistUpgraded } from '../../support/facts.js';
import { actionOf, codes, desired, plan } from './support.js';
import { shipped, simulation, ucfEntry, withSimulation } from './simulation-support.js';

const PMG_LIST = '/etc/apt/sources.list.d/pmg.list';
const ISSUE_11 = 'Debian GNU/Linux 11 \\n \\l\n';
const ISSUE_LOCAL = 'Mail gateway of example.org\n';

function changedIssue() {
  const facts = pmg7Host();
  facts.conffiles[0].currentMd5 = md5(ISSUE_LOCAL);

  return facts;
}

describe('simulationRequest()', () => {
  test('rewrites the sources as the plan edits them', () => {
    const facts = pmg7Host();
    const request = simulationRequest(plan(facts).actions, facts, desired())!;
    const list = request.sources.find((source) => source.path === '/etc/apt/sources.list')!;
    const content = 'content' in list ? list.content : null;

    assert.match(content ?? '', /^deb http:\/\/deb\.debian\.org\/debian bookworm main contrib/m);
    assert.doesNotMatch(content ?? '', /bullseye/);
    assert.equal(request.codename, 'bookworm');
  });

  test('sends edits for a file with redacted credentials', () => {
    const facts = pmg7Host();
    const pmgList = facts.apt.files.find((file) => file.path === PMG_LIST)!;
    pmgList.content = PMG_LIST_BULLSEYE.replace('http://', 'http://***@');
    pmgList.redacted = true;
    const request = simulationRequest(plan(facts).actions, facts, desired())!;
    const source = request.sources.find((entry) => entry.path === PMG_LIST)!;

    assert.ok(!('content' in source), 'no content for the redacted file');
    assert.ok('liveEdit' in source, 'the edits for the live file');
    assert.equal(source.liveEdit.sha256, pmgList.sha256);
    assert.equal(source.liveEdit.format, 'list');
    const step = plan(facts).actions.flatMap((action) => stepOf(action, 'edit-apt-sources') ?? []).find((edit) => edit.path === PMG_LIST)!;
    assert.deepEqual(source.liveEdit.edits, step.edits);
    assert.doesNotMatch(JSON.stringify(request), /\*\*\*/);
  });

  test('sends content for an edited file without credentials', () => {
    const facts = pmg7Host();
    const source = simulationRequest(plan(facts).actions, facts, desired())!.sources.find((entry) => entry.path === PMG_LIST)!;

    assert.ok('content' in source);
    assert.equal(source.content, PMG_LIST_BULLSEYE.replace(' bullseye ', ' bookworm '));
  });

  test('removes packages.absent first', () => {
    const facts = pmg7Host();

    assert.deepEqual(simulationRequest(plan(facts).actions, facts, desired())!.absent, ['linux-image-amd64']);
  });

  test('asks for changed conffiles only', () => {
    const facts = changedIssue();
    const request = simulationRequest(plan(facts).actions, facts, desired())!;

    assert.deepEqual(request.conffiles, [{ path: '/etc/issue', package: 'base-files' }]);
    assert.ok(request.current.includes('/etc/issue'));
  });

  test('asks for the ucf sources of installed packages', () => {
    const facts = pmg7Host();
    const request = simulationRequest(plan(facts).actions, facts, desired())!;

    assert.deepEqual(
      request.ucf.map((entry) => entry.path),
      ['/etc/ssh/sshd_config', '/etc/postgresql-common/createcluster.conf'],
    );
  });

  test('never asks for the content of a file that may hold secrets', () => {
    const facts = pmg7Host();
    facts.conffiles.push({ path: '/etc/ppp/chap-secrets', package: 'ppp', recordedMd5: md5('a'), currentMd5: md5('b'), obsolete: false });
    const request = simulationRequest(plan(facts).actions, facts, desired())!;

    assert.ok(request.conffiles.some((file) => file.path === '/etc/ppp/chap-secrets'));
    assert.ok(!request.current.includes('/etc/ppp/chap-secrets'));
  });

  test('is null without a dist-upgrade', () => {
    const facts = withDistUpgraded(pmg7Host());

    assert.equal(simulationRequest([], facts, desired()), null);
  });
});

describe('planUpgrade() with a simulation', () => {
  const stock = '# sshd_config 11\n';
  const local = `${stock}ClientAliveInterval 120\n`;
  const facts = withSimulation(
    (() => {
      const base = changedIssue();
      base.conffiles = base.conffiles.filter((fact) => fact.path !== '/etc/ssh/sshd_config');
      return base;
    })(),
    simulation({
      ucf: [ucfEntry('/etc/ssh/sshd_config', 'openssh-server', stock, local)],
      files: [
        shipped('/etc/issue', 'base-files', 'Debian GNU/Linux 12 \\n \\l\n'),
        shipped('/etc/ssh/sshd_config', 'openssh-server', '# sshd_config 12\n', 'plain'),
      ],
      current: [
        { path: '/etc/issue', sha256: '0'.repeat(64), sizeBytes: 1, content: ISSUE_LOCAL },
        { path: '/etc/ssh/sshd_config', sha256: '0'.repeat(64), sizeBytes: 1, content: local },
      ],
    }),
  );

  test('lists each question with its answer and key', () => {
    const upgrade = actionOf(plan(facts), 'dist-upgrade');
    const lines = upgrade.changes.filter((change) => change.subject.startsWith('/etc/'));

    assert.deepEqual(lines, [
      { subject: '/etc/issue (dpkg)', before: 'asks: changed locally and by the new package', after: 'keep (conffiles.files."/etc/issue")' },
      { subject: '/etc/ssh/sshd_config (ucf)', before: 'asks: changed locally and by the new package', after: 'maintainer (conffiles.files."/etc/ssh/sshd_config")' },
    ]);
  });

  test('carries a diff per question', () => {
    const upgrade = actionOf(plan(facts), 'dist-upgrade');

    assert.deepEqual(upgrade.fileDiffs.map((diff) => diff.path), ['/etc/issue', '/etc/ssh/sshd_config']);
    assert.match(upgrade.fileDiffs[1].diff, /^-ClientAliveInterval 120$/m);
  });

  test('resolves every question after the upgrade', () => {
    const resolve = stepOf(actionOf(plan(facts), 'resolve-conffiles'), 'resolve-conffiles')!;

    assert.deepEqual(resolve.files, [
      { path: '/etc/issue', answer: 'keep' },
      { path: '/etc/ssh/sshd_config', answer: 'maintainer' },
    ]);
  });

  test('a stop answer names the key to set', () => {
    const result = plan(facts, { conffiles: { files: { '/etc/ssh/sshd_config': 'stop' } } });
    const stop = result.diagnostics.find((item) => item.code === 'conffile-stop')!;

    assert.equal(stop.severity, 'error');
    assert.equal(stop.subject, '/etc/ssh/sshd_config');
    assert.match(stop.fix ?? '', /set conffiles\.files\."\/etc\/ssh\/sshd_config" to "keep" or "maintainer"/);
  });

  test('a stop answer from the default names the file key too', () => {
    const result = plan(facts, { conffiles: { default: 'stop', files: {} } });
    const stops = result.diagnostics.filter((item) => item.code === 'conffile-stop');

    assert.deepEqual(stops.map((item) => item.subject), ['/etc/issue', '/etc/ssh/sshd_config']);
    assert.match(stops[0].message, /conffiles\.default/);
  });

  test('a file that will not be asked about is not a question', () => {
    const quiet = withSimulation(pmg7Host(), simulation());

    assert.ok(!plan(quiet).actions.some((action) => action.id.endsWith('/resolve-conffiles')));
  });

  test('a failed simulation is a warning with apt error', () => {
    const failed = withSimulation(pmg7Host(), simulation({ upgrade: { install: [], remove: [], error: 'E: Broken packages' } }));
    const result = plan(failed);

    assert.ok(codes(result).includes('warning:upgrade-simulation'));
    assert.match(result.diagnostics.find((item) => item.code === 'upgrade-simulation')!.message, /E: Broken packages/);
  });
});

describe('a simulation whose lists failed', () => {
  test('is not used and says why', () => {
    const failed = simulation({ update: { ok: false, messages: ['E: The repository does not have a Release file.'] } });
    const facts = withSimulation(changedIssue(), failed);
    const result = plan(facts);
    const warning = result.diagnostics.find((item) => item.code === 'upgrade-simulation-lists')!;

    assert.equal(warning.severity, 'warning');
    assert.match(warning.message, /only guessed: E: The repository/);
    assert.match(actionOf(result, 'dist-upgrade').changes.find((change) => change.subject.startsWith('/etc/issue'))?.before ?? '', /^may ask/);
  });
});
