/**
 * Turns ajv's errors into located problems: a JSON pointer, the value found
 * there and what the schema expects. Alternatives (`T | null`, written as
 * anyOf) are reported once as "must be T or null", not once per branch.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';

import { JSON_DIALECT } from '../config/dialect.js';
import { previewValue } from '../config/preview.js';
import type { InputProblem } from '../errors.js';

/** Returns one problem per location, in the order ajv found them. */
export function describeSchemaErrors(file: string, errors: ErrorObject[], data: unknown): InputProblem[] {
  const branchTypes = new Map<string, string[]>();
  for (const error of errors) {
    if (error.schemaPath.includes('/anyOf/') && error.keyword === 'type') {
      branchTypes.set(error.instancePath, [...(branchTypes.get(error.instancePath) ?? []), String(error.params.type)]);
    }
  }

  const problems: InputProblem[] = [];
  for (const error of errors) {
    if (error.schemaPath.includes('/anyOf/') && error.keyword === 'type') {
      continue;
    }

    const problem = describeError(file, error, data, branchTypes);
    if (!problems.some((known) => known.location === problem.location && known.message === problem.message)) {
      problems.push(problem);
    }
  }

  return problems;
}

function describeError(file: string, error: ErrorObject, data: unknown, branchTypes: Map<string, string[]>): InputProblem {
  const path = error.instancePath === '' ? '' : error.instancePath;
  const found = `found ${show(valueAt(data, path))}`;

  switch (error.keyword) {
    case 'required':
      return { file, location: `${path}/${escape(String(error.params.missingProperty))}`, message: 'is missing' };
    case 'additionalProperties':
      return {
        file,
        location: `${path}/${escape(String(error.params.additionalProperty))}`,
        message: 'is not a known key of facts; remove it',
      };
    case 'anyOf':
      return { file, location: pointer(path), message: `must be ${(branchTypes.get(path) ?? ['another type']).join(' or ')}, ${found}` };
    case 'enum':
      return { file, location: pointer(path), message: `must be one of ${(error.params.allowedValues as unknown[]).map(show).join(', ')}, ${found}` };
    default:
      return { file, location: pointer(path), message: `${error.message ?? 'is invalid'}, ${found}` };
  }
}

function pointer(path: string): string {
  return path === '' ? '/' : path;
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Returns the value at a JSON pointer, or undefined when the path does not exist. */
function valueAt(data: unknown, path: string): unknown {
  let value = data;
  for (const token of path.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof value !== 'object' || value === null) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }

  return value;
}

// A bounded preview, because a hand-edited file can hold a value nested
// deeply enough to overflow JSON.stringify's stack.
function show(value: unknown): string {
  return value === undefined ? 'nothing' : previewValue(value, JSON_DIALECT, 80);
}
