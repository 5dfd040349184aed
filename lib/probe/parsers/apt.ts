/**
 * Parsers for apt: the sources files (shipped whole, credentials redacted
 * here), the Release files in /var/lib/apt/lists, and the Inst/Remv lines of
 * `apt-get -s dist-upgrade`.
 */
import { redactUri } from '../../plan/apt-sources.js';
import type { AptSimulation, AptSourceFile } from '../facts.js';
import { contentLines, linesOf, type Line, readFileRecord, reject } from '../records.js';
import type { Section } from '../sections.js';

const SOURCE_PATH = /^\/etc\/apt\/sources\.list(\.d\/[^/]+\.(list|sources))?$/;

/**
 * Parses the `apt-sources` section. A missing /etc/apt/sources.list is left
 * out. `content` has `user:password@` in URIs replaced while `sha256` stays
 * the checksum of the bytes on disk.
 */
export function parseAptSources(section: Section): AptSourceFile[] {
  const files: AptSourceFile[] = [];
  for (const line of contentLines(section)) {
    const record = readFileRecord(section, line);
    const match = SOURCE_PATH.exec(record.path);
    if (!match) {
      return reject(section, line, 'a record for sources.list or a .list or .sources file in sources.list.d');
    }
    if (record.kind === 'missing') {
      continue;
    }
    if (record.bytes === null) {
      return reject(section, line, 'the content of the sources file (at most 16 MiB)');
    }

    const text = record.bytes.toString('utf8');
    const content = redactUri(text);
    files.push({
      path: record.path,
      format: match[2] === 'sources' ? 'sources' : 'list',
      sha256: record.sha256,
      content,
      redacted: content !== text,
    });
  }

  return files;
}

/** Parses `apt-lists` (Release and InRelease file names) into sorted, distinct suite names. */
export function parseListedSuites(section: Section): string[] {
  const suites = new Set<string>();
  for (const line of contentLines(section)) {
    const match = /^([A-Za-z0-9._~%+-]+)_(In)?Release$/.exec(line.text);
    if (!match) {
      return reject(section, line, 'a file name ending in _Release or _InRelease');
    }
    suites.add(match[1]);
  }

  return [...suites].sort();
}

const INST = /^Inst (\S+?)(?::\S+)? (?:\[([^\]]+)\] )?\((\S+) /;
const REMV = /^Remv (\S+?)(?::\S+)?(?: \[[^\]]+\])?$/;

/**
 * Parses the `apt-simulate` section (standard output and error of
 * `apt-get -s dist-upgrade`). A failed simulation keeps apt's error lines.
 */
export function parseAptSimulation(section: Section): AptSimulation {
  const simulation: AptSimulation = { install: [], remove: [], error: null };
  for (const line of linesOf(section)) {
    readSimulationLine(section, line, simulation);
  }
  if (section.status !== 0) {
    simulation.error = simulationError(section);
  }

  return simulation;
}

function readSimulationLine(section: Section, line: Line, simulation: AptSimulation): void {
  if (line.text.startsWith('Inst ')) {
    const match = INST.exec(line.text);
    if (!match) {
      reject(section, line, '"Inst NAME [OLD] (NEW ...)"');
    }
    simulation.install.push({ name: match[1], version: match[3], from: match[2] ?? null });
  } else if (line.text.startsWith('Remv ')) {
    const match = REMV.exec(line.text);
    if (!match) {
      reject(section, line, '"Remv NAME [OLD]"');
    }
    simulation.remove.push(match[1]);
  }
}

function simulationError(section: Section): string {
  if (section.status === 127) {
    return 'apt-get is not installed';
  }
  if (section.status === 124 || section.status === 137) {
    return 'apt-get -s dist-upgrade did not finish within 120 seconds';
  }

  const errors = linesOf(section)
    .map((line) => line.text)
    .filter((text) => /^(E|W): /.test(text));
  const text = errors.length > 0 ? errors.join('\n') : linesOf(section).slice(-5).map((line) => line.text).join('\n');

  // apt hides credentials in its own messages; this also covers a line that quotes a sources entry.
  return text === '' ? `apt-get exited with status ${section.status}` : redactUri(text);
}
