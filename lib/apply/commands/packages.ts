/** Shell pieces shared by the package removal steps. */
import { shellJoin } from '../../transport/quote.js';

/**
 * Returns lines that set the positional parameters to the packages dpkg
 * still knows (installed or with configuration files left), so a repeated
 * removal skips packages that are already gone instead of failing on them.
 */
export function selectKnownPackages(packages: readonly string[]): string[] {
  return [
    'set --',
    `for package in ${shellJoin(packages)}; do`,
    '  status=$(dpkg-query --show --showformat=\'${db:Status-Status}\' -- "$package" 2>/dev/null || true)',
    '  case "$status" in',
    '    \'\'|not-installed) printf \'pmgup: %s is not installed; nothing to remove\\n\' "$package" ;;',
    '    *) set -- "$@" "$package" ;;',
    '  esac',
    'done',
  ];
}
