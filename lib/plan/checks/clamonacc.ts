/**
 * The ClamAV on-access scanner. Bookworm's ClamAV packages may enable
 * `clamav-clamonacc` during the upgrade. The upgrade procedure says it then
 * shows as failed and slows the host, so the procedure disables it. When clamd.conf really
 * configures on-access scanning, disabling the unit turns that scanning
 * off, which the operator should hear about instead of finding out later.
 * pmg7to8 has no such check.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts, UnitFact } from '../../probe/facts.js';
import type { Diagnostic } from '../model.js';
import { unitName } from '../phase.js';
import type { Check, CheckContext } from './context.js';
import { diagnostic, releaseUpgraded } from './context.js';

const UNIT = 'clamav-clamonacc.service';
const CODE = 'clamav-onaccess';
const SCAN_TARGETS = /^\s*(OnAccessIncludePath|OnAccessMountPath)\s+\S/i;

/** Reports an enabled or failed on-access scanner after the upgrade, and on-access settings the plan would switch off. */
export const checkClamonacc: Check = (facts, desired, context) => {
  const configured = facts.clamav.onAccessSettings.filter((line) => SCAN_TARGETS.test(line));
  const disabledByPlan = desired.services.disabled.map(unitName).includes(UNIT);
  const results: Diagnostic[] = [];

  if (configured.length > 0 && disabledByPlan) {
    results.push(
      diagnostic(context, {
        code: CODE,
        severity: 'warning',
        subject: UNIT,
        message: `clamd.conf configures on-access scanning (${configured.map((line) => line.trim()).join('; ')}), and disabling ${UNIT} turns that scanning off.`,
        fix: `Keep the default if on-access scanning is not wanted on a mail gateway; otherwise remove clamav-clamonacc from services.disabled.`,
        location: { file: '/etc/clamav/clamd.conf' },
      }),
    );
  }
  if (releaseUpgraded(facts, desired) && !(configured.length > 0 && !disabledByPlan)) {
    results.push(unitFinding(facts.units[UNIT], disabledByPlan, context));
  }

  return results;
};

function unitFinding(
  unit: UnitFact | undefined,
  disabledByPlan: boolean,
  context: CheckContext,
): Diagnostic {
  const enabled =
    unit !== undefined &&
    (unit.unitFileState === 'enabled' ||
      unit.activeState === 'failed' ||
      unit.activeState === 'active');

  if (!enabled) {
    return diagnostic(context, {
      code: CODE,
      severity: 'pass',
      subject: UNIT,
      message: `${UNIT} is not enabled, running or failed.`,
    });
  }

  return diagnostic(context, {
    code: CODE,
    severity: 'warning',
    subject: UNIT,
    message: `${UNIT} is ${unit.unitFileState} and ${unit.activeState}; the on-access scanner slows the host and interferes with PMG's own virus scanning.`,
    fix: disabledByPlan
      ? `The plan disables and stops it; a unit still shown as failed afterwards clears with \`systemctl reset-failed ${UNIT}\`.`
      : `Run \`systemctl disable --now ${UNIT}\`, or add clamav-clamonacc to services.disabled.`,
  });
}
