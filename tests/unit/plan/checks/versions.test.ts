import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkVersions } from '../../../../lib/plan/checks/versions.js';
import { pkg, pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host, withCode } from './support.js';

const run = (
  facts = pmg7Host(),
  phase: 'pre-upgrade' | 'upgrading' | 'post-upgrade' = 'pre-upgrade',
) => checkVersions(facts, defaultDesired(), contextFor(phase));

describe('checks/versions', () => {
  describe('meta-package-version', () => {
    test('passes for 7.3-2', () => {
      const [meta] = withCode(run(), 'meta-package-version');

      assert.equal(meta.severity, 'pass');
      assert.equal(meta.subject, 'proxmox-mailgateway');
    });

    test('fails for 7.3-1', () => {
      const facts = pmg7Host();
      facts.packages['proxmox-mailgateway'] = pkg('7.3-1');
      const [meta] = withCode(run(facts), 'meta-package-version');

      assert.equal(meta.severity, 'error');
      assert.match(meta.message, /7\.3-1 is older than 7\.3-2/);
    });

    test('accepts 7.4-1 in Debian version order', () => {
      const facts = pmg7Host();
      facts.packages['proxmox-mailgateway'] = pkg('7.4-1');
      const [meta] = withCode(run(facts), 'meta-package-version');

      assert.equal(meta.severity, 'pass');
    });

    test('fails when no meta-package is installed', () => {
      const facts = pmg7Host();
      delete facts.packages['proxmox-mailgateway'];
      const [meta] = withCode(run(facts), 'meta-package-version');

      assert.equal(meta.severity, 'error');
      assert.match(meta.message, /Neither proxmox-mailgateway nor/);
    });

    test('treats removed meta-package with config files as missing', () => {
      const facts = pmg7Host();
      facts.packages['proxmox-mailgateway'] = pkg('7.3-2', {
        status: 'config-files',
        want: 'deinstall',
      });
      const [meta] = withCode(run(facts), 'meta-package-version');

      assert.equal(meta.severity, 'error');
    });

    test('uses the container meta-package', () => {
      const facts = pmg7Host();
      delete facts.packages['proxmox-mailgateway'];
      facts.packages['proxmox-mailgateway-container'] = pkg('7.3-3');
      const [meta] = withCode(run(facts), 'meta-package-version');

      assert.equal(meta.severity, 'pass');
      assert.equal(meta.subject, 'proxmox-mailgateway-container');
    });

    test('counts native PMG 8 versions as upgraded', () => {
      const [meta] = withCode(run(pmg8Host(), 'post-upgrade'), 'meta-package-version');

      assert.equal(meta.severity, 'pass');
      assert.match(meta.message, /already PMG 8/);
    });
  });

  describe('pmg-api-version', () => {
    test('passes for 7.3-12', () => {
      const [api] = withCode(run(), 'pmg-api-version');

      assert.equal(api.severity, 'pass');
    });

    test('fails for 7.3-5 with the 7.3-6 gate', () => {
      const facts = pmg7Host();
      facts.packages['pmg-api'] = pkg('7.3-5');
      const [api] = withCode(run(facts), 'pmg-api-version');

      assert.equal(api.severity, 'error');
      assert.match(api.message, /older than 7\.3-6/);
    });

    test('names the masking failure before 7.3-4', () => {
      const facts = pmg7Host();
      facts.packages['pmg-api'] = pkg('7.3-3');
      const [api] = withCode(run(facts), 'pmg-api-version');

      assert.equal(api.severity, 'error');
      assert.match(api.message, /maintainer scripts fail while the mail services are masked/);
    });

    test('fails when pmg-api is missing', () => {
      const facts = pmg7Host();
      delete facts.packages['pmg-api'];
      const [api] = withCode(run(facts), 'pmg-api-version');

      assert.equal(api.severity, 'error');
    });

    test('passes for a configured PMG 8 pmg-api', () => {
      const [api] = withCode(run(pmg8Host(), 'post-upgrade'), 'pmg-api-version');

      assert.equal(api.severity, 'pass');
    });

    test('never passes a half-configured pmg-api after the dist-upgrade', () => {
      const facts = pmg8Host();
      facts.packages['pmg-api'] = pkg('8.1.4', { status: 'half-configured' });
      const [api] = withCode(run(facts, 'upgrading'), 'pmg-api-version');

      assert.equal(api.severity, 'warning');
      assert.match(api.message, /half-configured/);
      assert.match(api.fix ?? '', /unmasks.*dpkg --configure -a.*verifies/);
    });

    test('warns about an unfinished PMG 7 pmg-api', () => {
      const facts = pmg7Host();
      facts.packages['pmg-api'] = pkg('7.3-12', { status: 'unpacked' });
      const [api] = withCode(run(facts), 'pmg-api-version');

      assert.equal(api.severity, 'warning');
      assert.match(api.fix ?? '', /dpkg --configure -a/);
    });
  });
});
