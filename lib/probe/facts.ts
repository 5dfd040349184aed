/**
 * Typed facts about one host, as the read-only probe observed them. This is
 * the contract between `lib/probe` (which produces facts) and the pure plan
 * core (which only reads them). Recorded facts files (`pmgup probe --out`)
 * hold exactly this structure, so a change here is a format change: bump
 * FACTS_VERSION when a field changes meaning or disappears.
 *
 * Conventions: paths are absolute; times are Unix epoch seconds; sizes are
 * bytes; `null` means the probe looked and found nothing (file missing,
 * command not installed), which is itself a fact.
 */

export const FACTS_VERSION = 1;

export interface HostFacts {
  factsVersion: typeof FACTS_VERSION;
  /** When the probe ran, ISO 8601 in UTC, taken from the host's clock. */
  probedAt: string;
  /** How pmgup reached the host: `ssh:root@gw1:22`, `local`. */
  target: string;
  identity: IdentityFacts;
  os: OsFacts;
  kernel: KernelFacts;
  boot: BootFacts;
  system: SystemFacts;
  /**
   * Every package dpkg has a status for, by name (architecture qualifiers
   * dropped). Packages that are not installed and whose selection is
   * `unknown` or `purge` are left out. A package installed for several
   * architectures appears once, with the native or `all` one preferred.
   */
  packages: Record<string, PackageFact>;
  conffiles: ConffileFact[];
  dpkg: DpkgFacts;
  apt: AptFacts;
  /** The units the plan and the checks look at, by full unit name (`postfix.service`). */
  units: Record<string, UnitFact>;
  postgres: PostgresFacts;
  pmg: PmgFacts;
  /**
   * Free space where the upgrade writes: `/`, `/var`, `/var/cache/apt/archives`,
   * `/var/lib/postgresql`, `/boot`. A path that does not exist, or that df
   * could not measure in time, is left out.
   */
  disk: DiskFact[];
  network: NetworkFacts;
  ssh: SshFacts;
  /** `/etc/pmg/pmg-api.pem` and `/etc/pmg/pmg-tls.pem`, each only when the file exists. */
  certificates: CertificateFact[];
  dkms: DkmsFacts;
  clamav: ClamavFacts;
  locale: LocaleFacts;
  /**
   * Messages in the Postfix queue: the request count `postqueue -p` reports,
   * or, when it reports none (Postfix stopped), the number of files in the
   * spool's queue directories. Null when neither postqueue nor the spool exists.
   */
  mailQueueCount: number | null;
  /** What earlier pmgup runs left on the host: lock, journal, a detached step. */
  pmgup: PmgupStateFacts;
  /**
   * The upgrade simulated against the target release in a scratch
   * directory (`pmgup plan --simulate`, lib/probe/simulate.sh). Absent or
   * null when no simulation ran: facts recorded without one stay valid.
   */
  simulation?: SimulationFacts | null;
}

export interface IdentityFacts {
  hostname: string;
  fqdn: string;
  /** `/etc/machine-id`: the identity a saved plan is bound to. */
  machineId: string;
}

export interface OsFacts {
  /** `ID` from /etc/os-release, `debian` on PMG. */
  id: string;
  /** `VERSION_ID`, `11` or `12`. */
  versionId: string;
  /** `VERSION_CODENAME`, `bullseye` or `bookworm`. */
  codename: string;
  prettyName: string;
  /** Contents of /etc/debian_version, for example `11.9`. */
  debianVersion: string;
}

export interface KernelFacts {
  /** `uname -r` of the running kernel. */
  release: string;
  /** `uname -m`. */
  machine: string;
}

export interface BootFacts {
  /** `/sys/firmware/efi` is a directory. */
  efi: boolean;
  /** `/etc/kernel/proxmox-boot-uuids` exists. */
  proxmoxBootTool: boolean;
  /** Boot time of the running system: when PID 1 started (/proc/stat `btime` plus its start time), so a container reports its own boot. */
  bootedAt: number;
}

export interface SystemFacts {
  /** `systemctl is-system-running` after the probe's bounded wait: running, degraded, starting, … */
  state: string;
  /** Seconds the probe waited for a starting system; 0 when it was already up. */
  waitedSeconds: number;
  /** `systemd-detect-virt --container`, or null on bare metal and VMs. */
  container: string | null;
  /** `systemd-detect-virt --vm`, or null when not a VM. */
  vm: string | null;
}

/** One package's dpkg status (`dpkg-query -W`). */
export interface PackageFact {
  version: string;
  architecture: string;
  /** Selection state: what the administrator asked dpkg for. */
  want: 'unknown' | 'install' | 'hold' | 'deinstall' | 'purge';
  status:
    | 'not-installed'
    | 'config-files'
    | 'half-installed'
    | 'unpacked'
    | 'half-configured'
    | 'triggers-awaited'
    | 'triggers-pending'
    | 'installed';
  /** dpkg's error flag: `reinst-required` when the package needs reinstalling. */
  reinstallRequired: boolean;
  /** mtime of `/var/lib/dpkg/info/<pkg>.list`: when dpkg last unpacked it. */
  unpackedAt: number | null;
}

/** A conffile dpkg tracks, with the checksum it recorded and the file's current one. */
export interface ConffileFact {
  path: string;
  package: string;
  /** md5 dpkg recorded for the version installed; `newconffile` while unpacking. */
  recordedMd5: string;
  /** md5 of the file on disk, or null when the file is missing. */
  currentMd5: string | null;
  obsolete: boolean;
}

export interface DpkgFacts {
  /** `/var/lib/dpkg/updates` holds files: an earlier dpkg run was interrupted. */
  interrupted: boolean;
  /** Lines of `dpkg --audit`; empty when dpkg sees nothing wrong. */
  auditLines: string[];
}

export interface AptFacts {
  /** `/etc/apt/sources.list` (when it exists) and every `*.list` / `*.sources` in `sources.list.d`, in apt's order. */
  files: AptSourceFile[];
  /**
   * Release files in /var/lib/apt/lists, named as apt names them without the
   * `_Release`/`_InRelease` suffix: `deb.debian.org_debian_dists_bookworm`.
   */
  listedSuites: string[];
  /** `apt-get -s dist-upgrade` against the current lists: what would change now. */
  pending: AptSimulation;
  /** Packages whose dpkg selection is `hold`, sorted: what `apt-mark showhold` lists. */
  held: string[];
}

/** An apt sources file. `content` has any `user:password@` in URIs replaced by `***@`. */
export interface AptSourceFile {
  path: string;
  format: 'list' | 'sources';
  /** sha256 of the file as it is on disk, credentials included. */
  sha256: string;
  content: string;
  /** Whether the real file contains credentials that `content` hides. */
  redacted: boolean;
}

export interface AptSimulation {
  /** `Inst` lines: package, new version, and the old version when it upgrades. */
  install: { name: string; version: string; from: string | null }[];
  /** `Remv` lines. */
  remove: string[];
  /** apt-get's own error output when the simulation failed, else null. */
  error: string | null;
}

/** `systemctl show` properties of one unit. */
export interface UnitFact {
  /** loaded, not-found, masked, bad-setting, error */
  loadState: string;
  /** active, inactive, failed, activating, deactivating, reloading */
  activeState: string;
  subState: string;
  /** enabled, disabled, masked, static, indirect, generated, or '' when unknown */
  unitFileState: string;
}

export interface PostgresFacts {
  /** `pg_lsclusters`, with what each online cluster holds. Empty when postgresql-common is missing. */
  clusters: PgClusterFact[];
  /** `/etc/postgresql-common/createcluster.conf`, or null. */
  createclusterConf: FileFact | null;
  /**
   * The `*.conf` files in /etc/postgresql-common/createcluster.d, in name
   * order. Absent in facts recorded before the probe read that directory.
   */
  createclusterDropIns?: FileFact[];
}

export interface PgClusterFact {
  version: number;
  name: string;
  port: number;
  status: 'online' | 'down';
  owner: string;
  dataDirectory: string;
  logFile: string;
  /** `start.conf`: auto, manual or disabled. */
  startMode: string;
  /** Database names, or null when the cluster is down and could not be asked. */
  databases: string[] | null;
  /** Sum of `pg_database_size` over all databases, or null when down. */
  sizeBytes: number | null;
}

export interface PmgFacts {
  pmgConf: FileFact | null;
  clusterConf: FileFact | null;
  /** Files in /etc/pmg/templates and the shipped file of the same name in /var/lib/pmg/templates. */
  templateOverrides: TemplateOverrideFact[];
  /** Archives in /var/lib/pmg/backup, newest first. Contents are never read. */
  backups: { path: string; sizeBytes: number; modifiedAt: number }[];
}

export interface TemplateOverrideFact {
  name: string;
  override: FileFact;
  /** The shipped template, or null when PMG ships no file of that name. */
  shipped: FileFact | null;
}

/** A small text file read whole. Files larger than 1 MiB keep only their checksum. */
export interface FileFact {
  path: string;
  sha256: string;
  sizeBytes: number;
  /** The text, or null when the file is larger than 1 MiB or not valid UTF-8. */
  content: string | null;
}

export interface DiskFact {
  /** The path asked about. */
  path: string;
  /** The mount point that holds it. */
  mountPoint: string;
  sizeBytes: number;
  availableBytes: number;
}

export interface NetworkFacts {
  interfaces: InterfaceFact[];
  /** What the host's own name resolves to (`getent ahosts`), loopback included. */
  hostnameAddresses: string[];
  /** `/etc/network/interfaces`, or null. */
  interfacesFile: FileFact | null;
  /** Files in /etc/systemd/network ending in `.link`. */
  linkFiles: string[];
}

export interface InterfaceFact {
  name: string;
  mac: string | null;
  /** Addresses with prefix length, for example `192.0.2.10/24`. */
  addresses: string[];
  up: boolean;
  /** udev's predictable name for this device under the running systemd (`ID_NET_NAME`), if any. */
  predictableName: string | null;
}

export interface SshFacts {
  /** /root/.ssh/config exists. */
  rootConfigExists: boolean;
  /** `Ciphers` lines from /root/.ssh/config with their line numbers. */
  rootConfigCipherLines: { line: number; text: string }[];
}

/** Public key of a PMG certificate; the private key is never read. */
export interface CertificateFact {
  path: string;
  /** rsa, ec, or whatever `openssl x509 -text` names. */
  keyType: string | null;
  keyBits: number | null;
}

export interface DkmsFacts {
  installed: boolean;
  /** `dkms status -k <running kernel>` lines. */
  statusLines: string[];
}

export interface ClamavFacts {
  /** `OnAccess*` settings in /etc/clamav/clamd.conf, as they appear. */
  onAccessSettings: string[];
}

export interface LocaleFacts {
  /** LANG from /etc/default/locale, or null. */
  lang: string | null;
  /** `locale -a`. */
  available: string[];
}

export interface PmgupStateFacts {
  /** Contents of the apply lock on the host, or null when no apply holds it. */
  lock: { pid: number; holder: string; since: string; planId: string } | null;
  /** The last entries of the journal, oldest first; lines that did not parse are counted, not trusted. */
  journal: JournalEntryFact[];
  journalCorruptLines: number;
  /** Transient systemd units pmgup started for long steps (`pmgup-*.service`), with their state. */
  detachedSteps: { unit: string; activeState: string; result: string; exitStatus: number | null }[];
}

export interface JournalEntryFact {
  time: string;
  planId: string;
  actionId: string;
  event: 'start' | 'end' | 'error' | 'note';
  detail: string;
}

/**
 * The release upgrade as apt predicts it with the target release's package
 * lists, and the new versions of the files it will ask about, read from the
 * new packages. Gathered in a scratch directory on the host; nothing of the
 * host's apt or dpkg state changes.
 */
export interface SimulationFacts {
  /** When the simulation started, ISO 8601 in UTC from the host's clock. */
  simulatedAt: string;
  /** How long the simulation took, measured by pmgup, in milliseconds. */
  durationMs: number;
  /** The release the sources were rewritten to. */
  codename: string;
  /** Packages simulated as removed first (`packages.absent` that are installed). */
  removedFirst: string[];
  /** `apt-get update` against the rewritten sources: its error and warning lines, and whether it succeeded. */
  update: { ok: boolean; messages: string[] };
  /**
   * `apt-get -s dist-upgrade`: `remove` lists only packages that are not
   * installed again, because apt prints `Remv` also for a package it
   * removes and reinstalls to break a conflict.
   */
  upgrade: AptSimulation;
  download: SimulatedDownload;
  /** Files ucf manages (ucf's registry and hashfile), which dpkg does not list as conffiles. */
  ucf: UcfFileFact[];
  /** New versions of the files the plan asks about, read from the new packages. */
  files: SimulatedFile[];
  /** Current content of the files the plan shows diffs for, capped like every FileFact. */
  current: FileFact[];
  /** Packages fetched into the scratch directory, with the version fetched; version null when the download failed. */
  packages: { name: string; version: string | null }[];
}

/** What the dist-upgrade downloads, from `apt-get --print-uris`. */
export interface SimulatedDownload {
  packages: number;
  bytes: number;
  /** Bytes of those files already in /var/cache/apt/archives. */
  cachedBytes: number;
}

export interface UcfFileFact {
  path: string;
  package: string;
  /** md5 ucf recorded for the maintainer's version last installed, or null when ucf has none. */
  recordedMd5: string | null;
  /** md5 of the file on disk, or null when it is missing. */
  currentMd5: string | null;
  /**
   * md5 of the file the installed package generates it from, when pmgup
   * knows that source (for example /usr/share/openssh/sshd_config), else null.
   */
  sourceMd5: string | null;
}

/** One file as the new package ships it. */
export interface SimulatedFile {
  /** The path on the host the file becomes: a conffile, a ucf-managed file, or a template in /var/lib/pmg/templates. */
  path: string;
  package: string;
  /**
   * `conffile`: shipped as a conffile; `plain`: shipped as a plain file (ucf
   * sources and templates are plain); `absent`: the new package does not
   * ship it; `nodeb`: the new package could not be downloaded.
   */
  state: 'conffile' | 'plain' | 'absent' | 'nodeb';
  md5: string | null;
  sizeBytes: number | null;
  /** The text, or null when absent, larger than 1 MiB or not valid UTF-8. */
  content: string | null;
}
