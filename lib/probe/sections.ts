/**
 * Splits the probe's standard output into its sections. Markers carry a
 * nonce the caller chose for this run, so text the host controls cannot end
 * a section or start one: only lines with this run's nonce count. Text
 * outside every section (a login banner, say) is ignored.
 */
import { ProbeOutputError } from './errors.js';

/** One section of probe output: the body printed between its markers. */
export interface Section {
  name: string;
  /** Text between the markers, without the newline the script adds before the end marker. */
  body: string;
  /** Exit status the script recorded for the section's command. */
  status: number;
}

/** The sections of one probe run by name, and whether the script reached its end. */
export interface ProbeSections {
  sections: Map<string, Section>;
  complete: boolean;
}

const NONCE = /^[0-9a-f]{16,64}$/;
const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Splits `output` into sections. Throws ProbeOutputError for a section that
 * is opened twice, not closed, or closed under another name.
 */
export function splitSections(output: string, nonce: string): ProbeSections {
  if (!NONCE.test(nonce)) {
    throw new TypeError(`probe nonce must be 16 to 64 lower-case hex digits, got ${JSON.stringify(nonce)}`);
  }

  const prefix = `@@pmgup:${nonce}:`;
  const sections = new Map<string, Section>();
  let position = 0;
  let complete = false;

  while (position < output.length) {
    const start = output.indexOf(prefix, position);
    if (start < 0) {
      break;
    }
    if (start > 0 && output[start - 1] !== '\n') {
      position = start + prefix.length;
      continue;
    }

    const lineEnd = endOfLine(output, start);
    const marker = output.slice(start + prefix.length, lineEnd);
    if (marker === 'done@@') {
      complete = true;
      break;
    }

    const section = readSection(output, prefix, marker, lineEnd);
    if (sections.has(section.name)) {
      throw new ProbeOutputError({ section: section.name, line: null, expected: 'the section once', actual: 'it twice' });
    }
    sections.set(section.name, section);
    position = section.next;
  }

  return { sections, complete };
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);

  return end < 0 ? text.length : end;
}

function readSection(
  output: string,
  prefix: string,
  marker: string,
  lineEnd: number,
): Section & { next: number } {
  const begin = /^begin:(.+)@@$/.exec(marker);
  if (!begin || !NAME.test(begin[1])) {
    throw new ProbeOutputError({ section: '(marker)', line: null, expected: 'a begin marker with a section name', actual: marker });
  }

  const name = begin[1];
  const bodyStart = lineEnd + 1;
  const endMarker = `\n${prefix}end:${name}:`;
  const end = output.indexOf(endMarker, bodyStart - 1);
  const nextMarker = output.indexOf(`\n${prefix}`, bodyStart - 1);
  if (end < 0 || nextMarker !== end) {
    throw new ProbeOutputError({ section: name, line: null, expected: `the end marker of section "${name}"`, actual: null });
  }

  const closeEnd = endOfLine(output, end + 1);
  const status = /^(\d{1,3})@@$/.exec(output.slice(end + endMarker.length, closeEnd));
  if (!status) {
    throw new ProbeOutputError({
      section: name,
      line: null,
      expected: 'an exit status in the end marker',
      actual: output.slice(end + 1, closeEnd),
    });
  }

  // The body ends with the newline the script prints before the end marker.
  const body = end < bodyStart ? '' : output.slice(bodyStart, end);

  return { name, body, status: Number(status[1]), next: closeEnd };
}
