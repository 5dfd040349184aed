/**
 * The read-only probe: one script, one transport call, typed facts back.
 * See probe.sh for what the script reads and its promise never to change the
 * host, and assemble.ts for how its output becomes HostFacts.
 */
import { randomBytes } from 'node:crypto';

import { UserError } from '../errors.js';
import type { Transport } from '../transport/types.js';
import { parseProbedOutput } from './assemble.js';
import type { HostFacts } from './facts.js';
import { type ProbedFacts, requireFullFacts, type SkippableSection } from './partial-facts.js';
import { probeCommand } from './script.js';

export { ProbeOutputError } from './errors.js';
export type { HostFacts } from './facts.js';
export { SKIPPABLE_SECTIONS, skippedSections, type ProbedFacts, type SkippableSection } from './partial-facts.js';

export interface ProbeOptions {
  /** Seconds the script waits for a system that is still booting; 60 by default. */
  maxWaitSeconds?: number;
  /** Milliseconds before the transport ends the run; by default the wait plus five minutes. */
  timeoutMs?: number;
}

/** Bound of the script's own commands added up (apt-get -s alone may take 120 s), plus margin. */
const COMMAND_BUDGET_MS = 300_000;

/**
 * Probes the host behind `transport` with one `run` call and returns its
 * facts, with `target` set to `transport.target`. Rejects with the
 * transport's ConnectionError or CommandError (timeout), with a UserError
 * when the script itself failed, and with ProbeOutputError when its output
 * cannot be read.
 */
export async function probeHost(transport: Transport, options: ProbeOptions = {}): Promise<HostFacts> {
  return requireFullFacts(await probeHostSkipping(transport, [], options));
}

/**
 * Probes like probeHost, but leaves out the sections in `skip`: the facts
 * they feed are null in the result (see ProbedFacts). Rejects like probeHost.
 */
export async function probeHostSkipping(
  transport: Transport,
  skip: readonly SkippableSection[],
  options: ProbeOptions = {},
): Promise<ProbedFacts> {
  const maxWaitSeconds = options.maxWaitSeconds ?? 60;
  const nonce = randomBytes(16).toString('hex');
  const result = await transport.run(probeCommand(nonce, maxWaitSeconds, skip), {
    timeoutMs: options.timeoutMs ?? maxWaitSeconds * 1000 + COMMAND_BUDGET_MS,
    allowFailure: true,
  });

  if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
    throw new UserError(
      `The probe failed on ${transport.name}`,
      `The probe script exited with status ${result.exitCode}${tail === '' ? '.' : `:\n${tail}`}\n` +
        'Check that /bin/sh on the host is a POSIX shell and that the login user is root.',
    );
  }

  return parseProbedOutput(result.stdout, nonce, transport.target, skip);
}
