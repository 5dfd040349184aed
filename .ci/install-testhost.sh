#!/usr/bin/env bash
# Installs, from Debian's packages, the tools the test-host harness
# (tests/testhost/) needs on a Debian 12 machine. Safe to run again: apt-get
# skips what is installed already.
set -euo pipefail

packages=(
  mmdebstrap        # builds the bullseye root file system
  debian-archive-keyring # bullseye's and bookworm's release keys for mmdebstrap
  systemd-container # systemd-nspawn, the default backend
  iproute2          # network namespaces and veth pairs
  qemu-system-x86   # the VM backend
  qemu-utils        # qemu-img
  openssh-client    # ssh and ssh-keygen
  dpkg-dev          # dpkg-scanpackages for the stand-in repository
  gnupg             # signs the stand-in repository
  fdisk             # sfdisk partitions the VM disk
  e2fsprogs         # mkfs.ext4 for the VM disk
  util-linux        # losetup, partx, unshare
)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-testhost.sh: run as root (the harness needs root for nspawn, namespaces and loop devices)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
