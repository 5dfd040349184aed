/**
 * The simulation of the release upgrade: a second transport call after the
 * probe, which runs simulate.sh with a request the plan core derived from a
 * first plan (lib/plan/conffiles-simulation.ts). It downloads the target
 * release's package lists and a few packages into a scratch directory on
 * the host and removes it again; the host's apt and dpkg state stay as they
 * were.
 */
import { createHash, randomBytes } from 'node:crypto';

import { UserError } from '../errors.js';
import { redactUri } from '../plan/apt-sources.js';
import { applyAptEdits } from '../plan/sources-apply.js';
import { readRemoteFile } from '../transport/files.js';
import type { Transport } from '../transport/types.js';
import type { SimulationFacts } from './facts.js';
import { parseSimulationOutput } from './simulate-parse.js';
import { simulateCommand, simulateInput, type ResolvedRequest, type SimulationRequest } from './simulate-script.js';

export type { SimulationRequest } from './simulate-script.js';

/**
 * Time limit of the whole run: apt-get update (300 s), the simulation and
 * the download list (120 s each) and one download per requested package
 * (120 s each, a handful of packages), plus margin.
 */
const SIMULATE_TIMEOUT_MS = 20 * 60 * 1000;

/**
 * Applies each live edit of the request to the host's file, credentials
 * included, in memory. The result must not reach a log, a message or a
 * file on this machine. Rejects with a UserError when a file is gone or
 * changed since the probe, and with AptEditConflictError when an edit no
 * longer fits it.
 */
export async function resolveRequest(transport: Transport, request: SimulationRequest): Promise<ResolvedRequest> {
  const sources = [];
  for (const source of request.sources) {
    if (!('liveEdit' in source)) {
      sources.push(source);
      continue;
    }

    const { format, sha256, edits } = source.liveEdit;
    const live = await readRemoteFile(transport, source.path);
    if (live === null || createHash('sha256').update(live, 'utf8').digest('hex') !== sha256) {
      throw new UserError(
        `${source.path} on ${transport.name} changed after the probe`,
        `The upgrade simulation applies the planned edits to this apt sources file, which ${live === null ? 'is gone' : 'has another checksum'} now.\n` +
          'Run pmgup plan again once nothing else edits the sources.',
      );
    }
    sources.push({ path: source.path, content: applyAptEdits(live, format, edits, { path: source.path }) });
  }

  return { ...request, sources };
}

/**
 * Runs the simulation on the host behind `transport` and returns its facts.
 * A simulation that ran but failed (no room for the scratch directory,
 * apt-get errors) is returned with `upgrade.error` set, so the plan can say
 * why it has no prediction. Rejects with the transport's errors, and with
 * a UserError when the script itself could not run or its output is
 * incomplete.
 */
export async function simulateUpgrade(transport: Transport, request: SimulationRequest): Promise<SimulationFacts> {
  const nonce = randomBytes(16).toString('hex');
  const started = Date.now();
  const input = simulateInput(await resolveRequest(transport, request));
  const result = await transport.run(simulateCommand(nonce), { input, timeoutMs: SIMULATE_TIMEOUT_MS, allowFailure: true });

  if (result.exitCode !== 0) {
    // apt and sh may quote a sources entry, credentials included.
    const tail = redactUri(result.stderr.trim().split('\n').slice(-5).join('\n'));
    throw new UserError(
      `The upgrade simulation failed on ${transport.name}`,
      `simulate.sh exited with status ${result.exitCode}${tail === '' ? '.' : `:\n${tail}`}\n` +
        'Run pmgup plan with --no-simulate to get a plan that does not predict the configuration-file questions.',
    );
  }

  return { ...parseSimulationOutput(result.stdout, nonce, transport.target, request), durationMs: Date.now() - started };
}
