/**
 * Helpers for the injection property tests: hostile values from a seed, the
 * canary file that an injected `touch` would create, and the schema checks
 * that must reject the same values before they reach any builder.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { validateDesiredState } from '../../../lib/config/load.js';
import { validatorFor } from '../../../lib/config/validator.js';
import { InputError } from '../../../lib/errors.js';
import type { Step } from '../../../lib/plan/model.js';
import { Sandbox } from '../apply/support.js';
import { Random, hostileString } from './support.js';

/** Cases per builder; each case runs the built script once in /bin/sh. */
export const CASES = 200;

/** A sandbox with a canary path that no case may ever create. */
export class InjectionSandbox extends Sandbox {
  readonly canary = join(this.root, 'canary');

  /** Asserts that no injected command created the canary. */
  assertNoCanary(label: string): void {
    assert.equal(existsSync(this.canary), false, `${label}: an injected command ran`);
  }
}

/** Returns `count` hostile strings for `seed`, each naming the sandbox's canary. */
export function hostileValues(sandbox: InjectionSandbox, seed: number, count: number): string[] {
  const random = new Random(seed);

  return Array.from({ length: count }, () => hostileString(random, sandbox.canary));
}

/**
 * Returns a file name from a hostile value: no `/`, at most 200 bytes, and
 * never `.` or `..`, so it names one new file in an existing folder.
 */
export function fileName(value: string): string {
  let name = value.replace(/\//g, '_');
  while (Buffer.byteLength(name) > 200) {
    name = name.slice(0, -1);
  }

  return name === '.' || name === '..' || name === '' ? `${name}x` : name;
}

/** Characters a value may contain and still be one plain word for a shell and the tools. */
const PLAIN_WORD = /^[A-Za-z0-9][A-Za-z0-9._@:+/=-]*$/;

/** Tells whether a value would need quoting or could be read as an option. */
export function needsQuoting(value: string): boolean {
  return !PLAIN_WORD.test(value);
}

/** Tells whether an absolute path would need quoting. It starts with `/`, so no tool reads it as an option. */
export function pathNeedsQuoting(path: string): boolean {
  return !/^\/[A-Za-z0-9._/@+-]*$/.test(path);
}

const stepValidator = () => validatorFor('plan.schema.json', false, '/$defs/step');

/** Asserts that the plan schema rejects `step`, so a saved plan could never carry it. */
export function assertPlanSchemaRejects(step: Step, label: string): void {
  assert.equal(stepValidator()(step), false, `${label}: the plan schema accepts ${JSON.stringify(step).slice(0, 300)}`);
}

/** Asserts that the plan schema accepts `step`, which proves the validator is the step schema. */
export function assertPlanSchemaAccepts(step: Step, label: string): void {
  const validate = stepValidator();
  assert.equal(validate(step), true, `${label}: ${JSON.stringify(validate.errors)}`);
}

/** Asserts that a desired state with `data` is rejected, so the value cannot come from TOML either. */
export function assertDesiredRejects(data: Record<string, unknown>, label: string): void {
  assert.throws(() => validateDesiredState(data, 'hostile.toml'), InputError, `${label}: the desired-state schema accepts it`);
}
