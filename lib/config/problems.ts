/**
 * Building the InputError that every loader throws: one located problem per
 * line, capped so that a file with thousands of mistakes still produces a
 * readable report.
 */
import { InputError, type InputProblem } from '../errors.js';
import type { Dialect } from './dialect.js';
import type { SchemaProblem } from './schema-errors.js';

/** Problems listed in one error; the rest are counted in a last line. */
export const MAX_PROBLEMS = 50;

/** Returns the input problems for schema problems found in `file`. */
export function locateProblems(
  file: string,
  problems: readonly SchemaProblem[],
  dialect: Dialect,
): InputProblem[] {
  return problems.map((p) => ({ file, location: dialect.formatPath(p.path), message: p.message }));
}

/** Returns an InputError listing at most MAX_PROBLEMS problems and counting the others. */
export function inputError(
  title: string,
  problems: readonly InputProblem[],
  remedy: string,
): InputError {
  if (problems.length <= MAX_PROBLEMS) {
    return new InputError(title, [...problems], remedy);
  }

  const shown = problems.slice(0, MAX_PROBLEMS);
  const rest = problems.length - MAX_PROBLEMS;
  const last = shown[shown.length - 1]!;
  shown.push({ file: last.file, location: '…', message: `${rest} more problems not shown` });

  return new InputError(title, shown, remedy);
}
