/**
 * Whole probe runs recorded on the Debian 11 test host, a container with PMG
 * 7.3 stand-ins, PostgreSQL 13, Postfix and ClamAV under systemd. The runs
 * come from the plain host, from the template-override variant, and from a
 * host with certificates, queued mail, backups and pmgup state added.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseProbeOutput } from '../../../lib/probe/assemble.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { fixture, RECORDED_NONCE } from './helpers.js';

function recorded(name: string): HostFacts {
  return parseProbeOutput(fixture(`bullseye/${name}`), RECORDED_NONCE, 'ssh:root@127.0.0.1:22');
}

describe('probe runs on Debian 11', () => {
  describe('plain PMG 7 host', () => {
    const facts = recorded('probe-run.txt');

    test('release and PMG packages', () => {
      assert.equal(facts.os.codename, 'bullseye');
      assert.equal(facts.os.versionId, '11');
      assert.equal(facts.packages['pmg-api']?.version, '7.3-12');
      assert.equal(facts.packages['proxmox-mailgateway']?.version, '7.3-2');
      assert.equal(facts.packages['postgresql-13']?.status, 'installed');
    });

    test('cluster 13/main holds the rule database', () => {
      const [cluster] = facts.postgres.clusters;

      assert.equal(facts.postgres.clusters.length, 1);
      assert.equal(cluster.version, 13);
      assert.equal(cluster.status, 'online');
      assert.deepEqual(cluster.databases, ['Proxmox_ruledb', 'postgres', 'template0', 'template1']);
      assert.ok((cluster.sizeBytes ?? 0) > 1_000_000);
    });

    test('unit states from systemd 247', () => {
      assert.equal(facts.system.state, 'running');
      assert.equal(facts.units['postfix.service']?.activeState, 'active');
      assert.equal(facts.units['pmgproxy.service']?.subState, 'running');
      assert.equal(facts.units['pmgmirror.service']?.activeState, 'inactive');
      assert.equal(facts.units['postgresql@13-main.service']?.unitFileState, 'enabled-runtime');
      assert.equal(facts.units['chrony.service']?.loadState, 'not-found');
    });

    test('sources, pmg.conf and locale', () => {
      assert.deepEqual(facts.apt.files.map((file) => file.path), ['/etc/apt/sources.list', '/etc/apt/sources.list.d/pmg.list']);
      assert.match(facts.pmg.pmgConf?.content ?? '', /^section: admin$/m);
      assert.equal(facts.pmg.clusterConf, null);
      assert.equal(facts.locale.lang, 'en_US.UTF-8');
      assert.equal(facts.mailQueueCount, 0);
    });

    test('conffiles carry both checksums', () => {
      const client = facts.conffiles.find((entry) => entry.path === '/etc/ssh/ssh_config');

      assert.equal(client?.package, 'openssh-client');
      assert.equal(client?.recordedMd5, '8a5bddc82befb71d8ef34cc903d3d077');
      assert.equal(client?.currentMd5, '8a5bddc82befb71d8ef34cc903d3d077');
    });
  });

  describe('template-override variant', () => {
    test('override is paired with the shipped template', () => {
      const [override, ...rest] = recorded('probe-run-template-override.txt').pmg.templateOverrides;

      assert.equal(rest.length, 0);
      assert.equal(override.name, 'postgresql.conf.in');
      assert.match(override.override.content ?? '', /^work_mem = 16MB$/m);
      assert.match(override.override.content ?? '', /stats_temp_directory/);
      assert.equal(override.shipped?.path, '/var/lib/pmg/templates/postgresql.conf.in');
      assert.notEqual(override.shipped?.sha256, override.override.sha256);
    });
  });

  describe('host with state added', () => {
    const facts = recorded('probe-run-busy.txt');

    test('certificate keys from OpenSSL 1.1', () => {
      assert.deepEqual(facts.certificates, [
        { path: '/etc/pmg/pmg-api.pem', keyType: 'rsa', keyBits: 2048 },
        { path: '/etc/pmg/pmg-tls.pem', keyType: 'ec', keyBits: 256 },
      ]);
    });

    test('root ssh cipher lines', () => {
      assert.deepEqual(facts.ssh, {
        rootConfigExists: true,
        rootConfigCipherLines: [
          { line: 2, text: '    Ciphers aes128-ctr,3des-cbc' },
          { line: 4, text: '  ciphers=aes256-gcm@openssh.com' },
        ],
      });
    });

    test('queued mail and backups', () => {
      assert.equal(facts.mailQueueCount, 2);
      assert.deepEqual(facts.pmg.backups, [
        { path: '/var/lib/pmg/backup/pmg-backup_2026_12_01_6763A1B2.tgz', sizeBytes: 2048, modifiedAt: 1796119200 },
        { path: '/var/lib/pmg/backup/pmg-backup_2026_11_01_6740F3C1.tgz', sizeBytes: 1024, modifiedAt: 1793527200 },
      ]);
    });

    test('pmgup lock, journal and steps', () => {
      assert.deepEqual(facts.pmgup.lock, {
        pid: 4242,
        holder: 'pmgup apply from admin@laptop',
        since: '2026-12-04T18:00:00Z',
        planId: 'plan-0001',
      });
      assert.deepEqual(facts.pmgup.journal.map((entry) => entry.event), ['start', 'end']);
      assert.equal(facts.pmgup.journalCorruptLines, 1);
      assert.deepEqual(facts.pmgup.detachedSteps, [
        { unit: 'pmgup-test-running.service', activeState: 'active', result: 'success', exitStatus: null },
        { unit: 'pmgup-test-step.service', activeState: 'failed', result: 'exit-code', exitStatus: 3 },
      ]);
    });

    test('failed unit makes the system degraded', () => {
      assert.equal(facts.system.state, 'degraded');
      assert.deepEqual(facts.clamav.onAccessSettings, ['OnAccessMaxFileSize 5M']);
    });
  });
});
