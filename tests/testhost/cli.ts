/**
 * Command line of the test-host harness:
 *   testhost build [--backend container|vm] [--rebuild]
 *   testhost up [--backend container|vm] [--variant NAME]... [--name NAME] [--port PORT]
 *   testhost down NAME... | --all
 *   testhost status [--json]
 *   testhost ssh NAME [COMMAND...]
 *   testhost variants
 * Progress goes to stderr; `up` prints one JSON object on stdout.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

import { bootHost, defaultBackend } from './host.js';
import { stopHost } from './teardown.js';
import { ensureBaseImage } from './image.js';
import { ensureVmImage } from './image-vm.js';
import { ensureHarnessKeys } from './keys.js';
import { setLogging } from './log.js';
import { sshArgs } from './ssh.js';
import { backends, hostDir, hostFiles, isSupervisorAlive, listHostNames, readHostState, type Backend } from './state.js';
import { describeVariant, isVariantName, variantNames, type VariantName } from './variants.js';

const usage = `Usage: testhost COMMAND [OPTIONS]

Commands:
  build [--backend container|vm] [--rebuild]
      Build the cached base image (and the VM disk for --backend vm) if the
      recipe changed since the last build.
  up [--backend container|vm] [--variant NAME]... [--name NAME] [--port PORT]
      Boot a host from a fresh copy of the base image and print its SSH
      details as one JSON object. The host runs until "down".
  down NAME... | down --all
      Stop hosts and release everything their "up" started.
  status [--json]
      List the hosts on this machine.
  ssh NAME [COMMAND...]
      Open a root shell on a host, or run COMMAND there.
  variants
      List the variants "up --variant" accepts.
`;

class UsageError extends Error {
  override name = 'UsageError';
}

function parseBackend(value: string | undefined): Backend {
  if (value === undefined) {
    return defaultBackend();
  }
  if (!(backends as readonly string[]).includes(value)) {
    throw new UsageError(`Invalid --backend "${value}": use ${backends.join(' or ')}`);
  }

  return value as Backend;
}

function parseVariants(values: string[] | undefined): VariantName[] {
  const variants: VariantName[] = [];
  for (const value of values ?? []) {
    if (!isVariantName(value)) {
      throw new UsageError(`Unknown variant "${value}": use one of ${variantNames.join(', ')}`);
    }
    variants.push(value);
  }

  return variants;
}

async function commandBuild(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { backend: { type: 'string' }, rebuild: { type: 'boolean' } } });
  const backend = parseBackend(values.backend);
  const rebuild = values.rebuild ?? false;

  const started = Date.now();
  const base = await ensureBaseImage({ rebuild });
  const vmImage = backend === 'vm' ? await ensureVmImage(base, { rebuild }) : undefined;
  const summary = {
    hash: base.hash,
    baseDir: base.dir,
    ...(vmImage === undefined ? {} : { vmImage }),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);

  return 0;
}

async function commandUp(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      backend: { type: 'string' },
      variant: { type: 'string', multiple: true },
      name: { type: 'string' },
      port: { type: 'string' },
    },
  });

  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`Invalid --port "${values.port}": use a TCP port number, or 0 for any free port`);
  }

  const host = await bootHost({
    backend: parseBackend(values.backend),
    variants: parseVariants(values.variant),
    sshPort: port,
    keepAfterExit: true,
    ...(values.name === undefined ? {} : { name: values.name }),
  });
  const { exec: _exec, reboot: _reboot, down: _down, ...info } = host;
  process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);

  return 0;
}

async function commandDown(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { all: { type: 'boolean' } }, allowPositionals: true });
  const names = values.all ? listHostNames() : positionals;
  if (names.length === 0 && !values.all) {
    throw new UsageError('Name the hosts to stop, or use --all');
  }

  for (const name of names) {
    if (readHostState(name) === undefined && !listHostNames().includes(name)) {
      process.stderr.write(`No test host named "${name}"\n`);
      continue;
    }
    await stopHost(name);
    process.stderr.write(`${name} is down\n`);
  }

  return 0;
}

function commandStatus(args: string[]): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const rows = listHostNames().map((name) => {
    const state = readHostState(name);
    const alive = isSupervisorAlive(state);
    return {
      name,
      backend: state?.backend ?? '?',
      phase: alive ? (state?.phase ?? 'starting') : 'stale (run down)',
      port: state?.sshPort ?? null,
      guestAddress: state?.guestAddress ?? null,
      boots: state?.boots ?? 0,
      createdAt: state?.createdAt ?? null,
    };
  });

  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }

  if (rows.length === 0) {
    process.stdout.write('No test hosts.\n');
    return 0;
  }

  const header = ['NAME', 'BACKEND', 'PHASE', 'PORT', 'GUEST', 'BOOTS', 'CREATED'];
  const table = rows.map((row) => [
    row.name,
    row.backend,
    row.phase,
    String(row.port ?? '-'),
    row.guestAddress ?? '-',
    String(row.boots),
    row.createdAt ?? '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column]!.length)));
  for (const cells of [header, ...table]) {
    process.stdout.write(`${cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
  }

  return 0;
}

async function commandSsh(args: string[]): Promise<number> {
  const [name, ...command] = args;
  if (name === undefined) {
    throw new UsageError('Name the host: testhost ssh NAME [COMMAND...]');
  }

  const state = readHostState(name);
  if (state?.sshPort === undefined || !isSupervisorAlive(state)) {
    throw new UsageError(`No running test host named "${name}"; see "testhost status"`);
  }

  const keys = await ensureHarnessKeys();
  const target = {
    user: 'root' as const,
    host: '127.0.0.1' as const,
    port: state.sshPort,
    identityFile: keys.sshIdentity,
    knownHostsFile: `${hostDir(name)}/${hostFiles.knownHosts}`,
  };
  const interactive = command.length === 0 && process.stdin.isTTY ? ['-t'] : [];
  const result = spawnSync('ssh', [...interactive, ...sshArgs(target), ...command], { stdio: 'inherit' });

  return result.status ?? 1;
}

function commandVariants(): number {
  for (const name of variantNames) {
    process.stdout.write(`${name.padEnd(20)} ${describeVariant(name)}\n`);
  }

  return 0;
}

async function main(argv: string[]): Promise<number> {
  setLogging(process.env.PMGUP_TESTHOST_LOG !== '0');
  const [command, ...args] = argv;

  switch (command) {
    case 'build':
      return commandBuild(args);
    case 'up':
      return commandUp(args);
    case 'down':
      return commandDown(args);
    case 'status':
      return commandStatus(args);
    case 'ssh':
      setLogging(false);
      return commandSsh(args);
    case 'variants':
      return commandVariants();
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`testhost: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
