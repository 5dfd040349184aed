set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
[ -e /etc/pmg/templates/postgresql.conf.in ] || { printf 'pmgup: %s no longer exists\n' /etc/pmg/templates/postgresql.conf.in >&2; exit 76; }
current=$(sha256sum < /etc/pmg/templates/postgresql.conf.in | cut -d' ' -f1)
[ "$current" = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ] || { printf 'pmgup: %s changed since the plan was made (sha256 %s, the plan expects %s)\n' /etc/pmg/templates/postgresql.conf.in "$current" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >&2; exit 76; }
tmp=$(mktemp /etc/pmg/templates/.postgresql.conf.in.pmgup-XXXXXX)
trap 'rm -f "$tmp"' EXIT
cat > "$tmp"
received=$(sha256sum < "$tmp" | cut -d' ' -f1)
[ "$received" = cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc ] || { echo 'pmgup: the new content arrived damaged' >&2; exit 1; }
if [ -e /etc/pmg/templates/postgresql.conf.in ]; then chmod --reference=/etc/pmg/templates/postgresql.conf.in "$tmp"; chown --reference=/etc/pmg/templates/postgresql.conf.in "$tmp"; else chmod 0644 "$tmp"; fi
install -d -m 0700 /var/lib/pmgup/files
copy=/var/lib/pmgup/files/etc_pmg_templates_postgresql.conf.in.$(date -u +%Y%m%dT%H%M%SZ)
cp -p -- /etc/pmg/templates/postgresql.conf.in "$copy"
printf 'pmgup-saved %s\n' "$copy"
sync
mv -f -- "$tmp" /etc/pmg/templates/postgresql.conf.in
trap - EXIT
