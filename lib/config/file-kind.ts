/**
 * Recognizing which of pmgup's four input files a file is: a desired state
 * or an inventory (TOML), recorded facts or a saved plan (JSON). A loader
 * calls these functions only after the file failed as its own kind, and only
 * a confident match changes its error. Recognition reads data the loader already parsed
 * or text it already holds, and never touches the filesystem.
 */
import type { InputFileKind } from '../errors.js';
import { isRecord } from './key-path.js';
import { parseTomlText } from './toml-parse.js';

/** A confident recognition of a file's kind. */
export interface Recognition {
  kind: InputFileKind;
  /** The reason for the recognition, as a sentence for an error message. */
  evidence: string;
}

/** The top-level properties of schema/inventory.schema.json. */
export const INVENTORY_KEYS: readonly string[] = ['host', 'group', 'cluster'];

/** The top-level properties of schema/desired-state.schema.json. */
export const DESIRED_STATE_KEYS: readonly string[] = [
  'release',
  'apt',
  'packages',
  'postgresql',
  'services',
  'conffiles',
  'templates',
  'backup',
  'reboot',
  'network',
];

/**
 * Maximum length of text that a JSON loader tries as TOML, equal to the
 * 1 MiB size limit of both TOML loaders, because a longer file could not be
 * used as either. A file within that limit in bytes always fits, since each
 * UTF-8 byte decodes to at most one UTF-16 code unit.
 */
export const MAX_TOML_RECOGNITION_LENGTH = 1024 * 1024;

/**
 * Recognizes parsed JSON: a top-level object with `factsVersion` is recorded
 * facts, one with `formatVersion` and `actions` is a saved plan. An object
 * with both, or neither, is not recognized.
 */
export function recognizeJsonData(data: unknown): Recognition | undefined {
  if (!isRecord(data)) {
    return undefined;
  }

  const facts = Object.hasOwn(data, 'factsVersion');
  const plan = Object.hasOwn(data, 'formatVersion') && Object.hasOwn(data, 'actions');
  if (facts && !plan) {
    return {
      kind: 'facts',
      evidence: 'It has factsVersion, which facts files written by `pmgup probe --out` carry.',
    };
  }
  if (plan && !facts) {
    return {
      kind: 'plan',
      evidence:
        'It has formatVersion and actions, which plans saved by `pmgup plan --out` carry.',
    };
  }

  return undefined;
}

/**
 * Recognizes parsed TOML by its top-level keys: an inventory when every key
 * is one of INVENTORY_KEYS, a desired state when every key is one of
 * DESIRED_STATE_KEYS. The two sets share no key, so at most one matches. A
 * document without keys, or with a key of neither set, is not recognized.
 */
export function recognizeTomlData(data: unknown): Recognition | undefined {
  if (!isRecord(data)) {
    return undefined;
  }

  const keys = Object.keys(data);
  if (keys.length === 0) {
    return undefined;
  }
  if (keys.every((key) => INVENTORY_KEYS.includes(key))) {
    return {
      kind: 'inventory',
      evidence: `Its top-level ${listKeys(keys)} of an inventory (schema/inventory.schema.json).`,
    };
  }
  if (keys.every((key) => DESIRED_STATE_KEYS.includes(key))) {
    return {
      kind: 'desired-state',
      evidence: `Its top-level ${listKeys(keys)} of a desired state (schema/desired-state.schema.json).`,
    };
  }

  return undefined;
}

/** Recognizes text that a TOML loader could not parse, by parsing it as JSON. */
export function recognizeJsonText(text: string): Recognition | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }

  return recognizeJsonData(data);
}

/**
 * Recognizes text that a JSON loader could not parse, by parsing it as TOML.
 * Text longer than MAX_TOML_RECOGNITION_LENGTH is not parsed.
 */
export function recognizeTomlText(text: string): Recognition | undefined {
  if (text.length > MAX_TOML_RECOGNITION_LENGTH) {
    return undefined;
  }

  let data: unknown;
  try {
    data = parseTomlText(text, '');
  } catch {
    return undefined;
  }

  return recognizeTomlData(data);
}

/** Writes `keys host and cluster are keys` or `key apt is a key`. */
function listKeys(keys: readonly string[]): string {
  if (keys.length === 1) {
    return `key ${keys[0]} is a key`;
  }

  const list = `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;

  return `keys ${list} are keys`;
}
