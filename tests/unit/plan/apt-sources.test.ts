import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { baseSuite, parseAptSources, redactUri } from '../../../lib/plan/apt-sources.js';

describe('parseAptSources()', () => {
  test('parses one-line entries with options, comments and disabled lines', () => {
    const content = [
      'deb [ arch=amd64 signed-by=/etc/apt/k.gpg ] http://deb.debian.org/debian bullseye main contrib # main archive',
      '#deb-src http://deb.debian.org/debian bullseye main',
      '# just a comment',
      '',
    ].join('\n');
    const { entries, problems } = parseAptSources('/etc/apt/sources.list', 'list', content);

    assert.deepEqual(problems, []);
    assert.equal(entries.length, 2);
    assert.deepEqual(entries[0].options, { arch: 'amd64', 'signed-by': '/etc/apt/k.gpg' });
    assert.deepEqual(entries[0].components, ['main', 'contrib']);
    assert.equal(entries[0].enabled, true);
    assert.deepEqual(entries[1].types, ['deb-src']);
    assert.equal(entries[1].enabled, false);
    assert.equal(entries[1].line, 2);
  });

  test('reports a line that is not an entry', () => {
    const { problems } = parseAptSources('/etc/apt/sources.list', 'list', 'deb http://only-a-uri\n');

    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 1);
  });

  test('parses deb822 stanzas with their field lines', () => {
    const content = [
      '# Debian',
      'Types: deb deb-src',
      'URIs: http://deb.debian.org/debian',
      'Suites: bookworm',
      '  bookworm-updates',
      'Components: main',
      '',
      'Types: deb',
      'URIs: http://example.org/repo',
      'Suites: bookworm',
      'Enabled: no',
      '',
    ].join('\n');
    const { entries } = parseAptSources('/etc/apt/sources.list.d/debian.sources', 'sources', content);

    assert.equal(entries.length, 2);
    assert.deepEqual(entries[0].suites, ['bookworm', 'bookworm-updates']);
    assert.equal(entries[0].line, 2);
    assert.equal(entries[0].suitesLine, 4);
    assert.equal(entries[0].componentsLine, 6);
    assert.equal(entries[1].enabled, false);
    assert.equal(entries[1].stanza, 2);
  });
});

describe('baseSuite()', () => {
  test('strips the pocket', () => {
    assert.equal(baseSuite('bullseye-security'), 'bullseye');
    assert.equal(baseSuite('bullseye/updates'), 'bullseye');
    assert.equal(baseSuite('bookworm-backports-sloppy'), 'bookworm');
    assert.equal(baseSuite('bookworm-proposed-updates'), 'bookworm');
  });
});

describe('redactUri()', () => {
  test('hides user and password', () => {
    assert.equal(
      redactUri('deb https://user:p%40ss@enterprise.proxmox.com/debian/pmg bookworm pmg-enterprise'),
      'deb https://***@enterprise.proxmox.com/debian/pmg bookworm pmg-enterprise',
    );
  });
});
