import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkAptSuites } from '../../../../lib/plan/checks/apt-suites.js';
import type { Phase } from '../../../../lib/plan/phase.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import {
  contextFor,
  defaultDesired,
  pmg8Host,
  setAptFile,
  severities,
  withCode,
} from './support.js';

const run = (facts: HostFacts, phase: Phase = 'pre-upgrade', desired = defaultDesired()) =>
  checkAptSuites(facts, desired, contextFor(phase));

describe('checks/apt-suites', () => {
  test('passes a consistent bullseye host', () => {
    const results = run(pmg7Host());

    assert.deepEqual(severities(results, 'apt-suites'), ['pass']);
    assert.match(results[0].message, /All 4 entries follow bullseye/);
  });

  test('passes a consistent bookworm host', () => {
    assert.deepEqual(severities(run(pmg8Host(), 'post-upgrade'), 'apt-suites'), ['pass']);
  });

  test('fails every buster entry with its line', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/old.list',
      '# old\ndeb http://deb.debian.org/debian buster main\ndeb http://archive.debian.org/debian buster-backports main\n',
    );
    const results = withCode(run(facts), 'apt-suites');

    assert.deepEqual(
      results.map((entry) => [entry.severity, entry.location?.line]),
      [
        ['error', 2],
        ['error', 3],
      ],
    );
    assert.match(results[0].message, /must follow bullseye like \/etc\/apt\/sources\.list:1/);
  });

  test('reads entries with options', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/extra.list',
      'deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://deb.debian.org/debian buster main\n',
    );

    assert.deepEqual(severities(run(facts), 'apt-suites'), ['error']);
  });

  test('reads deb822 sources with the stanza', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/old.sources',
      'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: buster\nComponents: main\n',
    );
    const [result] = withCode(run(facts), 'apt-suites');

    assert.equal(result.severity, 'error');
    assert.deepEqual(result.location, {
      file: '/etc/apt/sources.list.d/old.sources',
      line: 3,
      stanza: 1,
    });
  });

  test('accepts debug and proposed-updates suites', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/debug.list',
      'deb http://deb.debian.org/debian-debug bullseye-debug main\ndeb http://deb.debian.org/debian bullseye-proposed-updates main\n',
    );
    const results = run(facts);

    assert.deepEqual(severities(results, 'apt-suites'), ['pass']);
    assert.equal(withCode(results, 'apt-suite-unknown').length, 0);
  });

  test('warns about a half-switched host the plan finishes', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list',
      'deb http://deb.debian.org/debian bookworm main contrib\n',
    );
    const results = withCode(run(facts), 'apt-suites');

    assert.deepEqual(
      results.map((entry) => entry.severity),
      ['warning'],
    );
    assert.equal(results[0].location?.file, '/etc/apt/sources.list.d/pmg.list');
    assert.match(results[0].message, /already follow bookworm/);
  });

  test('fails bullseye entries left after the upgrade', () => {
    const facts = pmg8Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/pmg.list',
      'deb http://download.proxmox.com/debian/pmg bullseye pmg-no-subscription\n',
    );
    const [result] = withCode(run(facts, 'post-upgrade'), 'apt-suites');

    assert.equal(result.severity, 'error');
    assert.match(result.message, /must follow bookworm/);
  });

  test('only warns about a third-party entry kept by policy', () => {
    const facts = pmg8Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/vendor.list',
      'deb https://repo.example.com/apt bullseye main\n',
    );
    const desired = defaultDesired();
    desired.apt.third_party = 'keep';

    assert.deepEqual(severities(run(facts, 'post-upgrade', desired), 'apt-suites'), ['warning']);
  });

  test('notes unknown suites one line at a time', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/docker.list',
      'deb https://download.docker.com/linux/debian stable stable\ndeb http://repo.example.com ./\n',
    );
    const results = withCode(run(facts), 'apt-suite-unknown');

    assert.deepEqual(
      results.map((entry) => [entry.severity, entry.location?.line]),
      [
        ['notice', 1],
        ['notice', 2],
      ],
    );
  });

  test('warns about lines apt cannot parse', () => {
    const facts = pmg7Host();
    setAptFile(facts, '/etc/apt/sources.list.d/broken.list', 'deb http://deb.debian.org/debian\n');
    const [result] = withCode(run(facts), 'apt-source-invalid');

    assert.equal(result.severity, 'warning');
    assert.equal(result.location?.line, 1);
  });

  test('ignores deb-src lines', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/src.list',
      'deb-src http://deb.debian.org/debian buster main\n',
    );

    assert.deepEqual(severities(run(facts), 'apt-suites'), ['pass']);
  });
});
