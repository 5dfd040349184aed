set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
if [ ! -e /etc/pmg/templates/postgresql.conf.in ] && [ -e /etc/pmg/templates/postgresql.conf.in.pmgup-removed ]; then printf 'pmgup-saved %s\n' /etc/pmg/templates/postgresql.conf.in.pmgup-removed; exit 0; fi
[ -e /etc/pmg/templates/postgresql.conf.in ] || { printf 'pmgup: %s no longer exists\n' /etc/pmg/templates/postgresql.conf.in >&2; exit 76; }
current=$(sha256sum < /etc/pmg/templates/postgresql.conf.in | cut -d' ' -f1)
[ "$current" = cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc ] || { printf 'pmgup: %s changed since the plan was made (sha256 %s, the plan expects %s)\n' /etc/pmg/templates/postgresql.conf.in "$current" cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc >&2; exit 76; }
mv -f -- /etc/pmg/templates/postgresql.conf.in /etc/pmg/templates/postgresql.conf.in.pmgup-removed
printf 'pmgup-saved %s\n' /etc/pmg/templates/postgresql.conf.in.pmgup-removed
