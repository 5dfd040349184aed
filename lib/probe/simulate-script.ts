/**
 * The simulation script and the command that runs it with one request.
 * simulate.sh ships next to the compiled module (copied into dist by the
 * build); in a source checkout the file in lib/probe is preferred, as for
 * probe.sh.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { InternalError } from '../errors.js';

const CANDIDATES = [new URL('../../../lib/probe/simulate.sh', import.meta.url), new URL('./simulate.sh', import.meta.url)];

/** What the simulation must set up and read on the host. */
export interface SimulationRequest {
  /** The release the sources point at. */
  codename: string;
  /** Every sources file apt reads after the plan's edits: `content` null copies the host's file unchanged. */
  sources: { path: string; content: string | null }[];
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
export function requestLines(request: SimulationRequest): string[] {
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

/**
 * Returns the script a transport runs: simulate.sh behind a `set --` line
 * with the nonce and a REQUEST assignment holding the request lines in
 * base64, which contains no character the shell treats specially.
 */
export function simulateCommand(nonce: string, request: SimulationRequest): string {
  if (!/^[0-9a-f]{16,64}$/.test(nonce)) {
    throw new InternalError(`simulation nonce must be 16 to 64 lower-case hex digits, got ${JSON.stringify(nonce)}`);
  }
  const encoded = b64(`${requestLines(request).join('\n')}\n`);

  return `set -- ${nonce}\nREQUEST='${encoded}'\n${simulateScript()}`;
}
