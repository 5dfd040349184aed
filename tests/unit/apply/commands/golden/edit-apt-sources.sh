set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
[ -e /etc/apt/sources.list ] || { printf 'pmgup: %s no longer exists\n' /etc/apt/sources.list >&2; exit 76; }
current=$(sha256sum < /etc/apt/sources.list | cut -d' ' -f1)
[ "$current" = bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb ] || { printf 'pmgup: %s changed since the plan was made (sha256 %s, the plan expects %s)\n' /etc/apt/sources.list "$current" bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb >&2; exit 76; }
tmp=$(mktemp /etc/apt/.sources.list.pmgup-XXXXXX)
trap 'rm -f "$tmp"' EXIT
cat > "$tmp"
received=$(sha256sum < "$tmp" | cut -d' ' -f1)
[ "$received" = cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc ] || { echo 'pmgup: the new content arrived damaged' >&2; exit 1; }
if [ -e /etc/apt/sources.list ]; then chmod --reference=/etc/apt/sources.list "$tmp"; chown --reference=/etc/apt/sources.list "$tmp"; else chmod 0644 "$tmp"; fi
install -d -m 0700 /var/lib/pmgup/files
copy=/var/lib/pmgup/files/etc_apt_sources.list.$(date -u +%Y%m%dT%H%M%SZ)
cp -p -- /etc/apt/sources.list "$copy"
printf 'pmgup-saved %s\n' "$copy"
sync
mv -f -- "$tmp" /etc/apt/sources.list
trap - EXIT
