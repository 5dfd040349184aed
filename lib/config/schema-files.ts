/**
 * Locates the JSON Schemas shipped in `schema/` and reads them. The schemas
 * are data files, not modules, so they are found from this module's own
 * location: that works from `dist/lib/config` in a checkout and from an
 * installed package alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { InternalError } from '../errors.js';

/** Schema files that pmgup validates with, by file name in `schema/`. */
export const SCHEMA_FILES = ['desired-state.schema.json', 'plan.schema.json', 'inventory.schema.json'] as const;
export type SchemaFile = (typeof SCHEMA_FILES)[number];

/** A parsed JSON Schema; only the keywords pmgup's schemas use are read. */
export type SchemaNode = { [keyword: string]: unknown };

let cachedRoot: string | undefined;
const cachedSchemas = new Map<string, SchemaNode>();

/**
 * Returns the pmgup package root: the nearest directory above this module
 * that contains `schema/desired-state.schema.json`.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) {
    return cachedRoot;
  }

  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'schema', 'desired-state.schema.json'))) {
      cachedRoot = dir;

      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new InternalError(
        `The schema folder was not found above ${fileURLToPath(import.meta.url)}. ` +
          'The package is incomplete: reinstall pmgup. This is a bug if it happens in a checkout.',
      );
    }
    dir = parent;
  }
}

/** Returns the absolute path of a file in the package, such as `plans/pmg-8.toml`. */
export function packageFile(relative: string): string {
  return join(packageRoot(), relative);
}

/** Reads and caches one schema file by name, such as `desired-state.schema.json`. */
export function readSchema(name: string): SchemaNode {
  const cached = cachedSchemas.get(name);
  if (cached !== undefined) {
    return cached;
  }

  const path = join(packageRoot(), 'schema', name);
  let schema: SchemaNode;
  try {
    schema = JSON.parse(readFileSync(path, 'utf8')) as SchemaNode;
  } catch (error) {
    throw new InternalError(`The schema ${path} cannot be read: reinstall pmgup.`, {
      cause: error,
    });
  }
  cachedSchemas.set(name, schema);

  return schema;
}
