set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
cat /proc/sys/kernel/random/boot_id
systemd-run --unit=pmgup-0123456789ab-reboot --collect --quiet --on-active=2 --timer-property=AccuracySec=100ms /bin/systemctl reboot
