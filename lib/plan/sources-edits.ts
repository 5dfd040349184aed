/**
 * Turns the decision for one apt entry into line edits and a change for the
 * plan. One-line entries are edited on their own line. deb822 stanzas are
 * edited on the `Suites:` or `Components:` line (or the continuation line)
 * that contains the word, and disabled at their first line.
 */
import { redactUri, type AptEntry } from './apt-sources.js';
import type { AptEdit, Change } from './model.js';
import type { Decision } from './sources-decide.js';
import { fieldValueTokens } from './sources-tokens.js';

/** Returns the 1-based line of a deb822 field (or its continuation lines) that contains `word`. */
function lineOfWord(lines: readonly string[], fieldLine: number, word: string): number {
  for (let index = fieldLine - 1; index < lines.length; index += 1) {
    const line = lines[index];
    const continuation = /^\s/.test(line) && line.trim() !== '';
    if (index > fieldLine - 1 && !continuation && !line.startsWith('#')) {
      break;
    }
    if (!line.startsWith('#') && fieldValueTokens(line).some((token) => token.text === word)) {
      return index + 1;
    }
  }

  return fieldLine;
}

/** Returns the edits for one entry in line order; none for `none`, `stop` and a shared backports stanza. */
export function editsFor(entry: AptEntry, decision: Decision, lines: readonly string[]): AptEdit[] {
  if (decision.kind === 'disable') {
    return [{ op: 'disable', line: entry.line }];
  }
  if (decision.kind !== 'edit') {
    return [];
  }

  const deb822 = entry.format === 'sources';
  const suiteLine = (word: string) => (deb822 ? lineOfWord(lines, entry.suitesLine, word) : entry.line);
  const componentLine = (word: string) => (deb822 ? lineOfWord(lines, entry.componentsLine, word) : entry.line);
  const edits: AptEdit[] = decision.suites.map((change) => ({
    op: 'replace-suite' as const,
    line: suiteLine(change.from),
    from: change.from,
    to: change.to,
  }));
  if (decision.component !== null) {
    const { from, to } = decision.component;
    edits.push({ op: 'replace-component', line: componentLine(from), from, to });
  }
  for (const component of decision.addComponents) {
    edits.push({ op: 'add-component', line: entry.componentsLine, component });
  }

  return edits;
}

function describe(entry: AptEntry, suites = entry.suites, components = entry.components): string {
  return [entry.types.join(' '), entry.uris.map(redactUri).join(' '), suites.join(' '), components.join(' ')]
    .filter((part) => part !== '')
    .join(' ');
}

/** Describes one edited entry before and after, credentials redacted. */
export function changeFor(entry: AptEntry, decision: Decision): Change {
  const subject = entry.stanza === null ? `${entry.file}:${entry.line}` : `${entry.file}:stanza ${entry.stanza}`;
  if (decision.kind !== 'edit') {
    return { subject, before: describe(entry), after: 'disabled' };
  }

  const suites = entry.suites.map((suite) => decision.suites.find((change) => change.from === suite)?.to ?? suite);
  const components = entry.components
    .map((component) => (decision.component?.from === component ? decision.component.to : component))
    .concat(decision.addComponents);

  return { subject, before: describe(entry), after: describe(entry, suites, components) };
}
