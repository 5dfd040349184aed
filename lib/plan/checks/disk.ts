/**
 * Lookup of free space in the facts: which `disk` entry applies to a path.
 */
import type { DiskFact, HostFacts } from '../../probe/facts.js';

/**
 * Returns the disk fact for `path`: the entry for the path itself or its
 * nearest ancestor. The entry for `/` applies only to `/` itself, because
 * every path lies below it and a separately mounted directory would then be
 * measured on the wrong filesystem.
 */
export function diskFor(facts: HostFacts, path: string): DiskFact | null {
  const candidates = facts.disk.filter(
    (entry) => entry.path === path || (entry.path !== '/' && isUnder(path, entry.path)),
  );
  candidates.sort((a, b) => b.path.length - a.path.length);

  return candidates[0] ?? null;
}

function isUnder(path: string, ancestor: string): boolean {
  const prefix = ancestor.endsWith('/') ? ancestor : `${ancestor}/`;

  return path.startsWith(prefix);
}

export const GIB = 1024 ** 3;
