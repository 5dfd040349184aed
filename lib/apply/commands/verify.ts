/** `verify`: runs nothing; apply re-probes the host and compares it with the desired state. */
import type { StepOf } from '../../plan/model.js';
import type { ProbeOnlyCommand } from './types.js';

export function buildVerify(_step: StepOf<'verify'>): ProbeOnlyCommand {
  return { mode: 'probe-only' };
}
