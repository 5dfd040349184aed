/**
 * Hand-built facts for unit tests: a plain PMG 7.3 host on bullseye as the
 * probe would report it, plus small setters that move it along the upgrade
 * procedure. Tests copy and modify these; they never share mutable state.
 */
import { createHash } from 'node:crypto';

import type {
  FileFact,
  HostFacts,
  PackageFact,
  PgClusterFact,
  UnitFact,
} from '../../lib/probe/facts.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

export function fileFact(path: string, content: string): FileFact {
  return { path, sha256: sha256(content), sizeBytes: Buffer.byteLength(content), content };
}

export function pkg(version: string, overrides: Partial<PackageFact> = {}): PackageFact {
  return {
    version,
    architecture: 'amd64',
    want: 'install',
    status: 'installed',
    reinstallRequired: false,
    unpackedAt: 1_700_000_000,
    ...overrides,
  };
}

export function unit(
  activeState: string,
  unitFileState = 'enabled',
  loadState = 'loaded',
): UnitFact {
  const subState = activeState === 'active' ? 'running' : activeState === 'failed' ? 'failed' : 'dead';

  return { loadState, activeState, subState, unitFileState };
}

export function maskedUnit(activeState = 'inactive'): UnitFact {
  return { loadState: 'masked', activeState, subState: activeState === 'active' ? 'running' : 'dead', unitFileState: 'masked' };
}

export function cluster(version: number, port: number, databases: string[] | null, overrides: Partial<PgClusterFact> = {}): PgClusterFact {
  return {
    version,
    name: 'main',
    port,
    status: databases === null ? 'down' : 'online',
    owner: 'postgres',
    dataDirectory: `/var/lib/postgresql/${version}/main`,
    logFile: `/var/log/postgresql/postgresql-${version}-main.log`,
    startMode: 'auto',
    databases,
    sizeBytes: databases === null ? null : 48_000_000,
    ...overrides,
  };
}

export const DEFAULT_DATABASES = ['postgres', 'template0', 'template1'];

export const BULLSEYE_SOURCES = [
  'deb http://deb.debian.org/debian bullseye main contrib',
  '',
  'deb http://deb.debian.org/debian bullseye-updates main contrib',
  '',
  '# security updates',
  'deb http://security.debian.org/debian-security bullseye-security main contrib',
  '',
].join('\n');

export const PMG_LIST_BULLSEYE = 'deb http://download.proxmox.com/debian/pmg bullseye pmg-no-subscription\n';

export const PMG_CONF = [
  'section: admin',
  '\temail postmaster@example.net',
  '',
  'section: mail',
  '\trelay 192.0.2.25',
  '',
  'section: spam',
  '\tlanguages all',
  '',
].join('\n');

const MAIL_UNITS = ['postfix', 'pmg-smtp-filter', 'pmgpolicy', 'pmgdaemon', 'pmgproxy'];

/** A plain, untouched PMG 7.3 host on Debian 11 with PostgreSQL 13, as the probe reports it. */
export function pmg7Host(): HostFacts {
  const units: Record<string, UnitFact> = {};
  for (const name of MAIL_UNITS) {
    units[`${name}.service`] = unit('active');
  }
  units['pmgmirror.service'] = unit('inactive');
  units['pmgtunnel.service'] = unit('inactive');
  units['clamav-daemon.service'] = unit('active');
  units['clamav-freshclam.service'] = unit('active');
  units['clamav-clamonacc.service'] = unit('inactive', 'disabled');
  units['postgresql.service'] = unit('active');
  units['postgresql@13-main.service'] = unit('active', 'enabled-runtime');
  units['systemd-timesyncd.service'] = unit('active');
  units['ssh.service'] = unit('active');

  return {
    factsVersion: 1,
    probedAt: '2026-12-01T10:00:00Z',
    target: 'ssh:root@pmg1:22',
    identity: { hostname: 'pmg1', fqdn: 'pmg1.example.net', machineId: '0123456789abcdef0123456789abcdef' },
    os: { id: 'debian', versionId: '11', codename: 'bullseye', prettyName: 'Debian GNU/Linux 11 (bullseye)', debianVersion: '11.11' },
    kernel: { release: '5.15.158-2-pve', machine: 'x86_64' },
    boot: { efi: false, proxmoxBootTool: false, bootedAt: 1_700_000_500 },
    system: { state: 'running', waitedSeconds: 0, container: null, vm: 'kvm' },
    packages: {
      'proxmox-mailgateway': pkg('7.3-2'),
      'pmg-api': pkg('7.3-12'),
      'pmg-gui': pkg('3.3-4'),
      'linux-image-amd64': pkg('5.10.226-1'),
      'linux-image-5.10.0-33-amd64': pkg('5.10.226-1'),
      'postgresql-13': pkg('13.16-0+deb11u1'),
      'postgresql-client-13': pkg('13.16-0+deb11u1'),
      'postgresql-common': pkg('225+deb11u1'),
      postgresql: pkg('13+225'),
      postfix: pkg('3.5.25-0+deb11u1'),
      'clamav-daemon': pkg('1.0.7+dfsg-1~deb11u2'),
      'clamav-freshclam': pkg('1.0.7+dfsg-1~deb11u2'),
      'openssh-server': pkg('1:8.4p1-5+deb11u3'),
      'base-files': pkg('11.1+deb11u11'),
      libc6: pkg('2.31-13+deb11u11'),
      systemd: pkg('247.3-7+deb11u6'),
      'grub-pc': pkg('2.06-3~deb11u6'),
    },
    conffiles: [
      { path: '/etc/issue', package: 'base-files', recordedMd5: md5('Debian GNU/Linux 11 \\n \\l\n'), currentMd5: md5('Debian GNU/Linux 11 \\n \\l\n'), obsolete: false },
      { path: '/etc/ssh/sshd_config', package: 'openssh-server', recordedMd5: md5('sshd stock'), currentMd5: md5('sshd stock'), obsolete: false },
    ],
    dpkg: { interrupted: false, auditLines: [] },
    apt: {
      files: [
        { path: '/etc/apt/sources.list', format: 'list', sha256: sha256(BULLSEYE_SOURCES), content: BULLSEYE_SOURCES, redacted: false },
        { path: '/etc/apt/sources.list.d/pmg.list', format: 'list', sha256: sha256(PMG_LIST_BULLSEYE), content: PMG_LIST_BULLSEYE, redacted: false },
      ],
      listedSuites: [
        'deb.debian.org_debian_dists_bullseye',
        'deb.debian.org_debian_dists_bullseye-updates',
        'security.debian.org_debian-security_dists_bullseye-security',
        'download.proxmox.com_debian_pmg_dists_bullseye',
      ],
      pending: { install: [], remove: [], error: null },
      held: [],
    },
    units,
    postgres: {
      clusters: [cluster(13, 5432, [...DEFAULT_DATABASES, 'Proxmox_ruledb'])],
      createclusterConf: null,
    },
    pmg: {
      pmgConf: fileFact('/etc/pmg/pmg.conf', PMG_CONF),
      clusterConf: null,
      templateOverrides: [],
      backups: [],
    },
    disk: [
      { path: '/', mountPoint: '/', sizeBytes: 32_000_000_000, availableBytes: 20_000_000_000 },
      { path: '/var/lib/postgresql', mountPoint: '/', sizeBytes: 32_000_000_000, availableBytes: 20_000_000_000 },
      { path: '/var/cache/apt/archives', mountPoint: '/', sizeBytes: 32_000_000_000, availableBytes: 20_000_000_000 },
    ],
    network: {
      interfaces: [
        { name: 'lo', mac: null, addresses: ['127.0.0.1/8'], up: true, predictableName: null },
        { name: 'eth0', mac: '52:54:00:12:34:56', addresses: ['192.0.2.10/24'], up: true, predictableName: 'ens18' },
      ],
      hostnameAddresses: ['192.0.2.10'],
      interfacesFile: null,
      linkFiles: [],
    },
    ssh: { rootConfigExists: false, rootConfigCipherLines: [] },
    certificates: [
      { path: '/etc/pmg/pmg-api.pem', keyType: 'rsa', keyBits: 4096 },
      { path: '/etc/pmg/pmg-tls.pem', keyType: 'rsa', keyBits: 2048 },
    ],
    dkms: { installed: false, statusLines: [] },
    clamav: { onAccessSettings: [] },
    locale: { lang: 'en_US.UTF-8', available: ['C', 'C.UTF-8', 'POSIX', 'en_US.utf8'] },
    mailQueueCount: 0,
    pmgup: { lock: null, journal: [], journalCorruptLines: 0, detachedSteps: [] },
  };
}

/** Returns a deep copy, so a test can modify facts without touching another test's. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

// Setters that move a host through the upgrade procedure the way the real
// commands change it. Each returns a modified copy and leaves its input alone.

/** When the dist-upgrade in these facts unpacked its packages (epoch seconds). */
export const UPGRADED_AT = 1_700_100_000;

/** When the host booted again after the upgrade (epoch seconds). */
export const REBOOTED_AT = 1_700_200_000;

export const BOOKWORM_SOURCES = BULLSEYE_SOURCES.replace(/bullseye/g, 'bookworm');

export const PMG_LIST_BOOKWORM = 'deb http://download.proxmox.com/debian/pmg bookworm pmg-no-subscription\n';

export const CLUSTER_CONF = [
  'master: 1',
  '\tip 192.0.2.11',
  '\tmaxcid 2',
  '\tname pmg1',
  '',
  'node: 2',
  '\tip 192.0.2.12',
  '\tname pmg2',
  '',
].join('\n');

/** Replaces (or adds) one apt sources file, with its checksum. */
export function withAptFile(facts: HostFacts, path: string, content: string, format: 'list' | 'sources' = 'list'): HostFacts {
  const next = clone(facts);
  const file = { path, format, sha256: sha256(content), content, redacted: false };
  const index = next.apt.files.findIndex((item) => item.path === path);
  if (index >= 0) {
    next.apt.files[index] = file;
  } else {
    next.apt.files.push(file);
  }

  return next;
}

/** `pmgbackup backup` wrote an archive at `modifiedAt` (epoch seconds). */
export function withBackup(facts: HostFacts, modifiedAt: number): HostFacts {
  const next = clone(facts);
  next.pmg.backups.unshift({ path: `/var/lib/pmg/backup/pmg-backup_${modifiedAt}.tgz`, sizeBytes: 120_000, modifiedAt });

  return next;
}

/** Returns a copy whose Debian and PMG entries name bookworm. */
export function withSourcesRewritten(facts: HostFacts): HostFacts {
  return withAptFile(withAptFile(facts, '/etc/apt/sources.list', BOOKWORM_SOURCES), '/etc/apt/sources.list.d/pmg.list', PMG_LIST_BOOKWORM);
}

/** `apt-get remove` left the packages in the config-files state. */
export function withPackagesRemoved(facts: HostFacts, names: string[] = ['linux-image-amd64']): HostFacts {
  const next = clone(facts);
  for (const name of names) {
    next.packages[name] = { ...next.packages[name], status: 'config-files', want: 'deinstall' };
  }

  return next;
}

/** `apt-get update` fetched the bookworm lists; the simulation now shows the whole upgrade pending. */
export function withListsUpdated(facts: HostFacts): HostFacts {
  const next = clone(facts);
  next.apt.listedSuites = [
    'deb.debian.org_debian_dists_bookworm',
    'deb.debian.org_debian_dists_bookworm-updates',
    'security.debian.org_debian-security_dists_bookworm-security',
    'download.proxmox.com_debian_pmg_dists_bookworm',
  ];
  next.apt.pending.install = [
    { name: 'proxmox-mailgateway', version: '8.1.2', from: '7.3-2' },
    { name: 'pmg-api', version: '8.1.4', from: '7.3-12' },
    { name: 'postgresql-15', version: '15.8-0+deb12u1', from: null },
    { name: 'libc6', version: '2.36-9+deb12u8', from: '2.31-13+deb11u11' },
  ];

  return next;
}

/**
 * Returns a copy after early-upgrade: packages outside PMG, Postfix,
 * PostgreSQL, ClamAV and Perl are at their new versions, so apt reports
 * only held packages as pending.
 */
export function withEarlyUpgraded(facts: HostFacts): HostFacts {
  const next = clone(facts);
  next.packages.libc6 = pkg('2.36-9+deb12u8');
  next.apt.pending.install = next.apt.pending.install.filter((entry) => entry.name !== 'libc6');

  return next;
}

/** Returns a copy with the mail units and cluster daemons stopped and masked. */
export function withServicesStopped(facts: HostFacts): HostFacts {
  const next = clone(facts);
  for (const name of [...MAIL_UNITS, 'pmgmirror', 'pmgtunnel']) {
    next.units[`${name}.service`] = maskedUnit();
  }

  return next;
}

const BOOKWORM_PACKAGES: Record<string, string> = {
  'proxmox-mailgateway': '8.1.2',
  'pmg-api': '8.1.4',
  'pmg-gui': '4.1.2',
  'postgresql-15': '15.8-0+deb12u1',
  'postgresql-client-15': '15.8-0+deb12u1',
  'postgresql-common': '248',
  postgresql: '15+248',
  postfix: '3.7.11-0+deb12u1',
  'clamav-daemon': '1.0.7+dfsg-1~deb12u1',
  'clamav-freshclam': '1.0.7+dfsg-1~deb12u1',
  'openssh-server': '1:9.2p1-2+deb12u3',
  'base-files': '12.4+deb12u7',
  libc6: '2.36-9+deb12u8',
  systemd: '252.30-1~deb12u2',
  'grub-pc': '2.06-13+deb12u1',
  'proxmox-default-kernel': '1.1.0',
  'proxmox-kernel-6.5.13-6-pve-signed': '6.5.13-6',
};

/**
 * `apt-get dist-upgrade` finished: bookworm, PMG 8, postgresql-15 with its
 * auto-created empty 15/main on port 5433, and clamav-clamonacc enabled and
 * failed as the bookworm ClamAV packages leave it.
 */
export function withDistUpgraded(facts: HostFacts, at = UPGRADED_AT): HostFacts {
  const next = clone(facts);
  next.os = { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)', debianVersion: '12.7' };
  for (const [name, version] of Object.entries(BOOKWORM_PACKAGES)) {
    next.packages[name] = pkg(version, { unpackedAt: at });
  }
  next.conffiles = [
    { path: '/etc/issue', package: 'base-files', recordedMd5: md5('Debian GNU/Linux 12 \\n \\l\n'), currentMd5: md5('Debian GNU/Linux 12 \\n \\l\n'), obsolete: false },
    { path: '/etc/ssh/sshd_config', package: 'openssh-server', recordedMd5: md5('sshd stock 12'), currentMd5: md5('sshd stock 12'), obsolete: false },
  ];
  next.apt.pending = { install: [], remove: [], error: null };
  next.postgres.clusters.push(cluster(15, 5433, [...DEFAULT_DATABASES]));
  next.units['postgresql@15-main.service'] = unit('active', 'enabled-runtime');
  next.units['clamav-clamonacc.service'] = unit('failed', 'enabled');

  return next;
}

/** `systemctl disable --now clamav-clamonacc`. */
export function withUnitsDisabled(facts: HostFacts): HostFacts {
  const next = clone(facts);
  next.units['clamav-clamonacc.service'] = unit('inactive', 'disabled');

  return next;
}

/** `pg_dropcluster --stop 15 main`. */
export function withTargetClusterDropped(facts: HostFacts): HostFacts {
  const next = clone(facts);
  next.postgres.clusters = next.postgres.clusters.filter((item) => item.version !== 15);
  delete next.units['postgresql@15-main.service'];

  return next;
}

/**
 * Returns a copy after `pg_upgradecluster 13 main`: 15/main contains the
 * database on 5432, and 13/main is down on 5433 with start mode manual.
 */
export function withClusterUpgraded(facts: HostFacts): HostFacts {
  const next = clone(facts);
  next.postgres.clusters = [
    cluster(13, 5433, null, { startMode: 'manual' }),
    cluster(15, 5432, [...DEFAULT_DATABASES, 'Proxmox_ruledb']),
  ];
  next.units['postgresql@13-main.service'] = unit('inactive', 'enabled-runtime');
  next.units['postgresql@15-main.service'] = unit('active', 'enabled-runtime');

  return next;
}

/** `systemctl unmask` of the mail units, without starting them. */
export function withServicesUnmasked(facts: HostFacts): HostFacts {
  const next = clone(facts);
  for (const name of MAIL_UNITS) {
    next.units[`${name}.service`] = unit('inactive');
  }

  return next;
}

/** Returns a copy rebooted into the new kernel, where the unmasked mail units started at boot. */
export function withRebooted(facts: HostFacts, at = REBOOTED_AT): HostFacts {
  const next = clone(facts);
  next.boot.bootedAt = at;
  next.kernel.release = '6.5.13-6-pve';
  for (const name of MAIL_UNITS) {
    if (next.units[`${name}.service`].loadState !== 'masked') {
      next.units[`${name}.service`] = unit('active');
    }
  }

  return next;
}

/** `apt purge postgresql-13 postgresql-client-13`, which also removed the 13/main cluster. */
export function withOldPostgresPurged(facts: HostFacts): HostFacts {
  const next = clone(facts);
  for (const name of ['postgresql-13', 'postgresql-client-13']) {
    next.packages[name] = pkg('', { status: 'not-installed', want: 'purge', unpackedAt: null });
  }
  next.postgres.clusters = next.postgres.clusters.filter((item) => item.version !== 13);
  delete next.units['postgresql@13-main.service'];

  return next;
}

/** `systemctl unmask` of the cluster daemons; `running` for a cluster member that also started them. */
export function withClusterUnitsUnmasked(facts: HostFacts, running = false): HostFacts {
  const next = clone(facts);
  for (const name of ['pmgmirror', 'pmgtunnel']) {
    next.units[`${name}.service`] = unit(running ? 'active' : 'inactive');
  }

  return next;
}

/** Returns a copy that is a PMG cluster member: cluster.conf with a master and a node, cluster daemons running. */
export function asClusterMember(facts: HostFacts): HostFacts {
  const next = clone(facts);
  next.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', CLUSTER_CONF);
  for (const name of ['pmgmirror', 'pmgtunnel']) {
    if (next.units[`${name}.service`].loadState !== 'masked') {
      next.units[`${name}.service`] = unit('active');
    }
  }

  return next;
}

/** Returns a host that finished the whole procedure: PMG 8 on bookworm, database on 15/main, rebooted, 13 purged. */
export function pmg8Host(): HostFacts {
  const steps: ((facts: HostFacts) => HostFacts)[] = [
    withSourcesRewritten,
    (facts) => withPackagesRemoved(facts),
    withListsUpdated,
    withServicesStopped,
    (facts) => withDistUpgraded(facts),
    withUnitsDisabled,
    withTargetClusterDropped,
    withClusterUpgraded,
    withServicesUnmasked,
    (facts) => withRebooted(facts),
    withOldPostgresPurged,
    (facts) => withClusterUnitsUnmasked(facts),
  ];

  return steps.reduce((facts, step) => step(facts), pmg7Host());
}
