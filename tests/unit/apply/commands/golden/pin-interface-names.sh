set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
install -d -m 0755 /etc/systemd/network
tmp=$(mktemp /etc/systemd/network/.pmgup-link.XXXXXX)
printf '%s\n' '# Written by pmgup before the upgrade reboot: keeps this interface name' '# when the new kernel would name the device differently.' '[Match]' MACAddress=52:54:00:12:34:56 '' '[Link]' Name=eth0 > "$tmp"
chmod 0644 "$tmp"
mv -f -- "$tmp" /etc/systemd/network/10-pmgup-eth0.link
if command -v update-initramfs >/dev/null; then update-initramfs -u -k all; fi
