import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Locates the repository root by walking up from this module until a
 * package.json named "pmgup" appears, so the harness works both from
 * `dist/tests/testhost/` and from the source tree.
 */
function findRepositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));

  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'pmgup') {
      return directory;
    }

    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(`No pmgup package.json found above ${fileURLToPath(import.meta.url)}`);
    }
    directory = parent;
  }
}

/** Absolute path of the repository checkout this module belongs to. */
export const repositoryRoot = findRepositoryRoot();

/**
 * Source folder of the harness. Shell scripts, SQL and stand-in package files
 * are read from here at run time rather than copied into `dist/`.
 */
export const harnessSource = join(repositoryRoot, 'tests', 'testhost');

/**
 * Machine-wide cache: base images, the .deb download cache and the keys the
 * harness generates. Shared by every checkout on the machine, so a second
 * clone reuses a base built by the first one when the recipe is the same.
 */
export const cacheRoot = process.env.PMGUP_TESTHOST_CACHE ?? '/var/cache/pmgup-testhost';

/** Machine-wide run state: one folder per running host, plus address slots. */
export const stateRoot = process.env.PMGUP_TESTHOST_STATE ?? '/var/lib/pmgup-testhost';

export const cachePaths = {
  debs: join(cacheRoot, 'debs'),
  keys: join(cacheRoot, 'keys'),
  bases: join(cacheRoot, 'bases'),
};

export const statePaths = {
  hosts: join(stateRoot, 'hosts'),
  slots: join(stateRoot, 'slots'),
};

/**
 * Files whose content decides what an image contains, relative to the harness
 * source folder. A change to any of them gives a new recipe hash and
 * therefore a rebuild.
 */
export const recipeInputs = {
  base: ['recipe', 'standins', 'image.ts', 'repo.ts', 'standins.ts'],
  vm: ['recipe-vm', 'image-vm.ts'],
};

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) {
    return [path];
  }

  return readdirSync(path)
    .sort()
    .flatMap((entry) => listFiles(join(path, entry)));
}

/**
 * Computes the hash of recipe files (names and contents) plus `extra`,
 * shortened to 16 hex digits. Images are cached under this hash.
 */
export function computeRecipeHash(inputs: string[], extra: string): string {
  const hash = createHash('sha256');

  for (const input of inputs) {
    for (const file of listFiles(join(harnessSource, input))) {
      hash.update(relative(harnessSource, file));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  hash.update(extra);

  return hash.digest('hex').slice(0, 16);
}
