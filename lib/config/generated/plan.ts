// Generated from the JSON Schema by `npm run gen` (json-schema-to-typescript).
// Do not edit: change the schema and run `npm run gen` again.

/**
 * Hex SHA-256.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "sha256".
 */
export type Sha256 = string;
/**
 * Name of a host in the plan: the inventory name or the --host value.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "hostName".
 */
export type HostName = string;
/**
 * `HOST/STEP`: unique within the plan.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "actionId".
 */
export type ActionId = string;
/**
 * An absolute path without spaces, quotes or shell characters.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "absolutePath".
 */
export type AbsolutePath = string;
/**
 * Path into the host's facts: dotted fields, with array elements and map entries selected in brackets, such as `units[postfix.service]` or `apt.files[/etc/apt/sources.list]`.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "factKey".
 */
export type FactKey = string;
/**
 * What the action does: a kind from a closed set and its parameters.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "step".
 */
export type Step =
  | RepairDpkgStep
  | BackupStep
  | FixTemplateStep
  | EditAptSourcesStep
  | RemovePackagesStep
  | AptUpdateStep
  | DownloadPackagesStep
  | EarlyUpgradeStep
  | StopUnitsStep
  | DistUpgradeStep
  | ResolveConffilesStep
  | RemoveTemplateOverrideStep
  | DisableUnitsStep
  | DropPgClusterStep
  | UpgradePgClusterStep
  | UnmaskUnitsStep
  | StartUnitsStep
  | RebootStep
  | VerifyStep
  | PurgePackagesStep
  | PinInterfaceNamesStep;
/**
 * A postgresql.conf setting.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "settingName".
 */
export type SettingName = string;
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "aptEdit".
 */
export type AptEdit =
  | {
      op: 'replace-suite';
      line: LineNumber;
      from: Suite;
      to: Suite;
    }
  | {
      op: 'add-component';
      line: LineNumber;
      component: Component;
    }
  | {
      op: 'replace-component';
      line: LineNumber;
      from: Component;
      to: Component;
    }
  | {
      op: 'disable';
      line: LineNumber;
    }
  | {
      op: 'append-entry';
      uri: Uri;
      suite: Suite;
      /**
       * @minItems 1
       */
      components: Component[];
    };
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "lineNumber".
 */
export type LineNumber = number;
/**
 * An apt suite.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "suite".
 */
export type Suite = string;
/**
 * An apt component.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "component".
 */
export type Component = string;
/**
 * An apt repository URI without credentials.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "uri".
 */
export type Uri = string;
/**
 * A Debian package name.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "packageName".
 */
export type PackageName = string;
/**
 * A Debian package name in which `*` stands for any characters, as apt_preferences(5) patterns use it.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "packagePattern".
 */
export type PackagePattern = string;
/**
 * A systemd unit name with its suffix.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "unitName".
 */
export type UnitName = string;
/**
 * keep the installed file, take the maintainer's new one, or stop for the operator.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "conffileAnswer".
 */
export type ConffileAnswer = 'keep' | 'maintainer' | 'stop';
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "pgMajor".
 */
export type PgMajor = number;
/**
 * A PostgreSQL cluster name.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "clusterName".
 */
export type ClusterName = string;
/**
 * A PostgreSQL database name.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "databaseName".
 */
export type DatabaseName = string;
/**
 * A Debian release codename.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "codename".
 */
export type Codename = string;
/**
 * A network interface name.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "interfaceName".
 */
export type InterfaceName = string;
/**
 * A MAC address in lower case.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "macAddress".
 */
export type MacAddress = string;

/**
 * A pmgup plan: the actions that take one or more hosts from their probed state to the desired state. Apply builds every command from the typed actions; nothing in this document is run as text.
 */
export interface Plan {
  /**
   * Major version of this format. pmgup writes 2 and still reads 1, whose desiredState.path is the path as given on the command line. A reader rejects any other.
   */
  formatVersion: 1 | 2;
  tool: {
    name: 'pmgup';
    /**
     * pmgup version that wrote the plan.
     */
    version: string;
  };
  /**
   * When the plan was made, ISO 8601 UTC.
   */
  createdAt: string;
  desiredState: {
    /**
     * What path is relative to: "plan-file" is the folder that holds the plan file, "pmgup" the folder pmgup is installed in, for the desired states it ships under plans/. Required in format 2, absent in format 1.
     */
    relativeTo?: 'plan-file' | 'pmgup';
    /**
     * The desired-state file. In format 2 a relative path with / separators, resolved against relativeTo. In format 1 the path as given on the command line.
     */
    path: string;
    sha256: Sha256;
  };
  /**
   * @minItems 1
   */
  hosts: HostPlan[];
  /**
   * Actions in an order that respects dependsOn.
   */
  actions: Action[];
  diagnostics: Diagnostic[];
  /**
   * Hosts an inventory grouped: clusters, whose members are upgraded one at a time, and named lists of independent hosts. Hosts in no group are independent. Absent in plans of hosts given one by one.
   */
  groups?: HostGroup[];
  /**
   * An error diagnostic exists: the plan must never be applied.
   */
  errored: boolean;
  /**
   * There are actions and no error diagnostic.
   */
  applyable: boolean;
  /**
   * SHA-256 of the canonical JSON of every other property, written by pmgup. A plan whose content no longer matches it was edited after pmgup wrote it and is rejected on load.
   */
  digest?: string;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "hostPlan".
 */
export interface HostPlan {
  name: HostName;
  /**
   * How pmgup reached the host: `ssh:root@gw1:22`, `local`, or `facts:FILE`.
   */
  target: string;
  /**
   * The host's own name.
   */
  hostname: string;
  /**
   * /etc/machine-id, which a saved plan is bound to.
   */
  machineId: string;
  /**
   * Where the host stands in the procedure.
   */
  phase: 'pre-upgrade' | 'upgrading' | 'post-upgrade' | 'done';
  /**
   * SHA-256 of each fact an action depends on, or `absent`.
   */
  fingerprints: {
    [k: string]: string;
  };
  /**
   * The mail downtime as planned: the actions inside it, and an estimate of its length from the model in lib/plan/downtime.ts. Absent when the plan stops no mail service.
   */
  downtime?: {
    /**
     * The actions that run while the mail services are stopped, in plan order.
     */
    actions: ActionId[];
    /**
     * The sum of the parts, or null when a part has no estimate (the upgrade was not simulated).
     */
    estimateSeconds: number | null;
    parts: {
      /**
       * The part of the downtime: the actions or the work it covers.
       */
      what: string;
      /**
       * Estimated seconds, or null when unknown.
       */
      seconds: number | null;
      /**
       * How the seconds were estimated: the figures and the rate used.
       */
      basis: string;
    }[];
  };
}
/**
 * One step of the plan on one host.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "action".
 */
export interface Action {
  id: ActionId;
  host: HostName;
  reason: Reason;
  /**
   * What the action changes, one subject per entry.
   */
  changes: Change[];
  /**
   * Actions that must finish before this one starts.
   */
  dependsOn: ActionId[];
  /**
   * The action runs while the mail services are stopped.
   */
  downtime: boolean;
  /**
   * The action removes data or packages; apply re-checks its precondition on the live host first.
   */
  destructive: boolean;
  /**
   * Unified diffs of the files the action writes, for review only; apply never reads them.
   */
  fileDiffs: FileDiff[];
  /**
   * Facts this action was planned from; a saved plan is stale when one of them changed.
   */
  fingerprintKeys: FactKey[];
  step: Step;
}
/**
 * Why the action exists.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "reason".
 */
export interface Reason {
  /**
   * The desired-state attribute that differs, as a TOML key path, or the procedure step that requires the action.
   */
  attribute: string;
  /**
   * The desired value, as shown to the operator.
   */
  desired: string;
  /**
   * The value the probe found.
   */
  actual: string;
  /**
   * One sentence for the operator.
   */
  text: string;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "change".
 */
export interface Change {
  /**
   * What changes: a package, unit, file, cluster.
   */
  subject: string;
  before: string | null;
  after: string | null;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "fileDiff".
 */
export interface FileDiff {
  path: AbsolutePath;
  diff: string;
}
/**
 * Finish an interrupted dpkg run with `dpkg --configure -a`.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "repairDpkgStep".
 */
export interface RepairDpkgStep {
  kind: 'repair-dpkg';
}
/**
 * Write a PMG backup archive with `pmgbackup backup` before the first change.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "backupStep".
 */
export interface BackupStep {
  kind: 'backup';
}
/**
 * Remove settings that the new PostgreSQL rejects from a template override.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "fixTemplateStep".
 */
export interface FixTemplateStep {
  kind: 'fix-template';
  path: AbsolutePath;
  beforeSha256: Sha256;
  /**
   * postgresql.conf settings whose lines are removed.
   *
   * @minItems 1
   */
  removeSettings: SettingName[];
}
/**
 * Edit one apt sources file line by line, or create it.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "editAptSourcesStep".
 */
export interface EditAptSourcesStep {
  kind: 'edit-apt-sources';
  path: AbsolutePath;
  format: 'list' | 'sources';
  /**
   * Checksum of the file before the edit; null creates the file.
   */
  beforeSha256: Sha256 | null;
  /**
   * Edits in file order.
   *
   * @minItems 1
   */
  edits: AptEdit[];
}
/**
 * Remove packages with apt-get remove.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "removePackagesStep".
 */
export interface RemovePackagesStep {
  kind: 'remove-packages';
  /**
   * Debian package names.
   *
   * @minItems 1
   */
  packages: PackageName[];
}
/**
 * Refresh apt's package lists.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "aptUpdateStep".
 */
export interface AptUpdateStep {
  kind: 'apt-update';
}
/**
 * Download every package the dist-upgrade needs, changing nothing installed.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "downloadPackagesStep".
 */
export interface DownloadPackagesStep {
  kind: 'download-packages';
}
/**
 * Upgrade, while the mail services still run, every package the held ones do not need: apt-get upgrade --with-new-pkgs, which never removes a package, with the held packages pinned to their installed versions.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "earlyUpgradeStep".
 */
export interface EarlyUpgradeStep {
  kind: 'early-upgrade';
  /**
   * The target release; its suites (with -updates, -security, -backports) are the ones pinned.
   */
  codename: string;
  /**
   * Packages that keep their installed version in this step: PMG, Postfix, PostgreSQL, ClamAV, SpamAssassin and Perl.
   *
   * @minItems 1
   */
  hold: PackagePattern[];
}
/**
 * Stop units and mask them so nothing starts them again.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "stopUnitsStep".
 */
export interface StopUnitsStep {
  kind: 'stop-units';
  /**
   * Full systemd unit names.
   *
   * @minItems 1
   */
  units: UnitName[];
  mask: boolean;
}
/**
 * Upgrade every package to the new release with apt-get dist-upgrade.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "distUpgradeStep".
 */
export interface DistUpgradeStep {
  kind: 'dist-upgrade';
  conffileDefault: ConffileAnswer;
  /**
   * Answers for the configuration files dpkg will ask about.
   */
  conffiles: ConffileDecision[];
  /**
   * Set create_main_cluster = false in a pmgup drop-in under /etc/postgresql-common/createcluster.d while apt-get runs, so installing the new PostgreSQL server creates no empty main cluster that would have to be dropped before pg_upgradecluster. Absent means false.
   */
  skipMainCluster?: boolean;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "conffileDecision".
 */
export interface ConffileDecision {
  path: AbsolutePath;
  answer: ConffileAnswer;
}
/**
 * Install or discard the maintainer's version of configuration files after the dist-upgrade.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "resolveConffilesStep".
 */
export interface ResolveConffilesStep {
  kind: 'resolve-conffiles';
  /**
   * @minItems 1
   */
  files: ConffileDecision[];
}
/**
 * Move a PMG template override out of the way, so the template the new PMG ships applies.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "removeTemplateOverrideStep".
 */
export interface RemoveTemplateOverrideStep {
  kind: 'remove-template-override';
  path: AbsolutePath;
  /**
   * Hex SHA-256.
   */
  beforeSha256: string;
  /**
   * An absolute path without spaces, quotes or shell characters.
   */
  movedTo: string;
}
/**
 * Disable units and stop them.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "disableUnitsStep".
 */
export interface DisableUnitsStep {
  kind: 'disable-units';
  /**
   * Full systemd unit names.
   *
   * @minItems 1
   */
  units: UnitName[];
}
/**
 * Drop a PostgreSQL cluster that holds only the default databases.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "dropPgClusterStep".
 */
export interface DropPgClusterStep {
  kind: 'drop-pg-cluster';
  version: PgMajor;
  name: ClusterName;
  /**
   * The cluster is expected to appear during an earlier step; a missing cluster is not an error.
   */
  ifExists: boolean;
}
/**
 * Move a PostgreSQL cluster to a new major version with pg_upgradecluster.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "upgradePgClusterStep".
 */
export interface UpgradePgClusterStep {
  kind: 'upgrade-pg-cluster';
  name: ClusterName;
  fromVersion: PgMajor;
  toVersion: PgMajor;
  method: 'dump' | 'upgrade' | 'link' | 'clone';
  database: DatabaseName;
}
/**
 * Unmask units, and start them when asked.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "unmaskUnitsStep".
 */
export interface UnmaskUnitsStep {
  kind: 'unmask-units';
  /**
   * Full systemd unit names.
   *
   * @minItems 1
   */
  units: UnitName[];
  start: boolean;
}
/**
 * Start units.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "startUnitsStep".
 */
export interface StartUnitsStep {
  kind: 'start-units';
  /**
   * Full systemd unit names.
   *
   * @minItems 1
   */
  units: UnitName[];
}
/**
 * Reboot the host and wait for it to come back on the new release.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "rebootStep".
 */
export interface RebootStep {
  kind: 'reboot';
  expectCodename: Codename;
  timeoutSeconds: number;
}
/**
 * Re-probe the host and check every desired attribute.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "verifyStep".
 */
export interface VerifyStep {
  kind: 'verify';
}
/**
 * Purge packages and their configuration.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "purgePackagesStep".
 */
export interface PurgePackagesStep {
  kind: 'purge-packages';
  /**
   * Debian package names.
   *
   * @minItems 1
   */
  packages: PackageName[];
}
/**
 * Pin network interface names to MAC addresses with systemd .link files.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "pinInterfaceNamesStep".
 */
export interface PinInterfaceNamesStep {
  kind: 'pin-interface-names';
  /**
   * @minItems 1
   */
  links: {
    name: InterfaceName;
    mac: MacAddress;
  }[];
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "diagnostic".
 */
export interface Diagnostic {
  host: HostName;
  /**
   * Stable identifier of the check, such as `pmg-api-version`.
   */
  code: string;
  severity: 'error' | 'warning' | 'notice' | 'info' | 'pass' | 'skip';
  /**
   * What was checked: a package, unit, file.
   */
  subject: string;
  /**
   * What was found, with the value.
   */
  message: string;
  /**
   * What to do about it.
   */
  fix?: string;
  location?: {
    /**
     * File the finding is in.
     */
    file: string;
    line?: number;
    stanza?: number;
  };
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "hostGroup".
 */
export interface HostGroup {
  /**
   * `cluster`: members of one PMG cluster, in upgrade order; a failure stops every member's remaining steps. `hosts`: independent hosts under one name.
   */
  kind: 'cluster' | 'hosts';
  /**
   * Name of the group or cluster in the inventory.
   */
  name: string;
  /**
   * Host names of the plan; for a cluster, in the order its members are upgraded.
   *
   * @minItems 1
   */
  hosts: HostName[];
}
