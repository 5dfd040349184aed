/**
 * A real OpenSSH server on 127.0.0.1 for transport tests. Each server gets a
 * temp directory with its own host key, client key, authorized_keys,
 * known_hosts and client config, so tests never read or change the
 * machine's own sshd, /etc/ssh or ~/.ssh. Root logs in with the client key
 * only (tests run as root).
 *
 * Stop every server in an `after` hook: `stop()` ends the listener and the
 * per-connection processes it forked, and removes the directory.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SSHD = '/usr/sbin/sshd';
const START_TIMEOUT_MS = 10_000;

export interface TestSshd {
  readonly port: number;
  /** Temp directory that contains every file of this server and its client. */
  readonly dir: string;
  /** Private key that root on this server accepts. */
  readonly clientKeyPath: string;
  /** known_hosts file with this server's host key under `[127.0.0.1]:PORT`. */
  readonly knownHostsPath: string;
  /** Client config with `Host testgw` carrying HostName, Port, IdentityFile, UserKnownHostsFile. */
  readonly clientConfigPath: string;
  /** The host key's SHA256 fingerprint as ssh prints it (`SHA256:...`). */
  readonly hostKeyFingerprint: string;
  /** The host key's public line (`ssh-ed25519 AAAA...`). */
  readonly hostPublicKey: string;
  /** Everything sshd has logged so far (it runs with -e, logging to stderr). */
  log(): string;
  /** Number of accepted logins that sshd has logged so far. */
  acceptedLogins(): number;
  /** Ends the listener and every session process it forked, then removes the directory. */
  stop(): Promise<void>;
  /** Ends the listener and its sessions but keeps the directory, to cut connections mid-test. */
  kill(): Promise<void>;
}

export interface SshdOptions {
  /**
   * An empty home for root in place of this machine's /root, as on a
   * gateway whose root account keeps Debian's defaults. Debian's bash reads
   * ~/.bashrc for every command sshd runs, and a development machine's may
   * start tools that cost more CPU than the command. sshd then runs in a
   * mount namespace of its own, with a copy of /etc/passwd giving root that
   * home mounted over the file.
   */
  cleanRootHome?: boolean;
  /** The server's KexAlgorithms list, to offer what another OpenSSH version offers by default. */
  kexAlgorithms?: readonly string[];
}

/** Starts sshd on a free loopback port and waits until it listens. */
export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} not found: install openssh-server with .ci/install-ssh.sh to run the ssh tests`);
  }
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'pmgup-test-sshd-'));
  const keys = generateKeys(dir);
  const port = await findFreePort();

  const configPath = join(dir, 'sshd_config');
  writeFileSync(configPath, sshdConfig(dir, port, options.kexAlgorithms));
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, `[127.0.0.1]:${port} ${keys.hostPublicKey}\n`);
  const clientConfigPath = join(dir, 'ssh_config');
  writeFileSync(clientConfigPath, clientConfig(port, keys.clientKeyPath, knownHostsPath));

  const sshdArgs = [SSHD, '-D', '-e', '-f', configPath];
  const command = options.cleanRootHome ? withCleanRootHome(dir, sshdArgs) : sshdArgs;
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const output = { text: '' };
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (output.text += chunk));
  await waitForListening(child, output, port);

  const kill = () => killTree(child);
  return {
    port,
    dir,
    clientKeyPath: keys.clientKeyPath,
    knownHostsPath,
    clientConfigPath,
    hostKeyFingerprint: keys.hostKeyFingerprint,
    hostPublicKey: keys.hostPublicKey,
    log: () => output.text,
    acceptedLogins: () => output.text.split('\n').filter((l) => l.includes('Accepted publickey')).length,
    kill,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Returns `command` wrapped to run with root's home set to an empty directory under `dir`. */
function withCleanRootHome(dir: string, command: string[]): string[] {
  const home = join(dir, 'home');
  mkdirSync(home, { mode: 0o700 });
  const passwd = join(dir, 'passwd');
  const lines = readFileSync('/etc/passwd', 'utf8').split('\n');
  const rootLine = lines.findIndex((line) => line.startsWith('root:'));
  const fields = lines[rootLine]?.split(':') ?? [];
  if (fields.length !== 7) {
    throw new Error(`/etc/passwd has no root entry of 7 fields to copy: ${lines[rootLine] ?? '(none)'}`);
  }
  fields[5] = home;
  lines[rootLine] = fields.join(':');
  writeFileSync(passwd, lines.join('\n'), { mode: 0o644 });

  const script = 'mount --bind "$1" /etc/passwd && shift && exec "$@"';
  return ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh', passwd, ...command];
}

/** Generates an ed25519 key pair with no passphrase and returns the public line. */
export function generateKey(path: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'pmgup-test', '-f', path]);
  return readFileSync(`${path}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
}

/** Returns the SHA256 fingerprint of a public key file, as ssh-keygen -l prints it. */
export function keyFingerprint(publicKeyPath: string): string {
  const line = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyPath], { encoding: 'utf8' });
  const match = /SHA256:[A-Za-z0-9+/=]+/.exec(line);
  if (!match) {
    throw new Error(`ssh-keygen -l printed no SHA256 fingerprint for ${publicKeyPath}: ${line}`);
  }

  return match[0];
}

function generateKeys(dir: string) {
  const hostKeyPath = join(dir, 'host_ed25519');
  const hostPublicKey = generateKey(hostKeyPath);
  const clientKeyPath = join(dir, 'client_ed25519');
  const clientPublicKey = generateKey(clientKeyPath);
  writeFileSync(join(dir, 'authorized_keys'), `${clientPublicKey}\n`, { mode: 0o600 });

  return {
    hostKeyPath,
    hostPublicKey,
    hostKeyFingerprint: keyFingerprint(`${hostKeyPath}.pub`),
    clientKeyPath,
  };
}

// StrictModes is off because the files live under /tmp, whose mode 1777
// fails sshd's ownership check of every parent directory. AcceptEnv lets
// the tests prove that the transport drops forwarded locale variables.
function sshdConfig(dir: string, port: number, kexAlgorithms?: readonly string[]): string {
  return [
    ...(kexAlgorithms === undefined ? [] : [`KexAlgorithms ${kexAlgorithms.join(',')}`]),
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_ed25519')}`,
    'PidFile none',
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'AcceptEnv LANG LC_*',
    'LogLevel INFO',
    '',
  ].join('\n');
}

// A host alias for the -F tests. SendEnv mirrors Debian's default client
// config, which -F replaces.
function clientConfig(port: number, clientKeyPath: string, knownHostsPath: string): string {
  return [
    'Host testgw',
    '  HostName 127.0.0.1',
    `  Port ${port}`,
    '  User root',
    `  IdentityFile ${clientKeyPath}`,
    `  UserKnownHostsFile ${knownHostsPath}`,
    '  SendEnv LANG LC_*',
    '',
  ].join('\n');
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForListening(child: ChildProcess, output: { text: string }, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void killTree(child);
      reject(new Error(`sshd did not listen on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms:\n${output.text}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      if (output.text.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with status ${code} before listening:\n${output.text}`));
    });
  });
}

// sshd forks one process per connection and that process calls setsid(),
// so killing the listener's process group misses it. Walk /proc for every
// descendant of the listener instead, and end them all by pid.
async function killTree(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    killPids(descendants(child.pid ?? -1));
    return;
  }

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pids = [child.pid, ...descendants(child.pid)];
  killPids(pids);
  await exited;
}

function killPids(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name in brackets may contain spaces, so read after it.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process exited while the list was read.
    }
  }

  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }

  return found;
}
