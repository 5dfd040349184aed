#!/bin/sh
# pmgup's read-only probe of a Proxmox Mail Gateway host.
#
# Usage: sh probe.sh NONCE [MAX_WAIT_SECONDS [SKIP]]
#
# SKIP is a comma-separated list of slow sections to leave out, from the
# fixed set apt-simulate and conffile-md5. A skipped section prints no
# markers at all, and the `probe` section lists it on a `skipped` line, so
# the reader can tell "not probed" from an empty result.
#
# Prints sections framed by marker lines that carry NONCE, so nothing the
# host controls (file contents, unit names, command output) can end a
# section early or start a fake one:
#
#   @@pmgup:NONCE:begin:NAME@@
#   ...body...
#   @@pmgup:NONCE:end:NAME:EXIT_STATUS@@
#
# The end marker always follows a newline the script adds, so the body is
# the text between the two markers minus that one newline. The last line is
# @@pmgup:NONCE:done@@. A file is one record line:
#
#   file BASE64(PATH) SIZE SHA256|- b+BASE64(CONTENT)|-
#   missing BASE64(PATH)
#
# SHA256 is printed only when the content is left out (larger than the
# limit); otherwise the caller hashes the decoded content itself.
#
# Contract: the script changes nothing on the host. It installs nothing,
# updates no package lists, starts or stops no unit, takes no dpkg or apt
# lock, writes no file, and bounds every command that could hang with
# `timeout`. It never reads /etc/apt/auth.conf.d, private keys or pmgbackup
# archives. It runs under dash with only what a Debian 11 or 12 host has.

PROBE_FORMAT=1

NONCE=$1
MAX_WAIT=${2:-60}
SKIP=${3:-}

case $NONCE in
  '' | *[!0-9a-f]*)
    echo "pmgup probe: the nonce must be lower-case hex, got '$NONCE'" >&2
    exit 2
    ;;
esac
case $MAX_WAIT in
  '' | *[!0-9]*)
    echo "pmgup probe: MAX_WAIT_SECONDS must be a whole number, got '$MAX_WAIT'" >&2
    exit 2
    ;;
esac
case $SKIP in
  *[!a-z0-9,-]* | ,* | *, | *,,*)
    echo "pmgup probe: SKIP must be a comma-separated list of section names, got '$SKIP'" >&2
    exit 2
    ;;
esac
for skipped_name in $(printf '%s' "$SKIP" | tr , ' '); do
  case $skipped_name in
    apt-simulate | conffile-md5) ;;
    *)
      echo "pmgup probe: section '$skipped_name' in SKIP is invalid, because only apt-simulate and conffile-md5 can be skipped" >&2
      exit 2
      ;;
  esac
done

LC_ALL=C
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL PATH
unset LANG LANGUAGE PGOPTIONS PGHOST PGPORT PGDATABASE PGUSER
umask 077
# psql running as postgres cannot enter root's home directory.
cd / || exit 2

# Limit for file contents the probe ships: larger files keep only a hash.
FILE_LIMIT=1048576

UNITS='postfix.service pmg-smtp-filter.service pmgpolicy.service
pmgdaemon.service pmgproxy.service pmgmirror.service pmgtunnel.service
clamav-daemon.service clamav-daemon.socket clamav-freshclam.service
clamav-clamonacc.service postgresql.service postgresql@13-main.service
postgresql@15-main.service systemd-timesyncd.service chrony.service
ntp.service ntpsec.service openntpd.service ssh.service networking.service'

# ---------------------------------------------------------------- framing

begin_section() {
  printf '@@pmgup:%s:begin:%s@@\n' "$NONCE" "$1"
}

end_section() {
  printf '\n@@pmgup:%s:end:%s:%s@@\n' "$NONCE" "$1" "$2"
}

# section NAME COMMAND [ARG...]: the command's standard output is the body;
# its standard error is dropped and its exit status closes the section.
section() {
  section_name=$1
  shift
  begin_section "$section_name"
  "$@" 2>/dev/null
  end_section "$section_name" "$?"
}

# unless_skipped SECTION_FUNCTION NAME COMMAND [ARG...]: runs the section
# unless NAME is in SKIP.
unless_skipped() {
  case ,$SKIP, in
    *,"$2",*) return 0 ;;
  esac
  "$@"
}

# Same as section, with standard error kept in the body.
section_with_errors() {
  section_name=$1
  shift
  begin_section "$section_name"
  "$@" 2>&1
  end_section "$section_name" "$?"
}

# ---------------------------------------------------------------- helpers

has() {
  command -v "$1" >/dev/null 2>&1
}

to_base64() {
  printf '%s' "$1" | base64 -w 0
}

# emit_file PATH [LIMIT]: one file record, or a missing record when PATH is
# not a readable regular file.
emit_file() {
  file_path=$1
  file_limit=${2:-$FILE_LIMIT}
  if [ ! -f "$file_path" ] || [ ! -r "$file_path" ]; then
    printf 'missing %s\n' "$(to_base64 "$file_path")"
    return 0
  fi

  file_size=$(stat -L -c %s -- "$file_path") || return 1
  if [ "$file_size" -le "$file_limit" ]; then
    printf 'file %s %s - b%s\n' "$(to_base64 "$file_path")" "$file_size" \
      "$(base64 -w 0 <"$file_path")"
  else
    file_sum=$(sha256sum <"$file_path")
    printf 'file %s %s %s -\n' "$(to_base64 "$file_path")" "$file_size" "${file_sum%% *}"
  fi
}

yes_no() {
  if "$@"; then echo yes; else echo no; fi
}

# line KEY VALUE: one record line. printf, unlike dash's echo, leaves
# backslashes in host-controlled values alone.
line() {
  printf '%s %s\n' "$1" "$2"
}

# ---------------------------------------------------------------- system

probe_meta() {
  line format "$PROBE_FORMAT"
  line time "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if has dpkg; then line architecture "$(dpkg --print-architecture)"; fi
  if [ -n "$SKIP" ]; then line skipped "$(printf '%s' "$SKIP" | tr , ' ')"; fi
}

# Waits up to MAX_WAIT seconds while systemd is still booting, so the unit
# states the probe reports are the settled ones.
probe_system() {
  wait_start=$(date +%s)
  waited=0
  while :; do
    state=$(timeout -k 2 10 systemctl is-system-running 2>/dev/null)
    case $state in
      starting | initializing) ;;
      *) break ;;
    esac
    waited=$(($(date +%s) - wait_start))
    if [ "$waited" -ge "$MAX_WAIT" ]; then break; fi
    sleep 1
    # Measured only after a sleep, so a system that needs no wait reports 0
    # even when the clock's second changes during the first check.
    waited=$(($(date +%s) - wait_start))
  done
  line state "${state:-unknown}"
  line waited "$waited"
  # systemd-detect-virt prints "none" itself, and exits 1, outside a container or VM.
  container=$(timeout 10 systemd-detect-virt --container 2>/dev/null)
  line container "${container:-none}"
  vm=$(timeout 10 systemd-detect-virt --vm 2>/dev/null)
  line vm "${vm:-none}"
}

probe_identity() {
  line hostname "$(uname -n)"
  fqdn=$(timeout 5 hostname -f 2>/dev/null) || fqdn=
  line fqdn "$fqdn"
  machine_id=
  if [ -r /etc/machine-id ]; then read -r machine_id </etc/machine-id; fi
  line machine-id "$machine_id"
}

probe_os() {
  if [ -f /etc/os-release ]; then emit_file /etc/os-release; else emit_file /usr/lib/os-release; fi
  emit_file /etc/debian_version
}

probe_kernel() {
  line release "$(uname -r)"
  line machine "$(uname -m)"
}

probe_boot() {
  line efi "$(yes_no test -d /sys/firmware/efi)"
  line proxmox-boot-uuids "$(yes_no test -f /etc/kernel/proxmox-boot-uuids)"
  # The boot time is when PID 1 started: the kernel's btime plus PID 1's
  # start time (field 22 of /proc/1/stat, in clock ticks). On a VM or bare
  # metal that is the boot; in a container, where btime is the host
  # kernel's, it is the container's own boot.
  awk -v ticks="$(getconf CLK_TCK)" -v start="$(sed 's/.*) //' /proc/1/stat | cut -d' ' -f20)" \
    '$1 == "btime" { print "btime " ($2 + int(start / ticks)) }' /proc/stat
}

# ---------------------------------------------------------------- dpkg

probe_packages() {
  dpkg-query -W -f='${binary:Package}\t${Version}\t${Architecture}\t${Status}\n'
}

# Modification times of dpkg's file lists, which dpkg rewrites on unpack.
probe_dpkg_lists() {
  set -- /var/lib/dpkg/info/*.list
  [ -e "$1" ] || return 0
  stat -c '%Y %n' -- "$@"
}

probe_conffiles() {
  dpkg-query -W -f='${Package}\n${Conffiles}\n'
}

# Checksums of the files dpkg tracks as conffiles. Paths that could hold
# secrets are left out; they show up as missing checksums, never as content.
probe_conffile_md5() {
  dpkg-query -W -f='${Conffiles}\n' |
    awk '
      /^ \// {
        sub(/^ /, "")
        while ($NF == "obsolete" || $NF == "remove-on-upgrade") sub(/ [^ ]*$/, "")
        sub(/ [^ ]*$/, "")
        if ($0 ~ /^\/etc\/apt\/auth\.conf\.d\// || $0 ~ /\.key$/ || $0 ~ /^\/etc\/ssl\/private\//) next
        print
      }' |
    tr '\n' '\0' |
    xargs -0 -r md5sum --
}

probe_dpkg_state() {
  updates=0
  for pending in /var/lib/dpkg/updates/*; do
    [ -e "$pending" ] && updates=$((updates + 1))
  done
  line updates "$updates"
}

# ---------------------------------------------------------------- apt

probe_apt_sources() {
  emit_file /etc/apt/sources.list 16777216
  for source in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$source" ] && emit_file "$source" 16777216
  done
  return 0
}

probe_apt_lists() {
  for release in /var/lib/apt/lists/*_Release /var/lib/apt/lists/*_InRelease; do
    [ -f "$release" ] && printf '%s\n' "${release##*/}"
  done
  return 0
}

# Empty cache paths make apt build its package cache in memory instead of
# rewriting /var/cache/apt/*.bin. The planner and solver logs go to /dev/null
# because a simulation would otherwise rewrite /var/log/apt/eipp.log.xz.
# NoLocking keeps apt off the dpkg and apt locks.
APT_READ_ONLY='-o Debug::NoLocking=1 -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
 -o Dir::Log::Planner=/dev/null -o Dir::Log::Solver=/dev/null'

probe_apt_simulate() {
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive timeout -k 5 120 apt-get -s -q $APT_READ_ONLY dist-upgrade </dev/null
}

# ---------------------------------------------------------------- systemd

# Prints the queried names first, so the parser can match the blocks of
# `systemctl show` (printed in argument order) to the names asked for.
probe_units() {
  # shellcheck disable=SC2086
  echo "query" $UNITS
  # shellcheck disable=SC2086
  timeout -k 2 15 systemctl show -p Id,LoadState,ActiveState,SubState,UnitFileState $UNITS
}

probe_pmgup_units() {
  names=$(timeout -k 2 15 systemctl list-units --all --plain --no-legend --full 'pmgup-*' |
    awk '{ print $1 }')
  # shellcheck disable=SC2086
  echo "query" $names
  if [ -n "$names" ]; then
    # shellcheck disable=SC2086
    timeout -k 2 15 systemctl show -p Id,ActiveState,Result,ExecMainCode,ExecMainStatus $names
  fi
}

# ---------------------------------------------------------------- postgres

probe_pg_lsclusters() {
  has pg_lsclusters || return 127
  timeout -k 2 15 pg_lsclusters --no-header
}

PG_DATABASES_SQL="SELECT encode(convert_to(datname, 'UTF8'), 'hex'), pg_database_size(oid) FROM pg_database ORDER BY datname"

# For each cluster: its start.conf and, when it is online, its databases with
# their sizes. Queries run read-only as the postgres user.
probe_pg_clusters() {
  has pg_lsclusters || return 127
  timeout -k 2 15 pg_lsclusters --no-header |
    while read -r pg_version pg_name pg_port pg_status _; do
      printf 'cluster %s %s\n' "$pg_version" "$pg_name"
      emit_file "/etc/postgresql/$pg_version/$pg_name/start.conf"
      case $pg_status in
        online*) probe_pg_databases "$pg_port" ;;
      esac
    done
}

probe_pg_databases() {
  rows=$(PGCONNECT_TIMEOUT=5 PGOPTIONS='-c statement_timeout=10000 -c default_transaction_read_only=on' \
    timeout -k 2 20 runuser -u postgres -- \
    psql -X -q -A -t -F ' ' -v ON_ERROR_STOP=1 -p "$1" -d postgres -c "$PG_DATABASES_SQL" \
    </dev/null 2>/dev/null)
  line databases "$?"
  [ -n "$rows" ] && printf '%s\n' "$rows" | sed 's/^/db /'
  return 0
}

# createcluster.conf, then each *.conf file of the directory that its
# stock include_dir line names, which pg_createcluster and the server
# package's postinst read in name order.
probe_pg_createcluster() {
  emit_file /etc/postgresql-common/createcluster.conf
  for drop_in in /etc/postgresql-common/createcluster.d/*.conf; do
    [ -f "$drop_in" ] || continue
    emit_file "$drop_in"
  done
  return 0
}

# ---------------------------------------------------------------- pmg

probe_pmg_files() {
  emit_file /etc/pmg/pmg.conf
  emit_file /etc/pmg/cluster.conf
}

# Every override in /etc/pmg/templates, each followed by the shipped file of
# the same name (or a missing record).
probe_pmg_templates() {
  for override in /etc/pmg/templates/*; do
    [ -f "$override" ] || continue
    emit_file "$override"
    emit_file "/var/lib/pmg/templates/${override##*/}"
  done
  return 0
}

# Names, sizes and times of backup archives; their contents are never read.
probe_pmg_backups() {
  for archive in /var/lib/pmg/backup/*; do
    [ -f "$archive" ] || continue
    printf 'backup %s %s\n' "$(to_base64 "$archive")" "$(stat -c '%s %Y' -- "$archive")"
  done
  return 0
}

# ---------------------------------------------------------------- disk

probe_disk() {
  for disk_path in / /var /var/cache/apt/archives /var/lib/postgresql /boot; do
    if [ ! -e "$disk_path" ]; then
      line absent "$disk_path"
      continue
    fi
    disk_line=$(timeout -k 2 10 df -B1 --output=size,avail,target -- "$disk_path" | tail -n 1) ||
      disk_line=
    printf 'disk %s %s\n' "$disk_path" "$disk_line"
  done
}

# ---------------------------------------------------------------- network

probe_udev_names() {
  has udevadm || return 127
  for device in /sys/class/net/*; do
    [ -e "$device" ] || continue
    timeout -k 2 5 udevadm info -q property -p "$device" 2>/dev/null |
      while IFS= read -r property; do
        case $property in
          ID_NET_NAME*) printf '%s %s\n' "${device##*/}" "$property" ;;
        esac
      done
  done
  return 0
}

probe_hostname_addresses() {
  timeout -k 2 5 getent ahosts "$(uname -n)"
}

probe_network_files() {
  emit_file /etc/network/interfaces
  for link in /etc/systemd/network/*.link; do
    [ -e "$link" ] && printf 'link %s\n' "$(to_base64 "${link##*/}")"
  done
  return 0
}

# ---------------------------------------------------------------- misc

probe_ssh() {
  line exists "$(yes_no test -f /root/.ssh/config)"
  [ -f /root/.ssh/config ] || return 0
  grep -n -i -E '^[[:space:]]*Ciphers([[:space:]]|=)' /root/.ssh/config | sed 's/^/line /'
  return 0
}

# Only the certificate blocks reach openssl, and only the key type and size
# lines of its output are kept: the private key in pmg-api.pem stays put.
probe_certificates() {
  for pem in /etc/pmg/pmg-api.pem /etc/pmg/pmg-tls.pem; do
    if [ ! -f "$pem" ]; then
      printf 'cert %s no\n' "$pem"
      continue
    fi
    printf 'cert %s yes\n' "$pem"
    sed -n '/^-----BEGIN CERTIFICATE-----/,/^-----END CERTIFICATE-----/p' "$pem" |
      timeout -k 2 10 openssl x509 -noout -text 2>/dev/null |
      grep -E 'Public Key Algorithm:|Public-Key:' |
      sed 's/^[[:space:]]*/key /'
  done
  return 0
}

probe_dkms() {
  has dkms || return 127
  timeout -k 2 30 dkms status -k "$(uname -r)"
}

probe_clamav() {
  [ -f /etc/clamav/clamd.conf ] || return 0
  grep -E '^[[:space:]]*OnAccess' /etc/clamav/clamd.conf
  return 0
}

probe_locale() {
  emit_file /etc/default/locale
  locale -a 2>/dev/null | sed 's/^/available /'
  return 0
}

# The last line of `postqueue -p`, and the number of queue files in the
# spool, which can still be counted while Postfix is stopped.
probe_mail_queue() {
  if has postqueue; then
    queue_tail=$(timeout -k 2 20 postqueue -p 2>/dev/null | tail -n 1)
    line postqueue "$queue_tail"
  fi
  if [ -d /var/spool/postfix ]; then
    spool=0
    for queue in maildrop incoming active deferred hold; do
      [ -d "/var/spool/postfix/$queue" ] || continue
      count=$(find "/var/spool/postfix/$queue" -type f | wc -l)
      spool=$((spool + count))
    done
    line spool "$spool"
  fi
  return 0
}

probe_pmgup_state() {
  emit_file /var/lib/pmgup/lock 65536
  if [ -f /var/lib/pmgup/journal.jsonl ]; then
    printf 'journal b%s\n' "$(tail -n 200 /var/lib/pmgup/journal.jsonl | base64 -w 0)"
  fi
  return 0
}

# ---------------------------------------------------------------- main

main() {
  section probe probe_meta
  section system probe_system
  section identity probe_identity
  section os probe_os
  section kernel probe_kernel
  section boot probe_boot

  section packages probe_packages
  section dpkg-lists probe_dpkg_lists
  section conffiles probe_conffiles
  unless_skipped section conffile-md5 probe_conffile_md5
  section dpkg-state probe_dpkg_state
  section dpkg-audit dpkg --audit

  section apt-sources probe_apt_sources
  section apt-lists probe_apt_lists
  unless_skipped section_with_errors apt-simulate probe_apt_simulate

  section units probe_units
  section pmgup-units probe_pmgup_units

  section pg-lsclusters probe_pg_lsclusters
  section pg-clusters probe_pg_clusters
  section pg-createcluster probe_pg_createcluster

  section pmg-files probe_pmg_files
  section pmg-templates probe_pmg_templates
  section pmg-backups probe_pmg_backups

  section disk probe_disk
  section ip-link ip -o link show
  section ip-addr ip -o addr show
  section udev probe_udev_names
  section hostname-addresses probe_hostname_addresses
  section network-files probe_network_files

  section ssh probe_ssh
  section certificates probe_certificates
  section dkms probe_dkms
  section clamav probe_clamav
  section locale probe_locale
  section mail-queue probe_mail_queue
  section pmgup-state probe_pmgup_state

  printf '@@pmgup:%s:done@@\n' "$NONCE"
}

# Parsed whole before it runs, and with standard input closed, so no command
# can swallow the rest of a script that arrived on standard input.
main </dev/null
