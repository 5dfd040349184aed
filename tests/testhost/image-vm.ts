import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BaseImage } from './image.js';
import { withLock } from './lock.js';
import { log } from './log.js';
import { cachePaths, computeRecipeHash, harnessSource, recipeInputs } from './paths.js';
import { startProxy } from './proxy.js';
import { localRepositoriesFor } from './repo.js';
import { removeTree, run } from './run.js';

/**
 * Returns the path of the VM image (qcow2) built from `base`, building it
 * first when missing or when `rebuild` is set. Hosts boot from overlays on
 * this file and never write to it.
 */
export async function ensureVmImage(base: BaseImage, options: { rebuild?: boolean } = {}): Promise<string> {
  const hash = computeRecipeHash(recipeInputs.vm, base.hash);
  const dir = join(base.dir, `vm-${hash}`);
  const image = join(dir, 'disk.qcow2');

  return withLock(`${dir}.lock`, async () => {
    if (existsSync(join(dir, 'vm.json')) && !options.rebuild) {
      log('image', `using cached VM image ${image}`);
      return image;
    }

    await buildVmImage(base, dir);
    return image;
  });
}

async function buildVmImage(base: BaseImage, dir: string): Promise<void> {
  const started = Date.now();
  const workDir = `${dir}.building`;
  await removeTree(workDir);
  mkdirSync(workDir, { recursive: true });

  const proxy = await startProxy({
    host: '127.0.0.1',
    port: 0,
    cacheDir: cachePaths.debs,
    localRepositories: localRepositoriesFor(base.repositories),
  });

  try {
    log('image', `building the VM disk in ${workDir}`);
    // A private mount namespace, so the build's mounts disappear with it even
    // when it is killed.
    await run(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        join(harnessSource, 'recipe-vm', 'build.sh'),
        base.root,
        workDir,
        `http://127.0.0.1:${proxy.port}`,
      ],
      { inheritStderr: true },
    );
  } catch (error) {
    await removeTree(workDir);
    throw error;
  } finally {
    await proxy.close();
  }

  const raw = join(workDir, 'disk.raw');
  await run('qemu-img', ['convert', '-O', 'qcow2', raw, join(workDir, 'disk.qcow2')]);
  rmSync(raw);
  await removeTree(join(workDir, 'mnt'));

  const buildSeconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(workDir, 'vm.json'), `${JSON.stringify({ builtAt: new Date().toISOString(), buildSeconds }, null, 2)}\n`);
  await removeTree(dir);
  renameSync(workDir, dir);
  log('image', `VM image built in ${buildSeconds} s`);
}
