/**
 * Schema validation of a plan document, split so that its cost stays linear
 * in the size of the plan. Ajv with `allErrors` concatenates the error list
 * of every referenced sub-schema into its own, which is quadratic when
 * thousands of actions all fail. Validating each element of the long arrays
 * separately keeps each list short.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';

import { isRecord } from '../config/key-path.js';
import { validatorFor } from '../config/validator.js';

/** Top-level arrays whose elements are validated one by one, with the schema of one element. */
const SPLIT_ARRAYS: Readonly<Record<string, string>> = {
  hosts: '/$defs/hostPlan',
  actions: '/$defs/action',
  diagnostics: '/$defs/diagnostic',
};

/** Returns Ajv's errors for the whole document, with instance paths relative to its root. */
export function planSchemaErrors(data: unknown): ErrorObject[] {
  if (!isRecord(data)) {
    return errorsOf(validatorFor('plan.schema.json', false), data);
  }

  // The document with the long arrays emptied catches every other problem.
  // Only `minItems` depends on the elements, so it is kept for arrays that
  // really are empty.
  const split = Object.keys(SPLIT_ARRAYS).filter((key) => Array.isArray(data[key]));
  const shell: Record<string, unknown> = { ...data };
  for (const key of split) {
    shell[key] = [];
  }
  const errors = errorsOf(validatorFor('plan.schema.json', false), shell).filter((error) => {
    const key = error.instancePath.slice(1);

    return !(
      error.keyword === 'minItems' &&
      split.includes(key) &&
      (data[key] as unknown[]).length > 0
    );
  });

  for (const key of split) {
    const validateItem = validatorFor('plan.schema.json', false, SPLIT_ARRAYS[key]);
    (data[key] as unknown[]).forEach((item, index) => {
      for (const error of errorsOf(validateItem, item)) {
        errors.push({ ...error, instancePath: `/${key}/${index}${error.instancePath}` });
      }
    });
  }

  return errors;
}

function errorsOf(validate: ReturnType<typeof validatorFor>, data: unknown): ErrorObject[] {
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
