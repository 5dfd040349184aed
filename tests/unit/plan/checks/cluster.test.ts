import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkCluster } from '../../../../lib/plan/checks/cluster.js';
import { parseClusterConf } from '../../../../lib/plan/checks/cluster-conf.js';
import { fileFact, pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, severities, withCode } from './support.js';

const TWO_NODES = [
  'master: 1',
  '\tfingerprint 3F:A1:9C',
  '\tip 192.0.2.11',
  '\tmaxcid 2',
  '\tname pmg-a',
  '',
  'node: 2',
  '\tip 192.0.2.12',
  '\tname pmg1',
  '',
].join('\n');

function runWith(content: string | null) {
  const facts = pmg7Host();
  facts.pmg.clusterConf = content === null ? null : fileFact('/etc/pmg/cluster.conf', content);

  return checkCluster(facts, defaultDesired(), contextFor('pre-upgrade'));
}

describe('checks/cluster-conf', () => {
  test('parses master and node sections', () => {
    const parsed = parseClusterConf(TWO_NODES);

    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.nodes.map((node) => [node.type, node.cid, node.properties.name, node.line]),
      [
        ['master', 1, 'pmg-a', 1],
        ['node', 2, 'pmg1', 7],
      ],
    );
  });

  test('reports a file without a master', () => {
    const parsed = parseClusterConf('node: 2\n\tname pmg1\n');

    assert.match(parsed.problems[0].message, /no master section/);
  });

  test('reports stray lines with their number', () => {
    const parsed = parseClusterConf('master: 1\n\tname a\n\ngarbage here\n');

    assert.equal(parsed.problems[0].line, 4);
  });

  test('reports a repeated cluster id', () => {
    const parsed = parseClusterConf('master: 1\n\tname a\n\nnode: 1\n\tname b\n');

    assert.match(parsed.problems[0].message, /repeats the section at line 1/);
  });
});

describe('checks/cluster', () => {
  test('skips without cluster.conf', () => {
    assert.deepEqual(severities(runWith(null), 'cluster-config'), ['skip']);
  });

  test('passes and asks to confirm sync when the host is a member', () => {
    const results = runWith(TWO_NODES);

    assert.deepEqual(severities(results, 'cluster-config'), ['pass']);
    assert.match(withCode(results, 'cluster-config')[0].message, /this host is node 2/);
    assert.deepEqual(severities(results, 'cluster-sync'), ['notice']);
    assert.match(withCode(results, 'cluster-sync')[0].fix ?? '', /pmgcm status/);
  });

  test('fails when the local node is missing', () => {
    const [result] = runWith(TWO_NODES.replace('name pmg1', 'name pmg-b'));

    assert.equal(result.severity, 'error');
    assert.match(result.message, /not this host, "pmg1"/);
  });

  test('reports a broken file instead of throwing', () => {
    const results = runWith('node: 2\n\tname pmg1\n');

    assert.deepEqual(severities(results, 'cluster-config'), ['error']);
    assert.deepEqual(results[0].location, { file: '/etc/pmg/cluster.conf', line: 1 });
  });

  test('warns when the file was too large to read', () => {
    const facts = pmg7Host();
    facts.pmg.clusterConf = {
      path: '/etc/pmg/cluster.conf',
      sha256: 'ab',
      sizeBytes: 2_000_000,
      content: null,
    };
    const [result] = checkCluster(facts, defaultDesired(), contextFor('pre-upgrade'));

    assert.equal(result.severity, 'warning');
  });
});
