import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { spawnGuest, terminate, waitForExit, type GuestBackend } from './backend.js';
import { startForwarder, type RunningForwarder } from './forward.js';
import { log } from './log.js';
import { createNetwork, destroyNetwork, networkForSlot, releaseSlot, reserveSlot, type HostNetwork } from './netns.js';
import { cachePaths } from './paths.js';
import { startProxy, type RunningProxy } from './proxy.js';
import { localRepositoriesFor } from './repo.js';
import { run } from './run.js';
import { hostDir, hostFiles, type HostRequest, type HostState } from './state.js';

/** Exit status of systemd-nspawn when the container's systemd requests a reboot. */
const rebootExitCode = 133;

/** Port of the proxy on the host side of each container's veth pair. */
const proxyPort = 3128;

/** Per-host files written into the container's root before its first boot. */
function writeGuestNetworkFiles(root: string, network: HostNetwork): void {
  writeFileSync(
    join(root, 'etc/network/interfaces'),
    [
      '# Written by the pmgup test-host harness for this host\'s veth pair. Nothing',
      '# is routed beyond the /30: apt goes through the proxy on the host side.',
      'source /etc/network/interfaces.d/*',
      '',
      'auto lo',
      'iface lo inet loopback',
      '',
      `auto ${network.guestInterface}`,
      `iface ${network.guestInterface} inet static`,
      `\taddress ${network.guestAddress}/${network.prefixLength}`,
      '',
    ].join('\n'),
  );

  writeFileSync(
    join(root, 'etc/hosts'),
    [
      '127.0.0.1\tlocalhost',
      `${network.guestAddress}\tpmg-testhost.example.org pmg-testhost`,
      '',
      '::1\t\tlocalhost ip6-localhost ip6-loopback',
      'ff02::1\t\tip6-allnodes',
      'ff02::2\t\tip6-allrouters',
      '',
    ].join('\n'),
  );
}

/**
 * Takes the guest's interface down and removes its addresses before a
 * reboot's next boot. The namespace outlives the container, and ifupdown in
 * the new boot expects an unconfigured interface, as after a real reboot.
 */
async function resetGuestInterface(network: HostNetwork): Promise<void> {
  const device = ['dev', network.guestInterface];
  await run('ip', ['-n', network.namespace, 'link', 'set', ...device, 'down'], { allowFailure: true });
  await run('ip', ['-n', network.namespace, 'addr', 'flush', ...device], { allowFailure: true });
}

/** Renders the apt configuration that points a guest at its proxy. */
export function aptProxyConfig(proxyUrl: string): string {
  return [
    '// Written by the pmgup test-host harness; a real PMG host has no such file.',
    '// The test host has no route out, so apt reaches Debian\'s mirror and the',
    '// stand-in repositories through the harness\'s HTTP proxy.',
    `Acquire::http::Proxy "${proxyUrl}";`,
    '// The mirror the build machine uses may serve index files whose',
    '// Valid-Until date has passed.',
    'Acquire::Check-Valid-Until "false";',
    '',
  ].join('\n');
}

/** Name of the harness's apt configuration file in the guest. */
export const aptProxyConfigPath = 'etc/apt/apt.conf.d/99pmgup-testhost-proxy';

/**
 * Runs a host as a systemd-nspawn container booted with systemd, in a network
 * namespace of its own, from a plain copy of the base root.
 */
export class ContainerBackend implements GuestBackend {
  private readonly dir: string;
  private readonly root: string;
  private network: HostNetwork | undefined;
  private proxy: RunningProxy | undefined;
  private forwarder: RunningForwarder | undefined;
  private child: ChildProcess | undefined;
  private stopping = false;

  constructor(private readonly request: HostRequest) {
    this.dir = hostDir(request.name);
    this.root = join(this.dir, 'root');
  }

  async prepare(state: HostState): Promise<void> {
    // A plain copy, not overlayfs: bookworm's usrmerge conversion fails on
    // overlayfs, and the dist-upgrade pulls usrmerge in.
    log('container', `copying base root to ${this.root}`);
    await run('cp', ['-a', '--reflink=auto', join(this.request.baseDir, 'root'), this.root]);
    await run('cp', ['-a', join(this.request.baseDir, 'repositories'), join(this.dir, 'repositories')]);

    this.network = networkForSlot(reserveSlot(this.request.name));
    state.network = this.network;
    const proxyUrl = `http://${this.network.hostAddress}:${proxyPort}`;
    writeGuestNetworkFiles(this.root, this.network);
    // A fixed machine id, as a real host has. With an empty one, systemd in
    // the container takes nspawn's random per-start UUID, which changes on
    // every reboot and strands the persistent journal of the previous boot.
    writeFileSync(join(this.root, 'etc/machine-id'), `${randomBytes(16).toString('hex')}\n`);
    writeFileSync(join(this.root, aptProxyConfigPath), aptProxyConfig(proxyUrl));

    await createNetwork(this.network);
    this.proxy = await startProxy({
      host: this.network.hostAddress,
      port: proxyPort,
      cacheDir: cachePaths.debs,
      localRepositories: localRepositoriesFor(join(this.dir, 'repositories')),
    });
    this.forwarder = await startForwarder(this.request.sshPort, { host: this.network.guestAddress, port: 22 });

    state.sshPort = this.forwarder.port;
    state.guestAddress = this.network.guestAddress;
    state.hostAddress = this.network.hostAddress;
    state.proxyUrl = proxyUrl;
  }

  async run(onBoot: (pid: number) => void): Promise<void> {
    const network = this.network;
    if (network === undefined) {
      throw new Error('The container backend was run before prepare');
    }

    while (!this.stopping) {
      if (this.child !== undefined) {
        await resetGuestInterface(network);
      }

      // --register=no and --keep-unit because the machine has no machined and
      // no systemd as PID 1.
      this.child = spawnGuest(
        'systemd-nspawn',
        [
          '--boot',
          `--directory=${this.root}`,
          `--machine=pmgup-${this.request.name}`,
          '--register=no',
          '--keep-unit',
          `--network-namespace-path=/run/netns/${network.namespace}`,
          '--capability=CAP_NET_ADMIN',
          '--console=read-only',
          '--resolv-conf=off',
          '--timezone=off',
          '--link-journal=no',
        ],
        join(this.dir, hostFiles.consoleLog),
        false,
      );
      onBoot(this.child.pid ?? 0);

      const code = await waitForExit(this.child);
      log('container', `systemd-nspawn exited with status ${code}`);
      if (code !== rebootExitCode) {
        return;
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // SIGTERM makes nspawn ask the container's systemd to power off.
    await terminate(this.child, 'SIGTERM', 30_000);
  }

  async cleanup(): Promise<void> {
    await this.proxy?.close();
    await this.forwarder?.close();
    if (this.network !== undefined) {
      await destroyNetwork(this.network);
      releaseSlot(this.network.slot);
    }
    await run('rm', ['-rf', '--one-file-system', this.root, join(this.dir, 'repositories')]);
  }
}
