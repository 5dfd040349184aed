/**
 * All checks, run in a fixed order: first the ones pmg7to8 runs, in its
 * order, then the field cases pmg7to8 does not know. `runChecks` is what
 * the plan and `pmgup check` call.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts } from '../../probe/facts.js';
import type { Diagnostic } from '../model.js';
import { detectPhase } from '../phase.js';
import { checkAptSuites } from './apt-suites.js';
import { checkNonFreeFirmware } from './apt-non-free-firmware.js';
import { checkThirdPartyRepositories } from './apt-third-party.js';
import { checkBootloader } from './bootloader.js';
import { checkCertificates } from './certificates.js';
import { checkClamonacc } from './clamonacc.js';
import { checkCluster } from './cluster.js';
import type { Check, CheckContext } from './context.js';
import { diagnostic } from './context.js';
import { checkCreatecluster } from './createcluster.js';
import { checkDatabaseSpace } from './database-space.js';
import { checkDkms } from './dkms.js';
import { checkDpkgState } from './dpkg-state.js';
import { checkFreeSpace } from './free-space.js';
import { checkHeldPackages } from './held-packages.js';
import { checkHostname } from './hostname.js';
import { checkInterfaceNames } from './interface-names.js';
import { checkKernel } from './kernel.js';
import { checkPackageUpdates } from './package-updates.js';
import { checkPmgupJournal } from './pmgup-journal.js';
import { checkPostgres } from './postgres.js';
import { checkRemovals } from './removals.js';
import { checkRuledbExamples } from './ruledb-examples.js';
import { checkServices } from './services.js';
import { checkSshCiphers } from './ssh-ciphers.js';
import { checkTemplates } from './templates.js';
import { checkTimeSync } from './time-sync.js';
import { checkVersions } from './versions.js';

export type { Check, CheckContext } from './context.js';

/** Every check with the name reported when it throws, in run order. */
export const CHECKS: readonly (readonly [string, Check])[] = [
  ['ruledb-examples', checkRuledbExamples],
  ['package-updates', checkPackageUpdates],
  ['versions', checkVersions],
  ['kernel', checkKernel],
  ['cluster', checkCluster],
  ['postgres', checkPostgres],
  ['services', checkServices],
  ['ssh-ciphers', checkSshCiphers],
  ['time-sync', checkTimeSync],
  ['free-space', checkFreeSpace],
  ['database-space', checkDatabaseSpace],
  ['hostname', checkHostname],
  ['certificates', checkCertificates],
  ['apt-suites', checkAptSuites],
  ['bootloader', checkBootloader],
  ['dkms', checkDkms],
  ['templates', checkTemplates],
  ['dpkg-state', checkDpkgState],
  ['held-packages', checkHeldPackages],
  ['removals', checkRemovals],
  ['apt-third-party', checkThirdPartyRepositories],
  ['apt-non-free-firmware', checkNonFreeFirmware],
  ['createcluster', checkCreatecluster],
  ['clamonacc', checkClamonacc],
  ['interface-names', checkInterfaceNames],
  ['pmgup-journal', checkPmgupJournal],
];

/** Builds the context for one host: its plan name and the phase its facts show. */
export function checkContext(facts: HostFacts, desired: Desired, host: string): CheckContext {
  return { host, phase: detectPhase(facts, desired) };
}

/**
 * Runs every check and returns all diagnostics in a stable order: checks
 * in the order of CHECKS, each check's findings in its own order. A check
 * that throws is a bug in pmgup. It becomes an error diagnostic, so the
 * other checks still run and the plan cannot be applied.
 */
export function runChecks(facts: HostFacts, desired: Desired, context: CheckContext): Diagnostic[] {
  return CHECKS.flatMap(([name, check]) => {
    try {
      return check(facts, desired, context);
    } catch (error) {
      return [
        diagnostic(context, {
          code: 'check-failed',
          severity: 'error',
          subject: name,
          message: `The ${name} check failed with ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}. This is a bug in pmgup.`,
          fix: 'Report the bug with the facts file (`pmgup probe --out FILE`); until it is fixed, review this check by hand.',
        }),
      ];
    }
  });
}
