set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
if [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ]; then
  dpkg --force-confdef --force-confold --configure -a </dev/null
fi
mkdir -p /var/lib/pmgup
{ cat /etc/apt/preferences 2>/dev/null || true; for suite in bookworm bookworm-updates bookworm-security bookworm-backports bookworm-proposed-updates; do
  printf '\nPackage: %s\nPin: release n=%s\nPin-Priority: -1\n' 'pmg-* postfix lib*-perl' "$suite"
done; } > /var/lib/pmgup/early-upgrade.pref
apt-get -y -o APT::Get::Assume-Yes=true -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=600 -o APT::Color=0 '-o' Dir::Etc::preferences=/var/lib/pmgup/early-upgrade.pref '--with-new-pkgs' upgrade </dev/null
