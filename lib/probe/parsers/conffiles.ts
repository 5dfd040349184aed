/**
 * Parsers for conffiles: the `${Conffiles}` field per package (lines of
 * ` PATH MD5 [obsolete] [remove-on-upgrade]` under the package name) and
 * the `md5sum` output for the files as they are now.
 */
import type { ConffileFact } from '../facts.js';
import { linesOf, reject } from '../records.js';
import type { Section } from '../sections.js';

const CONFFILE = /^ (\/.*?) (newconffile|[0-9a-f]{32})((?: (?:obsolete|remove-on-upgrade))*)$/;
const PACKAGE = /^[a-z0-9][a-z0-9+.-]*$/;

/** Parses the `conffiles` section, joined with the current checksums from `conffile-md5`. */
export function parseConffiles(section: Section, currentMd5: Map<string, string>): ConffileFact[] {
  const conffiles: ConffileFact[] = [];
  let owner: string | null = null;

  for (const line of linesOf(section)) {
    if (line.text === '') {
      continue;
    }
    if (!line.text.startsWith(' ')) {
      if (!PACKAGE.test(line.text)) {
        reject(section, line, 'a package name');
      }
      owner = line.text;
      continue;
    }

    const match = CONFFILE.exec(line.text);
    if (!match || owner === null) {
      return reject(section, line, 'a package name, then " PATH MD5 [obsolete]" lines');
    }
    conffiles.push({
      path: match[1],
      package: owner,
      recordedMd5: match[2],
      currentMd5: currentMd5.get(match[1]) ?? null,
      obsolete: match[3].includes('obsolete'),
    });
  }

  return conffiles;
}

/**
 * Parses `md5sum` output into checksums by path. md5sum marks a line whose
 * name it escaped with a leading backslash and writes `\\` and `\n` there.
 */
export function parseMd5Sums(section: Section): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of linesOf(section)) {
    if (line.text === '') {
      continue;
    }

    const match = /^(\\?)([0-9a-f]{32}) {2}(\/.*)$/.exec(line.text);
    if (!match) {
      return reject(section, line, '"MD5  PATH" as md5sum prints it');
    }
    const path = match[1] === '\\' ? match[3].replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\')) : match[3];
    sums.set(path, match[2]);
  }

  return sums;
}
