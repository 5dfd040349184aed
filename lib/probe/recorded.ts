/**
 * Recorded facts files: `pmgup probe --out FILE` writes one, `pmgup plan
 * --facts FILE` reads one. A facts file is untrusted input, because it may
 * have been edited by hand or come from another pmgup version. So it is
 * checked against the facts schema before anything reads it. Every problem
 * is reported with its JSON pointer, the value found and what was expected.
 */
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { withKindCheck, type FileUse } from '../config/file-kind-error.js';
import { recognizeJsonData, recognizeTomlText } from '../config/file-kind.js';
import { decodeUtf8, textLocation } from '../config/text-location.js';
import { factsValidator } from '../config/validator.js';
import { InputError, InternalError, UserError } from '../errors.js';
import { readFailure } from '../file-errors.js';
import { redactUri } from '../plan/apt-sources.js';
import { findJsonProblem } from '../planfile/json-scan.js';
import { FACTS_VERSION, type HostFacts } from './facts.js';
import { describeSchemaErrors } from './schema-errors.js';

/**
 * Largest facts file read. The probe ships each apt sources file up to
 * 16 MiB and every other file up to 1 MiB, so real facts stay far below.
 * NOTE: the limit is a judgement, not measured on a real fleet's facts.
 */
export const MAX_FACTS_BYTES = 128 * 1024 * 1024;

const REMEDY = 'Record the facts again with pmgup probe --out FILE instead of editing the file by hand.';

/**
 * Reads and validates a facts file. Throws UserError when it cannot be
 * read or is too large, and InputError with located problems when it is
 * not UTF-8 JSON without duplicate keys, has another factsVersion, or does
 * not match the facts schema. A file that fails and is confidently a saved
 * plan, a desired state or an inventory gives a FileKindError instead,
 * whose fix names `command`.
 */
export async function loadFacts(path: string, command?: string): Promise<HostFacts> {
  const text = await readText(path);
  const use: FileUse = { path, expected: 'facts', command };
  const value = withKindCheck(use, () => recognizeTomlText(text), () => parseJson(path, text));
  const facts = withKindCheck(use, () => recognizeJsonData(value), () => validFacts(path, value));

  return redactFacts(facts);
}

/** Returns `value` as facts, or throws InputError naming its version or its schema problems. */
function validFacts(path: string, value: unknown): HostFacts {
  const version = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { factsVersion?: unknown }).factsVersion : undefined;
  if (version !== FACTS_VERSION) {
    throw new InputError(
      `Facts file ${path} has an unsupported format`,
      [{ file: path, location: '/factsVersion', message: `factsVersion is ${JSON.stringify(version) ?? 'missing'}, and this pmgup reads version ${FACTS_VERSION}` }],
      'Record the facts again with this pmgup: pmgup probe --host HOST --out FILE.',
    );
  }

  const validate = factsValidator();
  if (!validate(value)) {
    throw new InputError(
      `Facts file ${path} is invalid`,
      describeSchemaErrors(path, validate.errors ?? [], value),
      'Fix the values listed above, or record the facts again with pmgup probe --out FILE.',
    );
  }

  return value;
}

/**
 * Redacts URI credentials the way the probe does, because a facts file
 * edited by hand or written elsewhere may still carry them, and whatever
 * is in the facts can reach a plan, a checklist or a log.
 */
function redactFacts(facts: HostFacts): HostFacts {
  const files = facts.apt.files.map((file) => {
    const content = redactUri(file.content);

    return { ...file, content, redacted: file.redacted || content !== file.content };
  });
  const error = facts.apt.pending.error === null ? null : redactUri(facts.apt.pending.error);

  return { ...facts, apt: { ...facts.apt, files, pending: { ...facts.apt.pending, error } } };
}

async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new UserError(`Facts file ${path} is a directory`, `Name a facts file in it, written by \`pmgup probe --out FILE\`.`);
    }
    if (info.isFile() && info.size > MAX_FACTS_BYTES) {
      throw new UserError(
        `Facts file ${path} is too large`,
        `${path} has ${info.size} bytes, more than the ${MAX_FACTS_BYTES} that pmgup reads. Check that it is a facts file.`,
      );
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof UserError) {
      throw error;
    }
    throw new UserError(
      `Cannot read facts file ${path}`,
      `${path}: ${readFailure(error)}.\nTo record facts of a host: pmgup probe --host HOST --out FILE.`,
      { cause: error },
    );
  }

  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    throw new InputError(`Facts file ${path} is not valid UTF-8`, [{ file: path, location: decoded.location, message: decoded.message }], REMEDY);
  }

  return decoded.text;
}

// The strict scanner locates every syntax error (JSON.parse names no position
// for some) and rejects duplicate keys, which JSON.parse would silently
// resolve to the last one.
function parseJson(path: string, text: string): unknown {
  const problem = findJsonProblem(text);
  if (problem !== undefined) {
    throw new InputError(
      `Facts file ${path} is not valid JSON`,
      [{ file: path, location: textLocation(text, problem.index), message: problem.message }],
      REMEDY,
    );
  }

  return JSON.parse(text);
}

/**
 * Writes facts to `path` as indented JSON, atomically (a temporary file in
 * the same folder, then a rename), so a reader never sees half a file.
 * Throws InternalError when the facts do not match the schema, because the
 * probe produced them and that would be a pmgup bug.
 */
export async function saveFacts(facts: HostFacts, path: string): Promise<void> {
  const validate = factsValidator();
  if (!validate(facts)) {
    const problems = describeSchemaErrors(path, validate.errors ?? [], facts);
    throw new InternalError(
      `The probe produced facts that do not match their schema: ${problems.map((p) => `${p.location} ${p.message}`).join('; ')}. ` +
        'This is a bug in pmgup: please report it with this message.',
    );
  }

  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new UserError(
      `Cannot write facts file ${path}`,
      `Writing ${path} failed: ${(error as Error).message}.\nChoose a path in a folder you can write to.`,
      { cause: error },
    );
  }
}
