/**
 * `reboot`: schedule a reboot a few seconds out through a transient systemd
 * timer, so the command returns and the connection closes cleanly before
 * the host goes down. Apply then waits for the connection to drop and come
 * back (see lib/apply/reboot.ts).
 */
import type { StepOf } from '../../plan/model.js';
import { shellQuote } from '../../transport/quote.js';
import { preamble, script } from './shell.js';
import type { BuildContext, RebootCommand } from './types.js';

/**
 * Seconds between the command returning and the reboot starting: time for
 * the command's connection to close cleanly. The mail is down meanwhile.
 */
export const REBOOT_DELAY_SECONDS = 2;

export function buildReboot(step: StepOf<'reboot'>, context: BuildContext): RebootCommand {
  const unit = shellQuote(`pmgup-${context.planId}-reboot`);

  return {
    mode: 'reboot',
    expectCodename: step.expectCodename,
    timeoutSeconds: step.timeoutSeconds,
    script: script([
      ...preamble(),
      'cat /proc/sys/kernel/random/boot_id',
      `systemd-run --unit=${unit} --collect --quiet --on-active=${REBOOT_DELAY_SECONDS} --timer-property=AccuracySec=100ms /bin/systemctl reboot`,
    ]),
  };
}
