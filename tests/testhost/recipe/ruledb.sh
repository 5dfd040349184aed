#!/bin/sh
# Creates the PostgreSQL 13 cluster and Proxmox_ruledb inside the image at $1.
# Run by customize.sh in a private network namespace.
set -eu

root=$1
in_root() { chroot "$root" "$@"; }

ip link set lo up
# mmdebstrap mounts /dev/shm for its hooks; PostgreSQL needs it for shared memory.
mounted_shm=
if ! mountpoint -q "$root/dev/shm"; then
	mount -t tmpfs tmpfs "$root/dev/shm"
	mounted_shm=1
fi
cleanup() {
	in_root pg_ctlcluster 13 main stop >/dev/null 2>&1 || true
	[ -z "$mounted_shm" ] || umount "$root/dev/shm"
}
trap cleanup EXIT

in_root install -d -o postgres -g postgres -m 2775 /run/postgresql
in_root pg_dropcluster --stop 13 main
in_root pg_createcluster --locale=en_US.UTF-8 13 main >/dev/null
in_root pg_ctlcluster 13 main start
in_root pmgconfig sync
in_root pg_ctlcluster 13 main restart
in_root pmgdb init
in_root pg_ctlcluster 13 main stop
