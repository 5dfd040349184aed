/**
 * The probe script and the command that runs it. probe.sh ships next to the
 * compiled module (copied into dist by the build); in a source checkout the
 * file in lib/probe is preferred, so a plain `tsc` build never runs a stale
 * copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { InternalError } from '../errors.js';
import { isSkippableSection, type SkippableSection } from './partial-facts.js';

const CANDIDATES = [new URL('../../../lib/probe/probe.sh', import.meta.url), new URL('./probe.sh', import.meta.url)];

let cached: string | null = null;

/** Returns the text of probe.sh. Throws InternalError when the package lacks it. */
export function probeScript(): string {
  if (cached !== null) {
    return cached;
  }

  const found = CANDIDATES.map((url) => fileURLToPath(url)).find((path) => existsSync(path));
  if (found === undefined) {
    throw new InternalError(
      `probe.sh is missing from the pmgup installation (looked in ${CANDIDATES.map((url) => fileURLToPath(url)).join(', ')}). ` +
        'This is a packaging bug: reinstall pmgup, or run `npm run build` in a source checkout.',
    );
  }
  cached = readFileSync(found, 'utf8');

  return cached;
}

/**
 * Returns the script a transport runs: probe.sh with its arguments (the
 * nonce, the boot wait and the sections to skip) set by a `set --` line in
 * front, so the same text works whether the transport passes it to `sh -c`
 * or on standard input. Only names of SKIPPABLE_SECTIONS reach the line.
 */
export function probeCommand(nonce: string, maxWaitSeconds: number, skip: readonly SkippableSection[] = []): string {
  if (!/^[0-9a-f]{16,64}$/.test(nonce)) {
    throw new InternalError(`probe nonce must be 16 to 64 lower-case hex digits, got ${JSON.stringify(nonce)}`);
  }
  if (!Number.isInteger(maxWaitSeconds) || maxWaitSeconds < 0) {
    throw new InternalError(`probe wait must be a whole number of seconds, got ${maxWaitSeconds}`);
  }
  const invalid = skip.filter((name) => !isSkippableSection(name));
  if (invalid.length > 0) {
    throw new InternalError(`probe sections ${JSON.stringify(invalid)} cannot be skipped`);
  }

  const skipArgument = [...new Set(skip)].sort().join(',');
  const args = skipArgument === '' ? `${nonce} ${maxWaitSeconds}` : `${nonce} ${maxWaitSeconds} ${skipArgument}`;

  return `set -- ${args}\n${probeScript()}`;
}
