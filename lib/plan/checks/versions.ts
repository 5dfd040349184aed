/**
 * Minimum PMG 7 versions before the upgrade (pmg7to8 check 2, plus the gate
 * the upgrade procedure names): the meta-package at least 7.3-2 and pmg-api
 * at least 7.3-6, compared in Debian version order. pmg7to8 compares the
 * three numbers one by one, so a `7.4-1` would fail there; a missing package
 * also slips through its lookup. Here both are handled.
 */
import type { HostFacts, PackageFact } from '../../probe/facts.js';
import { majorOf, versionAtLeast } from '../debversion.js';
import type { Check, CheckContext, Finding } from './context.js';
import { diagnostic, isInstalled } from './context.js';

export const META_MINIMUM = '7.3-2';
export const PMG_API_MINIMUM = '7.3-6';

/**
 * pmg-api releases before 7.3-4 ship maintainer scripts that fail while the
 * mail services are masked, which the procedure does before the dist-upgrade.
 */
export const PMG_API_MASK_SAFE = '7.3-4';

const UPDATE_FIX =
  'Update within PMG 7 first: `apt update && apt dist-upgrade` with the bullseye sources, then plan again.';

/** Reports the meta-package and pmg-api versions against the minimum for the upgrade. */
export const checkVersions: Check = (facts, _desired, context) => [
  diagnostic(context, metaFinding(facts)),
  diagnostic(context, pmgApiFinding(facts, context)),
];

function metaFinding(facts: HostFacts): Finding {
  const name = ['proxmox-mailgateway', 'proxmox-mailgateway-container'].find((candidate) =>
    isInstalled(facts, candidate),
  );
  const code = 'meta-package-version';

  if (name === undefined) {
    return {
      code,
      severity: 'error',
      subject: 'proxmox-mailgateway',
      message:
        'Neither proxmox-mailgateway nor proxmox-mailgateway-container is installed, so this host is not a PMG installation pmgup can upgrade.',
      fix: 'Install the PMG meta-package that matches this host (`apt install proxmox-mailgateway`), or remove the host from the inventory.',
    };
  }

  const version = facts.packages[name].version;
  if ((majorOf(version) ?? 0) >= 8) {
    return {
      code,
      severity: 'pass',
      subject: name,
      message: `${name} ${version} is already PMG 8 or later.`,
    };
  }
  if (versionAtLeast(version, META_MINIMUM)) {
    return {
      code,
      severity: 'pass',
      subject: name,
      message: `${name} ${version} is at least ${META_MINIMUM}.`,
    };
  }

  return {
    code,
    severity: 'error',
    subject: name,
    message: `${name} ${version} is older than ${META_MINIMUM}, the oldest PMG 7 release the upgrade to PMG 8 starts from.`,
    fix: UPDATE_FIX,
  };
}

function pmgApiFinding(facts: HostFacts, context: CheckContext): Finding {
  const code = 'pmg-api-version';
  const fact = facts.packages['pmg-api'];

  if (fact === undefined || !isInstalled(facts, 'pmg-api')) {
    return {
      code,
      severity: 'error',
      subject: 'pmg-api',
      message: 'pmg-api is not installed, so PMG cannot run on this host.',
      fix: 'Reinstall it with `apt install pmg-api`, then plan again.',
    };
  }
  if ((majorOf(fact.version) ?? 0) >= 8) {
    return upgradedApiFinding(fact, context);
  }
  if (!versionAtLeast(fact.version, PMG_API_MASK_SAFE)) {
    return {
      code,
      severity: 'error',
      subject: 'pmg-api',
      message: `pmg-api ${fact.version} is older than ${PMG_API_MASK_SAFE}: its maintainer scripts fail while the mail services are masked, which the upgrade does before the dist-upgrade.`,
      fix: UPDATE_FIX,
    };
  }
  if (!versionAtLeast(fact.version, PMG_API_MINIMUM)) {
    return {
      code,
      severity: 'error',
      subject: 'pmg-api',
      message: `pmg-api ${fact.version} is older than ${PMG_API_MINIMUM}, the first release that works with PMG 8 cluster peers and PostgreSQL 15.`,
      fix: UPDATE_FIX,
    };
  }

  return installedFinding(fact, `pmg-api ${fact.version} is at least ${PMG_API_MINIMUM}.`);
}

/**
 * After the dist-upgrade a pmg-api that dpkg left unconfigured (its scripts
 * failed while the services were masked) is recoverable, never a success.
 */
function upgradedApiFinding(fact: PackageFact, context: CheckContext): Finding {
  if (fact.status === 'installed') {
    return {
      code: 'pmg-api-version',
      severity: 'pass',
      subject: 'pmg-api',
      message: `pmg-api ${fact.version} is PMG 8.`,
    };
  }

  return {
    code: 'pmg-api-version',
    severity: 'warning',
    subject: 'pmg-api',
    message: `pmg-api ${fact.version} is ${fact.status} in dpkg (phase ${context.phase}): its configuration did not finish.`,
    fix: 'The plan unmasks the mail services, runs `dpkg --configure -a` and verifies the result; to do it by hand, run the same commands and check that pmg-api ends up installed.',
  };
}

function installedFinding(fact: PackageFact, passMessage: string): Finding {
  if (fact.status === 'installed') {
    return { code: 'pmg-api-version', severity: 'pass', subject: 'pmg-api', message: passMessage };
  }

  return {
    code: 'pmg-api-version',
    severity: 'warning',
    subject: 'pmg-api',
    message: `pmg-api ${fact.version} is ${fact.status} in dpkg, so its last installation did not finish.`,
    fix: 'The plan runs `dpkg --configure -a` first; to do it by hand, run it and check that pmg-api ends up installed.',
  };
}
