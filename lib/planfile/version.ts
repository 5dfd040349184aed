/** The plan file format version this pmgup writes and reads. */

/**
 * Major version of the plan file format, equal to the `formatVersion` const
 * in schema/plan.schema.json. A plan with a higher version was written by a
 * newer pmgup and is rejected with a message naming both versions.
 */
export const PLAN_FORMAT_VERSION = 1;
