/**
 * Connections for applying a saved plan: each host is reached the way it
 * was probed (the plan records `ssh:USER@HOST:PORT` or `local`), with the
 * SSH options of this command line. `--host` may override the address of a
 * host of the same name.
 */
import { UserError } from '../../errors.js';
import type { Plan } from '../../plan/model.js';
import { LocalTransport } from '../../transport/local.js';
import { SshTransport } from '../../transport/ssh.js';
import type { CliOptions } from '../args.js';
import { targetsFromOptions, type Target } from '../targets.js';
import { settleInOrder } from '../targets-limit.js';

export async function targetsForSavedPlan(plan: Plan, options: CliOptions): Promise<Target[]> {
  const overridden = await targetsFromOptions({ ...options, facts: [], local: false }, { required: false });
  const overrides = new Map(overridden.map((target) => [target.name, target]));
  const unmatched = overridden.filter((target) => !plan.hosts.some((host) => host.name === target.name));
  if (unmatched.length > 0) {
    await Promise.all(overridden.map((target) => target.transport?.close()));
    throw new UserError(
      `--host ${unmatched.map((target) => target.name).join(', ')} names no host of the saved plan`,
      `The plan's hosts are ${plan.hosts.map((host) => host.name).join(', ')}. --host with a saved plan only changes the address ` +
        'of the plan host of the same name. To apply to another host, plan it with --host and apply that plan.',
    );
  }

  return settleInOrder(plan.hosts.map((host) => targetOfHost(host, overrides, options)));
}

async function targetOfHost(host: Plan['hosts'][number], overrides: Map<string, Target>, options: CliOptions): Promise<Target> {
  const override = overrides.get(host.name);
  if (override !== undefined) {
    return override;
  }
  if (host.target === 'local') {
    return { name: host.name, transport: new LocalTransport(), factsFile: null };
  }
  if (host.target.startsWith('ssh:')) {
    const transport = await SshTransport.create(host.target.slice('ssh:'.length), {
      sshConfigFile: options.sshConfig,
      identityFile: options.identityFile,
      knownHostsFile: options.knownHosts,
      sshOptions: options.sshOptions,
    });
    return { name: host.name, transport, factsFile: null };
  }

  throw new UserError(
    `Cannot apply to ${host.name}: the plan was made from recorded facts`,
    `Its target is ${JSON.stringify(host.target)}. Recorded facts are for review; plan the live host with --host\n` +
      `and apply that plan, or pass --host ${host.name} if that name reaches the host.`,
  );
}
