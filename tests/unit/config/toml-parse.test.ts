import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseTomlText } from '../../../lib/config/toml-parse.js';
import { InputError } from '../../../lib/errors.js';

/** Parses `text` and returns the InputError it must raise. */
function parseError(text: string): InputError {
  try {
    parseTomlText(text, 'broken.toml');
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));

    return error;
  }
  assert.fail(`parsing ${JSON.stringify(text)} succeeded`);
}

const SYNTAX_ERRORS: { name: string; text: string; location: string; message: string }[] = [
  {
    name: 'table header without ]]',
    text: '[[host]\naddress = "gw1"\n',
    location: 'line 1, column 8',
    message: 'unterminated table header, expected "]]", found the end of the line',
  },
  {
    name: 'table header without ]',
    text: '[apt\nbackports = "disable"\n',
    location: 'line 1, column 5',
    message: 'unterminated table header, expected "]", found the end of the line',
  },
  {
    name: 'value missing after =',
    text: '[apt]\nbackports =\nthird_party = "stop"\n',
    location: 'line 2, column 12',
    message: 'expected a value after "=", found the end of the line',
  },
  {
    name: 'quoted key without a value',
    text: '[conffiles.files]\n"/etc/issue" =\n"/etc/motd" = "keep"\n',
    location: 'line 2, column 15',
    message: 'expected a value after "=", found the end of the line',
  },
  {
    name: 'comment ending in =',
    text: '# a comment =\n$x = 1\n',
    location: 'line 2, column 1',
    message: 'unexpected character, found "$"',
  },
  {
    name: 'value missing at the end',
    text: '[apt]\nbackports = \n',
    location: 'line 2, column 12',
    message: 'expected a value after "=", found the end of the file',
  },
  {
    name: 'array open at the end',
    text: 'running = ["postfix",\n',
    location: 'line 1, column 22',
    message: 'unterminated array, expected a value or "]", found the end of the file',
  },
  {
    name: 'inline table over two lines',
    text: 'apt = { backports = "disable"\nx = 1\n',
    location: 'line 1, column 30',
    message: 'unterminated inline table, expected "}" on the same line, found the end of the line',
  },
  {
    name: 'string without its quote',
    text: '[apt]\npmg_uri = "http://x\n',
    location: 'line 2, column 20',
    message: 'unterminated string, found the end of the line',
  },
  {
    name: 'bare word as a value',
    text: 'required = yes\n',
    location: 'line 1, column 12',
    message: 'unexpected character, found "y"',
  },
  {
    name: 'two values on one line',
    text: 'required = true false\n',
    location: 'line 1, column 17',
    message: 'expected the end of the line after the value, found "f"',
  },
  {
    name: 'array items without a comma',
    text: 'running = ["a" "b"]\n',
    location: 'line 1, column 16',
    message: `expected "," or a closing bracket, found '"'`,
  },
  {
    name: 'columns count characters',
    text: 'name = "\u{1F600}\u{1F600}" x\n',
    location: 'line 1, column 13',
    message: 'expected the end of the line after the value, found "x"',
  },
  {
    name: 'key defined twice',
    text: '[apt]\nbackports = "disable"\nbackports = "rewrite"\n',
    location: 'line 3, column 1',
    message: 'the key "backports" is already defined',
  },
  {
    name: 'table defined twice',
    text: '[apt]\nbackports = "disable"\n[apt]\nthird_party = "stop"\n',
    location: 'line 3, column 2',
    message: 'the key "apt" is already defined',
  },
  {
    name: 'quoted key defined twice',
    text: '"/etc/issue" = "keep"\n"/etc/issue" = "maintainer"\n',
    location: 'line 2, column 1',
    message: 'the key "/etc/issue" is already defined',
  },
  {
    name: 'invalid date',
    text: 'when = 2026-02-30\n',
    location: 'line 1, column 17',
    message: 'invalid date',
  },
  {
    name: 'leading zero',
    text: 'port = 05432\n',
    location: 'line 1, column 8',
    message: 'leading zeros are not allowed',
  },
  {
    name: 'trailing comma in an inline table',
    text: 'apt = { backports = "disable", }\n',
    location: 'line 1, column 32',
    message: 'trailing comma is not permitted in an inline table',
  },
];

describe('config/toml-parse', () => {
  describe('parseTomlText()', () => {
    for (const { name, text, location, message } of SYNTAX_ERRORS) {
      test(name, () => {
        const error = parseError(text);

        assert.equal(error.message, 'The desired-state file is not valid TOML');
        assert.equal(error.problems.length, 1);
        assert.equal(error.problems[0]!.file, 'broken.toml');
        assert.equal(error.problems[0]!.location, location);
        assert.equal(error.problems[0]!.message, message);
      });
    }

    test('stack overflow is explained', () => {
      const error = parseError(`x = "${'x'.repeat(200_000)}"\n`);

      assert.equal(error.message, 'The desired-state file cannot be parsed');
      assert.equal(error.problems[0]!.location, 'line 1, column 1');
      assert.match(error.problems[0]!.message, /^the TOML parser ran out of stack space/);
    });

    test('tables, dotted keys and arrays of tables', () => {
      const text = [
        'top = "t"',
        'a.b = 1',
        '[c]',
        'd.e = true',
        '[[host]]',
        'address = "gw1"',
        '[host.ssh]',
        'port = 22',
        '[[host]]',
        'address = "gw2"',
        'inline = { x = [1, [2, "y"]], z.w = "v" }',
      ].join('\n');

      assert.deepEqual(parseTomlText(text, 'x.toml'), {
        top: 't',
        a: { b: 1 },
        c: { d: { e: true } },
        host: [
          { address: 'gw1', ssh: { port: 22 } },
          { address: 'gw2', inline: { x: [1, [2, 'y']], z: { w: 'v' } } },
        ],
      });
    });

    test('__proto__ key is an own key', () => {
      const data = parseTomlText(
        '[packages.minimum]\n"__proto__" = "1"\nconstructor = "2"\n',
        'x.toml',
      ) as {
        packages: { minimum: Record<string, unknown> };
      };

      assert.deepEqual(Object.keys(data.packages.minimum), ['__proto__', 'constructor']);
      assert.equal(Object.getPrototypeOf(data.packages.minimum), Object.prototype);
      assert.equal(({} as Record<string, unknown>)['1'], undefined);
    });

    test('dates are symbols with their position', () => {
      const data = parseTomlText(
        'a = 1979-05-27\nb = 07:32:00\nc = 1979-05-27T07:32:00Z\n',
        'x.toml',
      ) as Record<string, symbol>;

      assert.equal(data.a!.description, 'the TOML local date 1979-05-27 at line 1, column 5');
      assert.equal(data.b!.description, 'the TOML local time 07:32:00 at line 2, column 5');
      assert.equal(
        data.c!.description,
        'the TOML offset date-time 1979-05-27T07:32:00Z at line 3, column 5',
      );
    });

    test('deep nesting is cut', () => {
      const data = parseTomlText(`x = ${'['.repeat(40)}${']'.repeat(40)}\n`, 'x.toml') as {
        x: unknown;
      };
      let node: unknown = data.x;
      let depth = 0;
      while (Array.isArray(node)) {
        node = node[0];
        depth += 1;
      }

      assert.equal(depth, 32);
      assert.equal(typeof node, 'symbol');
    });
  });
});
