/**
 * Shared parts of the checks: their context, their signature, a builder
 * for diagnostics and small fact helpers. Checks are pure functions of the
 * facts and the desired state and never touch a host.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts } from '../../probe/facts.js';
import { majorOf } from '../debversion.js';
import type { Diagnostic } from '../model.js';
import { metaPackageVersion, type Phase } from '../phase.js';

/** The context of a check run: the host's plan name and the phase derived from its facts. */
export interface CheckContext {
  host: string;
  phase: Phase;
}

/** A check: reads facts and desired state, returns its findings in a stable order. */
export type Check = (facts: HostFacts, desired: Desired, context: CheckContext) => Diagnostic[];

/** The fields of a diagnostic that a check chooses; the host comes from the context. */
export type Finding = Omit<Diagnostic, 'host'>;

/** Builds a diagnostic for the context's host, leaving out an empty fix or location. */
export function diagnostic(context: CheckContext, finding: Finding): Diagnostic {
  const result: Diagnostic = {
    host: context.host,
    code: finding.code,
    severity: finding.severity,
    subject: finding.subject,
    message: finding.message,
  };
  if (finding.fix) {
    result.fix = finding.fix;
  }
  if (finding.location) {
    result.location = finding.location;
  }

  return result;
}

/**
 * Returns whether the PMG meta-package is already at major 8 or later: the
 * switch pmg7to8 uses between its "before" and "after" expectations.
 */
export function pmgUpgraded(facts: HostFacts): boolean {
  const version = metaPackageVersion(facts);
  const major = version === null ? null : majorOf(version);

  return major !== null && major >= 8;
}

/** Returns whether the host already runs the target Debian release. */
export function releaseUpgraded(facts: HostFacts, desired: Desired): boolean {
  return facts.os.codename === desired.release.codename;
}

/** Returns whether the host is the PMG container appliance, which has no kernel or bootloader of its own. */
export function isContainer(facts: HostFacts): boolean {
  const container = facts.packages['proxmox-mailgateway-container'];
  const installed =
    container !== undefined &&
    container.status !== 'not-installed' &&
    container.status !== 'config-files';

  return installed || facts.system.container !== null;
}

/** Returns whether dpkg lists the package as installed in some form (not removed, not only config files). */
export function isInstalled(facts: HostFacts, name: string): boolean {
  const fact = facts.packages[name];

  return fact !== undefined && fact.status !== 'not-installed' && fact.status !== 'config-files';
}

/** Joins names for a message: `a, b and c`. */
export function listNames(names: string[]): string {
  if (names.length <= 1) {
    return names.join('');
  }

  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Formats bytes in decimal units: `48 MB` below a gigabyte, else `4.2 GB`.
 * Free space rounds down and required space rounds up, so a shortfall never
 * prints as two equal numbers.
 */
export function formatSize(bytes: number, round: 'down' | 'up' = 'down'): string {
  const rounder = round === 'down' ? Math.floor : Math.ceil;
  if (bytes < 1e9) {
    return `${rounder(bytes / 1e6)} MB`;
  }

  return `${(rounder(bytes / 1e8) / 10).toFixed(1)} GB`;
}
