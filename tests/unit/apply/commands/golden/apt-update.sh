set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
output=$(mktemp)
trap 'rm -f "$output"' EXIT
apt-get -y -o APT::Get::Assume-Yes=true -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=600 -o APT::Color=0 update </dev/null >"$output" 2>&1 || { cat "$output"; exit 1; }
cat "$output"
! grep -q -E '^(Err:|E: |W: Failed to fetch)' "$output" || { echo 'pmgup: apt-get update could not fetch every repository (see the Err: lines above)' >&2; exit 79; }
