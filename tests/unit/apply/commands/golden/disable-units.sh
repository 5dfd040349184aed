set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
set --
for unit in clamav-clamonacc.service; do
  state=$(systemctl show --property=LoadState --value -- "$unit")
  if [ "$state" = not-found ]; then
    printf 'pmgup: %s is not installed; nothing to do for it\n' "$unit"
  else
    set -- "$@" "$unit"
  fi
done
[ "$#" -eq 0 ] || systemctl disable --now -- "$@"
[ "$#" -eq 0 ] || systemctl reset-failed -- "$@" 2>/dev/null || true
