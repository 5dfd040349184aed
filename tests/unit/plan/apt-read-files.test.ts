import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { aptReadsFile } from '../../../lib/plan/apt-read-files.js';
import { checkAptSuites } from '../../../lib/plan/checks/apt-suites.js';
import { pmg7Host } from '../../support/facts.js';
import { contextFor, defaultDesired, setAptFile, withCode } from './checks/support.js';
import { plan, slugs } from './support.js';

const SKIPPED = '/etc/apt/sources.list.d/old repo.list';
const BULLSEYE_ENTRY = 'deb http://deb.debian.org/debian bullseye contrib\n';

describe('apt-read-files', () => {
  const cases: [string, boolean][] = [
    ['/etc/apt/sources.list', true],
    ['/etc/apt/sources.list.d/pmg.list', true],
    ['/etc/apt/sources.list.d/debian.sources', true],
    ['/etc/apt/sources.list.d/vendor_repo-1.2:x.list', true],
    [SKIPPED, false],
    ['/etc/apt/sources.list.d/caf\u00e9.list', false],
    ['/etc/apt/sources.list.d/a+b.list', false],
    ['/etc/apt/sources.list.d/a~b.sources', false],
  ];
  for (const [path, read] of cases) {
    test(`${JSON.stringify(path)} read: ${read}`, () => {
      assert.equal(aptReadsFile(path), read);
    });
  }

  test('plan leaves a skipped file alone', () => {
    const facts = pmg7Host();
    setAptFile(facts, SKIPPED, BULLSEYE_ENTRY);
    const planned = slugs(plan(facts));

    assert.ok(!planned.includes(`edit-apt-sources:${SKIPPED}`), planned.join(', '));
    assert.ok(planned.includes('edit-apt-sources:/etc/apt/sources.list'), planned.join(', '));
  });

  test('check names the skipped file', () => {
    const facts = pmg7Host();
    setAptFile(facts, SKIPPED, 'deb http://deb.debian.org/debian buster main\n');
    const results = checkAptSuites(facts, defaultDesired(), contextFor('pre-upgrade'));
    const skipped = withCode(results, 'apt-source-skipped');

    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]!.severity, 'notice');
    assert.equal(skipped[0]!.location?.file, SKIPPED);
    assert.deepEqual(
      withCode(results, 'apt-suites').map((entry) => entry.severity),
      ['pass'],
      'a buster entry in a skipped file fails nothing',
    );
  });
});
