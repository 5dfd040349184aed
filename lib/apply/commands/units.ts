/** Shell pieces shared by the unit steps. */
import { shellJoin } from '../../transport/quote.js';

/**
 * Returns lines that set the positional parameters to the units systemd
 * has a unit file for, so `stop` and `disable` skip a unit that is not
 * installed (a cluster daemon on a host without a cluster, clamonacc on an
 * old ClamAV) instead of failing on it. Each name stays one argument.
 */
export function selectLoaded(units: readonly string[]): string[] {
  return [
    'set --',
    `for unit in ${shellJoin(units)}; do`,
    '  state=$(systemctl show --property=LoadState --value -- "$unit")',
    '  if [ "$state" = not-found ]; then',
    '    printf \'pmgup: %s is not installed; nothing to do for it\\n\' "$unit"',
    '  else',
    '    set -- "$@" "$unit"',
    '  fi',
    'done',
  ];
}

/** Returns a systemctl call over the units selectLoaded kept, skipped when there are none. */
export function onLoaded(verb: string): string {
  return `[ "$#" -eq 0 ] || systemctl ${verb} -- "$@"`;
}
