set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
output=$(pmgbackup backup </dev/null 2>&1) || { printf '%s\n' "$output"; exit 1; }
printf '%s\n' "$output"
archive=$(printf '%s\n' "$output" | sed -n 's|.*\(/var/lib/pmg/backup/[^ ]*\.tgz\).*|\1|p' | tail -n 1)
if [ -z "$archive" ] || [ ! -f "$archive" ]; then
  archive=$(ls -1t /var/lib/pmg/backup/*.tgz 2>/dev/null | head -n 1)
fi
[ -n "$archive" ] || { echo 'pmgup: pmgbackup wrote no archive to /var/lib/pmg/backup' >&2; exit 1; }
printf 'pmgup-backup-archive %s\n' "$archive"
