import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DEFAULT_DESIRED_STATE,
  loadDesiredState,
  MAX_DESIRED_STATE_BYTES,
  validateDesiredState,
} from '../../../lib/config/load.js';
import { packageFile } from '../../../lib/config/schema-files.js';
import { InputError, UserError } from '../../../lib/errors.js';

const fixture = (name: string) => packageFile(`tests/fixtures/config/${name}`);

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmgup-config-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `content` to a fresh file in the temporary folder and returns its path. */
async function tomlFile(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);

  return path;
}

/** Loads `content` and returns the InputError it must raise. */
async function loadError(content: string | Uint8Array): Promise<InputError> {
  const path = await tomlFile(`case-${Math.random().toString(16).slice(2)}.toml`, content);
  try {
    await loadDesiredState(path);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);

    return error;
  }
  assert.fail(`loading ${JSON.stringify(content)} succeeded`);
}

describe('config/load', () => {
  describe('loadDesiredState()', () => {
    test('empty file gives every default', async () => {
      const { desired } = await loadDesiredState(await tomlFile('empty.toml', ''));

      assert.equal(desired.release.codename, 'bookworm');
      assert.equal(desired.apt.pmg_repository, 'no-subscription');
      assert.equal(desired.apt.pmg_uri, undefined);
      assert.equal(desired.apt.third_party, 'stop');
      assert.equal(desired.postgresql.major, 15);
      assert.equal(desired.postgresql.database, 'Proxmox_ruledb');
      assert.deepEqual(desired.packages.minimum, {
        'proxmox-mailgateway': '8.0',
        'pmg-api': '8.0',
      });
      assert.equal(desired.conffiles.files['/etc/ssh/sshd_config'], 'maintainer');
      assert.equal(desired.reboot.timeout_seconds, 900);
      assert.equal(desired.network.pin_interface_names, false);
    });

    test('unit names get their suffix', async () => {
      const { desired } = await loadDesiredState(fixture('custom.toml'));

      assert.deepEqual(desired.services.running, [
        'postfix.service',
        'pmg-smtp-filter.service',
        'pmgpolicy.service',
        'pmgdaemon.service',
        'pmgproxy.service',
        'pmg-hourly.timer',
      ]);
      assert.deepEqual(desired.services.disabled, ['clamav-clamonacc.service']);
    });

    test('a set table replaces its default', async () => {
      const { desired } = await loadDesiredState(fixture('custom.toml'));

      assert.deepEqual(desired.packages.minimum, {
        'proxmox-mailgateway-container': '8.0',
        'pmg-api': '8.1.2',
      });
      assert.equal(desired.apt.pmg_repository, 'enterprise');
      assert.equal(desired.apt.pmg_uri, 'https://enterprise.proxmox.com/debian/pmg');
      assert.equal(desired.apt.backports, 'disable');
    });

    test('sha256 covers the file bytes', async () => {
      const content = '# comment\n[backup]\nrequired = false\n';
      const loaded = await loadDesiredState(await tomlFile('hash.toml', content));

      assert.equal(loaded.sha256, createHash('sha256').update(content).digest('hex'));
      assert.equal(loaded.path, join(dir, 'hash.toml'));
      assert.equal(loaded.desired.backup.required, false);
    });

    test('leading BOM is accepted', async () => {
      const { desired } = await loadDesiredState(
        await tomlFile('bom.toml', '\uFEFF[backup]\nrequired = false\n'),
      );

      assert.equal(desired.backup.required, false);
    });

    test('TOML syntax error has line and column', async () => {
      const error = await loadError('[apt]\npmg_repository = "test"\nthird_party = [\n');

      assert.equal(error.problems.length, 1);
      assert.equal(error.problems[0]!.location, 'line 3, column 16');
      assert.equal(
        error.problems[0]!.message,
        'unterminated array, expected a value or "]", found the end of the file',
      );
      assert.match(error.message, /not valid TOML/);
    });

    test('duplicate TOML key is a syntax error', async () => {
      const error = await loadError('[apt]\nbackports = "disable"\nbackports = "rewrite"\n');

      assert.equal(error.problems[0]!.location, 'line 3, column 1');
      assert.equal(error.problems[0]!.message, 'the key "backports" is already defined');
    });

    test('invalid UTF-8 is located', async () => {
      const bytes = Buffer.concat([
        Buffer.from('[apt]\n# caf\u00e9\npmg_uri = "'),
        Buffer.from([0xff]),
        Buffer.from('"\n'),
      ]);
      const error = await loadError(bytes);

      assert.equal(error.problems[0]!.location, 'line 3, column 12');
      assert.match(error.problems[0]!.message, /0xff/);
      assert.match(error.message, /UTF-8/);
    });

    test('missing file is a UserError naming the path', async () => {
      const path = join(dir, 'does-not-exist.toml');
      await assert.rejects(loadDesiredState(path), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.detail, /does-not-exist\.toml: no such file/);

        return true;
      });
    });

    test('directory is rejected', async () => {
      await assert.rejects(loadDesiredState(dir), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /not a file/);

        return true;
      });
    });

    test('oversized file is rejected', async () => {
      const path = await tomlFile('huge.toml', `# ${'x'.repeat(MAX_DESIRED_STATE_BYTES)}\n`);
      await assert.rejects(loadDesiredState(path), /too large/);
    });

    test('integer beyond 64 bits is quoted as written', async () => {
      // 2^64 + 5432: a parser that wraps at 64 bits reads a valid port.
      const error = await loadError('[postgresql]\nport = 18446744073709557048\n');

      assert.equal(error.problems[0]!.location, 'postgresql.port');
      assert.equal(
        error.problems[0]!.message,
        'found the integer 18446744073709557048 (beyond the 64-bit range of TOML) at line 2, column 8, expected an integer from 1 to 65535',
      );
    });

    test('every schema problem is reported at once', async () => {
      const path = fixture('invalid-many.toml');
      await assert.rejects(loadDesiredState(path), (error: unknown) => {
        assert.ok(error instanceof InputError);
        const locations = error.problems.map((p) => p.location);
        assert.deepEqual(locations.sort(), [
          'apt.pmg_repo',
          'apt.pmg_repository',
          'apt.pmg_uri',
          'conffiles.files."/etc/issue"',
          'conffiles.files."/etc/ssh/sshd config"',
          'postgresql.cluster',
          'postgresql.major',
          'postgresql.port',
          'release.codename',
          'services.running[1]',
          'services.running[2]',
        ]);
        assert.ok(error.problems.every((p) => p.file === path));
        assert.match(error.detail, /docs\/desired-state\.md/);

        return true;
      });
    });
  });

  describe('credentials in a rejected value', () => {
    test('the error hides the password', async () => {
      const error = await loadError('[apt]\npmg_uri = "http://gwuser:s3cret-pw@mirror.example/pmg"\n');

      assert.doesNotMatch(error.detail, /s3cret-pw|gwuser/);
      assert.match(error.detail, /found "http:\/\/\*\*\*@mirror\.example\/pmg"/);
      assert.doesNotMatch(JSON.stringify(error.problems), /s3cret-pw/);
    });
  });

  describe('validateDesiredState()', () => {
    const cases: { name: string; data: unknown; location: string; message: RegExp }[] = [
      {
        name: 'enum with a near miss',
        data: { apt: { pmg_repository: 'enterprize' } },
        location: 'apt.pmg_repository',
        message:
          /^found "enterprize", expected one of "enterprise", "no-subscription" or "test"\. Did you mean "enterprise"\?$/,
      },
      {
        name: 'unknown key with a near miss',
        data: { apt: { 'pmg-repository': 'test' } },
        location: 'apt.pmg-repository',
        message:
          /^unknown key \(value "test"\)\. Known keys in apt: pmg_repository, pmg_uri, third_party, backports, non_free_firmware\. Did you mean "pmg_repository"\?$/,
      },
      {
        name: 'unknown top-level table',
        data: { postgres: { port: 5432 } },
        location: 'postgres',
        message: /Known keys at the top level: release, apt, .*Did you mean "postgresql"\?$/,
      },
      {
        name: 'integer out of range',
        data: { postgresql: { port: 0 } },
        location: 'postgresql.port',
        message: /^found 0, expected an integer from 1 to 65535$/,
      },
      {
        name: 'string where an integer is expected',
        data: { reboot: { timeout_seconds: '900' } },
        location: 'reboot.timeout_seconds',
        message: /^found a string "900", expected an integer from 30 to 7200$/,
      },
      {
        name: 'const names the supported value',
        data: { postgresql: { major: 16 } },
        location: 'postgresql.major',
        message: /^found 16, expected 15\. PostgreSQL major version/,
      },
      {
        name: 'pattern explained in words',
        data: { packages: { absent: ['Linux Image'] } },
        location: 'packages.absent[0]',
        message: /^found "Linux Image", expected a Debian package name: lower-case letters/,
      },
      {
        name: 'URI with credentials',
        data: { apt: { pmg_uri: 'https://u:p@enterprise.proxmox.com/debian/pmg' } },
        location: 'apt.pmg_uri',
        message: /without spaces, quotes or credentials/,
      },
      {
        name: 'invalid map key',
        data: { conffiles: { files: { 'etc/issue': 'keep' } } },
        location: 'conffiles.files."etc/issue"',
        message: /^invalid key name, expected an absolute path/,
      },
      {
        name: 'boolean as a string',
        data: { backup: { required: 'yes' } },
        location: 'backup.required',
        message: /^found a string "yes", expected a boolean \(true or false\)$/,
      },
      {
        name: 'array of tables where a table is expected',
        data: { network: [{ pin_interface_names: true }] },
        location: 'network',
        message: /^found an array \[\{pin_interface_names = true\}\], expected a table$/,
      },
      {
        name: 'duplicate list item',
        data: { services: { disabled: ['clamav-clamonacc', 'clamav-clamonacc'] } },
        location: 'services.disabled[1]',
        message: /^"clamav-clamonacc" is listed twice, first at services\.disabled\[0\]$/,
      },
      {
        name: 'TOML offset date-time',
        data: { apt: { pmg_uri: new Date('2026-01-02T03:04:05Z') } },
        location: 'apt.pmg_uri',
        message: /^found the TOML offset date-time 2026-01-02T03:04:05\.000Z, expected a string$/,
      },
      {
        name: 'integer beyond 2^53',
        data: { backup: { max_age_hours: 2n ** 60n } },
        location: 'backup.max_age_hours',
        message:
          /^found the integer 1152921504606846976 \(too large\), expected an integer from 0 to 8760$/,
      },
      {
        name: 'infinity',
        data: { reboot: { timeout_seconds: Number.POSITIVE_INFINITY } },
        location: 'reboot.timeout_seconds',
        message: /^found a number inf, expected an integer from 30 to 7200$/,
      },
      {
        name: 'huge value truncated',
        data: { postgresql: { database: 'x'.repeat(5000) } },
        location: 'postgresql.database',
        message: /^found "x{60}"… \(5000 characters\), expected a PostgreSQL database name/,
      },
      {
        name: 'unit listed under two names',
        data: { services: { running: ['postfix', 'postfix.service'] } },
        location: 'services.running[1]',
        message: /^the unit postfix\.service is already listed at services\.running\[0\]$/,
      },
      {
        name: 'unit both running and disabled',
        data: { services: { disabled: ['pmgproxy.service'] } },
        location: 'services.disabled[0]',
        message: /^the unit pmgproxy\.service is already listed at services\.running\[4\]$/,
      },
      {
        name: 'package required and removed',
        data: { packages: { purge_after_upgrade: ['pmg-api'] } },
        location: 'packages.purge_after_upgrade[0]',
        message: /^the package pmg-api is also required in packages\.minimum/,
      },
    ];

    for (const { name, data, location, message } of cases) {
      test(name, () => {
        assert.throws(
          () => validateDesiredState(data, 'inline.toml'),
          (error: unknown) => {
            assert.ok(error instanceof InputError, String(error));
            assert.equal(error.problems.length, 1, JSON.stringify(error.problems));
            assert.equal(error.problems[0]!.file, 'inline.toml');
            assert.equal(error.problems[0]!.location, location);
            assert.match(error.problems[0]!.message, message);

            return true;
          },
        );
      });
    }

    test('__proto__ key is rejected without pollution', () => {
      const data = JSON.parse('{"packages": {"minimum": {"__proto__": "1"}}}') as unknown;
      assert.throws(() => validateDesiredState(data, 'x.toml'), /Invalid desired state/);

      assert.equal(({} as Record<string, unknown>)['1'], undefined);
      assert.equal(Object.getPrototypeOf({}), Object.prototype);
    });

    test('input is not modified', () => {
      const data = { apt: { pmg_repository: 'test' }, services: { running: ['postfix'] } };
      const desired = validateDesiredState(data, 'x.toml');

      assert.deepEqual(data, {
        apt: { pmg_repository: 'test' },
        services: { running: ['postfix'] },
      });
      assert.deepEqual(desired.services.running, ['postfix.service']);
    });

    test('oversized list is rejected before validation', () => {
      const absent = Array.from({ length: 1001 }, (_, i) => `Bad Name ${i}`);
      assert.throws(
        () => validateDesiredState({ packages: { absent } }, 'x.toml'),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.deepEqual(
            error.problems.map((p) => `${p.location}: ${p.message}`),
            ['packages.absent: has 1001 entries, more than the 1000 that pmgup accepts'],
          );

          return true;
        },
      );
    });

    test('problem count is capped', () => {
      const absent = Array.from({ length: 80 }, (_, i) => `Bad Name ${i}`);
      assert.throws(
        () => validateDesiredState({ packages: { absent } }, 'x.toml'),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.problems.length, 51);
          assert.match(error.problems[50]!.message, /^30 more problems not shown$/);

          return true;
        },
      );
    });
  });

  describe('DEFAULT_DESIRED_STATE', () => {
    test('points at the shipped plan', async () => {
      assert.ok(DEFAULT_DESIRED_STATE.endsWith(join('plans', 'pmg-8.toml')));
      const text = await readFile(DEFAULT_DESIRED_STATE, 'utf8');

      assert.ok(text.startsWith('#:schema ../schema/desired-state.schema.json\n'));
    });
  });
});
