/**
 * Declarations of the validators that scripts/gen-validators.mjs generates
 * with ajv's standalone code into dist/lib/config/standalone/ during
 * `npm run build`. The generated code is a build product and is not
 * committed, so this folder of the source tree holds only this file.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';

import type { HostFacts } from '../../probe/facts.js';

/**
 * The validators. `withDefaults` and `plain` are keyed by `FILE#POINTER`,
 * such as `plan.schema.json#/$defs/action` (the root has an empty pointer).
 * `withDefaults` fills in the schema's defaults and has only the desired
 * state's root. `plain` has, for every schema file, the root, each `$defs`
 * entry and each `oneOf` branch.
 */
export declare const VALIDATORS: {
  readonly withDefaults: Readonly<Record<string, ValidateFunction>>;
  readonly plain: Readonly<Record<string, ValidateFunction>>;
  readonly facts: ValidateFunction<HostFacts>;
};

/**
 * SHA-256 (hex) of each schema the validators were generated from, keyed by
 * file name. For a file in `schema/` it is the digest of the file's text,
 * and under `facts` the digest of `JSON.stringify` of the facts schema.
 */
export declare const SCHEMA_SHA256: Readonly<Record<string, string>>;
