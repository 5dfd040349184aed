set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
target=15
served=$(runuser -u postgres -- psql --no-psqlrc --tuples-only --no-align --port=5432 --dbname=Proxmox_ruledb --command='SHOW server_version_num' 2>/dev/null || true)
case "$served" in
  ''|*[!0-9]*) { printf 'pmgup: no PostgreSQL server on port 5432 serves database %s; refusing to unmask the mail services\n' Proxmox_ruledb >&2; exit 75; } ;;
esac
served_major=$((served / 10000))
[ "$served_major" -eq "$target" ] || { printf 'pmgup: database %s is served by PostgreSQL %s on port 5432, not by %s; refusing to unmask the mail services\n' Proxmox_ruledb "$served_major" "$target" >&2; exit 75; }
systemctl unmask -- postfix.service pmgproxy.service
systemctl start -- postfix.service pmgproxy.service
