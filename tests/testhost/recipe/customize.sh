#!/bin/sh
# Customize hook of the test-host base image, run by mmdebstrap on the build
# machine after all packages are installed. $1 is the root of the image.
# Environment (set by the harness): PMGUP_SSH_PUBLIC_KEY, PMGUP_ARCHIVE_KEYRING,
# PMGUP_PMG_URI.
set -eu

root=$1
in_root() { chroot "$root" "$@"; }

# Apt sources as on a PMG 7 host installed on plain Debian. The stand-in
# repository is signed with the harness's key, installed where Proxmox's
# release key would be.
cat > "$root/etc/apt/sources.list" <<SOURCES
deb http://deb.debian.org/debian bullseye main contrib
deb http://deb.debian.org/debian bullseye-updates main contrib

# security updates
deb http://security.debian.org/debian-security bullseye-security main contrib
SOURCES
echo "deb $PMGUP_PMG_URI bullseye pmg-no-subscription" > "$root/etc/apt/sources.list.d/pmg.list"
install -m 644 "$PMGUP_ARCHIVE_KEYRING" "$root/etc/apt/trusted.gpg.d/pmg-standin-archive.gpg"
rm -f "$root/etc/apt/apt.conf.d/99mmdebstrap" "$root/etc/dpkg/dpkg.cfg.d/99mmdebstrap"

# Identity. /etc/hosts and the network configuration are written per host
# when it boots, because they carry its address.
echo pmg-testhost > "$root/etc/hostname"
echo pmg-testhost.example.org > "$root/etc/mailname"
: > "$root/etc/machine-id"
cat > "$root/etc/resolv.conf" <<RESOLV
# No name server: the test host has no route out. apt reaches Debian's
# mirror through the harness's HTTP proxy.
RESOLV
in_root postconf -e myhostname=pmg-testhost.example.org \
	'mydestination=$myhostname, pmg-testhost, localhost.localdomain, localhost'
echo 'LANG=en_US.UTF-8' > "$root/etc/default/locale"

# Root logs in over SSH with the harness's key only.
install -d -m 700 "$root/root/.ssh"
echo "$PMGUP_SSH_PUBLIC_KEY" > "$root/root/.ssh/authorized_keys"
chmod 600 "$root/root/.ssh/authorized_keys"
cat > "$root/etc/ssh/sshd_config.d/pmgup-testhost.conf" <<SSHD
# Written by the pmgup test-host harness: root logs in with the harness's
# key, never with a password.
PermitRootLogin prohibit-password
PasswordAuthentication no
SSHD

# ClamAV: no signatures can be downloaded on the test host. The unit's
# condition on main/daily databases is lifted, and a one-line MD5 signature
# database lets clamd start and detect one sample string.
install -d "$root/etc/systemd/system/clamav-daemon.service.d"
cat > "$root/etc/systemd/system/clamav-daemon.service.d/pmgup-testhost.conf" <<CLAMD
# Written by the pmgup test-host harness: start clamd with the harness's test
# signature database, because main.cvd and daily.cvd cannot be downloaded.
[Unit]
ConditionPathExistsGlob=
CLAMD
sample='pmgup-testhost-sample-signature'
checksum=$(printf '%s\n' "$sample" | md5sum | cut -d' ' -f1)
size=$(printf '%s\n' "$sample" | wc -c)
echo "$checksum:$size:Pmgup.Testhost.Sample" > "$root/var/lib/clamav/pmgup-testhost.hdb"
in_root chown clamav:clamav /var/lib/clamav/pmgup-testhost.hdb
# freshclam runs as on a PMG host; it logs failed lookups and keeps retrying.
in_root systemctl enable clamav-freshclam.service

# PostgreSQL 13: recreate main with the locale of a PMG install, render its
# configuration from the pmg-api template and create Proxmox_ruledb. This
# runs in a network namespace of its own, so the server started here never
# binds to port 5432 of the build machine.
unshare --net "$(dirname "$0")/ruledb.sh" "$root"

in_root apt-get clean
