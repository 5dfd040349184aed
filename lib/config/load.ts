/**
 * Loading the desired state: TOML bytes to a validated `Desired` with every
 * default applied. Nothing here contacts a host, so a plan never probes
 * before its input is known to be valid.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';

import { InputError, UserError } from '../errors.js';
import { readFailure } from '../file-errors.js';
import type { Desired } from './desired.js';
import { TOML_DIALECT } from './dialect.js';
import { withKindCheck, type FileUse } from './file-kind-error.js';
import { recognizeJsonText, recognizeTomlData } from './file-kind.js';
import { oversizedCollections } from './limits.js';
import { normalizeDesired } from './normalize.js';
import { inputError, locateProblems } from './problems.js';
import { explainSchemaErrors } from './schema-errors.js';
import { packageFile } from './schema-files.js';
import { decodeUtf8 } from './text-location.js';
import { parseTomlText } from './toml-parse.js';
import { plainTomlData } from './toml-values.js';
import { validatorFor } from './validator.js';

// Re-exported for the callers that parse desired-state text before validating it.
export { parseTomlText };

/** The desired-state file shipped with pmgup, used when the operator names none. */
export const DEFAULT_DESIRED_STATE: string = packageFile('plans/pmg-8.toml');

/** Largest desired-state file read; the shipped one is about 2 KiB. */
export const MAX_DESIRED_STATE_BYTES = 1024 * 1024;

const REMEDY =
  'Fix the keys listed above. Every key, its type and its default are described in docs/desired-state.md.';

/** A desired state read from a file. */
export interface LoadedDesiredState {
  /** The path as given. */
  path: string;
  /** Hex SHA-256 of the file's bytes, which a saved plan records. */
  sha256: string;
  desired: Desired;
}

/**
 * Reads, parses and validates a desired-state file. Throws UserError when
 * the file cannot be read, and InputError listing every problem when it is
 * not valid UTF-8, not valid TOML, or not a valid desired state. A file that
 * fails and is confidently an inventory, facts or a saved plan gives a
 * FileKindError instead, whose fix names `command`.
 */
export async function loadDesiredState(
  path: string,
  command?: string,
): Promise<LoadedDesiredState> {
  const bytes = await readInputFile(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    throw new InputError(
      'The desired-state file is not valid UTF-8',
      [{ file: path, location: decoded.location, message: decoded.message }],
      'Save the file as UTF-8. TOML files must be UTF-8.',
    );
  }

  const use: FileUse = { path, expected: 'desired-state', command };
  const text = decoded.text;
  const data = withKindCheck(use, () => recognizeJsonText(text), () => parseTomlText(text, path));
  const desired = withKindCheck(
    use,
    () => recognizeTomlData(data),
    () => validateDesiredState(data, path),
  );

  return { path, sha256, desired };
}

/**
 * Validates already parsed data as a desired state and returns it with
 * defaults applied and unit names normalized. The input is not modified.
 * Throws InputError with every problem, located by TOML key path in `fileLabel`.
 */
export function validateDesiredState(data: unknown, fileLabel: string): Desired {
  const copy = plainTomlData(data);
  const oversized = oversizedCollections(copy);
  if (oversized.length > 0) {
    const problems = locateProblems(fileLabel, oversized, TOML_DIALECT);
    throw inputError('Invalid desired state', problems, REMEDY);
  }

  const validate = validatorFor('desired-state.schema.json', true);
  if (!validate(copy)) {
    const problems = explainSchemaErrors(validate.errors ?? [], {
      file: 'desired-state.schema.json',
      data: copy,
      dialect: TOML_DIALECT,
    });
    throw inputError(
      'Invalid desired state',
      locateProblems(fileLabel, problems, TOML_DIALECT),
      REMEDY,
    );
  }

  const { desired, problems } = normalizeDesired(copy as Desired);
  if (problems.length > 0) {
    throw inputError(
      'Contradictory desired state',
      locateProblems(fileLabel, problems, TOML_DIALECT),
      REMEDY,
    );
  }

  return desired;
}

/** Reads a regular file of at most MAX_DESIRED_STATE_BYTES, or throws UserError naming the path. */
async function readInputFile(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new UserError(
        'The desired-state path is not a file',
        `${path} is not a regular file. Name a TOML file, such as ${DEFAULT_DESIRED_STATE}.`,
      );
    }
    // NOTE: a facts file or saved plan larger than the limit is reported as
    // too large here, not recognized, because recognizing it means reading it.
    if (info.size > MAX_DESIRED_STATE_BYTES) {
      throw new UserError(
        'The desired-state file is too large',
        `${path} has ${info.size} bytes, more than the ${MAX_DESIRED_STATE_BYTES} that pmgup reads. Check that it is the right file.`,
      );
    }

    return await readFile(path);
  } catch (error) {
    if (error instanceof UserError) {
      throw error;
    }
    throw new UserError(
      'Cannot read the desired-state file',
      `${path}: ${readFailure(error)}. The desired state that pmgup ships is ${DEFAULT_DESIRED_STATE}.`,
      { cause: error },
    );
  }
}
