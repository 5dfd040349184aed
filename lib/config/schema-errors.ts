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
import { integerFix } from './toml-numbers.js';
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

/**
 * Explains every error once, in Ajv's order, dropping the noise Ajv reports
 * around `oneOf` and `propertyNames`. Runs in time linear in the number of
 * errors, because a damaged plan can produce hundreds of thousands.
 */
export function explainSchemaErrors(
  errors: readonly ErrorObject[],
  context: ExplainContext,
): SchemaProblem[] {
  const index = indexErrors(errors);

  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'oneOf' && !hasAncestorIn(error.instancePath, index.oneOfPaths)) {
      problems.push(...explainOneOf(error, context, explainSchemaErrors));
    } else if (isCoveredByOneOf(error, index) || isPropertyNameDetail(error, index)) {
      continue;
    } else if (VALUE_KEYWORDS.has(error.keyword) && index.typed.has(error.instancePath)) {
      // The type error at the same path already names what is allowed.
      continue;
    } else {
      problems.push(explainError(error, index, context));
    }
  }

  return dedupe(problems);
}

interface ErrorIndex {
  /** Instance paths with a failed `oneOf`. */
  oneOfPaths: Set<string>;
  /** Instance paths with a failed `type`. */
  typed: Set<string>;
  /** The first detail error of each invalid property name, keyed by `path NUL name`. */
  nameDetails: Map<string, ErrorObject>;
}

function indexErrors(errors: readonly ErrorObject[]): ErrorIndex {
  const invalidNames = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'propertyNames') {
      invalidNames.add(
        nameKey(error.instancePath, (error.params as { propertyName: string }).propertyName),
      );
    }
  }

  const index: ErrorIndex = { oneOfPaths: new Set(), typed: new Set(), nameDetails: new Map() };
  for (const error of errors) {
    if (error.keyword === 'oneOf') {
      index.oneOfPaths.add(error.instancePath);
    } else if (error.keyword === 'type') {
      index.typed.add(error.instancePath);
    }
    const key =
      typeof error.data === 'string' ? nameKey(error.instancePath, error.data) : undefined;
    const isDetail =
      key !== undefined && error.keyword !== 'propertyNames' && invalidNames.has(key);
    if (isDetail && !index.nameDetails.has(key)) {
      index.nameDetails.set(key, error);
    }
  }

  return index;
}

function nameKey(instancePath: string, name: string): string {
  return `${instancePath}\u0000${name}`;
}

/** Returns true when `path` or one of its ancestors is in `paths`, excluding `path` itself unless `self`. */
function hasAncestorIn(path: string, paths: Set<string>, self = false): boolean {
  if (self && paths.has(path)) {
    return true;
  }
  for (let end = path.lastIndexOf('/'); end >= 0; end = path.lastIndexOf('/', end - 1)) {
    if (paths.has(path.slice(0, end))) {
      return true;
    }
    if (end === 0) {
      break;
    }
  }

  return false;
}

/** Errors of the branches of a failed `oneOf` are replaced by the explanation of the `oneOf`. */
function isCoveredByOneOf(error: ErrorObject, index: ErrorIndex): boolean {
  return hasAncestorIn(error.instancePath, index.oneOfPaths, true);
}

/** Ajv reports the failed check of an invalid property name at the object's path with the name as data. */
function isPropertyNameDetail(error: ErrorObject, index: ErrorIndex): boolean {
  if (error.keyword === 'propertyNames' || typeof error.data !== 'string') {
    return false;
  }

  return index.nameDetails.has(nameKey(error.instancePath, error.data));
}

function explainError(
  error: ErrorObject,
  index: ErrorIndex,
  context: ExplainContext,
): SchemaProblem {
  const { dialect } = context;
  const path = [...(context.prefix ?? []), ...pointerSegments(error.instancePath, context.data)];
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(path, String(params.additionalProperty), error, dialect);
    case 'propertyNames': {
      const name = String(params.propertyName);
      const detail = index.nameDetails.get(nameKey(error.instancePath, name));

      return invalidKey(path, name, detail, dialect);
    }
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
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  if (error.keyword === 'const' && typeof schema.description === 'string') {
    message += `. ${schema.description}`;
  }
  if (error.keyword === 'type') {
    message += integerFix(error.data, schema);
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
  detail: ErrorObject | undefined,
  dialect: Dialect,
): SchemaProblem {
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
