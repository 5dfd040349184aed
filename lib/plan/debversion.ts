/**
 * Debian version ordering, as `dpkg --compare-versions` defines it
 * (deb-version(7)): epoch, then upstream version, then Debian revision,
 * each compared by alternating non-digit and digit runs, where `~` sorts
 * before everything, even the end of the string.
 */

interface ParsedVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

function parseVersion(version: string): ParsedVersion {
  const trimmed = version.trim();
  const colon = trimmed.indexOf(':');
  const epoch = colon > 0 ? Number.parseInt(trimmed.slice(0, colon), 10) : 0;
  const rest = colon > 0 ? trimmed.slice(colon + 1) : trimmed;
  const dash = rest.lastIndexOf('-');

  if (dash < 0) {
    return { epoch: Number.isNaN(epoch) ? 0 : epoch, upstream: rest, revision: '' };
  }

  return {
    epoch: Number.isNaN(epoch) ? 0 : epoch,
    upstream: rest.slice(0, dash),
    revision: rest.slice(dash + 1),
  };
}

/** Sort weight of one character in a non-digit run. */
function charOrder(char: string | undefined): number {
  if (char === undefined) {
    return 0;
  }
  if (char === '~') {
    return -1;
  }
  if (/[A-Za-z]/.test(char)) {
    return char.charCodeAt(0);
  }

  return char.charCodeAt(0) + 256;
}

function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;

  while (i < a.length || j < b.length) {
    // Non-digit prefix: compare character by character with dpkg's weights.
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const left = i < a.length && !isDigit(a[i]) ? charOrder(a[i]) : 0;
      const right = j < b.length && !isDigit(b[j]) ? charOrder(b[j]) : 0;
      if (left !== right) {
        return left - right;
      }
      if (i < a.length && !isDigit(a[i])) i++;
      if (j < b.length && !isDigit(b[j])) j++;
    }

    // Digit run: compare as numbers, ignoring leading zeros.
    let leftDigits = '';
    let rightDigits = '';
    while (i < a.length && isDigit(a[i])) leftDigits += a[i++];
    while (j < b.length && isDigit(b[j])) rightDigits += b[j++];
    const difference = compareDigits(leftDigits, rightDigits);
    if (difference !== 0) {
      return difference;
    }
  }

  return 0;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function compareDigits(a: string, b: string): number {
  const left = a.replace(/^0+/, '');
  const right = b.replace(/^0+/, '');
  if (left.length !== right.length) {
    return left.length - right.length;
  }

  return left < right ? -1 : left > right ? 1 : 0;
}

/** Compares two Debian versions: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (left.epoch !== right.epoch) {
    return left.epoch - right.epoch;
  }

  return compareFragment(left.upstream, right.upstream) || compareFragment(left.revision, right.revision);
}

/** Returns whether `version` is at least `minimum` in Debian ordering. */
export function versionAtLeast(version: string, minimum: string): boolean {
  return compareVersions(version, minimum) >= 0;
}

/** Returns the leading major number of a version (`8` for `8.2.3`, `7` for `7.3-12`), or null. */
export function majorOf(version: string): number | null {
  const match = /^(?:\d+:)?(\d+)/.exec(version.trim());

  return match ? Number.parseInt(match[1], 10) : null;
}
