/**
 * The builder of every step kind. The map's type requires one entry per
 * kind of the plan schema, so a new kind fails to compile until apply knows
 * how to carry it out.
 */
import type { Step, StepKind, StepOf } from '../../plan/model.js';
import { buildAptUpdate } from './apt-update.js';
import { buildBackup } from './backup.js';
import { buildDisableUnits } from './disable-units.js';
import { buildDistUpgrade } from './dist-upgrade.js';
import { buildDownloadPackages } from './download-packages.js';
import { buildDropPgCluster } from './drop-pg-cluster.js';
import { buildEarlyUpgrade } from './early-upgrade.js';
import { buildEditAptSources } from './edit-apt-sources.js';
import { buildFixTemplate } from './fix-template.js';
import { buildPinInterfaceNames } from './pin-interface-names.js';
import { buildPurgePackages } from './purge-packages.js';
import { buildReboot } from './reboot.js';
import { buildRemoveTemplateOverride } from './remove-template-override.js';
import { buildRemovePackages } from './remove-packages.js';
import { buildRepairDpkg } from './repair-dpkg.js';
import { buildResolveConffiles } from './resolve-conffiles.js';
import { buildStartUnits } from './start-units.js';
import { buildStopUnits } from './stop-units.js';
import { buildUnmaskUnits } from './unmask-units.js';
import { buildUpgradePgCluster } from './upgrade-pg-cluster.js';
import { buildVerify } from './verify.js';
import type { BuildContext, CommandPlan } from './types.js';

type Builders = { [K in StepKind]: (step: StepOf<K>, context: BuildContext) => CommandPlan };

const BUILDERS: Builders = {
  'repair-dpkg': buildRepairDpkg,
  backup: buildBackup,
  'fix-template': buildFixTemplate,
  'edit-apt-sources': buildEditAptSources,
  'remove-packages': buildRemovePackages,
  'apt-update': buildAptUpdate,
  'download-packages': buildDownloadPackages,
  'early-upgrade': buildEarlyUpgrade,
  'stop-units': buildStopUnits,
  'dist-upgrade': buildDistUpgrade,
  'resolve-conffiles': buildResolveConffiles,
  'remove-template-override': buildRemoveTemplateOverride,
  'disable-units': buildDisableUnits,
  'drop-pg-cluster': buildDropPgCluster,
  'upgrade-pg-cluster': buildUpgradePgCluster,
  'unmask-units': buildUnmaskUnits,
  'start-units': buildStartUnits,
  reboot: buildReboot,
  verify: buildVerify,
  'purge-packages': buildPurgePackages,
  'pin-interface-names': buildPinInterfaceNames,
};

/** Returns how apply carries out one step; pure, so plans can be inspected and tested without a host. */
export function buildCommand(step: Step, context: BuildContext): CommandPlan {
  const builder = BUILDERS[step.kind] as (step: Step, context: BuildContext) => CommandPlan;

  return builder(step, context);
}

/** Step kinds that run detached from the connection as transient systemd units. */
export const DETACHED_KINDS: readonly StepKind[] = ['download-packages', 'early-upgrade', 'dist-upgrade', 'upgrade-pg-cluster'];

export type { BuildContext, CommandPlan } from './types.js';
