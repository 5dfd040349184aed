import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { harnessSource } from './paths.js';
import { repositoryUris } from './repo.js';

/** Facts about the booted host that a variant may put into files. */
export interface VariantContext {
  /** The guest's own address, as its /etc/hosts names it. */
  guestAddress: string;
  /**
   * An address inside the host's private network other than the guest's: the
   * host side of its veth pair or QEMU's gateway. The cluster variant names it
   * as the second node, so nothing outside the test network is ever named.
   */
  peerAddress: string;
}

/**
 * A declarative change applied to a freshly booted host before a test: files
 * to write, files to remove, then shell commands (for example reloading a
 * service that reads a changed file).
 */
export interface VariantRecipe {
  description: string;
  write: Array<{ path: string; content: string }>;
  remove: string[];
  commands: string[];
}

const debianSourcesDeb822 = `# Debian's repositories in deb822 format.
Types: deb
URIs: http://deb.debian.org/debian
Suites: bullseye bullseye-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://security.debian.org/debian-security
Suites: bullseye-security
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

/** Builds a local override of the PostgreSQL template that still sets stats_temp_directory. */
function modifiedTemplate(): string {
  const shipped = readFileSync(
    join(harnessSource, 'standins', 'pmg-api-7', 'var', 'lib', 'pmg', 'templates', 'postgresql.conf.in'),
    'utf8',
  );
  if (!shipped.includes('stats_temp_directory')) {
    throw new Error('The 7.3 stand-in template lost its stats_temp_directory line; the template-override variant needs it');
  }

  return shipped.replace(/^work_mem = .*$/m, '# local change: more memory for sorting large statistics queries\nwork_mem = 16MB');
}

/**
 * Writes /etc/pmg/cluster.conf naming this host as master (cid 1) and a
 * second node (cid 2). The keys are real RSA public keys generated on the
 * guest and the fingerprints have the SHA-256 format, but no second node
 * exists.
 */
const clusterScript = String.raw`
test -f /root/.ssh/id_rsa || ssh-keygen -q -t rsa -b 2048 -N '' -C root@pmg-testhost -f /root/.ssh/id_rsa
peer_keys=$(mktemp -d)
ssh-keygen -q -t rsa -b 2048 -N '' -f "$peer_keys/host"
ssh-keygen -q -t rsa -b 2048 -N '' -f "$peer_keys/root"
key() { cut -d' ' -f2 "$1"; }
fingerprint() { printf '%s' "$1" | sha256sum | cut -c1-64 | tr a-f A-F | sed 's/../&:/g; s/:$//'; }
cat > /etc/pmg/cluster.conf <<CLUSTER
master: 1
	fingerprint $(fingerprint "$(key /etc/ssh/ssh_host_rsa_key.pub)")
	hostrsapubkey $(key /etc/ssh/ssh_host_rsa_key.pub)
	ip $PMGUP_GUEST_ADDRESS
	maxcid 2
	name $(hostname)
	rootrsapubkey $(key /root/.ssh/id_rsa.pub)

node: 2
	fingerprint $(fingerprint "$(key "$peer_keys/host.pub")")
	hostrsapubkey $(key "$peer_keys/host.pub")
	ip $PMGUP_PEER_ADDRESS
	name pmg-testhost-b
	rootrsapubkey $(key "$peer_keys/root.pub")
CLUSTER
rm -rf "$peer_keys"
systemctl start pmgmirror pmgtunnel
`;

const variantRecipes = {
  'template-override': (): VariantRecipe => ({
    description: 'a modified /etc/pmg/templates/postgresql.conf.in that still sets stats_temp_directory',
    write: [{ path: '/etc/pmg/templates/postgresql.conf.in', content: modifiedTemplate() }],
    remove: [],
    commands: ['pmgconfig sync --restart 1'],
  }),
  deb822: (): VariantRecipe => ({
    description: "Debian's sources in /etc/apt/sources.list.d/debian.sources (deb822) instead of sources.list",
    write: [{ path: '/etc/apt/sources.list.d/debian.sources', content: debianSourcesDeb822 }],
    remove: ['/etc/apt/sources.list'],
    commands: [],
  }),
  'third-party': (): VariantRecipe => ({
    description: 'an extra bullseye line for a third-party repository (served empty by the proxy)',
    write: [
      {
        path: '/etc/apt/sources.list.d/thirdparty.list',
        content: `deb ${repositoryUris.thirdParty} bullseye main\n`,
      },
    ],
    remove: [],
    commands: [],
  }),
  cluster: (): VariantRecipe => ({
    description: '/etc/pmg/cluster.conf with this host as master and a second node; pmgmirror and pmgtunnel started',
    write: [],
    remove: [],
    commands: [clusterScript],
  }),
  'merged-usr': (): VariantRecipe => ({
    description: 'merged /usr (/bin, /sbin, /lib as links into /usr), as on a Debian 11 installed with debian-installer',
    write: [],
    remove: [],
    commands: [
      'apt-get update -q >/dev/null',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y -q usrmerge >/dev/null',
      'test -L /bin && test -L /lib',
    ],
  }),
  'modified-conffiles': (): VariantRecipe => ({
    description: 'locally modified /etc/ssh/sshd_config (ucf-managed) and /etc/issue (dpkg conffile)',
    write: [{ path: '/etc/issue', content: 'Proxmox Mail Gateway test host \\n \\l\n\n' }],
    remove: [],
    commands: [
      "printf '\\n# Local change: keep idle sessions open.\\nClientAliveInterval 120\\n' >> /etc/ssh/sshd_config",
      'sshd -t',
      'systemctl reload ssh',
    ],
  }),
} satisfies Record<string, () => VariantRecipe>;

export type VariantName = keyof typeof variantRecipes;

export const variantNames = Object.keys(variantRecipes) as VariantName[];

export function isVariantName(name: string): name is VariantName {
  return Object.hasOwn(variantRecipes, name);
}

export function describeVariant(name: VariantName): string {
  return variantRecipes[name]().description;
}

/**
 * Renders the variants as one POSIX shell script for the guest. File contents
 * travel base64-encoded, so no quoting can break them. Facts from `context`
 * reach the commands as PMGUP_GUEST_ADDRESS and PMGUP_PEER_ADDRESS.
 */
export function renderVariantScript(names: VariantName[], context: VariantContext): string {
  const lines = [
    'set -eu',
    `PMGUP_GUEST_ADDRESS='${context.guestAddress}'`,
    `PMGUP_PEER_ADDRESS='${context.peerAddress}'`,
  ];

  for (const name of names) {
    const recipe = variantRecipes[name]();
    lines.push(`echo 'applying variant ${name}' >&2`);
    for (const path of recipe.remove) {
      lines.push(`rm -f '${path}'`);
    }
    for (const file of recipe.write) {
      const encoded = Buffer.from(file.content).toString('base64');
      lines.push(`mkdir -p "$(dirname '${file.path}')"`, `echo '${encoded}' | base64 -d > '${file.path}'`);
    }
    lines.push(...recipe.commands);
  }

  return `${lines.join('\n')}\n`;
}
