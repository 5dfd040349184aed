/**
 * reboot: the running system predates the upgrade (a newer C library,
 * systemd or kernel was unpacked after boot) or the dist-upgrade is planned.
 * When reboots are not allowed, a warning takes its place.
 */
import { isInstalled, type Finding, type PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import { stepSlug } from '../stages.js';

const KERNEL_PACKAGE = /^(linux-image-|pve-kernel-|proxmox-kernel-)/;

/** Packages whose new version only takes effect after a reboot, by name. */
function bootPackages(context: PlanContext): string[] {
  return Object.keys(context.facts.packages)
    .filter((name) => name === 'libc6' || name === 'systemd' || KERNEL_PACKAGE.test(name))
    .filter((name) => isInstalled(context.facts.packages[name]))
    .sort();
}

/** Returns the packages unpacked after the running system booted. */
function unpackedSinceBoot(context: PlanContext): string[] {
  const bootedAt = context.facts.boot.bootedAt;

  return bootPackages(context).filter((name) => (context.facts.packages[name].unpackedAt ?? 0) > bootedAt);
}

export interface RebootPlan {
  drafts: Draft[];
  findings: Finding[];
  planned: boolean;
}

/** Describes what the reboot does to the running kernel: a container keeps the kernel of the machine it runs on. */
function kernelChange(release: string, container: string | null) {
  const after = container === null ? 'newest installed kernel' : `${release} (unchanged: a ${container} container runs the kernel of the machine it runs on)`;

  return { subject: 'running kernel', before: release, after };
}

export function planReboot(context: PlanContext, distUpgradePlanned: boolean): RebootPlan {
  const newer = unpackedSinceBoot(context);
  if (!distUpgradePlanned && newer.length === 0) {
    return { drafts: [], findings: [], planned: false };
  }

  const { desired } = context;
  const actual = distUpgradePlanned
    ? `the dist-upgrade to ${desired.release.codename} is planned`
    : `unpacked after boot: ${newer.join(', ')}`;
  if (!desired.reboot.allowed) {
    const finding: Finding = {
      code: 'reboot-required',
      severity: 'warning',
      subject: 'reboot',
      message: `The host needs a reboot (${actual}), but reboot.allowed is false; it keeps running the old kernel and libraries.`,
      fix: 'Reboot the host in a maintenance window, or set reboot.allowed to true.',
    };
    return { drafts: [], findings: [finding], planned: false };
  }

  const keys = ['boot.bootedAt', 'os.codename', ...bootPackages(context).map(factKey.package)];
  const inContainer = context.facts.system.container !== null;
  const step = draft({
    stage: 'reboot',
    slug: stepSlug('reboot'),
    step: { kind: 'reboot', expectCodename: desired.release.codename, timeoutSeconds: desired.reboot.timeout_seconds },
    reason: reason(
      'reboot.allowed',
      'the running system matches the installed packages',
      actual,
      inContainer
        ? 'The new C library and systemd take effect only after a reboot, and a container keeps the kernel of the machine it runs on. The services start at boot.'
        : 'The new kernel, C library and systemd take effect only after a reboot; the services start at boot.',
    ),
    changes: [kernelChange(context.facts.kernel.release, context.facts.system.container)],
    fingerprintKeys: keys,
  });

  return { drafts: [step], findings: [], planned: true };
}
