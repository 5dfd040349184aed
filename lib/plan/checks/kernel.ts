/**
 * The running kernel (pmg7to8 checks 3, 4 and 5). Before the upgrade PMG 7
 * runs the Proxmox 5.13, 5.15 or 6.2 kernel. After it, the kernel must be a
 * bookworm build: Proxmox 6.2.16 or later, or any newer series. pmg7to8's
 * PMG 8 copy accepts newer series by testing the minor number alone, so a
 * 7.0 kernel fails there. Here the series are compared as numbers.
 *
 * Debian's own kernels (`-amd64`) run on PMG hosts installed on plain
 * Debian. Before the upgrade they are a warning, because PMG 8 conflicts
 * with `linux-image-amd64`. After it, a bookworm Debian kernel (6.1 or
 * later) works, so it is a notice, unless a Proxmox kernel is installed and
 * was not booted.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts } from '../../probe/facts.js';
import type { Check, CheckContext, Finding } from './context.js';
import { diagnostic, isContainer, isInstalled, listNames, pmgUpgraded } from './context.js';
import type { KernelRelease } from './kernel-release.js';
import {
  compareKernelNumbers,
  isDebianKernel,
  isProxmoxKernel,
  kernelPackageSeries,
  parseKernelRelease,
} from './kernel-release.js';

const CODE = 'running-kernel';
const OLD_KERNEL_PACKAGES = [
  'pve-kernel-5.4',
  'pve-kernel-5.11',
  'pve-kernel-5.13',
  'pve-kernel-5.15',
];

/** Reports whether the running kernel fits the phase; skipped in the container appliance. */
export const checkKernel: Check = (facts, desired, context) => {
  const subject = 'running kernel';

  if (isContainer(facts)) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'skip',
        subject,
        message:
          'The host is a container, which runs the kernel of its host machine; kernel checks do not apply.',
      }),
    ];
  }

  const release = parseKernelRelease(facts.kernel.release);
  if (release === null) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'warning',
        subject,
        message: `The running kernel release ${JSON.stringify(facts.kernel.release)} does not look like X.Y.Z-ABI-FLAVOUR, so pmgup cannot tell whether it fits.`,
        fix: 'Check `uname -r` on the host; boot a Proxmox kernel (`-pve`) if it runs something else.',
      }),
    ];
  }

  if (!pmgUpgraded(facts)) {
    return [diagnostic(context, { subject, ...beforeUpgrade(facts, release) })];
  }

  const after = afterUpgrade(facts, release, desired, context);
  const results = [diagnostic(context, { subject, ...after })];
  if (after.severity === 'pass') {
    results.push(...oldKernelPackages(facts, context));
  }

  return results;
};

type KernelFinding = Omit<Finding, 'subject'>;

function beforeUpgrade(facts: HostFacts, release: KernelRelease): KernelFinding {
  const series = [release.major, release.minor];
  const suitable = [
    [5, 13],
    [5, 15],
    [6, 2],
  ].some((accepted) => compareKernelNumbers(series, accepted) === 0);

  if (suitable) {
    return {
      code: CODE,
      severity: 'pass',
      message: `Kernel ${facts.kernel.release} is from the ${release.major}.${release.minor} series PMG 7 ships.`,
    };
  }

  const installed = installedKernelSeries(facts).filter(
    ([major, minor]) => major === 5 && minor === 15,
  );
  if (installed.length > 0) {
    return {
      code: CODE,
      severity: 'warning',
      message: `pve-kernel-5.15 is installed but the host booted ${facts.kernel.release}.`,
      fix: 'Reboot into the 5.15 Proxmox kernel before the upgrade.',
    };
  }
  if (isDebianKernel(release)) {
    return {
      code: CODE,
      severity: 'warning',
      message: `The host runs Debian's own kernel ${facts.kernel.release}, not a Proxmox kernel; PMG 8 conflicts with Debian's linux-image-amd64 meta-package.`,
      fix: 'Keep linux-image-amd64 in packages.absent so the plan removes it before the dist-upgrade, and make sure the host boots a kernel that stays installed.',
    };
  }

  return {
    code: CODE,
    severity: 'warning',
    message: `Kernel ${facts.kernel.release} is not one PMG 7 ships (5.13, 5.15 or 6.2).`,
    fix: 'Install and boot pve-kernel-5.15 before the upgrade.',
  };
}

function afterUpgrade(
  facts: HostFacts,
  release: KernelRelease,
  desired: Desired,
  context: CheckContext,
): KernelFinding {
  if (isProxmoxKernel(release) && bookwormProxmoxKernel(release, facts.kernel.release)) {
    return {
      code: CODE,
      severity: 'pass',
      message: `Kernel ${facts.kernel.release} is a PMG 8 kernel.`,
    };
  }

  const newerInstalled = installedKernelSeries(facts).some(
    (series) => compareKernelNumbers(series, [6, 2]) >= 0,
  );
  const debianBookworm =
    isDebianKernel(release) && compareKernelNumbers([release.major, release.minor], [6, 1]) >= 0;
  if (debianBookworm && !newerInstalled) {
    return {
      code: CODE,
      severity: 'notice',
      message: `The host runs Debian's bookworm kernel ${facts.kernel.release} rather than a Proxmox kernel.`,
    };
  }

  return rebootFinding(facts.kernel.release, newerInstalled, desired, context);
}

function rebootFinding(
  text: string,
  newerInstalled: boolean,
  desired: Desired,
  context: CheckContext,
): KernelFinding {
  const installed = newerInstalled
    ? 'A PMG 8 kernel is installed but'
    : 'No PMG 8 kernel is installed, and';
  const message = `${installed} the host still runs ${text}, a kernel of the old release.`;

  // Between the dist-upgrade and the reboot the old kernel is expected; the plan reboots.
  if (context.phase === 'upgrading' && desired.reboot.allowed && newerInstalled) {
    return {
      code: CODE,
      severity: 'notice',
      message,
      fix: 'The plan reboots the host into the new kernel.',
    };
  }

  return {
    code: CODE,
    severity: 'warning',
    message,
    fix: newerInstalled
      ? 'Reboot the host into the newest Proxmox kernel.'
      : 'Install the Proxmox kernel (`apt install proxmox-default-kernel`) and reboot into it.',
  };
}

/**
 * Returns whether a `-pve` release is a bookworm build: 6.2.16 or later in
 * the 6.2 series, or any later series. Bullseye's builds of the same series
 * carry `~` in their version.
 */
function bookwormProxmoxKernel(release: KernelRelease, text: string): boolean {
  if (text.includes('~')) {
    return false;
  }

  const series = compareKernelNumbers([release.major, release.minor], [6, 2]);

  return series > 0 || (series === 0 && release.patch >= 16);
}

function installedKernelSeries(facts: HostFacts): [number, number][] {
  return Object.keys(facts.packages)
    .filter((name) => isInstalled(facts, name))
    .map(kernelPackageSeries)
    .filter((series): series is [number, number] => series !== null);
}

function oldKernelPackages(facts: HostFacts, context: CheckContext) {
  const installed = OLD_KERNEL_PACKAGES.filter((name) => isInstalled(facts, name));
  if (installed.length === 0) {
    return [];
  }

  return [
    diagnostic(context, {
      code: 'old-kernel-packages',
      severity: 'info',
      subject: listNames(installed),
      message: `Kernel meta-packages of PMG 7 are still installed: ${listNames(installed)}.`,
      fix: `Free space in /boot with \`apt remove ${installed.join(' ')}\` once the new kernel runs well.`,
    }),
  ];
}
