set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
dpkg --force-confdef --force-confold --configure -a </dev/null
apt-get -y -o APT::Get::Assume-Yes=true -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=600 -o APT::Color=0 '-f' install </dev/null
