/**
 * Validators for pmgup's JSON Schemas (draft 2020-12) and for recorded
 * facts. They are generated at build time with ajv's standalone code
 * (scripts/gen-validators.mjs), so no schema is compiled at run time and
 * ajv's compiler is never loaded. Each validator is one function per
 * process, with `errors` set by its last call, as ajv's compiled ones are.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

import { InternalError } from '../errors.js';
import type { HostFacts } from '../probe/facts.js';
import type { SchemaFile } from './schema-files.js';
import { VALIDATORS } from './standalone/index.js';

export type { ErrorObject, ValidateFunction };
export { SCHEMA_FILES, type SchemaFile } from './schema-files.js';

/**
 * Returns the validator of a schema file, or of one of its sub-schemas by
 * JSON pointer. With `useDefaults`, validation fills in missing keys from
 * the schema's `default`s, which mutates the data. Only the desired state's
 * root has that form. Throws InternalError for a pointer that has no
 * generated validator, and plainPointers() in the generator lists those that have one.
 */
export function validatorFor(
  file: SchemaFile,
  useDefaults: boolean,
  pointer = '',
): ValidateFunction {
  const set = useDefaults ? VALIDATORS.withDefaults : VALIDATORS.plain;
  const validate = set[`${file}#${pointer}`];
  if (validate === undefined) {
    const form = useDefaults ? ' with defaults' : '';
    throw new InternalError(
      `No validator was generated for ${file}#${pointer}${form}. This is a bug in pmgup: please report it.`,
    );
  }

  return validate;
}

/** Returns the validator of recorded facts, generated from lib/probe/facts-schema.ts. */
export function factsValidator(): ValidateFunction<HostFacts> {
  return VALIDATORS.facts;
}
