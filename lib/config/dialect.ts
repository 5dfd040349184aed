/**
 * Wording of validation messages for the two input languages: a TOML
 * desired-state file has tables and keys, a JSON plan file has objects and
 * properties. The explanation of schema errors is shared and takes a dialect.
 */
import { formatJsonPointer, formatTomlPath, type PathSegment } from './key-path.js';

export interface Dialect {
  /** Formats a location in the document for a message. */
  formatPath(segments: readonly PathSegment[]): string;
  /** `a table` or `an object`. */
  anObject: string;
  /** `key` or `property`. */
  keyWord: string;
  /** `keys` or `properties`. */
  keysWord: string;
  /** Writes one entry of an object literal: `a = 1` or `"a": 1`. */
  keyValue(key: string, value: string): string;
}

export const TOML_DIALECT: Dialect = {
  formatPath: formatTomlPath,
  anObject: 'a table',
  keyWord: 'key',
  keysWord: 'keys',
  keyValue: (key, value) =>
    `${/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)} = ${value}`,
};

export const JSON_DIALECT: Dialect = {
  formatPath: formatJsonPointer,
  anObject: 'an object',
  keyWord: 'property',
  keysWord: 'properties',
  keyValue: (key, value) => `${JSON.stringify(key)}: ${value}`,
};
