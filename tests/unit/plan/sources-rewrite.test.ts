import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { AptSourceFile } from '../../../lib/probe/facts.js';
import { applyAptEdits } from '../../../lib/plan/sources-apply.js';
import { rewriteSources, type SourcesRewrite } from '../../../lib/plan/sources-rewrite.js';
import { redactUri } from '../../../lib/plan/apt-sources.js';
import { BOOKWORM_SOURCES, BULLSEYE_SOURCES, PMG_LIST_BOOKWORM, PMG_LIST_BULLSEYE, sha256 } from '../../support/facts.js';
import { desired } from './support.js';

const SOURCES_LIST = '/etc/apt/sources.list';
const PMG_LIST = '/etc/apt/sources.list.d/pmg.list';

function file(path: string, content: string, format: 'list' | 'sources' = 'list'): AptSourceFile {
  return { path, format, sha256: sha256(content), content, redacted: false };
}

function afterOf(rewrite: SourcesRewrite, path: string): string | undefined {
  return rewrite.files.find((item) => item.path === path)?.after;
}

describe('rewriteSources()', () => {
  test('switches Debian and PMG entries of a PMG 7 host to bookworm', () => {
    const rewrite = rewriteSources([file(SOURCES_LIST, BULLSEYE_SOURCES), file(PMG_LIST, PMG_LIST_BULLSEYE)], desired());

    assert.equal(afterOf(rewrite, SOURCES_LIST), BOOKWORM_SOURCES);
    assert.equal(afterOf(rewrite, PMG_LIST), PMG_LIST_BOOKWORM);
    assert.deepEqual(rewrite.findings, []);
  });

  test('plans no edits when the files already match', () => {
    const rewrite = rewriteSources([file(SOURCES_LIST, BOOKWORM_SOURCES), file(PMG_LIST, PMG_LIST_BOOKWORM)], desired());

    assert.deepEqual(rewrite.files, []);
    assert.deepEqual(rewrite.findings, []);
  });

  test('maps the old security layout to bookworm-security', () => {
    const content = 'deb http://security.debian.org bullseye/updates main\n';
    const rewrite = rewriteSources([file(SOURCES_LIST, content), file(PMG_LIST, PMG_LIST_BOOKWORM)], desired());

    assert.equal(afterOf(rewrite, SOURCES_LIST), 'deb http://security.debian.org bookworm-security main\n');
  });

  test('adds non-free-firmware next to non-free', () => {
    const content = 'deb http://ftp.de.debian.org/debian bullseye main contrib non-free\n';
    const rewrite = rewriteSources([file(SOURCES_LIST, content), file(PMG_LIST, PMG_LIST_BOOKWORM)], desired());

    assert.equal(afterOf(rewrite, SOURCES_LIST), 'deb http://ftp.de.debian.org/debian bookworm main contrib non-free non-free-firmware\n');
  });

  test('leaves non-free alone when apt.non_free_firmware is false', () => {
    const content = 'deb http://deb.debian.org/debian bookworm main non-free\n';
    const rewrite = rewriteSources([file(SOURCES_LIST, content), file(PMG_LIST, PMG_LIST_BOOKWORM)], desired({ apt: { non_free_firmware: false } }));

    assert.deepEqual(rewrite.files, []);
  });

  test('disables backports by default and rewrites them on request', () => {
    const content = 'deb http://deb.debian.org/debian bullseye-backports main\n';
    const files = [file(SOURCES_LIST, content), file(PMG_LIST, PMG_LIST_BOOKWORM)];

    assert.equal(afterOf(rewriteSources(files, desired()), SOURCES_LIST), `# ${content}`);
    assert.equal(
      afterOf(rewriteSources(files, desired({ apt: { backports: 'rewrite' } })), SOURCES_LIST),
      'deb http://deb.debian.org/debian bookworm-backports main\n',
    );
  });

  test('reports a deb822 stanza mixing backports with other suites', () => {
    const content = 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bullseye bullseye-backports\nComponents: main\n';
    const rewrite = rewriteSources([file('/etc/apt/sources.list.d/debian.sources', content, 'sources'), file(PMG_LIST, PMG_LIST_BOOKWORM)], desired());

    assert.deepEqual(rewrite.findings.map((item) => item.code), ['apt-backports-shared-stanza']);
    assert.deepEqual(rewrite.files, []);
  });

  test('rewrites deb822 stanzas on their Suites and Components lines', () => {
    const content = [
      'Types: deb deb-src',
      'URIs: http://deb.debian.org/debian',
      'Suites: bullseye bullseye-updates',
      'Components: main non-free',
      '',
      '# disabled on purpose',
      'Types: deb',
      'URIs: http://deb.debian.org/debian',
      'Suites: bullseye-proposed-updates',
      'Components: main',
      'Enabled: no',
      '',
    ].join('\n');
    const rewrite = rewriteSources([file('/etc/apt/sources.list.d/debian.sources', content, 'sources'), file(PMG_LIST, PMG_LIST_BOOKWORM)], desired());
    const result = rewrite.files[0];

    assert.deepEqual(result.edits, [
      { op: 'replace-suite', line: 3, from: 'bullseye', to: 'bookworm' },
      { op: 'replace-suite', line: 3, from: 'bullseye-updates', to: 'bookworm-updates' },
      { op: 'add-component', line: 4, component: 'non-free-firmware' },
    ]);
    assert.equal(result.after, content.replace('bullseye bullseye-updates', 'bookworm bookworm-updates').replace('main non-free', 'main non-free non-free-firmware'));
  });

  test('leaves commented entries alone', () => {
    const content = '# deb http://deb.debian.org/debian bullseye main\ndeb http://deb.debian.org/debian bookworm main\n';
    const rewrite = rewriteSources([file(SOURCES_LIST, content), file(PMG_LIST, PMG_LIST_BOOKWORM)], desired());

    assert.deepEqual(rewrite.files, []);
  });

  test('makes deb-src follow its deb twin', () => {
    const content = [
      'deb http://deb.debian.org/debian bullseye-backports main',
      'deb-src http://deb.debian.org/debian bullseye-backports main',
      'deb http://deb.debian.org/debian bullseye main',
      'deb-src http://deb.debian.org/debian bullseye main',
      '',
    ].join('\n');
    const rewrite = rewriteSources([file(SOURCES_LIST, content), file(PMG_LIST, PMG_LIST_BOOKWORM)], desired());

    assert.equal(
      afterOf(rewrite, SOURCES_LIST),
      [
        '# deb http://deb.debian.org/debian bullseye-backports main',
        '# deb-src http://deb.debian.org/debian bullseye-backports main',
        'deb http://deb.debian.org/debian bookworm main',
        'deb-src http://deb.debian.org/debian bookworm main',
        '',
      ].join('\n'),
    );
  });

  describe('PMG entry', () => {
    test('switches the component to apt.pmg_repository', () => {
      const rewrite = rewriteSources([file(SOURCES_LIST, BOOKWORM_SOURCES), file(PMG_LIST, PMG_LIST_BULLSEYE)], desired({ apt: { pmg_repository: 'test' } }));

      assert.equal(afterOf(rewrite, PMG_LIST), 'deb http://download.proxmox.com/debian/pmg bookworm pmgtest\n');
    });

    test('appends a missing entry to a new pmg.list', () => {
      const rewrite = rewriteSources([file(SOURCES_LIST, BULLSEYE_SOURCES)], desired());
      const created = rewrite.files.find((item) => item.path === PMG_LIST)!;

      assert.equal(created.beforeSha256, null);
      assert.deepEqual(created.edits, [
        { op: 'append-entry', uri: 'http://download.proxmox.com/debian/pmg', suite: 'bookworm', components: ['pmg-no-subscription'] },
      ]);
      assert.equal(created.after, PMG_LIST_BOOKWORM);
    });

    test('uses apt.pmg_uri for a missing entry', () => {
      const rewrite = rewriteSources([file(SOURCES_LIST, BOOKWORM_SOURCES)], desired({ apt: { pmg_uri: 'http://mirror.example.net/proxmox/debian/pmg' } }));

      assert.equal(afterOf(rewrite, PMG_LIST), 'deb http://mirror.example.net/proxmox/debian/pmg bookworm pmg-no-subscription\n');
    });

    test('appends to an existing pmg.list that has no enabled entry', () => {
      const content = '# deb http://download.proxmox.com/debian/pmg bullseye pmg-no-subscription\n';
      const rewrite = rewriteSources([file(SOURCES_LIST, BOOKWORM_SOURCES), file(PMG_LIST, content)], desired());
      const result = rewrite.files.find((item) => item.path === PMG_LIST)!;

      assert.equal(result.beforeSha256, sha256(content));
      assert.equal(result.after, content + PMG_LIST_BOOKWORM);
    });

    test('moves from the enterprise host to the download host for no-subscription', () => {
      const enterprise = 'deb https://enterprise.proxmox.com/debian/pmg bullseye pmg-enterprise\n';
      const path = '/etc/apt/sources.list.d/pmg-enterprise.list';
      const rewrite = rewriteSources([file(SOURCES_LIST, BOOKWORM_SOURCES), file(path, enterprise)], desired());

      assert.equal(afterOf(rewrite, path), `# ${enterprise}`);
      assert.equal(afterOf(rewrite, PMG_LIST), PMG_LIST_BOOKWORM);
    });

    test('keeps the existing URI and disables a second PMG entry', () => {
      const enterprise = 'deb https://enterprise.proxmox.com/debian/pmg bullseye pmg-enterprise\n';
      const enterprisePath = '/etc/apt/sources.list.d/pmg-enterprise.list';
      const rewrite = rewriteSources(
        [file(SOURCES_LIST, BULLSEYE_SOURCES + PMG_LIST_BULLSEYE), file(enterprisePath, enterprise)],
        desired(),
      );

      assert.equal(afterOf(rewrite, SOURCES_LIST), BOOKWORM_SOURCES + PMG_LIST_BOOKWORM);
      assert.equal(afterOf(rewrite, enterprisePath), `# ${enterprise}`);
      assert.equal(afterOf(rewrite, PMG_LIST), undefined);
    });
  });

  describe('third-party entries', () => {
    const thirdParty = 'deb [signed-by=/etc/apt/keyrings/x.gpg] https://packages.example.com/apt bullseye stable\n';
    const path = '/etc/apt/sources.list.d/example.list';
    const files = () => [file(SOURCES_LIST, BOOKWORM_SOURCES), file(PMG_LIST, PMG_LIST_BOOKWORM), file(path, thirdParty)];

    test('stop reports the file and line and plans no edit', () => {
      const rewrite = rewriteSources(files(), desired());

      assert.deepEqual(rewrite.files, []);
      assert.equal(rewrite.findings.length, 1);
      assert.equal(rewrite.findings[0].code, 'apt-third-party-release');
      assert.equal(rewrite.findings[0].severity, 'error');
      assert.match(rewrite.findings[0].message, /\/etc\/apt\/sources\.list\.d\/example\.list:1/);
      assert.match(rewrite.findings[0].fix ?? '', /apt\.third_party/);
      assert.deepEqual(rewrite.findings[0].location, { file: path, line: 1 });
    });

    test('disable comments the entry out', () => {
      const rewrite = rewriteSources(files(), desired({ apt: { third_party: 'disable' } }));

      assert.equal(afterOf(rewrite, path), `# ${thirdParty}`);
      assert.deepEqual(rewrite.findings, []);
    });

    test('rewrite switches the suite', () => {
      const rewrite = rewriteSources(files(), desired({ apt: { third_party: 'rewrite' } }));

      assert.equal(afterOf(rewrite, path), thirdParty.replace('bullseye', 'bookworm'));
    });

    test('rewrite replaces the codename inside a suite such as debian-bullseye', () => {
      const content = 'deb http://repo.example.net/apt debian-bullseye main\n';
      const rewrite = rewriteSources([file(SOURCES_LIST, BOOKWORM_SOURCES), file(PMG_LIST, PMG_LIST_BOOKWORM), file(path, content)], desired({ apt: { third_party: 'rewrite' } }));

      assert.equal(afterOf(rewrite, path), 'deb http://repo.example.net/apt debian-bookworm main\n');
    });

    test('keep leaves the entry as it is', () => {
      const rewrite = rewriteSources(files(), desired({ apt: { third_party: 'keep' } }));

      assert.deepEqual(rewrite.files, []);
      assert.deepEqual(rewrite.findings, []);
    });

    test('a repository laid out like Debian with its own components is third-party', () => {
      const docker = 'deb https://download.docker.com/linux/debian bullseye stable\n';
      const rewrite = rewriteSources([file(SOURCES_LIST, BOOKWORM_SOURCES), file(PMG_LIST, PMG_LIST_BOOKWORM), file(path, docker)], desired());

      assert.deepEqual(rewrite.findings.map((item) => item.code), ['apt-third-party-release']);
    });

    test('a Debian mirror outside debian.org is switched like Debian', () => {
      const mirror = 'deb http://mirror.example.net/debian bullseye main contrib\n';
      const rewrite = rewriteSources([file(SOURCES_LIST, mirror), file(PMG_LIST, PMG_LIST_BOOKWORM)], desired());

      assert.equal(afterOf(rewrite, SOURCES_LIST), 'deb http://mirror.example.net/debian bookworm main contrib\n');
      assert.deepEqual(rewrite.findings, []);
    });
  });

  describe('credentials', () => {
    const real = 'deb https://customer:t0ps3cret@enterprise.proxmox.com/debian/pmg bullseye pmg-enterprise\n';
    const path = '/etc/apt/sources.list.d/pmg-enterprise.list';
    const redacted: AptSourceFile = { path, format: 'list', sha256: sha256(real), content: redactUri(real), redacted: true };

    test('edits planned on the redacted copy apply to the real file byte for byte', () => {
      const rewrite = rewriteSources([file(SOURCES_LIST, BOOKWORM_SOURCES), redacted], desired({ apt: { pmg_repository: 'enterprise' } }));
      const result = rewrite.files.find((item) => item.path === path)!;

      assert.equal(result.beforeSha256, sha256(real));
      assert.equal(applyAptEdits(real, 'list', result.edits), real.replace('bullseye', 'bookworm'));
    });

    test('never shows the credentials in diffs or changes', () => {
      const rewrite = rewriteSources([file(SOURCES_LIST, BOOKWORM_SOURCES), redacted], desired({ apt: { pmg_repository: 'enterprise' } }));
      const text = JSON.stringify(rewrite);

      assert.ok(!text.includes('t0ps3cret'));
      assert.ok(!text.includes('customer'));
    });
  });
});
