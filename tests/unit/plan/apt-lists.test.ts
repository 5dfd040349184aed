import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { listName, missingLists } from '../../../lib/plan/apt-lists.js';
import { parseAptSources } from '../../../lib/plan/apt-sources.js';

describe('listName()', () => {
  const cases: [string, string, string][] = [
    ['http://deb.debian.org/debian', 'bookworm', 'deb.debian.org_debian_dists_bookworm'],
    ['http://deb.debian.org/debian/', 'bookworm-updates', 'deb.debian.org_debian_dists_bookworm-updates'],
    ['https://***@enterprise.proxmox.com/debian/pmg', 'bookworm', 'enterprise.proxmox.com_debian_pmg_dists_bookworm'],
    ['http://security.debian.org', 'bullseye/updates', 'security.debian.org_dists_bullseye_updates'],
    ['http://repo.example.net:8080/flat', './', 'repo.example.net:8080_flat_.'],
  ];

  for (const [uri, suite, expected] of cases) {
    test(`names ${uri} ${suite}`, () => {
      assert.equal(listName(uri, suite), expected);
    });
  }
});

describe('missingLists()', () => {
  const entries = parseAptSources(
    '/etc/apt/sources.list',
    'list',
    'deb http://deb.debian.org/debian bookworm main\n# deb http://deb.debian.org/debian bookworm-backports main\ndeb http://download.proxmox.com/debian/pmg bookworm pmg-no-subscription\n',
  ).entries;

  test('lists enabled entries without lists', () => {
    assert.deepEqual(missingLists(entries, ['deb.debian.org_debian_dists_bookworm']), [
      'http://download.proxmox.com/debian/pmg bookworm',
    ]);
  });

  test('tolerates doubled underscores from trailing slashes', () => {
    const listed = ['deb.debian.org_debian__dists_bookworm', 'download.proxmox.com_debian_pmg_dists_bookworm'];

    assert.deepEqual(missingLists(entries, listed), []);
  });
});
