/**
 * Fake gateways for the fleet benchmark: one real OpenSSH server per host
 * on 127.0.0.1, whose only command (an authorized_keys `command=`) replays
 * a probe run recorded on the Debian 11 test host. The replay puts in the
 * nonce and the exit-status marker of the command pmgup sent, so pmgup
 * reads it as a live probe. Every server accepts the same client key, and
 * one known_hosts file lists them all.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repositoryRoot } from '../tests/testhost/paths.js';
import { startSshd, type TestSshd } from '../tests/support/sshd.js';

/**
 * The key exchanges a PMG 7 host's sshd offers: the default of OpenSSH
 * 8.4p1 in Debian 11, as `sshd -T` printed it on the Debian 11 test host
 * (openssh-server 1:8.4p1-5+deb11u7). It has no post-quantum hybrid, so
 * pmgup's client agrees on curve25519-sha256 with a real gateway, as it does
 * with the test host. The OpenSSH 9.2 server on this machine would offer
 * sntrup761x25519-sha512 first, which costs each client about 50 ms of CPU.
 */
const PMG7_KEX_ALGORITHMS = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group14-sha256',
];

/** The recorded run; its nonce is the fixed one the recording used. */
const PROBE_RUN = join(repositoryRoot, 'tests', 'fixtures', 'probe', 'bullseye', 'probe-run.txt');
const RECORDED_NONCE = '0123456789abcdef0123456789abcdef';
/** The test host's machine id in the recording; each fake gateway replaces it with its own. */
const RECORDED_MACHINE_ID = '76e0234566f64b81bb9ad0dcaf993daf';

/**
 * The replay, run by sshd for every login with pmgup's command line in
 * SSH_ORIGINAL_COMMAND and the server's own machine id as its argument, so
 * the fake gateways are distinct machines: pmgup rejects one machine given
 * twice. One awk pass finds the nonce and the exit-status marker, then sed
 * prints the recording with that machine id. The awk pass takes time linear
 * in the command's length, so a 16 KB probe command costs the fake host
 * about what the short command of the plain-ssh baseline costs. Suffix patterns
 * of the shell (`\${command#*set -- }`) took 0.26 to 0.29 s of CPU per
 * probe command under dash on the machine in bench/fleet.md, which no
 * real gateway spends.
 */
const REPLAY = `#!/bin/sh
machine_id=$1
found=$(printf '%s\\n' "$SSH_ORIGINAL_COMMAND" | awk '
  !nonce && match($0, /set -- [0-9a-f]+/) { nonce = substr($0, RSTART + 7, RLENGTH - 7) }
  !marker && match($0, /pmgup-exit-status-[0-9a-f]+=/) { marker = substr($0, RSTART, RLENGTH - 1) }
  END { print nonce, marker }')
nonce=\${found%% *}
marker=\${found#* }
case $nonce in
  *[!0-9a-f]* | '')
    printf 'fleet benchmark host: only the probe is replayed\\n%s=1\\n' "$marker" >&2
    exit 1
    ;;
esac
sed -e "s/${RECORDED_NONCE}/$nonce/g" -e "s/^machine-id ${RECORDED_MACHINE_ID}$/machine-id $machine_id/" '${PROBE_RUN}'
printf '\\n%s=0\\n' "$marker" >&2
`;

export interface FakeFleet {
  /** Ports of the servers, one per host. */
  ports: number[];
  identityFile: string;
  knownHostsFile: string;
  stop(): Promise<void>;
}

/** Starts `count` replaying servers; `dir` receives the replay script and the shared known_hosts. */
export async function startFakeFleet(count: number, dir: string): Promise<FakeFleet> {
  const replay = join(dir, 'replay.sh');
  writeFileSync(replay, REPLAY);
  chmodSync(replay, 0o755);

  const servers: TestSshd[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      servers.push(await startSshd({ cleanRootHome: true, kexAlgorithms: PMG7_KEX_ALGORITHMS }));
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }

  const first = servers[0]!;
  const clientKey = readFileSync(`${first.clientKeyPath}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  servers.forEach((server, index) => {
    const machineId = (index + 1).toString(16).padStart(32, '0');
    writeFileSync(join(server.dir, 'authorized_keys'), `command="${replay} ${machineId}",no-pty,no-port-forwarding ${clientKey}\n`, { mode: 0o600 });
  });
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, servers.map((server) => `[127.0.0.1]:${server.port} ${server.hostPublicKey}`).join('\n') + '\n');

  return {
    ports: servers.map((server) => server.port),
    identityFile: first.clientKeyPath,
    knownHostsFile,
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
