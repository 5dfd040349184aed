/**
 * pmgup's own version and install location, read from package.json next to
 * the compiled code, so a saved plan records the exact version that made it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: the folder holding package.json, schema/ and plans/. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };

  return manifest.version;
}

export const TOOL_VERSION = readVersion();
