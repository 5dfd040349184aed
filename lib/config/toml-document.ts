/**
 * Building the data of a TOML document from the syntax tree that
 * toml-eslint-parser returns. Strings, booleans, arrays and tables become
 * their JavaScript forms. Numbers, dates and times go through toml-numbers
 * and become symbols where validation must see the literal as written,
 * because the tree keeps each value's source range.
 */
import type { AST } from 'toml-eslint-parser';

import { textLocation } from './text-location.js';
import { floatValue, integerValue } from './toml-numbers.js';
import { MAX_DEPTH, tooDeep } from './toml-values.js';

type Table = Record<string, unknown>;

const DATE_KINDS: Record<AST.TOMLDateTimeValue['kind'], string> = {
  'offset-date-time': 'offset date-time',
  'local-date-time': 'local date-time',
  'local-date': 'local date',
  'local-time': 'local time',
};

/**
 * Returns the root table of a parsed document. The parser has already
 * rejected keys and tables defined twice, so every path here is free or
 * leads through tables and arrays of tables.
 */
export function documentData(program: AST.TOMLProgram, text: string): Table {
  const root: Table = {};
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLTable') {
      const table = tableAt(root, item.resolvedKey);
      for (const pair of item.body) {
        setPair(table, pair, text, item.resolvedKey.length);
      }
    } else {
      setPair(root, item, text, 0);
    }
  }

  return root;
}

/**
 * Returns the table that a header names, adding the tables on the way that
 * are missing. A number in the resolved key indexes an array of tables.
 */
function tableAt(root: Table, resolvedKey: readonly (string | number)[]): Table {
  let node: Table | unknown[] = root;
  for (const [index, segment] of resolvedKey.entries()) {
    const next = resolvedKey[index + 1];
    node = child(node, segment, typeof next === 'number' ? [] : {}) as Table | unknown[];
  }

  return node as Table;
}

function setPair(table: Table, pair: AST.TOMLKeyValue, text: string, depth: number): void {
  const names = pair.key.keys.map((key) => (key.type === 'TOMLBare' ? key.name : key.value));
  let node = table;
  for (const name of names.slice(0, -1)) {
    node = child(node, name, {}) as Table;
  }
  define(node, names[names.length - 1]!, contentValue(pair.value, text, depth + names.length));
}

/** Returns the child at `segment`, adding `empty` there first when it is missing. */
function child(
  node: Table | unknown[],
  segment: string | number,
  empty: Table | unknown[],
): unknown {
  if (Array.isArray(node)) {
    node[Number(segment)] ??= empty;

    return node[Number(segment)];
  }
  if (!Object.hasOwn(node, segment)) {
    define(node, String(segment), empty);
  }

  return node[segment];
}

/**
 * Sets a key with defineProperty, because assigning a key named
 * `__proto__` would change the prototype.
 */
function define(table: Table, key: string, value: unknown): void {
  Object.defineProperty(table, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function contentValue(node: AST.TOMLContentNode, text: string, depth: number): unknown {
  if (depth > MAX_DEPTH) {
    return tooDeep();
  }

  switch (node.type) {
    case 'TOMLArray':
      return node.elements.map((element) => contentValue(element, text, depth + 1));
    case 'TOMLInlineTable': {
      const table: Table = {};
      for (const pair of node.body) {
        setPair(table, pair, text, depth);
      }

      return table;
    }
    default:
      return scalarValue(node, text);
  }
}

function scalarValue(node: AST.TOMLValue, text: string): unknown {
  const literal = text.slice(node.range[0], node.range[1]);
  const location = textLocation(text, node.range[0]);
  switch (node.kind) {
    case 'integer':
      return integerValue(literal, node.bigint, location);
    case 'float':
      return floatValue(literal, node.value, location);
    case 'string':
    case 'boolean':
      return node.value;
    default:
      return Symbol(`the TOML ${DATE_KINDS[node.kind]} ${literal} at ${location}`);
  }
}
