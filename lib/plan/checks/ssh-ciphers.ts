/**
 * Ciphers in root's SSH client config (pmg7to8 check 9): bookworm's OpenSSH
 * no longer offers blowfish, arcfour or 3des, and a `Ciphers` line naming
 * one breaks every ssh command that reads the file, cluster sync included.
 * pmg7to8 only looks at lines starting with `Ciphers ` at column 0; here
 * indented lines inside `Host` blocks and `Ciphers=` count too.
 */
import type { Check } from './context.js';
import { diagnostic } from './context.js';

const PATH = '/root/.ssh/config';
const REMOVED = /blowfish|arcfour|3des/i;
const CIPHERS_LINE = /^\s*ciphers(\s|=)/i;

/** Reports every Ciphers line of /root/.ssh/config that names a removed cipher. */
export const checkSshCiphers: Check = (facts, _desired, context) => {
  if (!facts.ssh.rootConfigExists) {
    return [
      diagnostic(context, {
        code: 'ssh-ciphers',
        severity: 'skip',
        subject: PATH,
        message: 'root has no SSH client config.',
      }),
    ];
  }

  const bad = facts.ssh.rootConfigCipherLines.filter(
    (entry) => CIPHERS_LINE.test(entry.text) && REMOVED.test(entry.text),
  );
  if (bad.length === 0) {
    return [
      diagnostic(context, {
        code: 'ssh-ciphers',
        severity: 'pass',
        subject: PATH,
        message: 'No Ciphers line names a cipher the new OpenSSH removed.',
      }),
    ];
  }

  return bad.map((entry) =>
    diagnostic(context, {
      code: 'ssh-ciphers',
      severity: 'error',
      subject: PATH,
      message: `${JSON.stringify(entry.text.trim())} names a cipher that OpenSSH in Debian 12 removed (blowfish, arcfour or 3des).`,
      fix: 'Remove those ciphers from the line, or the line itself, so the default ciphers apply.',
      location: { file: PATH, line: entry.line },
    }),
  );
};
