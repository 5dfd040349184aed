/** The plan file format version this pmgup writes and reads. */

/**
 * Major version of the plan file format that pmgup writes, the highest
 * `formatVersion` in schema/plan.schema.json. A plan with a higher version
 * was written by a newer pmgup and is rejected with a message naming both
 * versions. Version 2 records the desired-state file relative to the plan
 * file; pmgup still reads version 1 (see desired-state.ts).
 */
export const PLAN_FORMAT_VERSION = 2;
