/**
 * The environment every script runs in, on any transport. Nothing comes
 * from the operator's session. The OpenSSH client on Debian forwards LANG
 * and LC_* (SendEnv), and a local shell has whatever the operator
 * exported. Either would change the language, sorting and number format
 * of the tools whose output the probe parses.
 */

/** PATH of a root shell on Debian, sbin directories included. */
export const CONTROLLED_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

/** A locale that needs no generation, because Debian's libc-bin ships it (checked on Debian 12). */
export const CONTROLLED_LOCALE = 'C.UTF-8';

/** The variables every script gets; HOME is added per transport. */
export const FIXED_VARIABLES: Readonly<Record<string, string>> = {
  PATH: CONTROLLED_PATH,
  LANG: CONTROLLED_LOCALE,
  LC_ALL: CONTROLLED_LOCALE,
};

/** Returns the complete environment of a script run as a user whose home is `home`. */
export function controlledEnv(home: string): Record<string, string> {
  return { ...FIXED_VARIABLES, HOME: home };
}
