import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

import { withLock } from './lock.js';
import { log } from './log.js';
import { cachePaths } from './paths.js';
import { run } from './run.js';

/** Keys the harness generates once per machine and reuses for every image. */
export interface HarnessKeys {
  /** Private SSH key for root on every test host. */
  sshIdentity: string;
  sshPublicKey: string;
  /** GnuPG home holding the stand-in repository's signing key. */
  gnupgHome: string;
  /** Binary OpenPGP public key that guests install under /etc/apt/trusted.gpg.d/. */
  archiveKeyring: string;
  archiveFingerprint: string;
}

const archiveUserId = 'pmgup test-host stand-in repository <testhost@example.org>';

async function ensureSshKey(identity: string): Promise<void> {
  if (existsSync(identity)) {
    return;
  }

  log('keys', `generating SSH key ${identity}`);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'pmgup-testhost', '-f', identity]);
}

/** Runs gpg in the harness's home and stops its agent afterwards, so no process stays behind. */
export async function runGpg(gnupgHome: string, args: string[]): Promise<string> {
  try {
    const result = await run('gpg', ['--homedir', gnupgHome, '--batch', '--no-tty', ...args]);
    return result.stdout;
  } finally {
    await run('gpgconf', ['--homedir', gnupgHome, '--kill', 'gpg-agent'], { allowFailure: true });
  }
}

async function ensureArchiveKey(gnupgHome: string, keyring: string): Promise<string> {
  mkdirSync(gnupgHome, { recursive: true, mode: 0o700 });

  const secretKeys = await runGpg(gnupgHome, ['--with-colons', '--list-secret-keys']);
  if (!secretKeys.includes('fpr:')) {
    log('keys', 'generating the stand-in repository signing key');
    await runGpg(gnupgHome, ['--passphrase', '', '--quick-gen-key', archiveUserId, 'ed25519', 'sign', 'never']);
  }

  const listing = await runGpg(gnupgHome, ['--with-colons', '--list-keys']);
  const fingerprint = listing.split('\n').find((line) => line.startsWith('fpr:'))?.split(':')[9];
  if (fingerprint === undefined) {
    throw new Error(`No signing key found in ${gnupgHome} after generating one; remove that folder and build again`);
  }

  await run('gpg', ['--homedir', gnupgHome, '--batch', '--yes', '--output', `${keyring}.new`, '--export', fingerprint]);
  renameSync(`${keyring}.new`, keyring);

  return fingerprint;
}

/**
 * Creates the harness's SSH and repository keys when missing, and returns
 * their paths. Processes that start at the same time wait for one another, so
 * each key is generated once.
 */
export async function ensureHarnessKeys(): Promise<HarnessKeys> {
  mkdirSync(cachePaths.keys, { recursive: true, mode: 0o700 });

  return withLock(join(cachePaths.keys, 'lock'), async () => {
    const sshIdentity = join(cachePaths.keys, 'id_ed25519');
    await ensureSshKey(sshIdentity);

    const gnupgHome = join(cachePaths.keys, 'gnupg');
    const archiveKeyring = join(cachePaths.keys, 'pmg-standin-archive.gpg');
    const archiveFingerprint = await ensureArchiveKey(gnupgHome, archiveKeyring);

    return {
      sshIdentity,
      sshPublicKey: readFileSync(`${sshIdentity}.pub`, 'utf8').trim(),
      gnupgHome,
      archiveKeyring,
      archiveFingerprint,
    };
  });
}
