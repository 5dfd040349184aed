import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { findCycles } from '../../../lib/planfile/cycles.js';

describe('planfile/cycles', () => {
  describe('findCycles()', () => {
    test('acyclic graph has none', () => {
      assert.deepEqual(findCycles([[], [0], [0, 1], [2]]), []);
      assert.deepEqual(findCycles([]), []);
    });

    test('self loop', () => {
      assert.deepEqual(findCycles([[0]]), [[0]]);
    });

    test('cycle starts at its lowest index', () => {
      // 3 → 1 → 2 → 3, and 0 depends on the cycle without being in it.
      assert.deepEqual(findCycles([[3], [2], [3], [1]]), [[1, 2, 3]]);
    });

    test('separate cycles in index order', () => {
      assert.deepEqual(findCycles([[1], [0], [], [4], [3], [5]]), [[0, 1], [3, 4], [5]]);
    });

    test('edges outside the graph are ignored', () => {
      assert.deepEqual(findCycles([[-1, 7], [0]]), []);
    });

    test('long chain does not overflow the stack', () => {
      const size = 200_000;
      const chain = Array.from({ length: size }, (_, i) => [(i + 1) % size]);
      const cycles = findCycles(chain);

      assert.equal(cycles.length, 1);
      assert.equal(cycles[0]!.length, size);
      assert.equal(cycles[0]![0], 0);
    });
  });
});
