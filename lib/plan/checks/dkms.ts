/**
 * DKMS modules (pmg7to8 check 16) may fail to build for the new kernel.
 * pmg7to8 passes the literal text `` `uname -r` `` to dkms instead of the
 * running kernel, so its filter never applies. The probe runs
 * `dkms status -k` with the real release.
 */
import type { Check } from './context.js';
import { diagnostic, isContainer } from './context.js';

/** Reports DKMS modules built for the running kernel. */
export const checkDkms: Check = (facts, _desired, context) => {
  const subject = 'dkms';

  if (isContainer(facts)) {
    return [
      diagnostic(context, {
        code: 'dkms',
        severity: 'skip',
        subject,
        message: 'The host is a container; it loads no kernel modules of its own.',
      }),
    ];
  }
  if (!facts.dkms.installed) {
    return [
      diagnostic(context, {
        code: 'dkms',
        severity: 'skip',
        subject,
        message: 'dkms is not installed.',
      }),
    ];
  }

  const lines = facts.dkms.statusLines.map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length === 0) {
    return [
      diagnostic(context, {
        code: 'dkms',
        severity: 'pass',
        subject,
        message: `No DKMS modules are registered for kernel ${facts.kernel.release}.`,
      }),
    ];
  }

  return [
    diagnostic(context, {
      code: 'dkms',
      severity: 'warning',
      subject,
      message: `${lines.length} DKMS module(s) for kernel ${facts.kernel.release} must build for the new kernel: ${lines.join('; ')}.`,
      fix: 'Make sure each module supports the new kernel, or remove it with `dkms remove`; check `dkms status` after the upgrade.',
    }),
  ];
};
