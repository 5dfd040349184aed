import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { predictConffiles } from '../../../lib/plan/conffiles-predict.js';
import { conffileDiffs, mayHoldSecrets } from '../../../lib/plan/conffiles-diff.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { md5, pmg7Host } from '../../support/facts.js';
import { desired } from './support.js';
import { shipped, simulation, ucfEntry, withSimulation } from './simulation-support.js';

const ISSUE_11 = 'Debian GNU/Linux 11 \\n \\l\n';
const ISSUE_12 = 'Debian GNU/Linux 12 \\n \\l\n';
const ISSUE_LOCAL = 'Mail gateway of example.org\n';

/** pmg7Host with /etc/issue changed locally and sshd_config left to ucf, as on Debian. */
function host(issue: string | null = ISSUE_LOCAL): HostFacts {
  const facts = pmg7Host();
  facts.conffiles = [
    { path: '/etc/issue', package: 'base-files', recordedMd5: md5(ISSUE_11), currentMd5: issue === null ? null : md5(issue), obsolete: false },
  ];

  return facts;
}

function paths(facts: HostFacts, planned = new Map<string, string>()): string[] {
  return predictConffiles(facts, desired(), planned).outcomes.map((outcome) => `${outcome.path}:${outcome.prompt}`);
}

describe('predictConffiles()', () => {
  describe('without a simulation', () => {
    test('a changed conffile may be asked about', () => {
      assert.deepEqual(paths(host()), ['/etc/issue:may', '/etc/ssh/sshd_config:may']);
    });

    test('an unchanged conffile is not listed', () => {
      assert.deepEqual(paths(host(ISSUE_11)), ['/etc/ssh/sshd_config:may']);
    });

    test('a maintainer answer for a file dpkg does not track is kept as may ask', () => {
      const outcome = predictConffiles(host(ISSUE_11), desired(), new Map()).outcomes[0];

      assert.equal(outcome.path, '/etc/ssh/sshd_config');
      assert.equal(outcome.manager, 'ucf');
      assert.equal(outcome.answer, 'maintainer');
      assert.equal(outcome.answerKey, 'conffiles.files."/etc/ssh/sshd_config"');
    });

    test('reports that nothing was simulated', () => {
      assert.equal(predictConffiles(host(), desired(), new Map()).simulated, false);
    });
  });

  describe('with a simulation', () => {
    const newIssue = shipped('/etc/issue', 'base-files', ISSUE_12);

    test('changed locally and upstream: asked', () => {
      const facts = withSimulation(host(), simulation({ files: [newIssue] }));
      const prediction = predictConffiles(facts, desired(), new Map());

      assert.equal(prediction.simulated, true);
      assert.deepEqual(paths(facts), ['/etc/issue:yes']);
      assert.equal(prediction.outcomes[0].answer, 'keep');
    });

    test('changed locally, same version upstream: not asked', () => {
      const facts = withSimulation(host(), simulation({ files: [shipped('/etc/issue', 'base-files', ISSUE_11)] }));

      assert.deepEqual(paths(facts), []);
    });

    test('unchanged locally, changed upstream: not asked', () => {
      const facts = withSimulation(host(ISSUE_11), simulation({ files: [newIssue] }));

      assert.deepEqual(paths(facts), []);
    });

    test('missing locally, changed upstream: asked', () => {
      const facts = withSimulation(host(null), simulation({ files: [newIssue] }));

      assert.deepEqual(paths(facts), ['/etc/issue:yes']);
    });

    test('removed upstream: not asked', () => {
      const gone = { ...newIssue, state: 'absent' as const, md5: null, sizeBytes: null, content: null };
      const facts = withSimulation(host(), simulation({ files: [gone] }));

      assert.deepEqual(paths(facts), []);
    });

    test('package not upgraded: not asked', () => {
      const facts = withSimulation(host(), simulation({ files: [newIssue] }));
      facts.simulation!.upgrade.install = facts.simulation!.upgrade.install.filter((entry) => entry.name !== 'base-files');

      assert.deepEqual(paths(facts), []);
    });

    test('new package not downloaded: may ask', () => {
      const missing = { ...newIssue, state: 'nodeb' as const, md5: null, sizeBytes: null, content: null };
      const facts = withSimulation(host(), simulation({ files: [missing] }));

      assert.deepEqual(paths(facts), ['/etc/issue:may']);
    });

    test('failed simulation falls back to may ask', () => {
      const failed = simulation({ files: [newIssue] });
      failed.upgrade.error = 'E: Unable to correct problems, you have held broken packages.';
      const facts = withSimulation(host(), failed);

      assert.equal(predictConffiles(facts, desired(), new Map()).simulated, false);
      assert.deepEqual(paths(facts), ['/etc/issue:may', '/etc/ssh/sshd_config:may']);
    });

    test('a planned edit that matches the new file is not asked', () => {
      const path = '/etc/apt/sources.list.d/pmg-enterprise.list';
      const bookworm = 'deb https://enterprise.proxmox.com/debian/pmg bookworm pmg-enterprise\n';
      const facts = host(ISSUE_11);
      const bullseye = bookworm.replace('bookworm', 'bullseye');
      facts.conffiles.push({ path, package: 'pmg-api', recordedMd5: md5(bullseye), currentMd5: md5(bullseye), obsolete: false });
      const simulated = withSimulation(facts, simulation({ files: [shipped(path, 'pmg-api', bookworm)] }));

      assert.deepEqual(paths(simulated, new Map([[path, bookworm]])), []);
      assert.deepEqual(paths(simulated, new Map([[path, `${bookworm}# local\n`]])), [`${path}:yes`]);
    });
  });

  describe('files ucf manages', () => {
    const stock = '# sshd_config as Debian 11 ships it\n';
    const next = shipped('/etc/ssh/sshd_config', 'openssh-server', '# sshd_config as Debian 12 ships it\n', 'plain');

    test('changed locally and upstream: ucf asks', () => {
      const facts = withSimulation(host(ISSUE_11), simulation({ ucf: [ucfEntry('/etc/ssh/sshd_config', 'openssh-server', stock, `${stock}ClientAliveInterval 120\n`)], files: [next] }));
      const outcome = predictConffiles(facts, desired(), new Map()).outcomes[0];

      assert.equal(outcome.path, '/etc/ssh/sshd_config');
      assert.equal(outcome.prompt, 'yes');
      assert.equal(outcome.manager, 'ucf');
      assert.equal(outcome.answer, 'maintainer');
    });

    test('unchanged locally: replaced without a question', () => {
      const facts = withSimulation(host(ISSUE_11), simulation({ ucf: [ucfEntry('/etc/ssh/sshd_config', 'openssh-server', stock, stock)], files: [next] }));

      assert.deepEqual(paths(facts), []);
    });

    test('a source the postinst edited makes the question uncertain', () => {
      const entry = { ...ucfEntry('/etc/ssh/sshd_config', 'openssh-server', stock, `${stock}# local\n`), sourceMd5: md5('other') };
      const facts = withSimulation(host(ISSUE_11), simulation({ ucf: [entry], files: [next] }));

      assert.deepEqual(paths(facts), ['/etc/ssh/sshd_config:may']);
    });

    test('without a recorded checksum a file counts as changed', () => {
      const entry = { ...ucfEntry('/etc/default/grub', 'grub-pc', 'stock', 'stock'), recordedMd5: null, sourceMd5: null };
      const facts = withSimulation(host(ISSUE_11), simulation({ ucf: [entry], upgrade: { install: [{ name: 'grub-pc', version: '2', from: '1' }], remove: [], error: null } }));

      assert.deepEqual(paths(facts), ['/etc/default/grub:may']);
    });
  });
});

describe('conffileDiffs()', () => {
  test('diffs the operator file against the maintainer one', () => {
    const facts = withSimulation(
      host(),
      simulation({ files: [shipped('/etc/issue', 'base-files', ISSUE_12)], current: [{ path: '/etc/issue', sha256: '0'.repeat(64), sizeBytes: 1, content: ISSUE_LOCAL }] }),
    );
    const outcomes = predictConffiles(facts, desired(), new Map()).outcomes;
    const [diff] = conffileDiffs(facts, outcomes, new Map());

    assert.equal(diff.path, '/etc/issue');
    assert.match(diff.diff, /^--- \/etc\/issue\tyours$/m);
    assert.match(diff.diff, /^\+\+\+ \/etc\/issue\tmaintainer \(new base-files\)$/m);
    assert.match(diff.diff, /^-Mail gateway of example\.org$/m);
    assert.match(diff.diff, /^\+Debian GNU\/Linux 12/m);
  });

  test('diffs a deleted file from empty', () => {
    const facts = withSimulation(host(null), simulation({ files: [shipped('/etc/issue', 'base-files', ISSUE_12)] }));
    const [diff] = conffileDiffs(facts, predictConffiles(facts, desired(), new Map()).outcomes, new Map());

    assert.match(diff.diff, /^\+Debian GNU\/Linux 12/m);
    assert.doesNotMatch(diff.diff, /^-[^-]/m);
  });

  test('gives no diff without the current text', () => {
    const facts = withSimulation(host(), simulation({ files: [shipped('/etc/issue', 'base-files', ISSUE_12)] }));

    assert.deepEqual(conffileDiffs(facts, predictConffiles(facts, desired(), new Map()).outcomes, new Map()), []);
  });
});

describe('mayHoldSecrets()', () => {
  for (const path of ['/etc/ssl/private/ssl-cert-snakeoil.key', '/etc/ppp/chap-secrets', '/etc/apt/auth.conf.d/pmg.conf', '/etc/postfix/sasl_passwd']) {
    test(`withholds ${path}`, () => {
      assert.equal(mayHoldSecrets(path), true);
    });
  }

  test('reads sshd_config', () => {
    assert.equal(mayHoldSecrets('/etc/ssh/sshd_config'), false);
  });
});
