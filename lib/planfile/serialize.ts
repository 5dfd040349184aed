/**
 * The bytes of a saved plan. Operators commit plans and review them in pull
 * requests, so the text must be deterministic and diff-friendly.
 */
import type { Plan } from '../plan/model.js';
import { planDigest } from './digest.js';
import { orderPlanKeys } from './key-order.js';

/**
 * Returns the plan as JSON: 2-space indent, keys in the schema's property
 * order (maps sorted, see key-order.ts), each action an indented block of
 * its own, and a trailing newline. The same plan always gives the same
 * bytes. Properties whose value is `undefined` are left out, as in JSON.
 * The text ends with the digest of the rest, which parsePlan checks.
 */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(orderPlanKeys({ ...plan, digest: planDigest(plan) }), null, 2)}\n`;
}
