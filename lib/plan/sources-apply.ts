/**
 * Applies planned apt edits to the text of a sources file. Apply runs this on
 * the live file, credentials included, after checking its checksum; the plan
 * runs it on the redacted copy in the facts to show a diff. Each edit names a
 * line and the word it expects there, and the edit is rejected when the line
 * no longer holds that word. Everything an edit does not touch is kept byte
 * for byte, line endings included.
 */
import { UserError } from '../errors.js';
import type { AptEdit } from './model.js';
import { fieldName, fieldOfLine, fieldValueTokens, tokenizeOneLine, type Token } from './sources-tokens.js';

export type SourcesFormat = 'list' | 'sources';

/** A planned edit does not match the file any more: the file changed after planning. */
export class AptEditConflictError extends UserError {
  override name = 'AptEditConflictError';

  constructor(path: string, line: number | null, problem: string) {
    const where = line === null ? path : `${path}, line ${line}`;
    super(
      'The apt sources file no longer matches the plan',
      `${where}: ${problem}. The file changed after the plan was made, so the edit was not applied. ` +
        'Run `pmgup plan` again and review the new edits.',
    );
  }
}

type LineEdit = Exclude<AptEdit, { op: 'append-entry' }>;
type AppendEdit = Extract<AptEdit, { op: 'append-entry' }>;

interface EditableFile {
  path: string;
  format: SourcesFormat;
  lines: string[];
  /** Lines to insert before a 0-based line index. */
  insertions: Map<number, string[]>;
  eol: string;
}

/**
 * Returns the content with every edit applied, in the order given.
 * Throws AptEditConflictError when an edit's line does not hold what the
 * edit expects; nothing is returned half edited.
 */
export function applyAptEdits(
  content: string,
  format: SourcesFormat,
  edits: readonly AptEdit[],
  options: { path?: string } = {},
): string {
  const file: EditableFile = {
    path: options.path ?? 'sources file',
    format,
    lines: content.split('\n'),
    insertions: new Map(),
    eol: content.includes('\r\n') ? '\r\n' : '\n',
  };

  const appends: AppendEdit[] = [];
  for (const edit of edits) {
    if (edit.op === 'append-entry') {
      appends.push(edit);
      continue;
    }
    applyLineEdit(file, edit);
  }

  return appendEntries(joinLines(file), file, appends);
}

function joinLines(file: EditableFile): string {
  const output: string[] = [];
  file.lines.forEach((line, index) => {
    output.push(...(file.insertions.get(index) ?? []), line);
  });

  return output.join('\n');
}

function applyLineEdit(file: EditableFile, edit: LineEdit): void {
  const index = edit.line - 1;
  if (index < 0 || index >= file.lines.length) {
    throw new AptEditConflictError(file.path, edit.line, `the file has only ${file.lines.length} lines`);
  }

  switch (edit.op) {
    case 'replace-suite':
      replaceWord(file, index, 'suites', edit.from, edit.to);
      return;
    case 'replace-component':
      replaceWord(file, index, 'components', edit.from, edit.to);
      return;
    case 'add-component':
      addComponent(file, index, edit.component);
      return;
    case 'disable':
      disable(file, index);
      return;
  }
}

/** Returns the words of the field `field` on this line: the suite or components of a one-line entry. */
function wordsOf(file: EditableFile, index: number, field: 'suites' | 'components'): Token[] | null {
  const line = file.lines[index];
  if (file.format === 'list') {
    const tokens = tokenizeOneLine(line);
    if (tokens === null) {
      return null;
    }

    return field === 'suites' ? [tokens.suite] : tokens.components;
  }

  return fieldOfLine(file.lines, index) === field ? fieldValueTokens(line) : null;
}

function replaceWord(file: EditableFile, index: number, field: 'suites' | 'components', from: string, to: string): void {
  const found = wordsOf(file, index, field)?.find((token) => token.text === from);
  if (!found) {
    const what = field === 'suites' ? 'suite' : 'component';
    throw new AptEditConflictError(file.path, index + 1, `expected the ${what} ${JSON.stringify(from)} on this line`);
  }

  const line = file.lines[index];
  file.lines[index] = line.slice(0, found.start) + to + line.slice(found.end);
}

function addComponent(file: EditableFile, index: number, component: string): void {
  const line = file.lines[index];
  let anchor: Token | undefined;
  let present: Token[];

  if (file.format === 'list') {
    const tokens = tokenizeOneLine(line);
    present = tokens?.components ?? [];
    anchor = tokens ? (tokens.components.at(-1) ?? tokens.suite) : undefined;
  } else {
    present = fieldName(line) === 'components' ? fieldValueTokens(line) : [];
    anchor = fieldName(line) === 'components' ? (present.at(-1) ?? colonToken(line)) : undefined;
  }

  if (anchor === undefined) {
    throw new AptEditConflictError(file.path, index + 1, 'expected an entry with components on this line');
  }
  if (present.some((token) => token.text === component)) {
    throw new AptEditConflictError(file.path, index + 1, `the component ${JSON.stringify(component)} is already there`);
  }

  file.lines[index] = `${line.slice(0, anchor.end)} ${component}${line.slice(anchor.end)}`;
}

function colonToken(line: string): Token {
  const colon = line.indexOf(':');

  return { text: ':', start: colon, end: colon + 1 };
}

function disable(file: EditableFile, index: number): void {
  if (file.format === 'list') {
    if (tokenizeOneLine(file.lines[index]) === null) {
      throw new AptEditConflictError(file.path, index + 1, 'expected an enabled deb or deb-src entry on this line');
    }
    file.lines[index] = `# ${file.lines[index]}`;
    return;
  }

  disableStanza(file, index);
}

/** Sets `Enabled: no` on the stanza that starts at `index`, adding the field when it is missing. */
function disableStanza(file: EditableFile, index: number): void {
  if (!startsStanza(file.lines, index)) {
    throw new AptEditConflictError(file.path, index + 1, 'expected the first field of a deb822 stanza on this line');
  }

  for (let i = index; i < file.lines.length && file.lines[i].trim() !== ''; i += 1) {
    if (fieldName(file.lines[i]) !== 'enabled') {
      continue;
    }
    const value = fieldValueTokens(file.lines[i]);
    if (value.length === 1 && /^(no|false|0)$/i.test(value[0].text)) {
      throw new AptEditConflictError(file.path, i + 1, 'the stanza is already disabled');
    }
    const line = file.lines[i];
    const start = value[0]?.start ?? line.indexOf(':') + 1;
    const end = value.at(-1)?.end ?? start;
    const word = value.length === 0 ? ' no' : 'no';
    file.lines[i] = line.slice(0, start) + word + line.slice(end);
    return;
  }

  const carriageReturn = file.lines[index].endsWith('\r') ? '\r' : '';
  const before = file.insertions.get(index) ?? [];
  file.insertions.set(index, [...before, `Enabled: no${carriageReturn}`]);
}

/** A stanza starts at a field line preceded only by comments since the last blank line. */
function startsStanza(lines: readonly string[], index: number): boolean {
  if (fieldName(lines[index]) === null) {
    return false;
  }
  for (let i = index - 1; i >= 0; i -= 1) {
    if (lines[i].trim() === '') {
      return true;
    }
    if (!lines[i].startsWith('#')) {
      return false;
    }
  }

  return true;
}

function appendEntries(content: string, file: EditableFile, appends: readonly AppendEdit[]): string {
  let result = content;
  for (const edit of appends) {
    if (result !== '' && !result.endsWith('\n')) {
      result += file.eol;
    }
    result += file.format === 'list' ? oneLineEntry(edit, file.eol) : stanza(edit, file.eol, result);
  }

  return result;
}

function oneLineEntry(edit: AppendEdit, eol: string): string {
  return `deb ${edit.uri} ${edit.suite} ${edit.components.join(' ')}${eol}`;
}

function stanza(edit: AppendEdit, eol: string, before: string): string {
  const separator = before === '' || /(\r?\n){2}$/.test(before) ? '' : eol;
  const fields = [
    'Types: deb',
    `URIs: ${edit.uri}`,
    `Suites: ${edit.suite}`,
    `Components: ${edit.components.join(' ')}`,
  ];

  return separator + fields.map((field) => field + eol).join('');
}
