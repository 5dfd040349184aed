/**
 * Turns the output of simulate.sh into SimulationFacts. Like the probe's
 * output, it comes from the host and is not trusted: a record that does not
 * have the form the script prints is rejected with its section and line.
 */
import { createHash } from 'node:crypto';

import { UserError } from '../errors.js';
import { redactUri } from '../plan/apt-sources.js';
import { ProbeOutputError } from './errors.js';
import type { AptSimulation, FileFact, SimulatedDownload, SimulatedFile, SimulationFacts, UcfFileFact } from './facts.js';
import { parseAptSimulation } from './parsers/apt.js';
import {
  contentLines,
  decodeBase64,
  linesOf,
  readCount,
  readFileRecord,
  reject,
  splitTag,
  toFileFact,
  utf8OrNull,
  type Line,
} from './records.js';
import { splitSections, type Section } from './sections.js';
import type { SimulationRequest } from './simulate-script.js';

/** Output format of simulate.sh that this parser reads. */
export const SIMULATE_FORMAT = 1;

/** The facts of one run, without the duration the caller measures. */
export type ParsedSimulation = Omit<SimulationFacts, 'durationMs'>;

/**
 * Parses one run's output; `nonce` must be the one passed to the script.
 * apt-get update errors and the `--print-uris` lines may quote a URI with
 * `user:password@`, so the whole output is redacted as the probe redacts
 * sources before any line reaches a fact or a message. File contents and
 * paths travel in base64, which has no `:`, so the redaction leaves them
 * as they are.
 */
export function parseSimulationOutput(output: string, nonce: string, target: string, request: SimulationRequest): ParsedSimulation {
  try {
    return assemble(sectionReader(redactUri(output), nonce, target), request);
  } catch (error) {
    throw error instanceof ProbeOutputError ? error.forHost(target) : error;
  }
}

function sectionReader(output: string, nonce: string, target: string): (name: string) => Section | undefined {
  const { sections, complete } = splitSections(output, nonce);
  if (!complete) {
    throw new UserError(
      `The simulation output of ${target} is incomplete`,
      `The output stops after section "${[...sections.keys()].at(-1) ?? '(none)'}", before simulate.sh finished.\n` +
        'The connection may have dropped or the script was killed: run the command again.',
    );
  }

  return (name) => sections.get(name);
}

function required(section: (name: string) => Section | undefined, name: string): Section {
  const found = section(name);
  if (found === undefined) {
    throw new ProbeOutputError({ section: name, line: null, expected: 'this section in the output', actual: null });
  }

  return found;
}

function assemble(section: (name: string) => Section | undefined, request: SimulationRequest): ParsedSimulation {
  const meta = readMeta(required(section, 'simulate'));
  const scratch = required(section, 'scratch');
  const base = { simulatedAt: meta.started, codename: request.codename, removedFirst: [...request.absent] };
  if (scratch.status !== 0) {
    const reason = linesOf(scratch).map((line) => line.text).join('\n') || `exit status ${scratch.status}`;
    return { ...base, ...notRun(`The scratch directory could not be set up: ${reason}`) };
  }

  const update = parseUpdate(required(section, 'update'));
  return {
    ...base,
    update,
    upgrade: parseUpgrade(required(section, 'upgrade')),
    download: parseUris(required(section, 'uris')),
    ucf: parseUcf(required(section, 'ucf')),
    files: parseNewFiles(required(section, 'new-files')),
    current: readCurrent(required(section, 'current')),
    packages: parseDebs(required(section, 'debs')),
  };
}

function notRun(reason: string): Omit<ParsedSimulation, 'simulatedAt' | 'codename' | 'removedFirst'> {
  return {
    update: { ok: false, messages: [reason] },
    upgrade: { install: [], remove: [], error: reason },
    download: { packages: 0, bytes: 0, cachedBytes: 0 },
    ucf: [],
    files: [],
    current: [],
    packages: [],
  };
}

function readMeta(section: Section): { started: string } {
  let format: string | null = null;
  let started: string | null = null;
  for (const line of contentLines(section)) {
    const { tag, rest } = splitTag(line);
    if (tag === 'format') {
      format = rest;
    } else if (tag === 'started' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(rest)) {
      started = rest;
    } else {
      reject(section, line, '"format N" or "started TIME"');
    }
  }
  if (format !== String(SIMULATE_FORMAT) || started === null) {
    return reject(section, null, `format ${SIMULATE_FORMAT} and a start time; pmgup and simulate.sh are from different versions`);
  }

  return { started };
}

const APT_MESSAGE = /^(W|E|Err):/;

/** Reads apt-get update: it failed when it exited non-zero or printed an `E:` or `Err:` line. */
export function parseUpdate(section: Section): SimulationFacts['update'] {
  const messages = linesOf(section)
    .map((line) => line.text.trim())
    .filter((text) => APT_MESSAGE.test(text));
  const failed = section.status !== 0 || messages.some((text) => !text.startsWith('W:'));
  if (section.status === 124 || section.status === 137) {
    messages.push('apt-get update did not finish within 300 seconds');
  }

  return { ok: !failed, messages };
}

/** Reads apt-get -s dist-upgrade, keeping only removals that apt does not install again. */
export function parseUpgrade(section: Section): AptSimulation {
  const simulation = parseAptSimulation(section);
  const installed = new Set(simulation.install.map((entry) => entry.name));

  return { ...simulation, remove: simulation.remove.filter((name) => !installed.has(name)) };
}

const URI_LINE = /^'[^']*' (\S+) (\d{1,15}) (yes|no)(?: .*)?$/;

/** Reads the `--print-uris` lines, each with whether apt's cache already holds the file. */
export function parseUris(section: Section): SimulatedDownload {
  const download: SimulatedDownload = { packages: 0, bytes: 0, cachedBytes: 0 };
  for (const line of contentLines(section)) {
    const match = URI_LINE.exec(line.text);
    if (match === null) {
      reject(section, line, "\"'URI' FILE SIZE yes|no ...\"");
    }
    const size = Number(match[2]);
    download.packages += 1;
    download.bytes += size;
    download.cachedBytes += match[3] === 'yes' ? size : 0;
  }

  return download;
}

const MD5 = /^[0-9a-f]{32}$/;

function md5OrNull(section: Section, line: Line, text: string): string | null {
  if (text === '-') {
    return null;
  }

  return MD5.test(text) ? text : reject(section, line, 'an md5 checksum or "-"');
}

function readPath(section: Section, line: Line, encoded: string): string {
  const path = utf8OrNull(decodeBase64(section, line, encoded));

  return path !== null && path.startsWith('/') ? path : reject(section, line, 'an absolute path in base64');
}

/** Reads ucf's registry entries and the checksums of the sources the request named. */
export function parseUcf(section: Section): UcfFileFact[] {
  const entries: UcfFileFact[] = [];
  const sources = new Map<string, string>();
  for (const line of contentLines(section)) {
    const fields = line.text.split(' ');
    if (fields[0] === 'entry' && fields.length === 5) {
      const [, name, path, recorded, current] = fields;
      entries.push({
        path: readPath(section, line, path),
        package: name,
        recordedMd5: md5OrNull(section, line, recorded),
        currentMd5: md5OrNull(section, line, current),
        sourceMd5: null,
      });
    } else if (fields[0] === 'source' && fields.length === 3) {
      sources.set(readPath(section, line, fields[1]), md5OrNull(section, line, fields[2]) ?? '');
    } else {
      reject(section, line, '"entry PACKAGE PATH RECORDED CURRENT" or "source PATH MD5"');
    }
  }

  return entries.map((entry) => ({ ...entry, sourceMd5: sources.get(entry.path) || null }));
}

const NEW_STATES = ['conffile', 'plain', 'absent', 'nodeb'] as const;

/** Reads the `new` records: each file's state in the new package, checksum and content. */
export function parseNewFiles(section: Section): SimulatedFile[] {
  return contentLines(section).map((line) => {
    const fields = line.text.split(' ');
    const state = NEW_STATES.find((name) => name === fields[1]);
    if (fields[0] !== 'new' || fields.length !== 7 || state === undefined) {
      return reject(section, line, '"new STATE PATH PACKAGE SIZE MD5 CONTENT"');
    }

    const path = readPath(section, line, fields[2]);
    if (state === 'absent' || state === 'nodeb') {
      return { path, package: fields[3], state, md5: null, sizeBytes: null, content: null };
    }

    return { path, package: fields[3], state, ...readNewContent(section, line, fields[4], fields[5], fields[6]) };
  });
}

function readNewContent(section: Section, line: Line, size: string, md5: string, content: string) {
  if (content === '-') {
    return { md5: md5OrNull(section, line, md5), sizeBytes: readCount(section, line, size, 'a size in bytes'), content: null };
  }
  if (!content.startsWith('b')) {
    return reject(section, line, 'content as "b" and base64, or "-"');
  }

  // The checksum and size describe the bytes received, as for the probe's file records.
  const bytes = decodeBase64(section, line, content.slice(1));
  const received = createHash('md5').update(bytes).digest('hex');

  return { md5: received, sizeBytes: bytes.length, content: utf8OrNull(bytes) };
}

function readCurrent(section: Section): FileFact[] {
  return contentLines(section)
    .map((line) => toFileFact(readFileRecord(section, line)))
    .filter((fact): fact is FileFact => fact !== null);
}

/** Reads which packages were fetched and their versions. */
export function parseDebs(section: Section): SimulationFacts['packages'] {
  return contentLines(section).map((line) => {
    const fields = line.text.split(' ');
    if (fields[0] === 'deb' && fields.length === 3) {
      return { name: fields[1], version: fields[2] === '-' ? null : fields[2] };
    }
    if (fields[0] === 'failed' && fields.length === 2) {
      return { name: fields[1], version: null };
    }

    return reject(section, line, '"deb PACKAGE VERSION" or "failed PACKAGE"');
  });
}
