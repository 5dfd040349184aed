/**
 * Checks that an action had its intended effect, on the facts of a fresh
 * probe. One check per step kind; the map's type requires every kind, so
 * a new kind fails to compile until it has a check. An empty list means
 * the host shows the effect; anything else is an error of the action.
 */
import type { Step, StepKind, StepOf } from '../../plan/model.js';
import type { EffectContext, Mismatch } from './context.js';
import {
  checkEditAptSources,
  checkFixTemplate,
  checkPinInterfaceNames,
  checkRemoveTemplateOverride,
  checkResolveConffiles,
} from './files.js';
import {
  checkDistUpgrade,
  checkDownloadPackages,
  checkEarlyUpgrade,
  checkPurgePackages,
  checkRemovePackages,
  checkRepairDpkg,
} from './packages.js';
import { checkDropPgCluster, checkUpgradePgCluster } from './postgres.js';
import { checkAptUpdate, checkBackup, checkReboot, checkVerify } from './system.js';
import { checkDisableUnits, checkStartUnits, checkStopUnits, checkUnmaskUnits } from './units.js';

type Checks = { [K in StepKind]: (step: StepOf<K>, context: EffectContext) => Mismatch[] };

const CHECKS: Checks = {
  'repair-dpkg': checkRepairDpkg,
  backup: checkBackup,
  'fix-template': checkFixTemplate,
  'edit-apt-sources': checkEditAptSources,
  'remove-packages': checkRemovePackages,
  'apt-update': checkAptUpdate,
  'download-packages': checkDownloadPackages,
  'early-upgrade': checkEarlyUpgrade,
  'stop-units': checkStopUnits,
  'dist-upgrade': checkDistUpgrade,
  'resolve-conffiles': checkResolveConffiles,
  'remove-template-override': checkRemoveTemplateOverride,
  'disable-units': checkDisableUnits,
  'drop-pg-cluster': checkDropPgCluster,
  'upgrade-pg-cluster': checkUpgradePgCluster,
  'unmask-units': checkUnmaskUnits,
  'start-units': checkStartUnits,
  reboot: checkReboot,
  verify: checkVerify,
  'purge-packages': checkPurgePackages,
  'pin-interface-names': checkPinInterfaceNames,
};

/** Returns how the host fails to show the step's effect; empty when it shows it. */
export function checkEffect(step: Step, context: EffectContext): Mismatch[] {
  const check = CHECKS[step.kind] as (step: Step, context: EffectContext) => Mismatch[];

  return check(step, context);
}

export type { EffectContext, Mismatch } from './context.js';
