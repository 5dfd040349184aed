/**
 * Parsing of kernel release strings (`uname -r`) and of kernel package
 * names, with the numeric comparisons the kernel check needs.
 */

/** A parsed `uname -r`: `6.8.12-4-pve` is 6, 8, 12, ABI `4`, flavour `pve`. */
export interface KernelRelease {
  major: number;
  minor: number;
  patch: number;
  abi: string | null;
  /** `pve` for Proxmox kernels, `amd64` or `cloud-amd64` for Debian's, null when absent. */
  flavour: string | null;
}

const RELEASE = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-(\d+))?(?:-([A-Za-z][\w.+-]*))?$/;

/** Parses a kernel release, or returns null when it does not look like `X.Y[.Z][-ABI][-FLAVOUR]`. */
export function parseKernelRelease(release: string): KernelRelease | null {
  const match = RELEASE.exec(release.trim());
  if (!match) {
    return null;
  }

  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? 0 : Number(match[3]),
    abi: match[4] ?? null,
    flavour: match[5] ?? null,
  };
}

/** Compares two `[major, minor, patch]` tuples numerically. */
export function compareKernelNumbers(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }

  return 0;
}

/** Returns whether the release is a Proxmox kernel build (`-pve`). */
export function isProxmoxKernel(release: KernelRelease): boolean {
  return release.flavour === 'pve';
}

/** Returns whether the release is one of Debian's own kernel flavours (`-amd64`, `-cloud-amd64`, `-rt-amd64`, `-arm64`). */
export function isDebianKernel(release: KernelRelease): boolean {
  return release.flavour !== null && /^((cloud|rt)-)?(amd64|arm64)$/.test(release.flavour);
}

/**
 * Returns the `[major, minor]` series of a Proxmox kernel package name:
 * `pve-kernel-5.15`, `pve-kernel-5.15.158-2-pve`, `proxmox-kernel-6.8`. Null for other names.
 */
export function kernelPackageSeries(name: string): [number, number] | null {
  const match = /^(?:pve|proxmox)-kernel-(\d+)\.(\d+)(?:$|[.-])/.exec(name);

  return match ? [Number(match[1]), Number(match[2])] : null;
}
