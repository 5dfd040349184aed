/**
 * Parsing TOML text with toml-eslint-parser. It follows TOML 1.0,
 * distinguishes integers from floats, keeps integers beyond 2^53 exact as
 * BigInts and records each value's position, which a parser that returns
 * plain JavaScript numbers cannot do.
 */
import { ParseError, parseTOML } from 'toml-eslint-parser';

import { InputError } from '../errors.js';
import { documentData } from './toml-document.js';
import { syntaxProblem } from './toml-syntax.js';

/**
 * Parses TOML text into plain data in which every value that validation
 * must reject as written (floats, integers beyond 2^53, dates) is a symbol
 * naming the literal and its line and column. Throws InputError with the
 * line and column of a syntax error. `fileKind` names the file in the error title.
 */
export function parseTomlText(
  text: string,
  fileLabel: string,
  fileKind = 'desired-state file',
): unknown {
  try {
    return documentData(parseTOML(text, { tomlVersion: '1.0.0' }), text);
  } catch (error) {
    if (error instanceof ParseError) {
      const problem = syntaxProblem(error.message, error.index, text);
      throw new InputError(
        `The ${fileKind} is not valid TOML`,
        [{ file: fileLabel, ...problem }],
        'Fix the TOML syntax at that position. The TOML 1.0 specification is at https://toml.io/en/v1.0.0.',
      );
    }

    throw new InputError(
      `The ${fileKind} cannot be parsed`,
      [{ file: fileLabel, location: 'line 1, column 1', message: unparsableReason(error) }],
      'Check that the file is a TOML document of reasonable size and nesting.',
    );
  }
}

/**
 * Explains an error other than a syntax error.
 * NOTE: toml-eslint-parser 1.0.3 runs out of stack on valid TOML with a
 * string of 125,000 characters (120,000 still parse) or with 5,000 levels of
 * nested inline tables (8,000 for arrays). Measured with Node 20.20 and its
 * default stack size; a smaller stack lowers both.
 */
function unparsableReason(error: unknown): string {
  if (error instanceof RangeError) {
    return 'the TOML parser ran out of stack space, because a string is longer than about 120,000 characters or arrays and inline tables are nested thousands of levels deep';
  }

  return String((error as { message?: unknown }).message ?? error);
}
