/**
 * Errors of the probe. The probe's output comes from the host and is not
 * trusted: anything that does not match what the script prints is rejected
 * with the section and line it was found in, never read as a fact.
 */
import { UserError } from '../errors.js';

const MAX_SHOWN = 200;

/** Shortens host output for a message and makes control characters visible. */
export function showText(text: string): string {
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;

  return JSON.stringify(shown);
}

/** Where in the probe output a problem is, and what was expected there. */
export interface ProbeProblem {
  /** Section name, as in the script's markers (`packages`, `pg-clusters`). */
  section: string;
  /** 1-based line within the section, or null when the problem is the section as a whole. */
  line: number | null;
  /** What the parser expected, as a phrase: `a whole number of seconds`. */
  expected: string;
  /** The text found instead, or null when nothing was found. */
  actual: string | null;
}

/** A section of the probe's output that is missing or does not have the expected form. */
export class ProbeOutputError extends UserError {
  override name = 'ProbeOutputError';
  readonly problem: ProbeProblem;
  /** Host the output came from, once known. */
  readonly host: string | null;

  constructor(problem: ProbeProblem, host: string | null = null) {
    super(`Cannot read the probe output${host === null ? '' : ` of ${host}`}`, describe(problem));
    this.problem = problem;
    this.host = host;
  }

  /** Returns the same error with the host named in its title. */
  forHost(host: string): ProbeOutputError {
    return new ProbeOutputError(this.problem, host);
  }
}

function describe(problem: ProbeProblem): string {
  const where =
    problem.line === null
      ? `section "${problem.section}"`
      : `section "${problem.section}", line ${problem.line}`;
  const found = problem.actual === null ? '' : `, found ${showText(problem.actual)}`;

  return [
    `In ${where}: expected ${problem.expected}${found}.`,
    'No facts were taken from this output.',
    'Check that the host runs Debian 11 or 12 with the commands its packages ship.',
    'If it does, this is a bug in pmgup: report it with this message.',
  ].join('\n');
}
