/**
 * Turns Ajv's validation errors into one message per problem, each at the
 * location in the document where the user has to look, with the value found
 * and what is allowed. Both loaders (TOML desired state, JSON plan file) use
 * it with their own dialect.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';

import type { Dialect } from './dialect.js';
import { expectedWords, orList } from './expected.js';
import { isRecord, pointerSegments, type PathSegment } from './key-path.js';
import { explainOneOf } from './one-of.js';
import { describeValue, previewValue } from './preview.js';
import type { SchemaNode } from './schema-files.js';
import { closestMatch } from './suggest.js';
import type { SchemaFile } from './validator.js';

/** One problem found by schema validation. */
export interface SchemaProblem {
  path: PathSegment[];
  message: string;
}

/** Inputs of the explanation besides the errors. */
export interface ExplainContext {
  /** Schema the errors came from, for re-validating one branch of a `oneOf`. */
  file: SchemaFile;
  /** The validated document, at the point the errors' paths start from. */
  data: unknown;
  dialect: Dialect;
  /** Location of `data` in the whole document; empty at the top. */
  prefix?: PathSegment[];
}

const VALUE_KEYWORDS = new Set(['const', 'enum', 'pattern', 'format', 'minimum', 'maximum']);

/** Explains every error once, in Ajv's order, dropping the noise Ajv reports around `oneOf` and `propertyNames`. */
export function explainSchemaErrors(
  errors: readonly ErrorObject[],
  context: ExplainContext,
): SchemaProblem[] {
  const oneOfs = outermostOneOfs(errors);
  const underOneOf = (e: ErrorObject) =>
    oneOfs.some(
      (o) => e.instancePath === o.instancePath || e.instancePath.startsWith(`${o.instancePath}/`),
    );
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));

  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    if (oneOfs.includes(error)) {
      problems.push(...explainOneOf(error, context, explainSchemaErrors));
    } else if (underOneOf(error) || isPropertyNameDetail(error, errors)) {
      continue;
    } else if (VALUE_KEYWORDS.has(error.keyword) && typed.has(error.instancePath)) {
      // The type error at the same path already names what is allowed.
      continue;
    } else {
      problems.push(explainError(error, errors, context));
    }
  }

  return dedupe(problems);
}

function explainError(
  error: ErrorObject,
  all: readonly ErrorObject[],
  context: ExplainContext,
): SchemaProblem {
  const { dialect } = context;
  const path = [...(context.prefix ?? []), ...pointerSegments(error.instancePath, context.data)];
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(path, String(params.additionalProperty), error, dialect);
    case 'propertyNames':
      return invalidKey(path, String(params.propertyName), error, all, dialect);
    case 'required':
      return {
        path,
        message: `missing required ${dialect.keyWord} "${String(params.missingProperty)}"`,
      };
    case 'uniqueItems':
      return duplicateItem(path, error, dialect);
    case 'minItems':
    case 'maxItems':
      return itemCount(path, error);
    default:
      return valueProblem(path, error, dialect);
  }
}

function valueProblem(path: PathSegment[], error: ErrorObject, dialect: Dialect): SchemaProblem {
  const expected = expectedWords(error, dialect) ?? error.message ?? error.keyword;
  // The type is worth naming only when the type is what is wrong.
  const found =
    error.keyword === 'type'
      ? describeValue(error.data, dialect)
      : previewValue(error.data, dialect);
  let message = `found ${found}, expected ${expected}`;

  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  if (error.keyword === 'enum' && typeof error.data === 'string' && allowed !== undefined) {
    message += didYouMean(
      error.data,
      allowed.filter((v): v is string => typeof v === 'string'),
    );
  }
  const description = (error.parentSchema as SchemaNode | undefined)?.description;
  if (error.keyword === 'const' && typeof description === 'string') {
    message += `. ${description}`;
  }

  return { path, message };
}

function unknownKey(
  path: PathSegment[],
  key: string,
  error: ErrorObject,
  dialect: Dialect,
): SchemaProblem {
  const properties = (error.parentSchema as SchemaNode | undefined)?.properties;
  const known = isRecord(properties) ? Object.keys(properties) : [];
  const value = isRecord(error.data) ? error.data[key] : undefined;
  const where = path.length === 0 ? 'at the top level' : `in ${dialect.formatPath(path)}`;
  let message = `unknown ${dialect.keyWord} (value ${previewValue(value, dialect)}). `;
  message +=
    known.length === 0
      ? `No ${dialect.keysWord} are allowed ${where}`
      : `Known ${dialect.keysWord} ${where}: ${known.join(', ')}`;
  message += didYouMean(key, known);

  return { path: [...path, key], message };
}

function invalidKey(
  path: PathSegment[],
  key: string,
  error: ErrorObject,
  all: readonly ErrorObject[],
  dialect: Dialect,
): SchemaProblem {
  const detail = all.find((e) => isPropertyNameDetail(e, [error]));
  const expected = detail === undefined ? undefined : expectedWords(detail, dialect);

  return {
    path: [...path, key],
    message: `invalid ${dialect.keyWord} name${expected === undefined ? '' : `, expected ${expected}`}`,
  };
}

function duplicateItem(path: PathSegment[], error: ErrorObject, dialect: Dialect): SchemaProblem {
  const { i, j } = error.params as { i: number; j: number };
  const [first, second] = [Math.min(i, j), Math.max(i, j)];
  const item = Array.isArray(error.data) ? error.data[second] : undefined;

  return {
    path: [...path, second],
    message: `${previewValue(item, dialect)} is listed twice, first at ${dialect.formatPath([...path, first])}`,
  };
}

function itemCount(path: PathSegment[], error: ErrorObject): SchemaProblem {
  const count = Array.isArray(error.data) ? error.data.length : 0;
  const limit = String((error.params as { limit: number }).limit);
  const bound = error.keyword === 'minItems' ? `at least ${limit}` : `at most ${limit}`;

  return { path, message: `found ${count} item${count === 1 ? '' : 's'}, expected ${bound}` };
}

/** Returns a ` Did you mean "x"?` sentence, or an empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closestMatch(input, candidates);

  return match === undefined || match === input ? '' : `. Did you mean "${match}"?`;
}

/** Ajv reports the failed check of an invalid property name at the object's path with the name as data. */
function isPropertyNameDetail(error: ErrorObject, all: readonly ErrorObject[]): boolean {
  return all.some(
    (p) =>
      p.keyword === 'propertyNames' &&
      p !== error &&
      error.keyword !== 'propertyNames' &&
      p.instancePath === error.instancePath &&
      error.data === (p.params as { propertyName: string }).propertyName,
  );
}

function outermostOneOfs(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');

  return oneOfs.filter(
    (e) => !oneOfs.some((o) => o !== e && e.instancePath.startsWith(`${o.instancePath}/`)),
  );
}

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();

  return problems.filter((p) => {
    const key = `${JSON.stringify(p.path)} ${p.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);

    return true;
  });
}
