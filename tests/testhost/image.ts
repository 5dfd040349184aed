import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ensureHarnessKeys, type HarnessKeys } from './keys.js';
import { withLock } from './lock.js';
import { log } from './log.js';
import { cachePaths, computeRecipeHash, harnessSource, recipeInputs } from './paths.js';
import { startProxy } from './proxy.js';
import { buildRepositories, localRepositoriesFor, repositoryUris } from './repo.js';
import { removeTree, run } from './run.js';

/**
 * Packages of the base image beyond Debian's "important" priority set.
 * proxmox-mailgateway comes from the stand-in repository and pulls in
 * pmg-api, PostgreSQL 13, Postfix and ClamAV.
 */
const basePackages = [
  'systemd-sysv',
  'dbus',
  'openssh-server',
  'ifupdown',
  'locales',
  'linux-image-amd64',
  'proxmox-mailgateway',
  'postgresql-13',
  'postfix',
  'clamav-daemon',
  'clamav-freshclam',
  'iproute2',
  'procps',
  'less',
  'ca-certificates',
  'curl',
];

const debianSources = [
  'deb http://deb.debian.org/debian bullseye main contrib',
  'deb http://deb.debian.org/debian bullseye-updates main contrib',
  'deb http://security.debian.org/debian-security bullseye-security main contrib',
];

/** A built, cached base image. Hosts boot from copies of it, never from it. */
export interface BaseImage {
  hash: string;
  dir: string;
  /** Root file system of the container form. */
  root: string;
  /** Stand-in repositories, served by the proxy of every host booted from this base. */
  repositories: string;
  /** The guest's SSH host key line ("ssh-ed25519 AAAA…"), for known_hosts files. */
  hostKey: string;
  /** Wall-clock seconds the build took. */
  buildSeconds: number;
}

interface BaseMetadata {
  hash: string;
  hostKey: string;
  builtAt: string;
  buildSeconds: number;
}

function baseFromDir(dir: string, metadata: BaseMetadata): BaseImage {
  return {
    hash: metadata.hash,
    dir,
    root: join(dir, 'root'),
    repositories: join(dir, 'repositories'),
    hostKey: metadata.hostKey,
    buildSeconds: metadata.buildSeconds,
  };
}

function readMetadata(dir: string): BaseMetadata | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as BaseMetadata;
  } catch {
    return undefined;
  }
}

async function runMmdebstrap(root: string, proxyUrl: string, keys: HarnessKeys): Promise<void> {
  const recipe = join(harnessSource, 'recipe');
  const standinSource = `deb [signed-by=${keys.archiveKeyring}] ${repositoryUris.pmg} bullseye pmg-no-subscription`;

  await run(
    'mmdebstrap',
    [
      '--mode=root',
      '--variant=important',
      '--format=directory',
      `--aptopt=Acquire::http::Proxy "${proxyUrl}"`,
      '--aptopt=Acquire::Check-Valid-Until "false"',
      // Skips fsync during the build; customize.sh removes the setting again.
      '--dpkgopt=force-unsafe-io',
      `--include=${basePackages.join(',')}`,
      `--essential-hook=chroot "$1" debconf-set-selections < ${join(recipe, 'debconf.txt')}`,
      `--customize-hook=${join(recipe, 'customize.sh')} "$1"`,
      'bullseye',
      root,
      ...debianSources,
      standinSource,
    ],
    {
      inheritStderr: true,
      env: {
        ...process.env,
        PMGUP_SSH_PUBLIC_KEY: keys.sshPublicKey,
        PMGUP_ARCHIVE_KEYRING: keys.archiveKeyring,
        PMGUP_PMG_URI: repositoryUris.pmg,
      },
    },
  );
}

/** Deletes old base images, keeping `keep` and the two most recently used others. */
async function pruneOldBases(keep: string): Promise<void> {
  const others = readdirSync(cachePaths.bases)
    .filter((entry) => entry !== keep && !entry.includes('.') && existsSync(join(cachePaths.bases, entry, 'base.json')))
    .map((entry) => ({ entry, mtime: statSync(join(cachePaths.bases, entry, 'base.json')).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);

  for (const { entry } of others.slice(2)) {
    log('image', `removing old base image ${entry}`);
    await removeTree(join(cachePaths.bases, entry));
  }
}

/** Builds the stand-in repositories and the root file system into `workDir`. */
async function buildRoot(workDir: string, keys: HarnessKeys): Promise<void> {
  const repositories = join(workDir, 'repositories');
  await buildRepositories(repositories, keys);

  mkdirSync(cachePaths.debs, { recursive: true });
  const proxy = await startProxy({
    host: '127.0.0.1',
    port: 0,
    cacheDir: cachePaths.debs,
    localRepositories: localRepositoriesFor(repositories),
  });

  try {
    log('image', `running mmdebstrap into ${workDir}/root`);
    await runMmdebstrap(join(workDir, 'root'), `http://127.0.0.1:${proxy.port}`, keys);
  } finally {
    await proxy.close();
  }
}

async function buildBase(hash: string, keys: HarnessKeys): Promise<BaseImage> {
  const started = Date.now();
  const finalDir = join(cachePaths.bases, hash);
  const workDir = join(cachePaths.bases, `${hash}.building`);
  await removeTree(workDir);
  mkdirSync(workDir, { recursive: true });

  try {
    await buildRoot(workDir, keys);
  } catch (error) {
    await removeTree(workDir);
    throw error;
  }

  const hostKey = readFileSync(join(workDir, 'root', 'etc', 'ssh', 'ssh_host_ed25519_key.pub'), 'utf8')
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .join(' ');
  const metadata: BaseMetadata = {
    hash,
    hostKey,
    builtAt: new Date().toISOString(),
    buildSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(workDir, 'base.json'), `${JSON.stringify(metadata, null, 2)}\n`);

  await removeTree(finalDir);
  renameSync(workDir, finalDir);
  log('image', `base image ${hash} built in ${metadata.buildSeconds} s`);

  return baseFromDir(finalDir, metadata);
}

/**
 * Returns the cached base image for the current recipe, building it first
 * when it is missing or when `rebuild` is set. Concurrent callers on the same
 * machine wait for one build instead of running two.
 */
export async function ensureBaseImage(options: { rebuild?: boolean } = {}): Promise<BaseImage> {
  const keys = await ensureHarnessKeys();
  const hash = computeRecipeHash(recipeInputs.base, `${keys.archiveFingerprint}\n${keys.sshPublicKey}`);
  const dir = join(cachePaths.bases, hash);
  mkdirSync(cachePaths.bases, { recursive: true });

  return withLock(join(cachePaths.bases, `${hash}.lock`), async () => {
    const metadata = readMetadata(dir);
    if (metadata !== undefined && !options.rebuild) {
      const now = new Date();
      utimesSync(join(dir, 'base.json'), now, now);
      log('image', `using cached base image ${hash}`);
      return baseFromDir(dir, metadata);
    }

    const base = await buildBase(hash, keys);
    await pruneOldBases(hash);
    return base;
  });
}
