/**
 * The apt sources rewrite: from the sources files in the facts and the
 * desired state to the line edits of each file (`AptEdit`, by 1-based line),
 * the resulting text and its diff.
 *
 * - Debian entries move to the new release (`bullseye/updates` becomes
 *   `bookworm-security`) and gain `non-free-firmware` next to `non-free`.
 * - Backports follow `apt.backports`.
 * - The host keeps one PMG entry on the new release with the desired
 *   component. A missing one is appended to the PMG list file.
 * - Third-party entries naming the old release follow `apt.third_party`.
 * - Disabled entries are left alone, and a host whose files already match
 *   gets no edits.
 */
import type { Desired } from '../config/desired.js';
import { InternalError } from '../errors.js';
import type { AptSourceFile } from '../probe/facts.js';
import { parseAptSources, type AptEntry } from './apt-sources.js';
import type { Finding } from './context.js';
import type { AptEdit, Change } from './model.js';
import { applyAptEdits } from './sources-apply.js';
import { classifyEntry } from './sources-classify.js';
import { debTwin, decideEntry, type Decision } from './sources-decide.js';
import { PMG_LIST_PATH, resolvePmgEntries, type PmgResolution } from './sources-pmg.js';
import { changeFor, editsFor } from './sources-edits.js';

export { applyAptEdits, AptEditConflictError } from './sources-apply.js';
export { PMG_LIST_PATH } from './sources-pmg.js';

/** The planned rewrite of one sources file. */
export interface FileRewrite {
  path: string;
  format: 'list' | 'sources';
  /** Checksum of the file on disk, or null when the rewrite creates it. */
  beforeSha256: string | null;
  /** The file's text as the facts hold it (credentials redacted); empty for a new file. */
  before: string;
  after: string;
  edits: AptEdit[];
  /** One change per entry touched. */
  changes: Change[];
}

export interface SourcesRewrite {
  /** Files with at least one edit, in the order apt reads them. */
  files: FileRewrite[];
  /** Problems that block the rewrite: third-party entries under `stop`, a shared backports stanza. */
  findings: Finding[];
  /** Every enabled entry after the rewrite, for the check that apt has lists for each. */
  entriesAfter: AptEntry[];
}

interface ParsedFile {
  file: AptSourceFile;
  entries: AptEntry[];
}

/** Computes the rewrite of every sources file. Pure: reads only its arguments. */
export function rewriteSources(files: readonly AptSourceFile[], desired: Desired): SourcesRewrite {
  const parsed: ParsedFile[] = files.map((file) => ({
    file,
    entries: parseAptSources(file.path, file.format, file.content).entries,
  }));
  const all = parsed.flatMap((item) => item.entries);
  const pmg = resolvePmgEntries(pmgDebEntries(all, desired), desired);
  const decisions = decideAll(all, desired, pmg);

  const rewrites = parsed
    .map((item) => rewriteFile(item, decisions, pmg))
    .filter((rewrite): rewrite is FileRewrite => rewrite !== null);
  if (pmg.append !== null && !parsed.some((item) => item.file.path === PMG_LIST_PATH)) {
    rewrites.push(newPmgList(pmg));
  }

  return {
    files: rewrites,
    findings: findingsOf(decisions, desired),
    entriesAfter: entriesAfter(parsed, rewrites),
  };
}

function pmgDebEntries(entries: readonly AptEntry[], desired: Desired): AptEntry[] {
  const codenames = [desired.release.from, desired.release.codename];

  return entries.filter(
    (entry) => entry.enabled && entry.types.includes('deb') && classifyEntry(entry, codenames) === 'pmg',
  );
}

function decideAll(entries: readonly AptEntry[], desired: Desired, pmg: PmgResolution): Map<AptEntry, Decision> {
  const decisions = new Map<AptEntry, Decision>();
  const enabled = entries.filter((entry) => entry.enabled);
  for (const entry of enabled.filter((item) => item.types.includes('deb'))) {
    decisions.set(entry, decideEntry(entry, desired, pmg));
  }
  for (const entry of enabled.filter((item) => !item.types.includes('deb'))) {
    const twin = debTwin(entry, entries);
    decisions.set(entry, twin ? decisions.get(twin)! : decideEntry(entry, desired, pmg));
  }

  return decisions;
}

function rewriteFile(item: ParsedFile, decisions: Map<AptEntry, Decision>, pmg: PmgResolution): FileRewrite | null {
  const { file } = item;
  const lines = file.content.split('\n');
  const edits: AptEdit[] = [];
  const changes: Change[] = [];

  for (const entry of item.entries) {
    const decision = decisions.get(entry);
    if (decision === undefined) {
      continue;
    }
    const entryEdits = editsFor(entry, decision, lines);
    edits.push(...entryEdits);
    if (entryEdits.length > 0) {
      changes.push(changeFor(entry, decision));
    }
  }
  if (pmg.append !== null && file.path === PMG_LIST_PATH) {
    edits.push(appendEdit(pmg));
    changes.push(appendChange(pmg));
  }
  if (edits.length === 0) {
    return null;
  }
  edits.sort((left, right) => editLine(left) - editLine(right));

  return {
    path: file.path,
    format: file.format,
    beforeSha256: file.sha256,
    before: file.content,
    after: applyOwnEdits(file.path, file.content, file.format, edits),
    edits,
    changes,
  };
}

/** Orders edits by line; appended entries go last. */
function editLine(edit: AptEdit): number {
  return edit.op === 'append-entry' ? Number.MAX_SAFE_INTEGER : edit.line;
}

function newPmgList(pmg: PmgResolution): FileRewrite {
  const edits = [appendEdit(pmg)];

  return {
    path: PMG_LIST_PATH,
    format: 'list',
    beforeSha256: null,
    before: '',
    after: applyOwnEdits(PMG_LIST_PATH, '', 'list', edits),
    edits,
    changes: [appendChange(pmg)],
  };
}

function appendEdit(pmg: PmgResolution): AptEdit {
  const entry = pmg.append!;

  return { op: 'append-entry', uri: entry.uri, suite: entry.suite, components: [entry.component] };
}

function appendChange(pmg: PmgResolution): Change {
  const entry = pmg.append!;

  return { subject: PMG_LIST_PATH, before: null, after: `deb ${entry.uri} ${entry.suite} ${entry.component}` };
}

/** Applies edits the rewrite itself computed; a conflict here is a bug in the rewrite. */
function applyOwnEdits(path: string, content: string, format: 'list' | 'sources', edits: AptEdit[]): string {
  try {
    return applyAptEdits(content, format, edits, { path });
  } catch (error) {
    throw new InternalError(`the apt sources rewrite produced an edit that does not fit ${path}`, { cause: error });
  }
}

function location(entry: AptEntry): string {
  return entry.stanza === null ? `${entry.file}:${entry.line}` : `${entry.file}:${entry.line} (stanza ${entry.stanza})`;
}

function findingsOf(decisions: Map<AptEntry, Decision>, desired: Desired): Finding[] {
  const findings: Finding[] = [];
  const stopped = [...decisions].filter(([, decision]) => decision.kind === 'stop').map(([entry]) => entry);
  if (stopped.length > 0) {
    findings.push({
      code: 'apt-third-party-release',
      severity: 'error',
      subject: 'apt sources',
      message: `Third-party entries still name ${desired.release.from}: ${stopped.map(location).join(', ')} (apt.third_party is "stop").`,
      fix: `Check that each repository publishes ${desired.release.codename}, then set apt.third_party to "rewrite", "disable" or "keep", or edit the entries by hand.`,
      location: { file: stopped[0].file, line: stopped[0].line },
    });
  }

  for (const [entry, decision] of decisions) {
    if (decision.kind === 'shared-backports') {
      findings.push({
        code: 'apt-backports-shared-stanza',
        severity: 'error',
        subject: entry.file,
        message: `${location(entry)} lists backports together with other suites (${entry.suites.join(' ')}), so it cannot be disabled alone (apt.backports is "disable").`,
        fix: 'Move the backports suite into a stanza of its own, or set apt.backports to "rewrite".',
        location: { file: entry.file, line: entry.line, ...(entry.stanza === null ? {} : { stanza: entry.stanza }) },
      });
    }
  }

  return findings;
}

function entriesAfter(parsed: readonly ParsedFile[], rewrites: readonly FileRewrite[]): AptEntry[] {
  const texts = new Map<string, { format: 'list' | 'sources'; content: string }>();
  for (const item of parsed) {
    texts.set(item.file.path, { format: item.file.format, content: item.file.content });
  }
  for (const rewrite of rewrites) {
    texts.set(rewrite.path, { format: rewrite.format, content: rewrite.after });
  }

  return [...texts].flatMap(([path, text]) =>
    parseAptSources(path, text.format, text.content).entries.filter((entry) => entry.enabled),
  );
}
