set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
target=15
served=$(runuser -u postgres -- psql --no-psqlrc --tuples-only --no-align --port=5432 --dbname=Proxmox_ruledb --command='SHOW server_version_num' 2>/dev/null || true)
case "$served" in
  ''|*[!0-9]*) { printf 'pmgup: no PostgreSQL server on port 5432 serves database %s; refusing to purge postgresql-13\n' Proxmox_ruledb >&2; exit 75; } ;;
esac
served_major=$((served / 10000))
[ "$served_major" -ne 13 ] || { printf 'pmgup: database %s is still served by PostgreSQL %s on port 5432; refusing to purge postgresql-13\n' Proxmox_ruledb "$served_major" >&2; exit 75; }
[ "$served_major" -eq "$target" ] || { printf 'pmgup: database %s is served by PostgreSQL %s on port 5432, not by %s; refusing to purge postgresql-13\n' Proxmox_ruledb "$served_major" "$target" >&2; exit 75; }
set --
for package in postgresql-13 postgresql-client-13; do
  status=$(dpkg-query --show --showformat='${db:Status-Status}' -- "$package" 2>/dev/null || true)
  case "$status" in
    ''|not-installed) printf 'pmgup: %s is not installed; nothing to remove\n' "$package" ;;
    *) set -- "$@" "$package" ;;
  esac
done
[ "$#" -eq 0 ] || apt-get -y -o APT::Get::Assume-Yes=true -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=600 -o APT::Color=0 purge "$@" </dev/null
