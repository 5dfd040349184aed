/**
 * Parser for apt's two sources formats (sources.list(5)): one-line entries
 * (`deb [opt=val ...] URI SUITE COMPONENT...`) in `*.list` files and deb822
 * stanzas in `*.sources` files. Every entry keeps the line it came from, so
 * checks can name `file:line` and the rewrite can edit exactly that line.
 */

export interface AptEntry {
  file: string;
  format: 'list' | 'sources';
  /** 1-based line of the entry (one-line) or of the stanza's first field (deb822). */
  line: number;
  /** 1-based stanza number in a deb822 file; null for one-line entries. */
  stanza: number | null;
  /** `deb`, `deb-src`, or both for a deb822 stanza with `Types: deb deb-src`. */
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  /** One-line `[key=value]` options, or deb822 fields other than the four above, lower-cased keys. */
  options: Record<string, string>;
  /** False for a commented-out one-line entry or a stanza with `Enabled: no`. */
  enabled: boolean;
  /** 1-based line holding the `Suites:` field (deb822) or the entry itself (one-line). */
  suitesLine: number;
  /** 1-based line holding the `Components:` field (deb822) or the entry itself (one-line). */
  componentsLine: number;
}

/** A line that looks like an entry but cannot be parsed. */
export interface AptParseProblem {
  file: string;
  line: number;
  message: string;
}

export interface AptParseResult {
  entries: AptEntry[];
  problems: AptParseProblem[];
}

const ONE_LINE = /^(deb|deb-src)(\s+\[([^\]]*)\])?\s+(\S+)\s+(\S+)((?:\s+\S+)*)\s*$/;

/** Parses a sources file of either format, chosen by `format`. */
export function parseAptSources(file: string, format: 'list' | 'sources', content: string): AptParseResult {
  return format === 'list' ? parseOneLine(file, content) : parseDeb822(file, content);
}

function parseOneLine(file: string, content: string): AptParseResult {
  const entries: AptEntry[] = [];
  const problems: AptParseProblem[] = [];

  content.split('\n').forEach((raw, index) => {
    const line = index + 1;
    let text = raw.trim();
    let enabled = true;

    // A commented-out entry is still worth knowing about: the rewrite must
    // leave it alone and checks may mention it.
    if (text.startsWith('#')) {
      const uncommented = text.replace(/^#+\s*/, '');
      if (!/^deb(-src)?\s/.test(uncommented)) {
        return;
      }
      text = uncommented;
      enabled = false;
    }
    text = stripComment(text);
    if (text === '') {
      return;
    }

    const match = ONE_LINE.exec(text);
    if (!match) {
      if (enabled) {
        problems.push({ file, line, message: `not a valid sources.list entry: ${JSON.stringify(raw)}` });
      }
      return;
    }

    const components = match[6].trim() === '' ? [] : match[6].trim().split(/\s+/);
    entries.push({
      file,
      format: 'list',
      line,
      stanza: null,
      types: [match[1]],
      uris: [match[4]],
      suites: [match[5]],
      components,
      options: parseOptions(match[3] ?? ''),
      enabled,
      suitesLine: line,
      componentsLine: line,
    });
  });

  return { entries, problems };
}

function stripComment(text: string): string {
  const hash = text.indexOf('#');

  return (hash >= 0 ? text.slice(0, hash) : text).trim();
}

function parseOptions(text: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const pair of text.trim().split(/\s+/)) {
    if (pair === '') {
      continue;
    }
    const equals = pair.indexOf('=');
    if (equals < 0) {
      options[pair.toLowerCase()] = '';
      continue;
    }
    options[pair.slice(0, equals).replace(/[+-]$/, '').toLowerCase()] = pair.slice(equals + 1);
  }

  return options;
}

interface Stanza {
  firstLine: number;
  fields: Map<string, { value: string; line: number }>;
}

function splitStanzas(content: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | null = null;
  let lastKey: string | null = null;

  content.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') {
      current = null;
      lastKey = null;
      return;
    }
    if (raw.startsWith('#')) {
      return;
    }
    if (/^\s/.test(raw) && current && lastKey) {
      // A continuation line extends the previous field's value.
      const field = current.fields.get(lastKey)!;
      field.value += ' ' + stripComment(raw.trim() === '.' ? '' : raw.trim());
      return;
    }

    const colon = raw.indexOf(':');
    if (colon <= 0) {
      return;
    }
    if (!current) {
      current = { firstLine: line, fields: new Map() };
      stanzas.push(current);
    }
    lastKey = raw.slice(0, colon).trim().toLowerCase();
    current.fields.set(lastKey, { value: stripComment(raw.slice(colon + 1).trim()), line });
  });

  return stanzas;
}

function parseDeb822(file: string, content: string): AptParseResult {
  const entries: AptEntry[] = [];
  const problems: AptParseProblem[] = [];

  splitStanzas(content).forEach((stanza, index) => {
    const get = (key: string) => stanza.fields.get(key)?.value.trim() ?? '';
    const words = (key: string) => get(key).split(/\s+/).filter((word) => word !== '');
    const types = words('types');
    const uris = words('uris');
    const suites = words('suites');

    if (types.length === 0 || uris.length === 0 || suites.length === 0) {
      problems.push({
        file,
        line: stanza.firstLine,
        message: `stanza ${index + 1} lacks Types, URIs or Suites`,
      });
      return;
    }

    const options: Record<string, string> = {};
    for (const [key, field] of stanza.fields) {
      if (!['types', 'uris', 'suites', 'components'].includes(key)) {
        options[key] = field.value.trim();
      }
    }
    const enabled = !/^(no|false|0)$/i.test(options.enabled ?? 'yes');

    entries.push({
      file,
      format: 'sources',
      line: stanza.firstLine,
      stanza: index + 1,
      types,
      uris,
      suites,
      components: words('components'),
      options,
      enabled,
      suitesLine: stanza.fields.get('suites')!.line,
      componentsLine: stanza.fields.get('components')?.line ?? stanza.firstLine,
    });
  });

  return { entries, problems };
}

/** Returns the codename a suite belongs to: `bullseye` for `bullseye-security` or `bullseye/updates`. */
export function baseSuite(suite: string): string {
  return suite
    .replace(/\/updates$/, '')
    .replace(/-debug$/, '')
    .replace(/-(updates|proposed-updates|backports|backports-sloppy|security)$/, '')
    .replace(/-debug$/, '');
}

export { redactUri } from '../redact.js';
