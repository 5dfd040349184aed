import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { UserError } from '../../../lib/errors.js';
import { formatHostSpec, parseHostSpec } from '../../../lib/transport/parse-host.js';

describe('parse-host', () => {
  describe('parseHostSpec()', () => {
    const valid: [string, ReturnType<typeof parseHostSpec>][] = [
      ['gw1', { host: 'gw1' }],
      ['gw1.example.org', { host: 'gw1.example.org' }],
      ['root@gw1', { user: 'root', host: 'gw1' }],
      ['gw1:2222', { host: 'gw1', port: 2222 }],
      ['admin@192.0.2.10:22', { user: 'admin', host: '192.0.2.10', port: 22 }],
      ['root@[2001:db8::10]:2222', { user: 'root', host: '2001:db8::10', port: 2222 }],
      ['[::1]', { host: '::1' }],
      ['2001:db8::10', { host: '2001:db8::10' }],
      ['root@mail_gw-2', { user: 'root', host: 'mail_gw-2' }],
    ];
    for (const [value, expected] of valid) {
      test(`accepts ${value}`, () => {
        assert.deepEqual(parseHostSpec(value), expected);
      });
    }

    const invalid: [string, RegExp][] = [
      ['', /host name is empty/],
      ['root@', /host name is empty/],
      ['-oProxyCommand=touch /tmp/x', /not starting with "-"/],
      ['root@-gw', /not starting with "-"/],
      ['gw1:0', /outside 1-65535/],
      ['gw1:65536', /outside 1-65535/],
      ['gw1:ssh', /port "ssh" is not a number/],
      ['gw1:', /port "" is not a number/],
      ['ro ot@gw1', /user "ro ot" is not a valid login name/],
      ['root@gw 1', /is not a host name or address/],
      ['root@[2001:db8::10', /no closing "]"/],
      ['root@[gw1]:22', /"gw1" in brackets is not an IPv6 address/],
      ['root@[::1]22', /"22" after the "]" is not a ":PORT"/],
      ['gw1:22:33', /several ":" but is not an IPv6 address/],
      ['gw..example', /is not a host name or address/],
      [`${'a'.repeat(254)}`, /more than 253/],
    ];
    for (const [value, reason] of invalid) {
      test(`rejects ${JSON.stringify(value).slice(0, 40)}`, () => {
        assert.throws(
          () => parseHostSpec(value),
          (error: unknown) => {
            assert.ok(error instanceof UserError);
            assert.equal(error.message, 'Invalid host');
            assert.match(error.detail, reason);
            assert.ok(error.detail.includes(JSON.stringify(value)), 'detail quotes the value');
            assert.match(error.detail, /\[user@\]host\[:port\]/);
            return true;
          },
        );
      });
    }

    test('names the source of the value', () => {
      assert.throws(() => parseHostSpec('gw1:0', 'inventory.toml hosts[2]'), /./);
      try {
        parseHostSpec('gw1:0', 'inventory.toml hosts[2]');
      } catch (error) {
        assert.ok(error instanceof UserError);
        assert.match(error.detail, /from inventory\.toml hosts\[2\]/);
      }
    });
  });

  describe('formatHostSpec()', () => {
    test('puts brackets around an IPv6 address with a port', () => {
      assert.equal(formatHostSpec({ user: 'root', host: '2001:db8::10', port: 22 }), 'root@[2001:db8::10]:22');
    });

    test('leaves out what the spec leaves out', () => {
      assert.equal(formatHostSpec({ host: 'gw1' }), 'gw1');
      assert.equal(formatHostSpec({ host: '::1' }), '::1');
    });

    test('round-trips through parseHostSpec', () => {
      for (const value of ['root@gw1:2222', 'root@[::1]:22', 'gw1', 'admin@192.0.2.10']) {
        assert.equal(formatHostSpec(parseHostSpec(value)), value);
      }
    });
  });
});
