/**
 * Ajv validators for pmgup's JSON Schemas (draft 2020-12). One Ajv instance
 * per option set contains both schemas, so `$ref`s and sub-schema look-ups by
 * `$id` work across calls, and each schema is compiled once per process.
 */
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

import { InternalError } from '../errors.js';
import { readSchema } from './schema-files.js';

// ajv is CommonJS: its default export arrives as the module object under NodeNext.
const Ajv2020 = Ajv2020Module.default;
type Ajv = InstanceType<typeof Ajv2020>;

export type { ErrorObject, ValidateFunction };

/** Schema files that the validators know, by file name in `schema/`. */
export const SCHEMA_FILES = ['desired-state.schema.json', 'plan.schema.json', 'inventory.schema.json'] as const;
export type SchemaFile = (typeof SCHEMA_FILES)[number];

const instances = new Map<boolean, Ajv>();

/** RFC 3339 date-time in UTC or with an offset, as the plan's `createdAt` uses. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function isDateTime(text: string): boolean {
  return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text));
}

/**
 * Returns the shared Ajv instance: every error collected (`allErrors`),
 * strict schema checking, and the failing value attached to each error
 * (`verbose`) so messages can quote it. With `useDefaults`, validation fills
 * in missing keys from the schema's `default`s, which mutates the data.
 */
export function ajvInstance(useDefaults: boolean): Ajv {
  const existing = instances.get(useDefaults);
  if (existing !== undefined) {
    return existing;
  }

  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, useDefaults });
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  for (const file of SCHEMA_FILES) {
    ajv.addSchema(readSchema(file));
  }
  instances.set(useDefaults, ajv);

  return ajv;
}

/** Returns the compiled validator of a schema file, or of one of its sub-schemas by JSON pointer. */
export function validatorFor(
  file: SchemaFile,
  useDefaults: boolean,
  pointer = '',
): ValidateFunction {
  const ajv = ajvInstance(useDefaults);
  const ref = `${String(readSchema(file).$id)}#${pointer}`;
  const validate = ajv.getSchema(ref);
  if (validate === undefined) {
    throw new InternalError(`No sub-schema at ${ref}. This is a bug in pmgup: please report it.`);
  }

  return validate;
}
