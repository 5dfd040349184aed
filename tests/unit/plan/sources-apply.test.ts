import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { AptEditConflictError, applyAptEdits } from '../../../lib/plan/sources-apply.js';

describe('applyAptEdits()', () => {
  describe('one-line format', () => {
    test('replaces the suite word and keeps credentials, options and comment', () => {
      const content = 'deb [arch=amd64 signed-by=/etc/apt/k.gpg] https://user:s3cr%40t@enterprise.proxmox.com/debian/pmg bullseye pmg-enterprise # paid\n';
      const result = applyAptEdits(content, 'list', [{ op: 'replace-suite', line: 1, from: 'bullseye', to: 'bookworm' }]);

      assert.equal(
        result,
        'deb [arch=amd64 signed-by=/etc/apt/k.gpg] https://user:s3cr%40t@enterprise.proxmox.com/debian/pmg bookworm pmg-enterprise # paid\n',
      );
    });

    test('replaces the suite, not the same word inside the URI', () => {
      const content = 'deb http://mirror.example.net/bullseye/debian bullseye main\n';
      const result = applyAptEdits(content, 'list', [{ op: 'replace-suite', line: 1, from: 'bullseye', to: 'bookworm' }]);

      assert.equal(result, 'deb http://mirror.example.net/bullseye/debian bookworm main\n');
    });

    test('keeps CRLF line endings and untouched lines byte for byte', () => {
      const content = '# mirror\r\ndeb http://deb.debian.org/debian bullseye main non-free\r\n\tdeb-src  http://deb.debian.org/debian   bullseye main\r\n';
      const result = applyAptEdits(content, 'list', [
        { op: 'replace-suite', line: 2, from: 'bullseye', to: 'bookworm' },
        { op: 'add-component', line: 2, component: 'non-free-firmware' },
        { op: 'replace-suite', line: 3, from: 'bullseye', to: 'bookworm' },
      ]);

      assert.equal(
        result,
        '# mirror\r\ndeb http://deb.debian.org/debian bookworm main non-free non-free-firmware\r\n\tdeb-src  http://deb.debian.org/debian   bookworm main\r\n',
      );
    });

    test('replaces a component', () => {
      const content = 'deb https://enterprise.proxmox.com/debian/pmg bookworm pmg-enterprise\n';
      const result = applyAptEdits(content, 'list', [
        { op: 'replace-component', line: 1, from: 'pmg-enterprise', to: 'pmg-no-subscription' },
      ]);

      assert.equal(result, 'deb https://enterprise.proxmox.com/debian/pmg bookworm pmg-no-subscription\n');
    });

    test('disables an entry by commenting it out', () => {
      const content = 'deb http://deb.debian.org/debian bullseye-backports main\n';
      const result = applyAptEdits(content, 'list', [{ op: 'disable', line: 1 }]);

      assert.equal(result, '# deb http://deb.debian.org/debian bullseye-backports main\n');
    });

    test('appends an entry, adding the missing final newline first', () => {
      const result = applyAptEdits('# PMG\n# nothing yet', 'list', [
        { op: 'append-entry', uri: 'http://download.proxmox.com/debian/pmg', suite: 'bookworm', components: ['pmg-no-subscription'] },
      ]);

      assert.equal(result, '# PMG\n# nothing yet\ndeb http://download.proxmox.com/debian/pmg bookworm pmg-no-subscription\n');
    });

    test('creates a file from empty content', () => {
      const result = applyAptEdits('', 'list', [
        { op: 'append-entry', uri: 'http://download.proxmox.com/debian/pmg', suite: 'bookworm', components: ['pmg-no-subscription'] },
      ]);

      assert.equal(result, 'deb http://download.proxmox.com/debian/pmg bookworm pmg-no-subscription\n');
    });
  });

  describe('deb822 format', () => {
    const stanza = [
      'Types: deb deb-src',
      'URIs: https://deb.debian.org/debian',
      'Suites: bullseye bullseye-updates',
      'Components: main contrib non-free',
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
      '',
    ].join('\n');

    test('edits the Suites and Components lines', () => {
      const result = applyAptEdits(stanza, 'sources', [
        { op: 'replace-suite', line: 3, from: 'bullseye', to: 'bookworm' },
        { op: 'replace-suite', line: 3, from: 'bullseye-updates', to: 'bookworm-updates' },
        { op: 'add-component', line: 4, component: 'non-free-firmware' },
      ]);

      assert.equal(result, stanza.replace('bullseye bullseye-updates', 'bookworm bookworm-updates').replace('non-free', 'non-free non-free-firmware'));
    });

    test('edits a suite on a continuation line', () => {
      const content = 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bullseye\n bullseye-updates\nComponents: main\n';
      const result = applyAptEdits(content, 'sources', [{ op: 'replace-suite', line: 4, from: 'bullseye-updates', to: 'bookworm-updates' }]);

      assert.equal(result, content.replace(' bullseye-updates', ' bookworm-updates'));
    });

    test('disables a stanza by adding Enabled: no before its first field', () => {
      const content = `# Debian\n${stanza}\nTypes: deb\nURIs: http://example.org/repo\nSuites: bullseye\nComponents: main\n`;
      const result = applyAptEdits(content, 'sources', [{ op: 'disable', line: 8 }]);

      assert.equal(result, `# Debian\n${stanza}\nEnabled: no\nTypes: deb\nURIs: http://example.org/repo\nSuites: bullseye\nComponents: main\n`);
    });

    test('disables a stanza by setting its Enabled field', () => {
      const content = 'Types: deb\nEnabled: yes\nURIs: http://example.org/repo\nSuites: bullseye\nComponents: main\n';
      const result = applyAptEdits(content, 'sources', [{ op: 'disable', line: 1 }]);

      assert.equal(result, content.replace('Enabled: yes', 'Enabled: no'));
    });

    test('appends a stanza after a blank line', () => {
      const result = applyAptEdits(stanza, 'sources', [
        { op: 'append-entry', uri: 'http://download.proxmox.com/debian/pmg', suite: 'bookworm', components: ['pmg-no-subscription'] },
      ]);

      assert.equal(
        result,
        `${stanza}\nTypes: deb\nURIs: http://download.proxmox.com/debian/pmg\nSuites: bookworm\nComponents: pmg-no-subscription\n`,
      );
    });
  });

  describe('rejected edits', () => {
    const content = 'deb http://deb.debian.org/debian bookworm main\n# deb http://example.org/repo bullseye main\n';
    const cases: { name: string; edit: Parameters<typeof applyAptEdits>[2][number]; message: RegExp }[] = [
      { name: 'suite no longer on the line', edit: { op: 'replace-suite', line: 1, from: 'bullseye', to: 'bookworm' }, message: /expected the suite "bullseye"/ },
      { name: 'component missing', edit: { op: 'replace-component', line: 1, from: 'pmg-enterprise', to: 'pmgtest' }, message: /expected the component "pmg-enterprise"/ },
      { name: 'component already present', edit: { op: 'add-component', line: 1, component: 'main' }, message: /already there/ },
      { name: 'entry already disabled', edit: { op: 'disable', line: 2 }, message: /expected an enabled deb or deb-src entry/ },
      { name: 'line past the end', edit: { op: 'disable', line: 9 }, message: /only 3 lines/ },
    ];

    for (const item of cases) {
      test(`rejects ${item.name}`, () => {
        assert.throws(
          () => applyAptEdits(content, 'list', [item.edit], { path: '/etc/apt/sources.list' }),
          (error: unknown) => {
            assert.ok(error instanceof AptEditConflictError);
            assert.match(error.detail, item.message);
            assert.match(error.detail, /^\/etc\/apt\/sources\.list, line \d+/);
            assert.match(error.detail, /pmgup plan/);
            return true;
          },
        );
      });
    }

    test('rejects disabling a stanza that is already disabled', () => {
      const stanza = 'Types: deb\nURIs: http://example.org/repo\nSuites: bullseye\nEnabled: no\n';

      assert.throws(() => applyAptEdits(stanza, 'sources', [{ op: 'disable', line: 1 }]), AptEditConflictError);
    });

    test('rejects a disable that does not point at the start of a stanza', () => {
      const stanza = 'Types: deb\nURIs: http://example.org/repo\nSuites: bullseye\n';

      assert.throws(
        () => applyAptEdits(stanza, 'sources', [{ op: 'disable', line: 2 }]),
        (error: unknown) => error instanceof AptEditConflictError && /first field of a deb822 stanza/.test(error.detail),
      );
    });
  });
});
