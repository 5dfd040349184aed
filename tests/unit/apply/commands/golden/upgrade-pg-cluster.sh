set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
pmgup_cluster() {
  pg_lsclusters --no-header 2>/dev/null | awk -v v="$1" -v n="$2" '$1 == v && $2 == n { print $3, $4 }'
}
pmgup_databases() {
  runuser -u postgres -- psql --no-psqlrc --tuples-only --no-align --port="$1" --dbname=template1 --command='SELECT datname FROM pg_database ORDER BY datname'
}
pmgup_start() {
  case "$(pmgup_cluster "$1" "$2")" in
    *" online"*) ;;
    *) pg_ctlcluster "$1" "$2" start ;;
  esac
}
[ -z "$(pmgup_cluster 15 main)" ] || { printf 'pmgup: cluster %s/%s already exists, so pg_upgradecluster cannot create it; a new plan drops it first if it is empty\n' 15 main >&2; exit 73; }
[ -n "$(pmgup_cluster 13 main)" ] || { printf 'pmgup: cluster %s/%s does not exist\n' 13 main >&2; exit 72; }
pmgup_start 13 main
port=$(pmgup_cluster 13 main | cut -d' ' -f1)
databases=$(pmgup_databases "$port")
printf '%s\n' "$databases" | grep -q -x -F -- Proxmox_ruledb || { printf 'pmgup: cluster %s/%s does not hold database %s; refusing to upgrade it\n' 13 main Proxmox_ruledb >&2; exit 74; }
pg_upgradecluster -v 15 -m dump 13 main </dev/null
