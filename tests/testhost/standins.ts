/**
 * Stand-ins for Proxmox's packages, which cannot be downloaded on the build
 * machine. They carry only what the 7 → 8 upgrade procedure depends on:
 * versions, dependencies, the tools and units the procedure and pmgup use,
 * the PostgreSQL template and the pmg.conf migration of pmg-api 8.x.
 */

export type Suite = 'bullseye' | 'bookworm';

/** Component of the no-subscription repository, as on a real PMG host. */
export const standinComponent = 'pmg-no-subscription';

export interface StandinPackage {
  name: string;
  version: string;
  suite: Suite;
  /** Control fields beyond Package, Version and Architecture. */
  control: Record<string, string>;
  /** Folders under `standins/` whose content is copied into the package root. */
  trees: string[];
  /** Single files: source under `standins/`, target path in the package. */
  files: Array<{ source: string; target: string }>;
  /** Maintainer scripts: script name to source file under `standins/scripts/`. */
  scripts: Partial<Record<'postinst' | 'prerm' | 'postrm', string>>;
}

const maintainer = 'pmgup test harness <testhost@example.org>';

const runtimeDepends = 'postfix, clamav-daemon, clamav-freshclam, perl, rsync, openssl';

const pmgApiScripts = (major: 7 | 8): StandinPackage['scripts'] => ({
  postinst: `pmg-api-${major}.postinst`,
  prerm: 'pmg-api.prerm',
  postrm: 'pmg-api.postrm',
});

const pmgApiFiles = [{ source: 'scripts/pmg-api-units.sh', target: 'usr/lib/pmg-standin/units.sh' }];

/** Versions of the stand-ins, named by what tests usually ask for. */
export const standinVersions = {
  bullseye: { meta: '7.3-2', api: '7.3-12' },
  bookworm: { meta: '8.2.0', api: '8.2.3', kernel: '1.1.0' },
} as const;

export const standinPackages: StandinPackage[] = [
  {
    name: 'pmg-api',
    version: standinVersions.bullseye.api,
    suite: 'bullseye',
    control: {
      Depends: `postgresql-13, ${runtimeDepends}`,
      Description: 'Proxmox Mail Gateway API server (test stand-in)',
    },
    trees: ['common', 'pmg-api-7'],
    files: pmgApiFiles,
    scripts: pmgApiScripts(7),
  },
  {
    name: 'proxmox-mailgateway',
    version: standinVersions.bullseye.meta,
    suite: 'bullseye',
    control: {
      Depends: `pmg-api (>= ${standinVersions.bullseye.api}), postgresql-13, ${runtimeDepends}`,
      Description: 'Proxmox Mail Gateway meta-package (test stand-in)',
    },
    trees: [],
    files: [],
    scripts: {},
  },
  {
    name: 'pmg-api',
    version: standinVersions.bookworm.api,
    suite: 'bookworm',
    control: {
      Depends: `postgresql-client, ${runtimeDepends}`,
      Description: 'Proxmox Mail Gateway API server (test stand-in)',
    },
    trees: ['common', 'pmg-api-8'],
    files: pmgApiFiles,
    scripts: pmgApiScripts(8),
  },
  {
    // Proxmox's kernels cannot be downloaded here. Debian's cloud kernel is a
    // kernel package family other than linux-image-amd64, so the VM still
    // boots into a new kernel after the upgrade.
    name: 'proxmox-default-kernel',
    version: standinVersions.bookworm.kernel,
    suite: 'bookworm',
    control: {
      Depends: 'linux-image-cloud-amd64',
      Description: 'Default kernel of Proxmox Mail Gateway 8 (test stand-in: Debian cloud kernel)',
    },
    trees: [],
    files: [],
    scripts: {},
  },
  {
    // The bookworm meta-package pulls in PostgreSQL 15 through the `postgresql`
    // meta-package and a kernel through proxmox-default-kernel, and conflicts
    // with Debian's kernel meta-package, as the real one does on hosts
    // installed on top of plain Debian.
    name: 'proxmox-mailgateway',
    version: standinVersions.bookworm.meta,
    suite: 'bookworm',
    control: {
      Depends: `pmg-api (>= ${standinVersions.bookworm.api}), proxmox-default-kernel, postgresql, ${runtimeDepends}`,
      Conflicts: 'linux-image-amd64',
      Description: 'Proxmox Mail Gateway meta-package (test stand-in)',
    },
    trees: [],
    files: [],
    scripts: {},
  },
];

/** Fields every stand-in shares. */
export const commonControl = {
  Maintainer: maintainer,
  Section: 'admin',
  Priority: 'optional',
  Architecture: 'all',
};
