import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { ConffileFact } from '../../../lib/probe/facts.js';
import { decideConffile, promptedConffiles, type NewConffile } from '../../../lib/plan/conffiles.js';
import { md5 } from '../../support/facts.js';
import { desired } from './support.js';

const STOCK = md5('stock 11');
const LOCAL = md5('local edit');
const NEW = md5('stock 12');

function fact(currentMd5: string | null, recordedMd5 = STOCK, path = '/etc/ssh/sshd_config'): ConffileFact {
  return { path, package: 'openssh-server', recordedMd5, currentMd5, obsolete: false };
}

describe('decideConffile()', () => {
  const cases: { name: string; current: string | null; recorded?: string; next: NewConffile; prompt: string; silent: string | null }[] = [
    { name: 'unchanged locally, changed upstream: installed silently', current: STOCK, next: { kind: 'shipped', md5: NEW }, prompt: 'no', silent: 'install-new' },
    { name: 'changed locally, unchanged upstream: kept silently', current: LOCAL, next: { kind: 'shipped', md5: STOCK }, prompt: 'no', silent: 'keep-local' },
    { name: 'changed on both sides: dpkg asks', current: LOCAL, next: { kind: 'shipped', md5: NEW }, prompt: 'yes', silent: null },
    { name: 'local file equals the new one: nothing to ask', current: NEW, next: { kind: 'shipped', md5: NEW }, prompt: 'no', silent: 'identical' },
    { name: 'deleted locally, changed upstream: dpkg asks', current: null, next: { kind: 'shipped', md5: NEW }, prompt: 'yes', silent: null },
    { name: 'deleted locally, unchanged upstream: stays deleted', current: null, next: { kind: 'shipped', md5: STOCK }, prompt: 'no', silent: 'keep-local' },
    { name: 'no longer shipped: left as obsolete', current: LOCAL, next: { kind: 'not-shipped' }, prompt: 'no', silent: 'obsolete' },
    { name: 'changed locally, new version unknown: may ask', current: LOCAL, next: { kind: 'unknown' }, prompt: 'may', silent: null },
    { name: 'unchanged locally, new version unknown: no question', current: STOCK, next: { kind: 'unknown' }, prompt: 'no', silent: 'install-new' },
    { name: 'new conffile still unpacking with a local file: dpkg asks', current: LOCAL, recorded: 'newconffile', next: { kind: 'shipped', md5: NEW }, prompt: 'yes', silent: null },
    { name: 'new conffile still unpacking without a file: installed', current: null, recorded: 'newconffile', next: { kind: 'shipped', md5: NEW }, prompt: 'no', silent: 'install-new' },
    { name: 'package not upgraded: left alone', current: LOCAL, next: { kind: 'not-upgraded' }, prompt: 'no', silent: 'keep-local' },
    { name: 'missing file, package not upgraded: left alone', current: null, next: { kind: 'not-upgraded' }, prompt: 'no', silent: 'keep-local' },
    { name: 'shipped as a plain file now: replaced', current: LOCAL, next: { kind: 'plain', md5: NEW }, prompt: 'no', silent: 'install-new' },
    { name: 'plain file equal to the local one: nothing happens', current: NEW, next: { kind: 'plain', md5: NEW }, prompt: 'no', silent: 'identical' },
  ];

  for (const item of cases) {
    test(item.name, () => {
      const outcome = decideConffile(fact(item.current, item.recorded), item.next, desired());

      assert.equal(outcome.prompt, item.prompt);
      assert.equal(outcome.silent, item.silent);
      assert.equal(outcome.answer === null, item.prompt === 'no');
    });
  }

  test('takes the answer from conffiles.files, naming the key', () => {
    const outcome = decideConffile(fact(LOCAL), { kind: 'unknown' }, desired());

    assert.equal(outcome.answer, 'maintainer');
    assert.equal(outcome.answerKey, 'conffiles.files."/etc/ssh/sshd_config"');
    assert.match(outcome.reason, /not known before the upgrade/);
  });

  test('names ucf as the one asking for a ucf file', () => {
    const outcome = decideConffile(fact(LOCAL), { kind: 'shipped', md5: NEW }, desired(), 'ucf');

    assert.equal(outcome.manager, 'ucf');
    assert.match(outcome.reason, /so ucf asks/);
  });

  test('says local changes are lost to a plain file', () => {
    const outcome = decideConffile(fact(LOCAL), { kind: 'plain', md5: NEW }, desired());

    assert.match(outcome.reason, /local changes are lost/);
  });

  test('falls back to conffiles.default', () => {
    const outcome = decideConffile(fact(LOCAL, STOCK, '/etc/postfix/master.cf'), { kind: 'unknown' }, desired({ conffiles: { default: 'stop' } }));

    assert.equal(outcome.answer, 'stop');
    assert.equal(outcome.answerKey, 'conffiles.default');
  });
});

describe('promptedConffiles()', () => {
  test('lists only files dpkg may ask about, in path order', () => {
    const facts = [fact(LOCAL, STOCK, '/etc/z.conf'), fact(STOCK, STOCK, '/etc/unchanged.conf'), fact(null, STOCK, '/etc/a.conf')];

    assert.deepEqual(
      promptedConffiles(facts, desired()).map((outcome) => outcome.path),
      ['/etc/a.conf', '/etc/z.conf'],
    );
  });

  test('counts a file the plan edits as changed locally', () => {
    const facts = [fact(STOCK, STOCK, '/etc/apt/sources.list.d/pmg-enterprise.list')];

    assert.deepEqual(promptedConffiles(facts, desired()), []);
    assert.deepEqual(
      promptedConffiles(facts, desired(), new Set(['/etc/apt/sources.list.d/pmg-enterprise.list'])).map((outcome) => outcome.answer),
      ['keep'],
    );
  });

  test('skips obsolete conffiles', () => {
    assert.deepEqual(promptedConffiles([{ ...fact(LOCAL), obsolete: true }], desired()), []);
  });
});
