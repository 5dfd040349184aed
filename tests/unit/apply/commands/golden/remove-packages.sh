set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
set --
for package in linux-image-amd64; do
  status=$(dpkg-query --show --showformat='${db:Status-Status}' -- "$package" 2>/dev/null || true)
  case "$status" in
    ''|not-installed) printf 'pmgup: %s is not installed; nothing to remove\n' "$package" ;;
    *) set -- "$@" "$package" ;;
  esac
done
[ "$#" -eq 0 ] || apt-get -y -o APT::Get::Assume-Yes=true -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=600 -o APT::Color=0 remove "$@" </dev/null
