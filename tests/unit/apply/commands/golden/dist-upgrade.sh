set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
trap 'rm -f -- /etc/postgresql-common/createcluster.d/zz-pmgup-skip-main-cluster.conf' EXIT
mkdir -p -- /etc/postgresql-common/createcluster.d
printf '%s\n' '# Written by pmgup for the dist-upgrade and removed when apt-get ends.' 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/zz-pmgup-skip-main-cluster.conf.tmp
chmod 0644 -- /etc/postgresql-common/createcluster.d/zz-pmgup-skip-main-cluster.conf.tmp
mv -f -- /etc/postgresql-common/createcluster.d/zz-pmgup-skip-main-cluster.conf.tmp /etc/postgresql-common/createcluster.d/zz-pmgup-skip-main-cluster.conf
if [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ]; then
  dpkg --force-confdef --force-confold --configure -a </dev/null
fi
apt-get -y -o APT::Get::Assume-Yes=true -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=600 -o APT::Color=0 dist-upgrade </dev/null
