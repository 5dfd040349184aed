/** "Did you mean" suggestions for misspelt keys and values. */

/** Returns the Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }

  return previous[b.length]!;
}

/**
 * Returns the candidate closest to `input`, or undefined when none is close
 * enough to be a plausible typo. Case and the `-`/`_` spelling are ignored.
 * Up to a third of the characters (at least 2) may differ, or 1 in a word of
 * up to 3 characters.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  // A long input is not a typo of a short name, and the distance costs length × length.
  if (input.length > 100) {
    return undefined;
  }

  const normalize = (text: string) => text.toLowerCase().replace(/-/g, '_');
  const wanted = normalize(input);
  const allowed = wanted.length <= 3 ? 1 : Math.max(2, Math.floor(wanted.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalize(candidate));
    if (distance <= allowed && (best === undefined || distance < best.distance)) {
      best = { candidate, distance };
    }
  }

  return best?.candidate;
}
