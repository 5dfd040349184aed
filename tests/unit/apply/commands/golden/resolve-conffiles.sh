set -eu
export DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none APT_LISTBUGS_FRONTEND=none PAGER=cat LC_ALL=C.UTF-8 LANG=C.UTF-8 UCF_FORCE_CONFFOLD=1
pmgup_pending() {
  for candidate in "$1.dpkg-dist" "$1.ucf-dist"; do
    if [ -e "$candidate" ]; then printf '%s\n' "$candidate"; return 0; fi
  done
}
pmgup_maintainer() {
  installed=0
  new=$(pmgup_pending "$1")
  if [ -z "$new" ]; then printf 'pmgup-conffile\t%s\t%s\t%s\n' unchanged "$1" -; return 0; fi
  if [ -e "$1" ]; then cp -p -- "$1" "$1.pmgup-old"; fi
  mv -f -- "$new" "$1"
  installed=1
  printf 'pmgup-conffile\t%s\t%s\t%s\n' installed-maintainer "$1" "$1.pmgup-old"
}
pmgup_keep() {
  saved="$1.pmgup-keep"
  if [ -f "$saved" ] && ! cmp -s -- "$saved" "$1"; then
    mv -f -- "$1" "$1.pmgup-new"
    mv -f -- "$saved" "$1"
    printf 'pmgup-conffile\t%s\t%s\t%s\n' restored-kept "$1" "$1.pmgup-new"
    return 0
  fi
  rm -f -- "$saved"
  new=$(pmgup_pending "$1")
  printf 'pmgup-conffile\t%s\t%s\t%s\n' kept "$1" "${new:--}"
}
undecided=
[ -z "$(pmgup_pending /etc/default/grub)" ] || undecided="$undecided "/etc/default/grub
[ -z "$undecided" ] || { printf 'pmgup: these configuration files have a new maintainer version and the plan says to stop:%s. Compare each with its .dpkg-dist or .ucf-dist file, keep or install one, then run pmgup plan again\n' "$undecided" >&2; exit 77; }
pmgup_keep /etc/issue
pmgup_maintainer /etc/ssh/sshd_config
if [ "$installed" = 1 ] && command -v sshd >/dev/null && ! sshd -t; then
  [ ! -f /etc/ssh/sshd_config.pmgup-old ] || cp -p -- /etc/ssh/sshd_config.pmgup-old /etc/ssh/sshd_config
  { printf 'pmgup: sshd -t rejected the new %s; the previous file is back in place\n' /etc/ssh/sshd_config >&2; exit 78; }
fi
