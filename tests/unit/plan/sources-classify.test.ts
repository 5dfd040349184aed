import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseAptSources } from '../../../lib/plan/apt-sources.js';
import {
  classifyEntry,
  debianTargetSuite,
  namesRelease,
  normalizeUri,
  renameRelease,
} from '../../../lib/plan/sources-classify.js';

function kindOf(line: string): string {
  const entry = parseAptSources('/etc/apt/sources.list', 'list', `${line}\n`).entries[0];

  return classifyEntry(entry, ['bullseye', 'bookworm']);
}

describe('classifyEntry()', () => {
  const cases: [string, string][] = [
    ['deb http://deb.debian.org/debian bullseye main', 'debian'],
    ['deb http://ftp.at.debian.org/debian bullseye-updates main contrib', 'debian'],
    ['deb http://security.debian.org/debian-security bullseye-security main', 'debian'],
    ['deb http://mirror.example.net/debian-security bullseye-security main', 'debian'],
    ['deb http://mirror.example.net/debian bullseye main non-free', 'debian'],
    ['deb http://download.proxmox.com/debian/pmg bullseye pmg-no-subscription', 'pmg'],
    ['deb http://mirror.example.net/proxmox bullseye pmgtest', 'pmg'],
    ['deb https://download.docker.com/linux/debian bullseye stable', 'third-party'],
    ['deb http://mirror.example.net/debian sid main', 'third-party'],
    ['deb https://packages.example.com/apt bullseye main', 'third-party'],
  ];

  for (const [line, kind] of cases) {
    test(`${line} is ${kind}`, () => {
      assert.equal(kindOf(line), kind);
    });
  }
});

describe('suite mapping', () => {
  test('maps Debian suites of the old release', () => {
    assert.equal(debianTargetSuite('bullseye', 'bullseye', 'bookworm'), 'bookworm');
    assert.equal(debianTargetSuite('bullseye-proposed-updates', 'bullseye', 'bookworm'), 'bookworm-proposed-updates');
    assert.equal(debianTargetSuite('bullseye/updates', 'bullseye', 'bookworm'), 'bookworm-security');
    assert.equal(debianTargetSuite('bookworm', 'bullseye', 'bookworm'), null);
  });

  test('finds the codename as a word of a third-party suite', () => {
    assert.equal(namesRelease('debian-bullseye', 'bullseye'), true);
    assert.equal(namesRelease('bullseye_main', 'bullseye'), true);
    assert.equal(namesRelease('bullseyes', 'bullseye'), false);
    assert.equal(renameRelease('debian-bullseye-stable', 'bullseye', 'bookworm'), 'debian-bookworm-stable');
  });

  test('compares URIs without credentials and trailing slashes', () => {
    assert.equal(normalizeUri('HTTPS://user:pw@Enterprise.Proxmox.com/debian/pmg/'), 'https://enterprise.proxmox.com/debian/pmg');
  });
});
