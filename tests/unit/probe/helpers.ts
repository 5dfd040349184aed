/**
 * Shared helpers for the probe's unit tests: fixture files of real command
 * output, sections built from them, and an assertion for rejected output.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ProbeOutputError } from '../../../lib/probe/errors.js';
import { type Section, splitSections } from '../../../lib/probe/sections.js';

function repositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    assert.notEqual(parent, directory, 'no package.json above the test module');
    directory = parent;
  }

  return directory;
}

/** Repository root, found from the compiled test module's location. */
export const ROOT = repositoryRoot();

/** Absolute path of a file under tests/fixtures/probe. */
export function fixturePath(name: string): string {
  return join(ROOT, 'tests', 'fixtures', 'probe', name);
}

/** Text of a file under tests/fixtures/probe. */
export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** A section with the given body, as the splitter would return it. */
export function section(name: string, body: string, status = 0): Section {
  return { name, body, status };
}

/** A section whose body is a fixture file. */
export function fixtureSection(name: string, file: string, status = 0): Section {
  return section(name, fixture(file), status);
}

/** Nonce the whole-run fixtures were recorded with (`sh probe.sh NONCE 5`). */
export const RECORDED_NONCE = '0123456789abcdef0123456789abcdef';

/** One section of a whole recorded probe run. */
export function recordedSection(run: string, name: string): Section {
  const found = splitSections(fixture(run), RECORDED_NONCE).sections.get(name);
  assert.ok(found, `section ${name} in ${run}`);

  return found;
}

/** Asserts that `action` throws a ProbeOutputError for `sectionName` (and `line`, when given). */
export function assertRejected(action: () => unknown, sectionName: string, line?: number | null): ProbeOutputError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }

  assert.ok(caught instanceof ProbeOutputError, `expected a ProbeOutputError, got ${String(caught)}`);
  assert.equal(caught.problem.section, sectionName);
  if (line !== undefined) {
    assert.equal(caught.problem.line, line);
  }

  return caught;
}
