/**
 * Explanations for a failed `oneOf`. Ajv reports the errors of every branch,
 * which for a plan step means nineteen lists of complaints about one object.
 * When every branch fixes one property to a constant (`kind`, `op`), that
 * property picks the branch, and only its errors are shown. Otherwise the
 * message lists the allowed forms.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';

import type { Dialect } from './dialect.js';
import { orList, typeWords } from './expected.js';
import { isRecord, pointerSegments, type PathSegment } from './key-path.js';
import { explainPattern } from './pattern-words.js';
import { describeValue, previewValue } from './preview.js';
import { readSchema, type SchemaNode } from './schema-files.js';
import type { ExplainContext, SchemaProblem } from './schema-errors.js';
import { closestMatch } from './suggest.js';
import { validatorFor } from './validator.js';

type Explain = (errors: readonly ErrorObject[], context: ExplainContext) => SchemaProblem[];

interface Branch {
  /** The branch with its `$ref` resolved. */
  node: SchemaNode;
  /** JSON pointer of the branch in its schema file, for compiling it alone. */
  pointer: string;
}

/** Explains one failed `oneOf` at the error's path; `explain` handles the chosen branch's own errors. */
export function explainOneOf(
  error: ErrorObject,
  context: ExplainContext,
  explain: Explain,
): SchemaProblem[] {
  const path = [...(context.prefix ?? []), ...pointerSegments(error.instancePath, context.data)];
  const branches = branchesOf(error, context);
  const discriminator = discriminatorOf(branches);
  const value = error.data;

  if (discriminator === undefined) {
    const forms = orList(branches.map((b) => formWords(b.node, context.dialect)));

    return [{ path, message: `found ${describeValue(value, context.dialect)}, expected ${forms}` }];
  }

  if (!isRecord(value)) {
    const expected = typeWords('object', context.dialect);

    return [
      { path, message: `found ${describeValue(value, context.dialect)}, expected ${expected}` },
    ];
  }

  const kinds = branches.map((b) => constOf(b.node, discriminator) ?? '');
  const kind = value[discriminator];
  const index = kinds.indexOf(kind as string);
  if (index < 0) {
    return [unknownDiscriminator(path, discriminator, kind, kinds, context.dialect)];
  }

  return branchProblems(branches[index]!, value, path, context, explain);
}

function branchProblems(
  branch: Branch,
  value: Record<string, unknown>,
  path: PathSegment[],
  context: ExplainContext,
  explain: Explain,
): SchemaProblem[] {
  const validate = validatorFor(context.file, false, branch.pointer);
  if (validate(value)) {
    return [{ path, message: 'matches more than one allowed form' }];
  }

  return explain(validate.errors ?? [], { ...context, data: value, prefix: path });
}

function unknownDiscriminator(
  path: PathSegment[],
  discriminator: string,
  kind: unknown,
  kinds: string[],
  dialect: Dialect,
): SchemaProblem {
  const allowed = orList(kinds.map((k) => JSON.stringify(k)));
  if (kind === undefined) {
    return {
      path,
      message: `missing required ${dialect.keyWord} "${discriminator}", one of ${allowed}`,
    };
  }

  const match = typeof kind === 'string' ? closestMatch(kind, kinds) : undefined;
  const hint = match === undefined ? '' : `. Did you mean "${match}"?`;
  const found =
    typeof kind === 'string' ? previewValue(kind, dialect) : describeValue(kind, dialect);

  return {
    path: [...path, discriminator],
    message: `found ${found}, expected one of ${allowed}${hint}`,
  };
}

function branchesOf(error: ErrorObject, context: ExplainContext): Branch[] {
  const root = readSchema(context.file);
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const list = (parent.oneOf ?? []) as SchemaNode[];
  // Ajv's schemaPath is relative to whichever validator reported the error,
  // so the branch is found by the content of the schema object instead.
  const base = `${oneOfPointers(context.file).get(JSON.stringify(parent)) ?? ''}/oneOf`;

  return list.map((node, index) => {
    const ref =
      typeof node.$ref === 'string' && node.$ref.startsWith('#') ? node.$ref.slice(1) : undefined;

    return ref === undefined
      ? { node, pointer: `${base}/${index}` }
      : { node: resolvePointer(root, ref), pointer: ref };
  });
}

/** Returns the property that every branch fixes to a distinct string constant. */
function discriminatorOf(branches: readonly Branch[]): string | undefined {
  const first = branches[0]?.node.properties;
  if (!isRecord(first)) {
    return undefined;
  }

  return Object.keys(first).find((key) => {
    const values = branches.map((b) => constOf(b.node, key));

    return values.every((v) => typeof v === 'string') && new Set(values).size === values.length;
  });
}

function constOf(node: SchemaNode, key: string): string | undefined {
  const properties = node.properties;
  const property = isRecord(properties) ? properties[key] : undefined;

  return isRecord(property) && typeof property.const === 'string' ? property.const : undefined;
}

function formWords(node: SchemaNode, dialect: Dialect): string {
  if (typeof node.pattern === 'string') {
    return explainPattern(
      node.pattern,
      typeof node.description === 'string' ? node.description : undefined,
    );
  }
  if (typeof node.type === 'string') {
    return typeWords(node.type, dialect);
  }

  return typeof node.description === 'string' ? node.description : 'another form';
}

function resolvePointer(root: SchemaNode, pointer: string): SchemaNode {
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isRecord(node) ? node[key] : undefined;
  }

  return isRecord(node) ? node : {};
}

const pointerCache = new Map<string, Map<string, string>>();

/**
 * Returns the JSON pointer of every sub-schema with a `oneOf` in a schema
 * file, keyed by its JSON text. The validators carry their own copies of the
 * schema, so an error's `parentSchema` equals a sub-schema of the file but
 * is not the same object. Two sub-schemas with the same text and only local
 * `$ref`s validate alike, so either pointer serves.
 */
function oneOfPointers(file: ExplainContext['file']): Map<string, string> {
  const cached = pointerCache.get(file);
  if (cached !== undefined) {
    return cached;
  }

  const pointers = new Map<string, string>();
  const pending: [unknown, string][] = [[readSchema(file), '']];
  while (pending.length > 0) {
    const [node, pointer] = pending.pop()!;
    if (!isRecord(node) && !Array.isArray(node)) {
      continue;
    }
    if (isRecord(node) && node.oneOf !== undefined) {
      pointers.set(JSON.stringify(node), pointer);
    }
    for (const [key, child] of Object.entries(node)) {
      pending.push([child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
  pointerCache.set(file, pointers);

  return pointers;
}
