/**
 * The patterns of pmgup's schemas explained in words, for error messages.
 * A reader who typed `postfix service` should learn which characters a unit
 * name may contain, not be shown a regular expression.
 */

/** Words for each pattern string used in schema/*.schema.json, keyed by the pattern exactly. */
export const PATTERN_WORDS: Readonly<Record<string, string>> = {
  // Desired state and plan.
  '^(https?|ftp)://[A-Za-z0-9._~:/?#\\[\\]!$&()*+,;=%-]{1,2000}$':
    'an http://, https:// or ftp:// URI without spaces, quotes or credentials (no `user:password@`)',
  '^[a-z0-9][a-z0-9+.-]{0,127}$':
    'a Debian package name: lower-case letters, digits and `+ . -`, starting with a letter or digit, at most 128 characters',
  '^([0-9]+:)?[0-9][A-Za-z0-9.+~-]{0,127}$':
    'a Debian version such as `8.0` or `1:8.4p1-5`: an optional epoch and colon, then a digit, then letters, digits and `. + ~ -`',
  '^[A-Za-z0-9][A-Za-z0-9@_.:-]{0,200}$':
    'a systemd unit name such as `postfix` or `postfix.service`: letters, digits and `@ _ . : -`, starting with a letter or digit',
  '^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$':
    'a PostgreSQL cluster name: letters, digits, `_` and `-`, starting with a letter or digit, at most 63 characters',
  '^[A-Za-z_][A-Za-z0-9_]{0,62}$':
    'a PostgreSQL database name: letters, digits and `_`, starting with a letter or `_`, at most 63 characters',
  '^/[A-Za-z0-9._/@+-]{1,4095}$':
    'an absolute path made of letters, digits and `. _ / @ + -`, without spaces, quotes or shell characters',
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$':
    'a file name made of letters, digits and `. _ -`, starting with a letter or digit, at most 128 characters',

  // Plan only.
  '^[a-z0-9*][a-z0-9+.*-]{0,127}$':
    'a Debian package name in which `*` stands for any characters, such as `pmg-*`: lower-case letters, digits, `*` and `+ . -`',
  '^([0-9a-f]{64}|absent)$': 'a SHA-256 of 64 lower-case hex digits, or `absent`',
  '^[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?$': 'a version such as `1.2.3` or `1.2.3-rc.1`',
  '^[0-9a-f]{32}$': 'a machine id of 32 lower-case hex digits',
  '^[a-z0-9][a-z0-9-]{0,80}$': 'a check code of lower-case letters, digits and `-`',
  '^(https?|ftp|file|mirror\\+https?|tor\\+https?)://[A-Za-z0-9._~:/?#\\[\\]@!$&()*+,;=%-]{1,2000}$':
    'an apt URI (http, https, ftp, file, mirror+http(s) or tor+http(s)) without spaces or quotes',
  '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$': 'a MAC address in lower case, such as `52:54:00:12:34:56`',
  '^[0-9a-f]{64}$': 'a SHA-256 of 64 lower-case hex digits',
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$': 'an apt component such as `main` or `non-free-firmware`',
  '^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$': 'an apt suite such as `bookworm` or `bookworm-security`',
  '^[A-Za-z0-9][A-Za-z0-9._@:\\[\\]-]{0,252}$':
    'a host name: letters, digits and `. _ @ : [ ] -`, starting with a letter or digit',
  '^[A-Za-z0-9][A-Za-z0-9._@:\\[\\]-]{0,252}/[a-z0-9][a-z0-9.:/_-]{0,200}$':
    'an action id `HOST/STEP`, such as `pmg1/dist-upgrade`',
  '^[A-Za-z0-9][A-Za-z0-9@_.:-]{0,200}\\.(service|socket|timer|target|path|mount)$':
    'a full systemd unit name ending in .service, .socket, .timer, .target, .path or .mount',
  '^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$': 'a network interface name of at most 15 characters',
  '^[A-Za-z][A-Za-z0-9_.]*(\\[[A-Za-z0-9_.:/@+-]{1,300}\\][A-Za-z0-9_.]*)*$':
    'a fact key such as `os.codename` or `units[postfix.service]`',
  '^[a-z]{2,20}$': 'a Debian release codename in lower case, such as `bookworm`',
  '^[a-z_][a-z0-9_]{0,62}$': 'a postgresql.conf setting name in lower case',

  // Inventory (the group name also in the plan).
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$':
    'a group or cluster name: letters, digits and `. _ -`, starting with a letter or digit, at most 63 characters',
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$':
    'a node name as cluster.conf lists it (the hostname): letters, digits and `. _ -`, starting with a letter or digit',
};

/** Returns the words for a pattern, else the schema's description with the pattern, else the pattern. */
export function explainPattern(pattern: string, description?: string): string {
  const words = PATTERN_WORDS[pattern];
  if (words !== undefined) {
    return words;
  }

  return description === undefined
    ? `text matching the pattern ${pattern}`
    : `${description.replace(/\.$/, '')} (pattern ${pattern})`;
}
