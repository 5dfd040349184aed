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
