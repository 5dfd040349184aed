/**
 * Test helpers for the checks: the desired state with every default the
 * schema declares, a host that finished the upgrade, and small finders over
 * diagnostics.
 */
import type { Desired } from '../../../../lib/config/desired.js';
import type { CheckContext } from '../../../../lib/plan/checks/context.js';
import type { Diagnostic, Severity } from '../../../../lib/plan/model.js';
import type { Phase } from '../../../../lib/plan/phase.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import {
  DEFAULT_DATABASES,
  cluster,
  fileFact,
  pkg,
  pmg7Host,
  sha256,
  unit,
} from '../../../support/facts.js';

/** The desired state an empty TOML file produces: every default of the schema. */
export function defaultDesired(): Desired {
  return {
    release: { codename: 'bookworm', from: 'bullseye' },
    apt: {
      pmg_repository: 'no-subscription',
      third_party: 'stop',
      backports: 'disable',
      non_free_firmware: true,
    },
    packages: {
      minimum: { 'proxmox-mailgateway': '8.0', 'pmg-api': '8.0' },
      absent: ['linux-image-amd64'],
      purge_after_upgrade: ['postgresql-13', 'postgresql-client-13'],
    },
    postgresql: {
      major: 15,
      from_major: 13,
      cluster: 'main',
      port: 5432,
      database: 'Proxmox_ruledb',
      upgrade_method: 'dump',
    },
    services: {
      running: ['postfix', 'pmg-smtp-filter', 'pmgpolicy', 'pmgdaemon', 'pmgproxy'],
      cluster_running: ['pmgmirror', 'pmgtunnel'],
      disabled: ['clamav-clamonacc'],
    },
    conffiles: {
      default: 'keep',
      files: {
        '/etc/issue': 'keep',
        '/etc/clamav/clamd.conf': 'keep',
        '/etc/clamav/freshclam.conf': 'keep',
        '/etc/ssh/sshd_config': 'maintainer',
        '/etc/default/grub': 'keep',
      },
    },
    templates: { default: 'keep', files: {}, remove_obsolete_settings: true },
    backup: { required: true, max_age_hours: 24 },
    reboot: { allowed: true, timeout_seconds: 900 },
    network: { pin_interface_names: false },
  };
}

export const BOOKWORM_SOURCES = [
  'deb http://deb.debian.org/debian bookworm main contrib',
  'deb http://deb.debian.org/debian bookworm-updates main contrib',
  'deb http://security.debian.org/debian-security bookworm-security main contrib',
  '',
].join('\n');

export const PMG_LIST_BOOKWORM =
  'deb http://download.proxmox.com/debian/pmg bookworm pmg-no-subscription\n';

/** A PMG 8 host on bookworm that finished the procedure: database on 15, services running, rebooted. */
export function pmg8Host(): HostFacts {
  const facts = pmg7Host();
  facts.os = {
    id: 'debian',
    versionId: '12',
    codename: 'bookworm',
    prettyName: 'Debian GNU/Linux 12 (bookworm)',
    debianVersion: '12.8',
  };
  facts.kernel.release = '6.8.12-4-pve';
  facts.packages['proxmox-mailgateway'] = pkg('8.1.2');
  facts.packages['pmg-api'] = pkg('8.1.4');
  facts.packages['postgresql-15'] = pkg('15.10-0+deb12u1');
  facts.packages['proxmox-kernel-6.8'] = pkg('8.2.0');
  facts.packages['base-files'] = pkg('12.4+deb12u8', { unpackedAt: 1_700_100_000 });
  facts.boot.bootedAt = 1_700_200_000;
  delete facts.packages['postgresql-13'];
  delete facts.packages['linux-image-amd64'];
  facts.postgres.clusters = [cluster(15, 5432, [...DEFAULT_DATABASES, 'Proxmox_ruledb'])];
  facts.units['postgresql@15-main.service'] = unit('active', 'enabled-runtime');
  delete facts.units['postgresql@13-main.service'];
  facts.units['systemd-timesyncd.service'] = unit('inactive', 'disabled');
  facts.units['chrony.service'] = unit('active');
  facts.apt.files = [
    {
      path: '/etc/apt/sources.list',
      format: 'list',
      sha256: sha256(BOOKWORM_SOURCES),
      content: BOOKWORM_SOURCES,
      redacted: false,
    },
    {
      path: '/etc/apt/sources.list.d/pmg.list',
      format: 'list',
      sha256: sha256(PMG_LIST_BOOKWORM),
      content: PMG_LIST_BOOKWORM,
      redacted: false,
    },
  ];
  facts.apt.listedSuites = [
    'deb.debian.org_debian_dists_bookworm',
    'deb.debian.org_debian_dists_bookworm-updates',
    'security.debian.org_debian-security_dists_bookworm-security',
    'download.proxmox.com_debian_pmg_dists_bookworm',
  ];

  return facts;
}

/** Replaces the content of one apt sources file, adding the file when it is new. */
export function setAptFile(facts: HostFacts, path: string, content: string): void {
  const format = path.endsWith('.sources') ? 'sources' : 'list';
  const file = { path, format, sha256: sha256(content), content, redacted: false } as const;
  const index = facts.apt.files.findIndex((existing) => existing.path === path);
  if (index >= 0) {
    facts.apt.files[index] = file;
  } else {
    facts.apt.files.push(file);
  }
}

export { fileFact };

export function contextFor(phase: Phase, host = 'pmg1'): CheckContext {
  return { host, phase };
}

/** Returns the diagnostics with one code. */
export function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((entry) => entry.code === code);
}

/** Returns the severities of the diagnostics with one code, in order. */
export function severities(diagnostics: Diagnostic[], code: string): Severity[] {
  return withCode(diagnostics, code).map((entry) => entry.severity);
}
