/**
 * The key order of a saved plan. Objects the schema describes keep the order
 * of their properties in schema/plan.schema.json, so `id`, `host` and
 * `reason` open an action and `step` closes it. Maps such as `fingerprints`,
 * and keys the schema does not name, are sorted. Arrays keep their order,
 * because the order of actions and edits carries meaning.
 */
import { isRecord } from '../config/key-path.js';
import { readSchema, type SchemaNode } from '../config/schema-files.js';

/** Returns a copy of a plan-shaped value with every object's keys in the saved-plan order. */
export function orderPlanKeys(value: unknown): unknown {
  const root = readSchema('plan.schema.json');

  return orderValue(value, root, root, 0);
}

/** NOTE: depth guards only against malformed input; a valid plan is about eight levels deep. */
const MAX_DEPTH = 64;

function orderValue(value: unknown, schema: SchemaNode, root: SchemaNode, depth: number): unknown {
  const node = branchFor(value, resolve(schema, root), root);
  if (Array.isArray(value)) {
    const items = isRecord(node.items) ? node.items : {};

    return value.map((item) => orderValue(item, items, root, depth + 1));
  }
  if (!isRecord(value) || depth > MAX_DEPTH) {
    return value;
  }

  const properties = isRecord(node.properties) ? node.properties : {};
  const known = Object.keys(properties).filter((key) => Object.hasOwn(value, key));
  const rest = Object.keys(value)
    .filter((key) => !Object.hasOwn(properties, key))
    .sort();
  const mapValues = isRecord(node.additionalProperties) ? node.additionalProperties : {};

  const out: Record<string, unknown> = {};
  for (const key of [...known, ...rest]) {
    const child = Object.hasOwn(properties, key) ? (properties[key] as SchemaNode) : mapValues;
    // defineProperty, because assigning a key named `__proto__` would change the prototype.
    Object.defineProperty(out, key, {
      value: orderValue(value[key], child, root, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }

  return out;
}

/** Returns the `oneOf` branch whose constant properties (`kind`, `op`) match the value, else the node. */
function branchFor(value: unknown, node: SchemaNode, root: SchemaNode): SchemaNode {
  if (!Array.isArray(node.oneOf) || !isRecord(value)) {
    return node;
  }

  const branches = (node.oneOf as SchemaNode[]).map((branch) => resolve(branch, root));
  const match = branches.find((branch) => {
    const properties = isRecord(branch.properties) ? branch.properties : {};
    const constants = Object.entries(properties).filter(
      ([, p]) => isRecord(p) && p.const !== undefined,
    );

    return (
      constants.length > 0 && constants.every(([key, p]) => value[key] === (p as SchemaNode).const)
    );
  });

  return match ?? node;
}

function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 8; hops += 1) {
    const name = current.$ref.replace(/^#\/\$defs\//, '');
    const defs = root.$defs as Record<string, SchemaNode>;
    current = defs[name] ?? {};
  }

  return current;
}
