#!/usr/bin/env bash
# Installs the OpenSSH client and server that the ssh transport tests run
# against, without leaving the system's sshd running: the tests start their
# own sshd on a loopback port with a generated config. Safe to run again,
# and an sshd that was installed before this script ran is left alone.
set -euo pipefail

install_openssh() {
  export DEBIAN_FRONTEND=noninteractive

  # Exit status 101 from policy-rc.d tells invoke-rc.d not to start the
  # service that the package's postinst would start. A policy-rc.d that was
  # already there is left as it was.
  local policy=/usr/sbin/policy-rc.d
  local created_policy=no
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    created_policy=yes
  fi

  apt-get update
  apt-get install -y --no-install-recommends openssh-client openssh-server

  if [[ "$created_policy" == yes ]]; then
    rm -f "$policy"
  fi

  # Under systemd the postinst may enable and start ssh.service anyway;
  # this sshd did not exist before, so stopping it cuts no existing session.
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    systemctl disable --now ssh.service ssh.socket 2>/dev/null || true
  fi
}

if [[ -x /usr/sbin/sshd && -x /usr/bin/ssh && -x /usr/bin/ssh-keygen ]]; then
  echo "install-ssh: openssh-client and openssh-server are already installed"
else
  install_openssh
fi

# sshd refuses to start without its privilege separation directory.
install -d -m 0755 /run/sshd
