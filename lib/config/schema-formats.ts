/**
 * The string formats that pmgup's schemas use, as ajv format definitions.
 * The generated validators import this module, so its functions run at
 * validation time exactly as they did when ajv compiled the schemas.
 */

/** RFC 3339 date-time in UTC or with an offset, as the plan's `createdAt` uses. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function isDateTime(text: string): boolean {
  return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text));
}

/** Format definitions by the name a schema gives in `format`. */
export const SCHEMA_FORMATS = {
  'date-time': { type: 'string', validate: isDateTime },
} as const;
