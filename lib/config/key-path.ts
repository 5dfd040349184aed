/**
 * Locations inside a validated document: path segments, and how they are
 * shown for TOML (`conffiles.files."/etc/ssh/sshd_config"`) and for JSON
 * (the JSON pointer `/actions/3/step/kind`).
 */

/** One step into a document: a key of a table/object or an index into an array. */
export type PathSegment = string | number;

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Splits an RFC 6901 JSON pointer into segments. A segment is a number only
 * where the data at that point is an array, so a map key `"0"` stays a string.
 */
export function pointerSegments(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') {
    return [];
  }

  const segments: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(key)) {
      segments.push(Number(key));
      node = node[Number(key)];
      continue;
    }
    segments.push(key);
    node = isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  }

  return segments;
}

/** Formats a TOML key path: bare keys joined by dots, other keys quoted, array indexes in brackets. */
export function formatTomlPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) {
    return '(top level)';
  }

  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
      continue;
    }
    const key = BARE_KEY.test(segment) ? segment : JSON.stringify(segment);
    out += out === '' ? key : `.${key}`;
  }

  return out;
}

/** Formats an RFC 6901 JSON pointer; the whole document is `/`, for readability in messages. */
export function formatJsonPointer(segments: readonly PathSegment[]): string {
  if (segments.length === 0) {
    return '/';
  }

  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Returns true for a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
