import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { spawnGuest, terminate, waitForExit, type GuestBackend } from './backend.js';
import { findFreePort } from './forward.js';
import { log } from './log.js';
import { cachePaths, repositoryRoot } from './paths.js';
import { startProxy, type RunningProxy } from './proxy.js';
import { localRepositoriesFor } from './repo.js';
import { run } from './run.js';
import { hostDir, hostFiles, type HostRequest, type HostState } from './state.js';

/**
 * Guest-side addresses of QEMU's user-mode network. The guest reaches the
 * proxy at vmProxyAddress:vmProxyPort, which QEMU hands to a relay command on
 * the machine; the VM image's apt configuration names this address.
 */
export const vmNetwork = {
  guestAddress: '10.0.2.15',
  gateway: '10.0.2.2',
  proxyAddress: '10.0.2.100',
  proxyPort: 3128,
  /** Name the guest's kernel gives the NIC at PCI slot 3. */
  interfaceName: 'ens3',
};

export const vmResources = {
  memoryMiB: 2048,
  cpus: 2,
};

/**
 * Runs a host as a QEMU virtual machine under TCG with its own kernel and
 * GRUB, from a qcow2 overlay on the cached VM image. The machine's /dev/kvm
 * hangs stock Debian kernels right after GRUB, so KVM is not used.
 */
export class VmBackend implements GuestBackend {
  private readonly dir: string;
  private readonly disk: string;
  private proxy: RunningProxy | undefined;
  private sshPort = 0;
  private child: ChildProcess | undefined;

  constructor(private readonly request: HostRequest) {
    this.dir = hostDir(request.name);
    this.disk = join(this.dir, 'disk.qcow2');
  }

  async prepare(state: HostState): Promise<void> {
    if (this.request.vmImage === undefined) {
      throw new Error('The VM backend needs a VM image; run "testhost build --backend vm"');
    }

    await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', this.request.vmImage, this.disk]);
    await run('cp', ['-a', join(this.request.baseDir, 'repositories'), join(this.dir, 'repositories')]);

    this.proxy = await startProxy({
      host: '127.0.0.1',
      port: 0,
      cacheDir: cachePaths.debs,
      localRepositories: localRepositoriesFor(join(this.dir, 'repositories')),
    });
    this.sshPort = this.request.sshPort === 0 ? await findFreePort() : this.request.sshPort;

    state.sshPort = this.sshPort;
    state.guestAddress = vmNetwork.guestAddress;
    state.hostAddress = vmNetwork.proxyAddress;
    state.proxyUrl = `http://${vmNetwork.proxyAddress}:${vmNetwork.proxyPort}`;
  }

  private qemuArgs(): string[] {
    const relay = join(repositoryRoot, 'dist', 'tests', 'testhost', 'relay.js');
    const guestForward =
      `guestfwd=tcp:${vmNetwork.proxyAddress}:${vmNetwork.proxyPort}-cmd:` +
      `${process.execPath} ${relay} 127.0.0.1 ${this.proxy?.port}`;
    // restrict=on: the guest reaches nothing on the machine's networks except
    // the forwarded SSH port and the proxy relay.
    const netdev = [
      'user,id=net0,restrict=on',
      `hostfwd=tcp:127.0.0.1:${this.sshPort}-:22`,
      guestForward,
    ].join(',');

    return [
      '-name', `pmgup-${this.request.name}`,
      '-nodefaults',
      '-no-user-config',
      '-machine', 'pc,accel=tcg',
      '-cpu', 'max',
      '-device', 'virtio-rng-pci',
      '-smp', String(vmResources.cpus),
      '-m', String(vmResources.memoryMiB),
      '-drive', `file=${this.disk},if=none,id=disk0,format=qcow2,cache=unsafe,discard=unmap`,
      '-device', 'virtio-blk-pci,drive=disk0,addr=0x4',
      '-netdev', netdev,
      '-device', 'virtio-net-pci,netdev=net0,addr=0x3',
      '-chardev', `file,id=serial0,path=${join(this.dir, hostFiles.consoleLog)},append=on`,
      '-serial', 'chardev:serial0',
      '-display', 'none',
      '-monitor', 'none',
    ];
  }

  async run(onBoot: (pid: number) => void): Promise<void> {
    // A new session (setsid through `detached`) rather than -daemonize, so the
    // supervisor keeps QEMU as its child and gets its exit status.
    this.child = spawnGuest('qemu-system-x86_64', this.qemuArgs(), join(this.dir, 'qemu.log'), true);
    onBoot(this.child.pid ?? 0);

    const code = await waitForExit(this.child);
    log('vm', `QEMU exited with status ${code}`);
  }

  async stop(): Promise<void> {
    await terminate(this.child, 'SIGTERM', 10_000);
  }

  async cleanup(): Promise<void> {
    await this.proxy?.close();
    await run('rm', ['-rf', this.disk, join(this.dir, 'repositories')]);
  }
}
