/** The plan file: format, serialization, validation on load, fingerprints and stale-plan detection. */
export {
  ABSENT,
  canonicalJson,
  compareFingerprints,
  factAt,
  fingerprintFacts,
  fingerprintOf,
} from './fingerprint.js';
export type { StaleFact } from './fingerprint.js';
export { readPlanDesiredState } from './desired-file.js';
export type { PlanDesiredState } from './desired-file.js';
export { desiredStatePath, desiredStateRecord } from './desired-state.js';
export type { DesiredStateRecord } from './desired-state.js';
export { loadPlan, MAX_PLAN_BYTES, savePlan } from './io.js';
export { checkPlanContent, parsePlan } from './parse.js';
export { serializePlan } from './serialize.js';
export { PLAN_FORMAT_VERSION } from './version.js';
