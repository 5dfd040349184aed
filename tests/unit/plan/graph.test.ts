import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assemblePlan } from '../../../lib/plan/assemble.js';
import { orderActions, PlanGraphError, toDot, validateGraph } from '../../../lib/plan/graph.js';
import type { Step } from '../../../lib/plan/model.js';
import { pmg7Host, sha256 } from '../../support/facts.js';
import { plan } from './support.js';

function node(id: string, dependsOn: string[] = [], step: Step = { kind: 'verify' }) {
  return { id, dependsOn, step };
}

describe('validateGraph()', () => {
  test('accepts a valid graph', () => {
    assert.deepEqual(validateGraph([node('h/a'), node('h/b', ['h/a'])]), []);
  });

  test('reports duplicate ids and unknown dependencies', () => {
    const problems = validateGraph([node('h/a'), node('h/a'), node('h/b', ['h/missing'])]);

    assert.deepEqual(problems, [
      { kind: 'duplicate-id', id: 'h/a' },
      { kind: 'unknown-dependency', id: 'h/b', dependsOn: 'h/missing' },
    ]);
  });

  test('reports every cycle in full, ordered by the smallest id', () => {
    const problems = validateGraph([
      node('h/z1', ['h/z2']),
      node('h/z2', ['h/z3']),
      node('h/z3', ['h/z1']),
      node('h/a1', ['h/a2']),
      node('h/a2', ['h/a1']),
      node('h/self', ['h/self']),
      node('h/free'),
    ]);

    assert.deepEqual(problems, [
      { kind: 'cycle', members: ['h/a1', 'h/a2'], path: ['h/a1', 'h/a2', 'h/a1'] },
      { kind: 'cycle', members: ['h/self'], path: ['h/self', 'h/self'] },
      { kind: 'cycle', members: ['h/z1', 'h/z2', 'h/z3'], path: ['h/z1', 'h/z2', 'h/z3', 'h/z1'] },
    ]);
  });

  test('reports the same cycles whatever the input order', () => {
    const nodes = [node('h/c', ['h/a']), node('h/a', ['h/b']), node('h/b', ['h/c']), node('h/d', ['h/c'])];

    assert.deepEqual(validateGraph(nodes), validateGraph([...nodes].reverse()));
  });

  test('reports all members of overlapping cycles', () => {
    const problems = validateGraph([node('h/a', ['h/b', 'h/c']), node('h/b', ['h/a']), node('h/c', ['h/a'])]);

    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0], { kind: 'cycle', members: ['h/a', 'h/b', 'h/c'], path: ['h/a', 'h/b', 'h/a'] });
  });
});

describe('orderActions()', () => {
  test('puts every action after its dependencies', () => {
    const ordered = orderActions([node('h/c', ['h/b']), node('h/b', ['h/a']), node('h/a')]);

    assert.deepEqual(ordered.map((item) => item.id), ['h/a', 'h/b', 'h/c']);
  });

  test('breaks ties by the procedure order, then by input order', () => {
    const ordered = orderActions([
      node('h/verify', [], { kind: 'verify' }),
      node('h/backup', [], { kind: 'backup' }),
      node('h/repair', [], { kind: 'repair-dpkg' }),
      node('h/update', [], { kind: 'apt-update' }),
      node('h/update-2', [], { kind: 'apt-update' }),
    ]);

    assert.deepEqual(ordered.map((item) => item.id), ['h/repair', 'h/backup', 'h/update', 'h/update-2', 'h/verify']);
  });

  test('throws PlanGraphError listing the cycle', () => {
    assert.throws(
      () => orderActions([node('h/a', ['h/b']), node('h/b', ['h/a'])]),
      (error: unknown) => {
        assert.ok(error instanceof PlanGraphError);
        assert.match(error.detail, /cycle: h\/a -> h\/b -> h\/a/);
        return true;
      },
    );
  });
});

describe('toDot()', () => {
  const result = plan(pmg7Host());
  const document = assemblePlan({
    hosts: [result],
    desiredState: { relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: sha256('') },
    toolVersion: '0.1.0',
    createdAt: '2026-12-01T11:00:00.000Z',
  });
  const dot = toDot(document);

  test('draws one cluster per host', () => {
    assert.match(dot, /^digraph pmgup \{/);
    assert.match(dot, /subgraph "cluster_0" \{\n {4}label="pmg1 \(pre-upgrade\)";/);
    assert.ok(dot.endsWith('}\n'));
  });

  test('labels nodes with kind and subject and marks downtime and destructive steps', () => {
    assert.match(dot, /"pmg1\/edit-apt-sources:\/etc\/apt\/sources.list" \[label="edit-apt-sources\\n\/etc\/apt\/sources.list"\];/);
    assert.match(dot, /"pmg1\/dist-upgrade" \[label="dist-upgrade\\n\(downtime\)", style=filled, fillcolor="#fde0dc", color="#b00020", penwidth=2\];/);
    assert.match(dot, /"pmg1\/backup" \[label="backup"\];/);
  });

  test('draws an edge for each dependency', () => {
    const edges = dot.split('\n').filter((line) => /^ {2}"[^"]+" -> "[^"]+";$/.test(line));
    const expected = document.actions.reduce((count, action) => count + action.dependsOn.length, 0);

    assert.equal(edges.length, expected);
    assert.ok(edges.includes('  "pmg1/stop-units" -> "pmg1/dist-upgrade";'));
  });

  test('escapes quotes and backslashes in names', () => {
    const odd = { ...document, hosts: [{ ...document.hosts[0], name: 'a"b\\c' }], actions: [] };

    assert.match(toDot(odd), /label="a\\"b\\\\c \(pre-upgrade\)"/);
  });
});
