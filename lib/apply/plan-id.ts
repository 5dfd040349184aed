/**
 * The short id of a plan: the first 12 hex digits of the SHA-256 of its
 * canonical JSON. The same plan, fresh from `plan` or loaded from a saved
 * file, has the same id; any change to it gives another. The id names the
 * plan in the lock, the journal and the detached units on the host.
 */
import { createHash } from 'node:crypto';

import type { Plan } from '../plan/model.js';
import { canonicalJson } from '../planfile/fingerprint.js';

export const PLAN_ID_LENGTH = 12;

export function planIdOf(plan: Plan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex').slice(0, PLAN_ID_LENGTH);
}
