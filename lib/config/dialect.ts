/**
 * Wording of validation messages for the two input languages: a TOML
 * desired-state file has tables and keys, a JSON plan file has objects and
 * properties. The explanation of schema errors is shared and takes a dialect.
 */
import { formatJsonPointer, formatTomlPath, type PathSegment } from './key-path.js';

export interface Dialect {
  /** Formats a location in the document for a message. */
  formatPath(segments: readonly PathSegment[]): string;
  /** `table` or `object`. */
  objectWord: string;
  /** `key` or `property`. */
  keyWord: string;
  /** Writes one entry of an object literal: `a = 1` or `"a": 1`. */
  keyValue(key: string, value: string): string;
}

export const TOML_DIALECT: Dialect = {
  formatPath: formatTomlPath,
  objectWord: 'table',
  keyWord: 'key',
  keyValue: (key, value) => `${/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)} = ${value}`,
};

export const JSON_DIALECT: Dialect = {
  formatPath: formatJsonPointer,
  objectWord: 'object',
  keyWord: 'property',
  keyValue: (key, value) => `${JSON.stringify(key)}: ${value}`,
};
