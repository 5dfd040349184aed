/**
 * Reading a saved plan. Any text gives either a Plan that is valid by the
 * schema and consistent, or an InputError with located problems. The checks
 * run in stages (JSON syntax, format version, schema, consistency), and the
 * first stage that fails reports all of its problems. The schema is closed:
 * a step kind outside the known set, or a property such as `"command"`
 * added by hand, is rejected here and never reaches apply.
 */
import { InputError } from '../errors.js';
import { JSON_DIALECT } from '../config/dialect.js';
import { withKindCheck, type FileUse } from '../config/file-kind-error.js';
import { recognizeJsonData, recognizeTomlText } from '../config/file-kind.js';
import { isRecord } from '../config/key-path.js';
import { inputError, locateProblems } from '../config/problems.js';
import { explainSchemaErrors } from '../config/schema-errors.js';
import { textLocation } from '../config/text-location.js';
import type { Plan } from '../plan/model.js';
import { checkPlanConsistency } from './consistency.js';
import { planDigest } from './digest.js';
import { findJsonProblem } from './json-scan.js';
import { planSchemaErrors } from './schema-check.js';
import { TOOL_VERSION } from '../version.js';
import { PLAN_FORMAT_VERSION } from './version.js';

const REMEDY =
  'A plan file is written by pmgup and is not meant to be edited. Make the plan again with `pmgup plan --out FILE`, or restore the file from version control.';

/**
 * Parses and validates plan text, naming the file `fileLabel` in error
 * messages. Throws InputError, or FileKindError when the text fails and is
 * confidently facts, a desired state or an inventory. The fix of a
 * FileKindError names `command`.
 */
export function parsePlan(text: string, fileLabel: string, command?: string): Plan {
  const use: FileUse = { path: fileLabel, expected: 'plan', command };
  const data = withKindCheck(use, () => recognizeTomlText(text), () => parseJson(text, fileLabel));
  withKindCheck(use, () => recognizeJsonData(data), () => checkSchema(data, fileLabel));

  const plan = data as Plan;
  checkConsistency(plan, fileLabel);
  checkDigest(plan, fileLabel);

  // The digest belongs to the file, not to the plan. Removing it gives a loaded plan the same id as a fresh one.
  delete plan.digest;

  return plan;
}

/**
 * Checks a plan pmgup has just made as loading its saved file would: the
 * schema and the consistency. The JSON syntax and the digest need no check,
 * because serializePlan writes them, and the key order does not change
 * what the checks see. Throws InputError like parsePlan.
 */
export function checkPlanContent(plan: Plan): void {
  const data: unknown = JSON.parse(JSON.stringify(plan));
  checkSchema(data, 'plan');
  checkConsistency(data as Plan, 'plan');
}

function checkConsistency(plan: Plan, fileLabel: string): void {
  const problems = checkPlanConsistency(plan);
  if (problems.length > 0) {
    throw inputError(
      'Inconsistent plan file',
      locateProblems(fileLabel, problems, JSON_DIALECT),
      REMEDY,
    );
  }
}

function parseJson(text: string, fileLabel: string): unknown {
  const syntax = findJsonProblem(text);
  if (syntax !== undefined) {
    throw new InputError(
      'The plan file is not valid JSON',
      [{ file: fileLabel, location: textLocation(text, syntax.index), message: syntax.message }],
      REMEDY,
    );
  }

  return JSON.parse(text);
}

/** Throws InputError when the data is a plan of a newer format or does not match the schema. */
function checkSchema(data: unknown, fileLabel: string): void {
  rejectNewerFormat(data, fileLabel);

  const errors = planSchemaErrors(data);
  if (errors.length > 0) {
    const problems = explainSchemaErrors(errors, {
      file: 'plan.schema.json',
      data,
      dialect: JSON_DIALECT,
    });
    throw inputError(
      'Invalid plan file',
      locateProblems(fileLabel, problems, JSON_DIALECT),
      REMEDY,
    );
  }
}

/** Rejects a plan without a digest, or whose content no longer matches its digest. */
function checkDigest(plan: Plan, fileLabel: string): void {
  const found = plan.digest;
  const expected = planDigest(plan);
  if (found === expected) {
    return;
  }

  const message =
    found === undefined
      ? 'the plan has no digest, so pmgup cannot tell whether it is the plan it wrote'
      : `the plan was changed after pmgup wrote it: its content gives digest ${expected.slice(0, 12)}…, the file says ${found.slice(0, 12)}…`;
  throw new InputError('The plan file was edited', [{ file: fileLabel, location: '/digest', message }], REMEDY);
}

/** Rejects a plan written in a newer format before the schema does, so the message can name both versions. */
function rejectNewerFormat(data: unknown, fileLabel: string): void {
  if (
    !isRecord(data) ||
    typeof data.formatVersion !== 'number' ||
    !(data.formatVersion > PLAN_FORMAT_VERSION)
  ) {
    return;
  }

  const tool =
    isRecord(data.tool) && typeof data.tool.version === 'string' ? data.tool.version : undefined;
  if (tool === TOOL_VERSION) {
    throw new InputError(
      'The plan file was edited',
      [
        {
          file: fileLabel,
          location: '/formatVersion',
          message: `the plan has format version ${data.formatVersion} and names pmgup ${tool}, this pmgup, as its writer, which writes format version ${PLAN_FORMAT_VERSION}`,
        },
      ],
      REMEDY,
    );
  }
  const writer = tool === undefined ? 'a newer pmgup' : `pmgup ${tool}`;
  throw new InputError(
    'The plan was written by a newer pmgup',
    [
      {
        file: fileLabel,
        location: '/formatVersion',
        message: `the plan has format version ${data.formatVersion} (written by ${writer}), but this pmgup reads format version ${PLAN_FORMAT_VERSION}`,
      },
    ],
    `Upgrade pmgup to ${tool === undefined ? 'the version that wrote the plan' : tool} or newer, or make the plan again with this pmgup.`,
  );
}
