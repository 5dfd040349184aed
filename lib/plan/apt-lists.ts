/**
 * apt's package lists: which suites apt has downloaded lists for, named the
 * way apt names the files in /var/lib/apt/lists (the URI without scheme and
 * credentials, `/` replaced by `_`, then `_dists_` and the suite).
 */
import type { AptEntry } from './apt-sources.js';

/** Returns apt's list name for one URI and suite; a flat repository (suite ending in `/`) has no `dists`. */
export function listName(uri: string, suite: string): string {
  const withoutScheme = uri.replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/i, '').replace(/^[^/@]*@/, '');
  const base = withoutScheme.replace(/\/+$/, '');
  const name = suite.endsWith('/') ? `${base}/${suite}` : `${base}/dists/${suite}`;

  return normalizeListName(name.replace(/\//g, '_'));
}

/** Makes list names comparable: no doubled or trailing underscores from stray slashes. */
export function normalizeListName(name: string): string {
  return name.replace(/_+/g, '_').replace(/_$/, '');
}

/** Returns the `URI suite` pairs of enabled entries that apt has no lists for. */
export function missingLists(entries: readonly AptEntry[], listedSuites: readonly string[]): string[] {
  const listed = new Set(listedSuites.map(normalizeListName));
  const missing: string[] = [];
  for (const entry of entries) {
    if (!entry.enabled) {
      continue;
    }
    for (const uri of entry.uris) {
      for (const suite of entry.suites) {
        if (!listed.has(listName(uri, suite))) {
          missing.push(`${uri} ${suite}`);
        }
      }
    }
  }

  return [...new Set(missing)];
}
