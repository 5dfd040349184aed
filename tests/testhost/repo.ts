import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

import type { HarnessKeys } from './keys.js';
import { runGpg } from './keys.js';
import { log } from './log.js';
import { harnessSource } from './paths.js';
import { standinHosts } from './proxy.js';
import { run } from './run.js';
import {
  commonControl,
  standinComponent,
  standinPackages,
  type StandinPackage,
  type Suite,
} from './standins.js';

/** Path of the stand-in PMG repository below a host's folder, as in the guest's URI. */
export const pmgRepositoryPath = '/debian/pmg';
/** Path of the empty third-party repository below its host's folder. */
export const thirdPartyRepositoryPath = '/debian';

/** URIs the guests use in their apt sources. */
export const repositoryUris = {
  pmg: `http://${standinHosts.pmg}${pmgRepositoryPath}`,
  thirdParty: `http://${standinHosts.thirdParty}${thirdPartyRepositoryPath}`,
};

const suites: Suite[] = ['bullseye', 'bookworm'];

/** Files in these folders of a package are installed executable. */
const executablePrefixes = ['usr/bin/', 'usr/lib/pmg-standin/daemon'];

/** A stand-in's repository id as `pmgversion` prints it: 8 hex digits derived from the version. */
export function repositoryId(version: string): string {
  return createHash('sha256').update(`pmg-api ${version}`).digest('hex').slice(0, 8);
}

function normalizeModes(root: string, path = root): void {
  for (const entry of readdirSync(path)) {
    const full = join(path, entry);
    if (statSync(full).isDirectory()) {
      chmodSync(full, 0o755);
      normalizeModes(root, full);
      continue;
    }

    const inPackage = relative(root, full);
    const executable = executablePrefixes.some((prefix) => inPackage.startsWith(prefix));
    chmodSync(full, executable ? 0o755 : 0o644);
  }
}

function writeControl(staging: string, pkg: StandinPackage): void {
  const fields = {
    Package: pkg.name,
    Version: pkg.version,
    ...commonControl,
    ...pkg.control,
  };
  const control = Object.entries(fields)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');

  mkdirSync(join(staging, 'DEBIAN'), { recursive: true });
  writeFileSync(join(staging, 'DEBIAN', 'control'), `${control}\n`);

  for (const [script, source] of Object.entries(pkg.scripts)) {
    const target = join(staging, 'DEBIAN', script);
    cpSync(join(harnessSource, 'standins', 'scripts', source), target);
    chmodSync(target, 0o755);
  }
}

function substitutePlaceholders(staging: string, pkg: StandinPackage): void {
  const pmgversion = join(staging, 'usr', 'bin', 'pmgversion');
  try {
    const text = readFileSync(pmgversion, 'utf8');
    writeFileSync(pmgversion, text.replaceAll('@REPOID@', repositoryId(pkg.version)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
}

/** Builds one stand-in .deb with dpkg-deb and returns its path. */
async function buildPackage(pkg: StandinPackage, workDir: string, poolDir: string): Promise<string> {
  const staging = join(workDir, `${pkg.name}_${pkg.version}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });

  for (const tree of pkg.trees) {
    cpSync(join(harnessSource, 'standins', tree), staging, { recursive: true });
  }
  for (const file of pkg.files) {
    cpSync(join(harnessSource, 'standins', file.source), join(staging, file.target), { recursive: true });
  }
  substitutePlaceholders(staging, pkg);
  normalizeModes(staging);
  writeControl(staging, pkg);

  mkdirSync(poolDir, { recursive: true });
  const output = join(poolDir, `${pkg.name}_${pkg.version}_all.deb`);
  await run('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', staging, output]);

  return output;
}

function hashLines(root: string, files: string[], algorithm: 'md5' | 'sha256'): string {
  return files
    .map((file) => {
      const data = readFileSync(join(root, file));
      const digest = createHash(algorithm).update(data).digest('hex');
      return ` ${digest} ${String(data.length).padStart(8)} ${file}`;
    })
    .join('\n');
}

/**
 * Writes a signed Release for one suite of a repository: Release, the
 * clear-signed InRelease and the detached Release.gpg, as apt expects them.
 */
async function writeRelease(
  suiteDir: string,
  suite: Suite,
  component: string,
  label: string,
  keys: HarnessKeys,
): Promise<void> {
  const indexFiles = [`${component}/binary-amd64/Packages`, `${component}/binary-amd64/Packages.gz`];
  const release = [
    `Origin: pmgup test harness`,
    `Label: ${label}`,
    `Suite: ${suite}`,
    `Codename: ${suite}`,
    `Date: ${new Date().toUTCString()}`,
    `Architectures: amd64`,
    `Components: ${component}`,
    `Description: ${label} for the pmgup test host (${suite})`,
    'MD5Sum:',
    hashLines(suiteDir, indexFiles, 'md5'),
    'SHA256:',
    hashLines(suiteDir, indexFiles, 'sha256'),
  ].join('\n');

  const releaseFile = join(suiteDir, 'Release');
  writeFileSync(releaseFile, `${release}\n`);
  const signer = ['--local-user', keys.archiveFingerprint, '--yes', '--digest-algo', 'SHA256'];
  await runGpg(keys.gnupgHome, [...signer, '--clearsign', '--output', join(suiteDir, 'InRelease'), releaseFile]);
  await runGpg(keys.gnupgHome, [
    ...signer,
    '--armor',
    '--detach-sign',
    '--output',
    join(suiteDir, 'Release.gpg'),
    releaseFile,
  ]);
}

function writePackagesIndex(suiteDir: string, component: string, packages: string): void {
  const indexDir = join(suiteDir, component, 'binary-amd64');
  mkdirSync(indexDir, { recursive: true });
  writeFileSync(join(indexDir, 'Packages'), packages);
  writeFileSync(join(indexDir, 'Packages.gz'), gzipSync(packages));
}

async function buildPmgRepository(root: string, workDir: string, keys: HarnessKeys): Promise<void> {
  for (const suite of suites) {
    const poolRelative = join('pool', suite);
    for (const pkg of standinPackages.filter((candidate) => candidate.suite === suite)) {
      await buildPackage(pkg, workDir, join(root, poolRelative));
    }

    const scan = await run('dpkg-scanpackages', ['--multiversion', poolRelative, '/dev/null'], { cwd: root });
    const suiteDir = join(root, 'dists', suite);
    writePackagesIndex(suiteDir, standinComponent, scan.stdout);
    await writeRelease(suiteDir, suite, standinComponent, 'PMG stand-in', keys);
  }
}

async function buildThirdPartyRepository(root: string, keys: HarnessKeys): Promise<void> {
  for (const suite of suites) {
    const suiteDir = join(root, 'dists', suite);
    writePackagesIndex(suiteDir, 'main', '');
    await writeRelease(suiteDir, suite, 'main', 'Third-party stand-in', keys);
  }
}

/**
 * Builds the stand-in repositories into `outputDir`, one folder per host name
 * the proxy serves (see `localRepositoriesFor`): the PMG repository with
 * bullseye and bookworm suites, and an empty third-party repository.
 */
export async function buildRepositories(outputDir: string, keys: HarnessKeys): Promise<void> {
  log('repo', `building stand-in repositories in ${outputDir}`);
  rmSync(outputDir, { recursive: true, force: true });

  const workDir = join(outputDir, '.staging');
  await buildPmgRepository(join(outputDir, standinHosts.pmg, pmgRepositoryPath), workDir, keys);
  await buildThirdPartyRepository(join(outputDir, standinHosts.thirdParty, thirdPartyRepositoryPath), keys);
  rmSync(workDir, { recursive: true, force: true });
}

/** Maps each stand-in host name to its folder below a repository output folder. */
export function localRepositoriesFor(outputDir: string): Record<string, string> {
  return {
    [standinHosts.pmg]: join(outputDir, standinHosts.pmg),
    [standinHosts.thirdParty]: join(outputDir, standinHosts.thirdParty),
  };
}
