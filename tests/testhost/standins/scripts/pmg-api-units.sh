# Unit handling shared by the stand-in pmg-api maintainer scripts. Sourced,
# not executed. Masked units are skipped instead of failing the script, as
# PMG's own packages have done since 7.3-4, so a dist-upgrade with the PMG
# services stopped and masked configures cleanly.

PMG_UNITS="pmg-smtp-filter pmgpolicy pmgdaemon pmgproxy pmgmirror pmgtunnel"

# Enables the units on first installation; later runs only refresh the state
# deb-systemd-helper keeps, so an administrator's `systemctl disable` stays.
pmg_enable_units() {
	for unit in $PMG_UNITS; do
		if [ -z "$1" ]; then
			deb-systemd-helper enable "$unit.service" >/dev/null || true
		else
			deb-systemd-helper update-state "$unit.service" >/dev/null || true
		fi
	done
}

# Restarts every unit that is not masked. Does nothing outside a booted
# systemd, for example while an image is being built in a chroot.
pmg_restart_units() {
	[ -d /run/systemd/system ] || return 0
	systemctl --system daemon-reload >/dev/null || true
	for unit in $PMG_UNITS; do
		state=$(systemctl is-enabled "$unit.service" 2>/dev/null || true)
		if [ "$state" = masked ] || [ "$state" = masked-runtime ]; then
			echo "pmg-api: $unit.service is masked, not restarting it"
			continue
		fi
		deb-systemd-invoke restart "$unit.service"
	done
}

# Stops every unit that is not masked.
pmg_stop_units() {
	[ -d /run/systemd/system ] || return 0
	for unit in $PMG_UNITS; do
		deb-systemd-invoke stop "$unit.service" >/dev/null 2>&1 || true
	done
}
