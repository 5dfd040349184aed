#!/bin/sh
# pmgup's simulation of the release upgrade, run after the probe.
#
# Usage: sh simulate.sh NONCE, with base64 text of request lines on
# standard input (the caller puts `set -- NONCE` in front). The request may
# carry credentials in sources content, so it never goes into the script
# text or a command's arguments:
#
#   copy B64PATH                   use this sources file of the host as it is
#   source B64PATH B64CONTENT      use this content for a sources file (the planned edit)
#   absent PACKAGE                 removed before the upgrade (PACKAGE- in the simulation)
#   conffile B64PATH PACKAGE       read the new version of this dpkg conffile from PACKAGE
#   ucf B64PATH PACKAGE B64SOURCE  this ucf-managed file's maintainer version is SOURCE in PACKAGE
#   template NAME                  read /var/lib/pmg/templates/NAME from the new pmg-api
#   current B64PATH                send the current content of this file, for diffs,
#                                  unless secret_path matches its name or target
#
# Output uses the probe's framing: sections between marker lines carrying
# NONCE, then @@pmgup:NONCE:done@@. A new file is one record line:
#
#   new conffile|plain B64PATH PACKAGE SIZE MD5 b+BASE64(CONTENT)|-
#   new absent|nodeb B64PATH PACKAGE - - -
#
# Contract: everything apt and dpkg-deb write goes into one scratch
# directory made with mktemp and removed at exit. apt runs with its own
# sources, lists, cache, a copy of dpkg's status file and no locking, so
# /etc/apt, /var/lib/apt, /var/cache/apt and /var/lib/dpkg stay as they
# were. It reads the trusted keys, apt.conf.d and auth.conf.d of the host
# read-only. It runs under dash with only what a Debian 11 or 12 host has.

SIMULATE_FORMAT=1

NONCE=$1

case $NONCE in
  '' | *[!0-9a-f]*)
    echo "pmgup simulate: the nonce must be lower-case hex, got '$NONCE'" >&2
    exit 2
    ;;
esac

LC_ALL=C
PATH=/usr/sbin:/usr/bin:/sbin:/bin
REQUEST=$(cat)
DEBIAN_FRONTEND=noninteractive
export LC_ALL PATH DEBIAN_FRONTEND
umask 022
cd / || exit 2

# Limit for file contents the simulation ships: larger files keep only a hash.
FILE_LIMIT=1048576
# The scratch directory needs room for the package lists and a few packages.
MIN_SCRATCH_KB=204800

# ---------------------------------------------------------------- framing

begin_section() {
  printf '@@pmgup:%s:begin:%s@@\n' "$NONCE" "$1"
}

end_section() {
  printf '\n@@pmgup:%s:end:%s:%s@@\n' "$NONCE" "$1" "$2"
}

section() {
  section_name=$1
  shift
  begin_section "$section_name"
  "$@" 2>/dev/null
  end_section "$section_name" "$?"
}

section_with_errors() {
  section_name=$1
  shift
  begin_section "$section_name"
  "$@" 2>&1
  end_section "$section_name" "$?"
}

# ---------------------------------------------------------------- helpers

to_base64() {
  printf '%s' "$1" | base64 -w 0
}

from_base64() {
  printf '%s' "$1" | base64 -d
}

request_lines() {
  printf '%s' "$REQUEST" | base64 -d
}

# secret_path PATH: whether the name suggests secrets, ignoring case. The
# same classes as mayHoldSecrets in lib/plan/conffiles-diff.ts: a unit test
# compares the two on a table of paths.
secret_path() {
  lower=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')
  case $lower in
    /etc/ssl/private/* | /etc/apt/auth.conf* | *.key | *secret* | *passw* | *shadow* | \
      *credential* | *token* | /etc/ppp/* | /etc/pmg/pmg-api.pem | /etc/pmg/pmg-tls.pem | \
      /etc/ssh/ssh_host_*_key | /root/.ssh/*)
      return 0
      ;;
  esac
  return 1
}

# readable_path PATH: whether neither the path nor its symlink target is a secret by name.
readable_path() {
  secret_path "$1" && return 1
  target=$(readlink -f -- "$1") || target=$1
  ! secret_path "$target"
}

# emit_file PATH: the probe's file record, or a missing record.
emit_file() {
  if [ ! -f "$1" ] || [ ! -r "$1" ]; then
    printf 'missing %s\n' "$(to_base64 "$1")"
    return 0
  fi
  file_size=$(stat -L -c %s -- "$1") || return 1
  if [ "$file_size" -le "$FILE_LIMIT" ]; then
    printf 'file %s %s - b%s\n' "$(to_base64 "$1")" "$file_size" "$(base64 -w 0 <"$1")"
  else
    file_sum=$(sha256sum <"$1")
    printf 'file %s %s %s -\n' "$(to_base64 "$1")" "$file_size" "${file_sum%% *}"
  fi
}

# ---------------------------------------------------------------- scratch

SCRATCH=

make_scratch() {
  for base in /var/tmp /tmp; do
    available=$(df -P -k -- "$base" 2>/dev/null | awk 'NR == 2 { print $4 }')
    case $available in '' | *[!0-9]*) continue ;; esac
    if [ "$available" -ge "$MIN_SCRATCH_KB" ]; then
      SCRATCH=$(mktemp -d "$base/pmgup-simulate.XXXXXXXX") || return 1
      break
    fi
  done
  if [ -z "$SCRATCH" ]; then
    echo "no room: /var/tmp and /tmp each have less than $MIN_SCRATCH_KB KiB free"
    return 1
  fi
  chmod 755 "$SCRATCH"
  mkdir -p "$SCRATCH/sources.list.d" "$SCRATCH/lists/partial" "$SCRATCH/cache/archives/partial" \
    "$SCRATCH/debs" "$SCRATCH/extract"
  : >"$SCRATCH/sources.list"
  cp -p /var/lib/dpkg/status "$SCRATCH/status" || return 1
  if [ -f /var/lib/apt/extended_states ]; then
    cp -p /var/lib/apt/extended_states "$SCRATCH/extended_states"
  else
    : >"$SCRATCH/extended_states"
  fi
  # apt's download methods run as _apt; the package download goes to debs.
  if id _apt >/dev/null 2>&1; then chown _apt "$SCRATCH/debs"; fi
  printf 'dir %s\n' "$SCRATCH"
  printf 'available %s\n' "$available"
}

remove_scratch() {
  case $SCRATCH in
    /var/tmp/pmgup-simulate.* | /tmp/pmgup-simulate.*) rm -rf -- "$SCRATCH" ;;
  esac
}

# Maps a host sources path to its place in the scratch directory.
scratch_source() {
  case $1 in
    /etc/apt/sources.list) printf '%s\n' "$SCRATCH/sources.list" ;;
    /etc/apt/sources.list.d/*)
      name=${1##*/}
      case $name in
        *[!A-Za-z0-9_.-]* | .*) return 1 ;;
        *.list | *.sources) printf '%s\n' "$SCRATCH/sources.list.d/$name" ;;
        *) return 1 ;;
      esac
      ;;
    *) return 1 ;;
  esac
}

# Runs in a subshell for its umask: the sources may carry credentials, so
# they are readable by root only, which apt-get runs as.
write_sources() (
  umask 077
  request_lines | while read -r tag first second _; do
    case $tag in
      copy | source) ;;
      *) continue ;;
    esac
    path=$(from_base64 "$first")
    if ! target=$(scratch_source "$path"); then
      printf 'skipped %s\n' "$first"
      continue
    fi
    rm -f -- "$target"
    if [ "$tag" = copy ]; then
      cp -- "$path" "$target"
    else
      from_base64 "$second" >"$target"
    fi
    printf 'written %s\n' "$first"
  done
)

# ---------------------------------------------------------------- apt

apt_options() {
  printf '%s\n' \
    "-o" "Dir::Etc::sourcelist=$SCRATCH/sources.list" \
    "-o" "Dir::Etc::sourceparts=$SCRATCH/sources.list.d" \
    "-o" "Dir::State::Lists=$SCRATCH/lists" \
    "-o" "Dir::State::status=$SCRATCH/status" \
    "-o" "Dir::State::extended_states=$SCRATCH/extended_states" \
    "-o" "Dir::Cache=$SCRATCH/cache" \
    "-o" "Dir::Log::Planner=/dev/null" \
    "-o" "Dir::Log::Solver=/dev/null" \
    "-o" "Debug::NoLocking=1" \
    "-o" "Acquire::Languages=none" \
    "-o" "Acquire::GzipIndexes=true" \
    "-o" "APT::Color=0"
}

# run_apt ARG...: apt-get with the scratch options, arguments kept as words.
run_apt() {
  apt_limit=$1
  shift
  # shellcheck disable=SC2046
  set -- $(apt_options | tr '\n' ' ') "$@"
  timeout -k 5 "$apt_limit" apt-get -q "$@" </dev/null
}

absent_arguments() {
  request_lines | awk '$1 == "absent" && $2 ~ /^[a-z0-9][a-z0-9+.-]*$/ { print $2 "-" }'
}

apt_update() {
  run_apt 300 update
}

apt_simulate() {
  # shellcheck disable=SC2046
  run_apt 120 -s dist-upgrade $(absent_arguments)
}

# The download list of the upgrade, each line followed by whether apt's
# real cache already holds that file.
apt_uris() {
  # shellcheck disable=SC2046
  run_apt 120 -qq --print-uris dist-upgrade $(absent_arguments) |
    while read -r uri name size rest; do
      cached=no
      [ -f "/var/cache/apt/archives/$name" ] && cached=yes
      printf '%s %s %s %s %s\n' "$uri" "$name" "$size" "$cached" "$rest"
    done
}

# ---------------------------------------------------------------- packages

# The packages whose new version the request reads files from.
wanted_packages() {
  request_lines | awk '
    ($1 == "conffile" || $1 == "ucf") && $3 ~ /^[a-z0-9][a-z0-9+.-]*$/ { print $3 }
    $1 == "template" { print "pmg-api" }' | sort -u
}

download_packages() {
  for package in $(wanted_packages); do
    if (cd "$SCRATCH/debs" && run_apt 120 download "$package" >/dev/null 2>&1); then
      deb=$(ls "$SCRATCH/debs/${package}_"*.deb 2>/dev/null | head -n 1)
      version=$(dpkg-deb -f "$deb" Version 2>/dev/null)
      printf 'deb %s %s\n' "$package" "${version:--}"
    else
      printf 'failed %s\n' "$package"
    fi
  done
  return 0
}

deb_of() {
  ls "$SCRATCH/debs/${1}_"*.deb 2>/dev/null | head -n 1
}

# extract DEB PATH: writes the member to the scratch file "$SCRATCH/extract/file".
extract() {
  rm -f "$SCRATCH/extract/file"
  dpkg-deb --fsys-tarfile "$1" 2>/dev/null | tar -xOf - ".$2" >"$SCRATCH/extract/file" 2>/dev/null
}

# emit_new KIND PATH PACKAGE: one `new` record from the extracted file.
emit_new() {
  new_file=$SCRATCH/extract/file
  new_size=$(stat -c %s -- "$new_file")
  new_md5=$(md5sum <"$new_file")
  new_md5=${new_md5%% *}
  if [ "$new_size" -le "$FILE_LIMIT" ]; then
    content=b$(base64 -w 0 <"$new_file")
  else
    content=-
  fi
  printf 'new %s %s %s %s %s %s\n' "$1" "$(to_base64 "$2")" "$3" "$new_size" "$new_md5" "$content"
}

# new_file KIND PATH PACKAGE [SOURCE]: reads PATH (or SOURCE) from the new PACKAGE.
new_file() {
  new_kind=$1
  new_path=$2
  new_package=$3
  member=${4:-$2}
  deb=$(deb_of "$new_package")
  if [ -z "$deb" ]; then
    printf 'new nodeb %s %s - - -\n' "$(to_base64 "$new_path")" "$new_package"
    return 0
  fi
  if ! extract "$deb" "$member"; then
    printf 'new absent %s %s - - -\n' "$(to_base64 "$new_path")" "$new_package"
    return 0
  fi
  if [ "$new_kind" = conffile ] &&
    ! dpkg-deb -I "$deb" conffiles 2>/dev/null | awk '{ print $NF }' | grep -Fxq -- "$new_path"; then
    new_kind=plain
  fi
  emit_new "$new_kind" "$new_path" "$new_package"
}

new_files() {
  request_lines | while read -r tag first second third; do
    case $tag in
      conffile) new_file conffile "$(from_base64 "$first")" "$second" ;;
      ucf) new_file plain "$(from_base64 "$first")" "$second" "$(from_base64 "$third")" ;;
      template)
        case $first in
          *[!A-Za-z0-9._-]* | .*) continue ;;
        esac
        new_file plain "/var/lib/pmg/templates/$first" pmg-api
        ;;
    esac
  done
  return 0
}

# ---------------------------------------------------------------- host files

# Every file ucf manages: its package, the checksum ucf recorded for the
# maintainer's version, the file's checksum now, and the checksum of the
# source the request names for it in the installed package.
ucf_entries() {
  [ -f /var/lib/ucf/registry ] || return 0
  awk '{ print $1, $NF }' /var/lib/ucf/registry | while read -r package path; do
    recorded=$(awk -v path="$path" '$2 == path { print $1 }' /var/lib/ucf/hashfile 2>/dev/null | tail -n 1)
    current=-
    if [ -f "$path" ]; then
      current=$(md5sum <"$path")
      current=${current%% *}
    fi
    printf 'entry %s %s %s %s\n' "$package" "$(to_base64 "$path")" "${recorded:--}" "$current"
  done
  request_lines | while read -r tag first _ third; do
    [ "$tag" = ucf ] || continue
    source=$(from_base64 "$third")
    [ -f "$source" ] && readable_path "$source" || continue
    sum=$(md5sum <"$source")
    printf 'source %s %s\n' "$first" "${sum%% *}"
  done
  return 0
}

current_files() {
  request_lines | while read -r tag first _; do
    [ "$tag" = current ] || continue
    path=$(from_base64 "$first")
    # A secret is left out, as if pmgup had not requested it.
    readable_path "$path" || continue
    emit_file "$path"
  done
  return 0
}

# ---------------------------------------------------------------- main

main() {
  begin_section simulate
  printf 'format %s\n' "$SIMULATE_FORMAT"
  printf 'started %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  end_section simulate 0

  section_with_errors scratch make_scratch
  if [ -n "$SCRATCH" ]; then
    trap remove_scratch EXIT
    trap 'exit 130' INT TERM HUP
    section sources write_sources
    section_with_errors update apt_update
    section_with_errors upgrade apt_simulate
    section uris apt_uris
    section ucf ucf_entries
    section debs download_packages
    section new-files new_files
    section current current_files
  fi

  printf '@@pmgup:%s:done@@\n' "$NONCE"
}

main </dev/null
