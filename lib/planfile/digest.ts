/**
 * The digest that seals a saved plan. Operators review a plan as pmgup
 * wrote it, so a file whose steps or texts were changed afterwards must not
 * load. The digest is a SHA-256 without a key: it catches edits by hand and
 * by tools, not someone who recomputes it, which the review of the file's
 * diff in version control must catch.
 */
import { createHash } from 'node:crypto';

import type { Plan } from '../plan/model.js';
import { canonicalJson } from './fingerprint.js';

/** Returns the digest of every property of the plan but `digest`, as the JSON text carries them. */
export function planDigest(plan: Plan): string {
  const { digest: _ignored, ...content } = plan;
  const asSaved: unknown = JSON.parse(JSON.stringify(content));

  return createHash('sha256').update(canonicalJson(asSaved)).digest('hex');
}
