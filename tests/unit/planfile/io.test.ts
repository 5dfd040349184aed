import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { InputError, InternalError, UserError } from '../../../lib/errors.js';
import { loadPlan, savePlan } from '../../../lib/planfile/io.js';
import { serializePlan } from '../../../lib/planfile/serialize.js';
import { fullPlan } from './sample-plan.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmgup-planfile-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('planfile/io', () => {
  describe('savePlan()', () => {
    test('writes the serialized plan with mode 0644', async () => {
      const path = join(dir, 'plan.json');
      const previous = process.umask(0o077);
      try {
        await savePlan(fullPlan(), path);
      } finally {
        process.umask(previous);
      }

      assert.equal(await readFile(path, 'utf8'), serializePlan(fullPlan()));
      assert.equal((await stat(path)).mode & 0o777, 0o644);
    });

    test('replaces an existing plan and leaves no temporary file', async () => {
      const path = join(dir, 'replace.json');
      await writeFile(path, 'old content');
      await savePlan(fullPlan(), path);

      assert.deepEqual(await loadPlan(path), fullPlan());
      const leftovers = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
      assert.deepEqual(leftovers, []);
    });

    test('missing directory is a UserError', async () => {
      const path = join(dir, 'no-such-dir', 'plan.json');
      await assert.rejects(savePlan(fullPlan(), path), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.detail, /no-such-dir\/plan\.json failed \(ENOENT\)/);

        return true;
      });
    });

    test('invalid plan is an internal error and is not written', async () => {
      const path = join(dir, 'invalid.json');
      const plan = fullPlan();
      plan.applyable = false;

      await assert.rejects(savePlan(plan, path), (error: unknown) => {
        assert.ok(error instanceof InternalError);
        assert.match(error.message, /This is a bug/);
        assert.match(error.message, /\/applyable: is false/);

        return true;
      });
      await assert.rejects(stat(path), /ENOENT/);
    });
  });

  describe('loadPlan()', () => {
    test('invalid UTF-8 is located', async () => {
      const path = join(dir, 'latin1.json');
      await writeFile(
        path,
        Buffer.concat([Buffer.from('{\n  "a": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]),
      );

      await assert.rejects(loadPlan(path), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.problems[0]!.location, 'line 2, column 12');
        assert.match(error.problems[0]!.message, /invalid UTF-8 byte 0xe9/);

        return true;
      });
    });

    test('errors name the file', async () => {
      const path = join(dir, 'truncated.json');
      await writeFile(path, serializePlan(fullPlan()).slice(0, 500));

      await assert.rejects(loadPlan(path), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.problems[0]!.file, path);
        assert.match(error.detail, new RegExp(`^${path}: line \\d+, column \\d+: `));

        return true;
      });
    });

    test('missing file is a UserError', async () => {
      await assert.rejects(loadPlan(join(dir, 'absent.json')), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.detail, /absent\.json: no such file/);

        return true;
      });
    });

    test('directory is rejected', async () => {
      await assert.rejects(loadPlan(dir), /not a file/);
    });
  });
});
