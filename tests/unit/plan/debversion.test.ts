import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { compareVersions, majorOf, versionAtLeast } from '../../../lib/plan/debversion.js';

describe('compareVersions()', () => {
  const ordered: [string, string][] = [
    ['1.0~rc1', '1.0'],
    ['1.0', '1.0a'],
    ['1.0', '1.0+deb12u1'],
    ['1.0~~', '1.0~'],
    ['7.3-6', '7.3-12'],
    ['7.3-12', '8.0.0~1'],
    ['8.0.0~1', '8.0.0'],
    ['8.0', '8.1.4'],
    ['2.31-13+deb11u11', '2.36-9+deb12u8'],
    ['9.2p1-2', '1:8.4p1-5'],
    ['1.0-1', '1.0-1.1'],
    ['1.01', '1.1a'],
    ['13.16-0+deb11u1', '15.8-0+deb12u1'],
  ];

  for (const [lower, higher] of ordered) {
    test(`${lower} < ${higher}`, () => {
      assert.ok(compareVersions(lower, higher) < 0);
      assert.ok(compareVersions(higher, lower) > 0);
    });
  }

  test('treats leading zeros and a missing epoch as equal', () => {
    assert.equal(compareVersions('1.001', '1.1'), 0);
    assert.equal(compareVersions('0:1.0', '1.0'), 0);
  });
});

describe('versionAtLeast()', () => {
  test('accepts the minimum itself and newer versions', () => {
    assert.equal(versionAtLeast('7.3-6', '7.3-6'), true);
    assert.equal(versionAtLeast('8.1.4', '8.0'), true);
    assert.equal(versionAtLeast('7.3-12', '8.0'), false);
  });
});

describe('majorOf()', () => {
  test('reads the leading number', () => {
    assert.equal(majorOf('8.1.4'), 8);
    assert.equal(majorOf('7.3-12'), 7);
    assert.equal(majorOf('1:9.2p1-2'), 9);
    assert.equal(majorOf('abc'), null);
  });
});
