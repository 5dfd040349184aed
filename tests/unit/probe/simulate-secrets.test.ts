/**
 * The secret-path check of simulate.sh, run for real by /bin/sh: its
 * secret_path function against mayHoldSecrets on one table of paths, and
 * current_files against files in a temporary folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { mayHoldSecrets } from '../../../lib/plan/conffiles-diff.js';
import { simulateScript } from '../../../lib/probe/simulate-script.js';

/** Returns the text of one shell function of simulate.sh. */
function shellFunction(name: string): string {
  const match = new RegExp(`^${name}\\(\\) \\{\\n[\\s\\S]*?\\n\\}\\n`, 'm').exec(simulateScript());
  assert.ok(match, `function ${name} in simulate.sh`);

  return match[0];
}

/** Runs `body` under sh after the named functions of simulate.sh. */
function runShell(functions: string[], body: string): { status: number | null; stdout: string; stderr: string } {
  const script = `${functions.map(shellFunction).join('\n')}\n${body}\n`;
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' });

  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** Paths with the result both classifications must return. */
const TABLE: [string, boolean][] = [
  ['/etc/apt/auth.conf', true],
  ['/etc/apt/auth.conf.d/pmg.conf', true],
  ['/etc/ssl/private/ssl-cert-snakeoil.key', true],
  ['/etc/ssl/private/server.pem', true],
  ['/etc/pmg/pmg-authkey.key', true],
  ['/etc/pmg/pmg-csrf.key', true],
  ['/etc/pmg/pmg-api.pem', true],
  ['/etc/pmg/pmg-tls.pem', true],
  ['/etc/ssh/ssh_host_ed25519_key', true],
  ['/etc/ssh/ssh_host_rsa_key', true],
  ['/root/.ssh/id_rsa', true],
  ['/root/.ssh/authorized_keys', true],
  ['/etc/ppp/chap-secrets', true],
  ['/etc/ppp/options', true],
  ['/etc/shadow', true],
  ['/etc/gshadow-', true],
  ['/etc/ldap/SECRET.conf', true],
  ['/etc/mysql/debian.cnf.password', true],
  ['/etc/app/Passwd', true],
  ['/etc/app/credentials.json', true],
  ['/etc/app/api-token', true],
  ['/etc/X.KEY', true],
  ['/ETC/SSL/PRIVATE/x', true],
  ['/etc/issue', false],
  ['/etc/ssh/sshd_config', false],
  ['/etc/ssh/ssh_host_ed25519_key.pub', false],
  ['/etc/ssl/certs/ca-certificates.crt', false],
  ['/etc/pmg/pmg-authkey.pub', false],
  ['/etc/pmg/pmg.conf', false],
  ['/root/.bashrc', false],
  ['/etc/postgresql-common/createcluster.conf', false],
  ['/etc/apt/sources.list', false],
  ['/etc/keys/list', false],
];

describe('secret paths', () => {
  test('mayHoldSecrets() follows the table', () => {
    for (const [path, secret] of TABLE) {
      assert.equal(mayHoldSecrets(path), secret, path);
    }
  });

  test('simulate.sh secret_path follows the table', () => {
    const body = TABLE.map(([path]) => `if secret_path ${quote(path)}; then echo yes; else echo no; fi`).join('\n');
    const result = runShell(['secret_path'], body);
    const answers = result.stdout.trim().split('\n');

    assert.equal(result.status, 0, result.stderr);
    assert.equal(answers.length, TABLE.length);
    TABLE.forEach(([path, secret], index) => {
      assert.equal(answers[index], secret ? 'yes' : 'no', path);
    });
  });
});

describe('simulate.sh current_files', () => {
  // The folder's name must contain none of the secret words, or every file in it is left out.
  const folder = mkdtempSync(join(tmpdir(), 'pmgup-simulate-refusal-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  const plain = join(folder, 'plain.conf');
  const key = join(folder, 'server.key');
  const link = join(folder, 'link.conf');
  const tokens = join(folder, 'tokens');
  writeFileSync(plain, 'plain\n');
  writeFileSync(key, 'marker-secret\n');
  symlinkSync(key, link);
  mkdirSync(tokens);
  writeFileSync(join(tokens, 'a.conf'), 'marker-secret\n');

  function currentRecords(paths: string[]): string[] {
    const lines = paths.map((path) => `current ${Buffer.from(path).toString('base64')}`).join('\n');
    const request = Buffer.from(`${lines}\n`).toString('base64');
    const functions = ['to_base64', 'from_base64', 'request_lines', 'secret_path', 'readable_path', 'emit_file', 'current_files'];
    const result = runShell(functions, `FILE_LIMIT=1048576\nREQUEST=${quote(request)}\ncurrent_files`);
    assert.equal(result.status, 0, result.stderr);

    return result.stdout.trim().split('\n').filter((line) => line !== '');
  }

  test('sends a plain file', () => {
    const records = currentRecords([plain]);

    assert.equal(records.length, 1);
    assert.equal(records[0].split(' ')[1], Buffer.from(plain).toString('base64'));
  });

  test('leaves out secrets by name and by link target', () => {
    const records = currentRecords([key, link, join(tokens, 'a.conf'), plain]);
    const sent = records.map((record) => Buffer.from(record.split(' ')[1], 'base64').toString('utf8'));

    assert.deepEqual(sent, [plain]);
    assert.doesNotMatch(records.join('\n'), new RegExp(Buffer.from('marker-secret\n').toString('base64')));
  });
});
