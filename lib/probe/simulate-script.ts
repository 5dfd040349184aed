/**
 * The simulation script and the command that runs it with one request.
 * simulate.sh ships next to the compiled module (copied into dist by the
 * build); in a source checkout the file in lib/probe is preferred, as for
 * probe.sh.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { InternalError } from '../errors.js';
import type { AptEdit } from '../plan/model.js';
import type { SourcesFormat } from '../plan/sources-apply.js';

const CANDIDATES = [new URL('../../../lib/probe/simulate.sh', import.meta.url), new URL('./simulate.sh', import.meta.url)];

/**
 * Planned edits of a sources file whose facts carry redacted credentials.
 * simulateUpgrade applies them to the live file, credentials included.
 */
export interface LiveSourcesEdit {
  format: SourcesFormat;
  /** SHA-256 of the file when it was probed; a live file with another checksum changed since. */
  sha256: string;
  edits: AptEdit[];
}

/** A sources file as apt reads it in the simulation. */
export type SimulationSource =
  /** `content` null copies the host's file unchanged. */
  | { path: string; content: string | null }
  | { path: string; liveEdit: LiveSourcesEdit };

/** What the simulation must set up and read on the host. */
export interface SimulationRequest {
  /** The release the sources point at. */
  codename: string;
  /** Every sources file apt reads after the plan's edits. */
  sources: SimulationSource[];
  /** Packages removed before the dist-upgrade. */
  absent: string[];
  /** dpkg conffiles whose new version is read from the new version of `package`. */
  conffiles: { path: string; package: string }[];
  /** Files ucf manages whose maintainer version is the file `source` in the new `package`. */
  ucf: { path: string; package: string; source: string }[];
  /** Names of template overrides in /etc/pmg/templates; the new shipped version comes from pmg-api. */
  templates: string[];
  /** Files whose current content the plan shows in diffs. */
  current: string[];
}

/**
 * A request with every live edit applied. Its sources may contain
 * credentials, so it travels only on the script's standard input and is
 * never logged or stored.
 */
export type ResolvedRequest = Omit<SimulationRequest, 'sources'> & { sources: { path: string; content: string | null }[] };

let cached: string | null = null;

/** Returns the text of simulate.sh. Throws InternalError when the package lacks it. */
export function simulateScript(): string {
  if (cached !== null) {
    return cached;
  }

  const paths = CANDIDATES.map((url) => fileURLToPath(url));
  const found = paths.find((path) => existsSync(path));
  if (found === undefined) {
    throw new InternalError(
      `simulate.sh is missing from the pmgup installation (looked in ${paths.join(', ')}). ` +
        'This is a packaging bug: reinstall pmgup, or run `npm run build` in a source checkout.',
    );
  }
  cached = readFileSync(found, 'utf8');

  return cached;
}

const PACKAGE = /^[a-z0-9][a-z0-9+.-]{0,127}$/;
const TEMPLATE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function checkPath(path: string): string {
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\n')) {
    throw new InternalError(`simulation request path must be absolute and on one line, got ${JSON.stringify(path)}`);
  }

  return b64(path);
}

function checkPackage(name: string): string {
  if (!PACKAGE.test(name)) {
    throw new InternalError(`simulation request package name is not a Debian package name: ${JSON.stringify(name)}`);
  }

  return name;
}

/** Returns the request as the lines simulate.sh reads; paths and contents travel base64-encoded. */
export function requestLines(request: ResolvedRequest): string[] {
  return [
    ...request.sources.map((source) =>
      source.content === null ? `copy ${checkPath(source.path)}` : `source ${checkPath(source.path)} ${b64(source.content)}`,
    ),
    ...request.absent.map((name) => `absent ${checkPackage(name)}`),
    ...request.conffiles.map((file) => `conffile ${checkPath(file.path)} ${checkPackage(file.package)}`),
    ...request.ucf.map((file) => `ucf ${checkPath(file.path)} ${checkPackage(file.package)} ${checkPath(file.source)}`),
    ...request.templates.filter((name) => TEMPLATE.test(name)).map((name) => `template ${name}`),
    ...request.current.map((path) => `current ${checkPath(path)}`),
  ];
}

/** Returns the script a transport runs: simulate.sh behind a `set --` line with the nonce. */
export function simulateCommand(nonce: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(nonce)) {
    throw new InternalError(`simulation nonce must be 16 to 64 lower-case hex digits, got ${JSON.stringify(nonce)}`);
  }

  return `set -- ${nonce}\n${simulateScript()}`;
}

/**
 * Returns the standard input of simulate.sh: the request lines in base64,
 * which the script reads before anything else. The request stays out of
 * the script text, so it shows neither in the host's process list nor in
 * the transport's messages, which quote the script.
 */
export function simulateInput(request: ResolvedRequest): string {
  return `${b64(`${requestLines(request).join('\n')}\n`)}\n`;
}
