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
[ -n "$(pmgup_cluster 15 main)" ] || { echo 'pmgup: cluster 15/main does not exist; nothing to drop'; exit 0; }
pmgup_start 15 main
port=$(pmgup_cluster 15 main | cut -d' ' -f1)
databases=$(pmgup_databases "$port")
extra=$(printf '%s\n' "$databases" | grep -v -x -e '^postgres$' -e '^template0$' -e '^template1$' | tr '\n' ' ' || true)
[ -z "$extra" ] || { printf 'pmgup: cluster %s/%s holds databases other than the defaults: %s; refusing to drop it\n' 15 main "$extra" >&2; exit 71; }
pg_dropcluster --stop 15 main
echo 'pmgup: dropped cluster 15/main'
