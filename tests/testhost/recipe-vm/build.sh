#!/bin/bash
# Builds the VM disk of the test host from the base root file system: an MBR
# disk with one ext4 partition, GRUB for BIOS boot, and the settings that only
# the VM form has.
# Usage: build.sh BASE_ROOT WORK_DIR PROXY_URL
# Writes WORK_DIR/disk.raw.
set -euo pipefail

base_root=$1
work=$2
proxy=$3
disk_size=10G

raw=$work/disk.raw
mnt=$work/mnt
mkdir -p "$mnt"
truncate -s "$disk_size" "$raw"
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk --quiet "$raw"

loop=$(losetup --find --show "$raw")
part=${loop}p1
cleanup() {
	set +e
	for sub in dev/pts dev proc sys ''; do
		mountpoint -q "$mnt/$sub" && umount "$mnt/$sub"
	done
	partx -d "$loop" 2>/dev/null
	losetup -d "$loop"
	[ -z "${created_node-}" ] || rm -f "$part"
}
trap cleanup EXIT

# losetup --partscan creates no partition nodes on some machines, so the
# partition is added with partx and its node made from sysfs when missing.
partx -a "$loop"
part_name=$(basename "$part")
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ -e "/sys/class/block/$part_name/dev" ] && break
	sleep 0.2
done
if [ ! -b "$part" ]; then
	mknod "$part" b $(tr ':' ' ' < "/sys/class/block/$part_name/dev")
	created_node=1
fi

uuid=$(cat /proc/sys/kernel/random/uuid)
mkfs.ext4 -q -L pmg-root -U "$uuid" "$part"
mount "$part" "$mnt"
cp -a "$base_root/." "$mnt/"

# A private /dev with only the nodes GRUB and apt need: the build machine's
# own disks stay invisible, so nothing in the chroot can write to them.
mount -t proc proc "$mnt/proc"
mount -t sysfs sysfs "$mnt/sys"
mount -t tmpfs -o mode=755 tmpfs "$mnt/dev"
for node in null zero full random urandom tty; do
	cp -a "/dev/$node" "$mnt/dev/$node"
done
cp -a "$loop" "$mnt$loop"
cp -a "$part" "$mnt$part"
mkdir -p "$mnt/dev/pts" "$mnt/dev/shm" "$mnt/dev/disk/by-uuid"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$mnt/dev/pts"
ln -s pts/ptmx "$mnt/dev/ptmx"
# update-grub names the root file system by UUID only when this link exists.
ln -s "../../$(basename "$part")" "$mnt/dev/disk/by-uuid/$uuid"

in_root() { chroot "$mnt" "$@"; }
export DEBIAN_FRONTEND=noninteractive

cat > "$mnt/etc/fstab" <<FSTAB
# <file system> <mount point> <type> <options> <dump> <pass>
UUID=$uuid / ext4 errors=remount-ro 0 1
FSTAB

cat > "$mnt/etc/network/interfaces" <<INTERFACES
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback

auto ens3
iface ens3 inet static
	address 10.0.2.15/24
	gateway 10.0.2.2
INTERFACES

cat > "$mnt/etc/hosts" <<HOSTS
127.0.0.1	localhost
10.0.2.15	pmg-testhost.example.org pmg-testhost

::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
HOSTS

cat > "$mnt/etc/apt/apt.conf.d/99pmgup-testhost-proxy" <<APT
// Written by the pmgup test-host harness; a real PMG host has no such file.
// QEMU relays 10.0.2.100:3128 to the harness's HTTP proxy, the guest's only
// way out, which reaches Debian's mirror and the stand-in repositories.
Acquire::http::Proxy "http://10.0.2.100:3128";
// The mirror the build machine uses may serve index files whose
// Valid-Until date has passed.
Acquire::Check-Valid-Until "false";
APT

# Settings that halve the time of a dist-upgrade under TCG: an initramfs with
# only the modules this machine needs, and no man-db index rebuild.
cat > "$mnt/etc/initramfs-tools/conf.d/pmgup-testhost" <<INITRAMFS
# Written by the pmgup test-host harness: smaller initramfs, faster upgrades.
MODULES=dep
INITRAMFS
echo 'man-db man-db/auto-update boolean false' | in_root debconf-set-selections

# Debian's main.cf names /etc/ssl/certs as smtp_tls_CApath, so every Postfix
# start copies the CA certificates into its chroot and runs c_rehash on them,
# which takes about two minutes under TCG. PMG writes its own main.cf anyway.
in_root postconf -X smtp_tls_CApath

install -d "$mnt/etc/default/grub.d"
cat > "$mnt/etc/default/grub.d/pmgup-testhost.cfg" <<GRUB
# Written by the pmgup test-host harness: boot messages on the serial console,
# which the harness writes to the host's console log.
GRUB_TIMEOUT=1
GRUB_TERMINAL="serial console"
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_CMDLINE_LINUX_DEFAULT="console=tty0 console=ttyS0,115200n8"
GRUB

# GRUB: the package must not install itself anywhere during the build; the
# VM's later upgrades install to /dev/vda, its disk there.
in_root debconf-set-selections <<DEBCONF
grub-pc grub-pc/install_devices multiselect
grub-pc grub-pc/install_devices_empty boolean true
DEBCONF
in_root apt-get -q -o Acquire::http::Proxy="$proxy" update
in_root apt-get -q -y -o Acquire::http::Proxy="$proxy" install --no-install-recommends grub-pc
in_root grub-install --target=i386-pc "$loop"
in_root update-grub
grep -q "root=UUID=$uuid" "$mnt/boot/grub/grub.cfg"
in_root debconf-set-selections <<DEBCONF
grub-pc grub-pc/install_devices multiselect /dev/vda
grub-pc grub-pc/install_devices_empty boolean false
DEBCONF

in_root apt-get clean
rm -rf "$mnt"/var/lib/apt/lists/*
