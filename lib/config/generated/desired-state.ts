// Generated from the JSON Schema by `npm run gen` (json-schema-to-typescript).
// Do not edit: change the schema and run `npm run gen` again.

/**
 * A Debian version.
 *
 * This interface was referenced by `DesiredState`'s JSON-Schema
 * via the `definition` "debianVersion".
 */
export type DebianVersion = string;
/**
 * A Debian package name.
 *
 * This interface was referenced by `DesiredState`'s JSON-Schema
 * via the `definition` "packageName".
 */
export type PackageName = string;
/**
 * A systemd unit name.
 *
 * This interface was referenced by `DesiredState`'s JSON-Schema
 * via the `definition` "unitName".
 */
export type UnitName = string;
/**
 * `keep` the installed file, install the `maintainer`'s version, or `stop` the plan until you decide.
 *
 * This interface was referenced by `DesiredState`'s JSON-Schema
 * via the `definition` "conffileAnswer".
 */
export type ConffileAnswer = 'keep' | 'maintainer' | 'stop';
/**
 * An http, https or ftp URI without credentials.
 *
 * This interface was referenced by `DesiredState`'s JSON-Schema
 * via the `definition` "uri".
 */
export type Uri = string;
/**
 * A PostgreSQL cluster name.
 *
 * This interface was referenced by `DesiredState`'s JSON-Schema
 * via the `definition` "clusterName".
 */
export type ClusterName = string;
/**
 * A PostgreSQL database name.
 *
 * This interface was referenced by `DesiredState`'s JSON-Schema
 * via the `definition` "databaseName".
 */
export type DatabaseName = string;
/**
 * An absolute path without spaces, quotes or shell characters.
 *
 * This interface was referenced by `DesiredState`'s JSON-Schema
 * via the `definition` "absolutePath".
 */
export type AbsolutePath = string;

/**
 * The end state of a Proxmox Mail Gateway host after the upgrade from 7 to 8, and the policies pmgup follows to reach it. Every key has a default, so an empty file describes a standard PMG 8 host. Keys left out take their defaults. A table that the file sets gets the defaults of the keys it leaves out.
 */
export interface DesiredState {
  /**
   * Debian release.
   */
  release?: {
    /**
     * Debian release of the end state. pmgup upgrades bullseye (PMG 7) to bookworm (PMG 8) only.
     */
    codename?: 'bookworm';
    /**
     * Debian release the hosts start from.
     */
    from?: 'bullseye';
  };
  /**
   * APT sources after the upgrade. Debian entries (main, updates, security) are switched to the new release in place, keeping their URIs and options.
   */
  apt?: {
    /**
     * PMG repository the host uses after the upgrade: `pmg-enterprise` (needs a subscription), `pmg-no-subscription` or `pmgtest`.
     */
    pmg_repository?: 'enterprise' | 'no-subscription' | 'test';
    /**
     * URI of the PMG repository. Default: the URI of the host's existing PMG entry, else https://enterprise.proxmox.com/debian/pmg for the enterprise repository and http://download.proxmox.com/debian/pmg for the others.
     */
    pmg_uri?: string;
    /**
     * Entries that are neither Debian nor PMG and still name the old release. `stop` makes the plan unappliable until you decide. `disable` comments them out. `rewrite` switches them to the new release, which is safe only when you know the repository has it. `keep` leaves them as they are.
     */
    third_party?: 'stop' | 'disable' | 'rewrite' | 'keep';
    /**
     * Debian `bullseye-backports` entries: comment them out, or switch them to `bookworm-backports`.
     */
    backports?: 'disable' | 'rewrite';
    /**
     * Add the `non-free-firmware` component to Debian entries that carry `non-free`, because bookworm moved firmware there.
     */
    non_free_firmware?: boolean;
  };
  /**
   * Packages.
   */
  packages?: {
    /**
     * Packages that must be installed, with the lowest acceptable version (Debian version ordering). Setting it replaces the default table as a whole, so repeat the entries you still want.
     */
    minimum?: {
      [k: string]: DebianVersion;
    };
    /**
     * Packages removed before the dist-upgrade. `linux-image-amd64` conflicts with PMG 8 on hosts installed on plain Debian. Setting it replaces the default list as a whole.
     */
    absent?: PackageName[];
    /**
     * Packages purged at the very end, once the database is served by the new PostgreSQL and the host has been verified. Setting it replaces the default list as a whole.
     */
    purge_after_upgrade?: PackageName[];
  };
  /**
   * The PMG database.
   */
  postgresql?: {
    /**
     * PostgreSQL major version that must serve the PMG database.
     */
    major?: 15;
    /**
     * PostgreSQL major version PMG 7 uses.
     */
    from_major?: 13;
    /**
     * Cluster name.
     */
    cluster?: string;
    /**
     * Port the cluster listens on; PMG connects to 5432.
     */
    port?: number;
    /**
     * Database that must survive the upgrade.
     */
    database?: string;
    /**
     * `pg_upgradecluster --method`. `dump` (dump and restore) is what the PMG procedure recommends; it needs free space for a second copy of the database.
     */
    upgrade_method?: 'dump' | 'upgrade' | 'link' | 'clone';
  };
  /**
   * systemd units.
   */
  services?: {
    /**
     * Units stopped and masked during the upgrade, then unmasked and running. A name without a suffix means `.service`. Setting it replaces the default list as a whole.
     */
    running?: UnitName[];
    /**
     * Cluster daemons: stopped and masked during the upgrade on every host, unmasked at the very end, and running on cluster members. Setting it replaces the default list as a whole.
     */
    cluster_running?: UnitName[];
    /**
     * Units disabled and stopped. The ClamAV on-access scanner slows PMG down and the bookworm packages may enable it. Setting it replaces the default list as a whole.
     */
    disabled?: UnitName[];
  };
  /**
   * Configuration files changed both locally and by the new package.
   */
  conffiles?: {
    /**
     * Answer for every configuration file dpkg asks about that `files` does not name.
     */
    default?: 'keep' | 'maintainer' | 'stop';
    /**
     * Answer per configuration file: `keep` your version, install the `maintainer`'s version, or `stop` the plan until you decide. Setting it replaces the default table as a whole, so repeat the entries you still want.
     */
    files?: {
      [k: string]: ConffileAnswer;
    };
  };
  /**
   * PMG template overrides.
   */
  templates?: {
    /**
     * What to do with an override in /etc/pmg/templates whose shipped template changes: `keep` it, `remove` it so the shipped template applies, or `stop` until you decide.
     */
    default?: 'keep' | 'remove' | 'stop';
    /**
     * Answer per override, by file name.
     */
    files?: {
      [k: string]: 'keep' | 'remove' | 'stop';
    };
    /**
     * Remove `stats_temp_directory` from a `postgresql.conf.in` override before the upgrade, because PostgreSQL 15 refuses to start with it.
     */
    remove_obsolete_settings?: boolean;
  };
  /**
   * Backup before the upgrade.
   */
  backup?: {
    /**
     * Run `pmgbackup backup` before the first change.
     */
    required?: boolean;
    /**
     * A backup archive younger than this counts as fresh, so a resumed upgrade does not back up again. 0 always backs up.
     */
    max_age_hours?: number;
  };
  /**
   * Reboot.
   */
  reboot?: {
    /**
     * Reboot after the upgrade. Without a reboot the host keeps running the old kernel and libraries until you reboot it.
     */
    allowed?: boolean;
    /**
     * How long to wait for SSH and for systemd to finish starting after the reboot.
     */
    timeout_seconds?: number;
  };
  /**
   * Network.
   */
  network?: {
    /**
     * Write systemd .link files that pin each interface name to its MAC address before the reboot, so a renamed interface cannot cut the host off the network.
     */
    pin_interface_names?: boolean;
  };
}
