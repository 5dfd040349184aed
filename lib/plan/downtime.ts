/**
 * The mail downtime of a host's plan as a number: which actions run while
 * the mail services are stopped, and an estimate of how long that takes.
 * It is an estimate from a simple model, not a measurement; apply records
 * the real downtime in the journal.
 *
 * Model, with rates measured on the Debian 11 test host (container backend,
 * 2 cores shared with other work; see bench/downtime.md):
 * - every action in the downtime costs a fixed overhead: its command's
 *   start and apply's probe of the host afterwards;
 * - the dist-upgrade costs a rate per package it installs. With
 *   early-upgrade planned, the count is the held packages among them, at a
 *   higher rate that also covers the new packages they bring;
 * - pg_upgradecluster costs a fixed time (new cluster, start and stop)
 *   plus the old cluster's size at a dump-and-restore rate;
 * - the reboot stops mail once more, for an assumed boot time.
 */
import type { SimulationFacts } from '../probe/facts.js';
import { usableSimulation } from './conffiles-new.js';
import type { PlanContext } from './context.js';
import { heldEarly } from './downtime-early.js';
import type { Action, HostPlan } from './model.js';
import { databaseCluster } from './phase.js';

type Downtime = NonNullable<HostPlan['downtime']>;
type Part = Downtime['parts'][number];

/** Seconds per downtime action for its start and apply's probe afterwards (test host: 3 to 8 s). */
export const ACTION_OVERHEAD_SECONDS = 5;
/** Seconds per package the dist-upgrade installs (test host: 235 packages in 223 s). */
export const SECONDS_PER_PACKAGE = 0.95;
/** Seconds per held package left after early-upgrade (test host: 30 held packages in 64 s). */
export const SECONDS_PER_HELD_PACKAGE = 2.1;
/** Fixed seconds of pg_upgradecluster: create, start and stop the new cluster (test host: about 20 s). */
export const PG_UPGRADE_FIXED_SECONDS = 20;
/**
 * Bytes per second that pg_upgradecluster's dump method copies.
 * NOTE: an assumed rate: the test host's database is a few MB, too small to
 * measure it. Plan from facts of a host with a real database to check it.
 */
export const DUMP_RESTORE_BYTES_PER_SECOND = 20_000_000;
/** Assumed seconds a reboot keeps mail down: a container restarts in about 11 s, a VM or server takes longer. */
export const BOOT_SECONDS = { container: 15, other: 90 } as const;

/** Returns how many packages the dist-upgrade still installs in the downtime, or null without a simulation. */
export function downtimePackages(simulation: SimulationFacts | null | undefined, early: boolean): number | null {
  if (!usableSimulation(simulation)) {
    return null;
  }

  const installs = simulation.upgrade.install;

  return early ? installs.filter((entry) => heldEarly(entry.name)).length : installs.length;
}

function upgradePart(context: PlanContext, actions: readonly Action[]): Part {
  const early = actions.some((action) => action.step.kind === 'early-upgrade');
  const packages = downtimePackages(context.facts.simulation, early);
  if (packages === null) {
    return { what: 'dist-upgrade', seconds: null, basis: 'not simulated, so the number of packages is unknown' };
  }

  const rate = early ? SECONDS_PER_HELD_PACKAGE : SECONDS_PER_PACKAGE;
  const scope = early ? 'held back by early-upgrade' : 'in the upgrade';

  return { what: 'dist-upgrade', seconds: Math.round(packages * rate), basis: `${packages} packages ${scope} × ${rate} s` };
}

function databasePart(context: PlanContext): Part {
  const holder = databaseCluster(context.facts, context.desired.postgresql.database);
  const size = holder?.sizeBytes ?? null;
  if (size === null) {
    return { what: 'pg_upgradecluster', seconds: null, basis: 'the size of the old cluster is unknown' };
  }

  const megabytes = Math.round(size / 1_000_000);
  const seconds = PG_UPGRADE_FIXED_SECONDS + Math.round(size / DUMP_RESTORE_BYTES_PER_SECOND);

  return {
    what: 'pg_upgradecluster',
    seconds,
    basis: `${PG_UPGRADE_FIXED_SECONDS} s + ${megabytes} MB at ${DUMP_RESTORE_BYTES_PER_SECOND / 1_000_000} MB/s`,
  };
}

function rebootPart(context: PlanContext): Part {
  const container = context.facts.system.container !== null;
  const seconds = container ? BOOT_SECONDS.container : BOOT_SECONDS.other;

  return { what: 'reboot', seconds, basis: `assumed boot time of a ${container ? 'container' : 'VM or server'}` };
}

/** Returns one part per kind of work in the downtime, in plan order. */
function partsOf(context: PlanContext, down: readonly Action[], all: readonly Action[]): Part[] {
  const kinds = new Set(down.map((action) => action.step.kind));
  const others = down.filter((action) => action.step.kind !== 'reboot');
  const parts: Part[] = [
    { what: `${others.length} actions`, seconds: others.length * ACTION_OVERHEAD_SECONDS, basis: `${ACTION_OVERHEAD_SECONDS} s each to start and check` },
  ];
  if (kinds.has('dist-upgrade')) {
    parts.push(upgradePart(context, all));
  }
  if (kinds.has('upgrade-pg-cluster')) {
    parts.push(databasePart(context));
  }
  if (kinds.has('reboot')) {
    parts.push(rebootPart(context));
  }

  return parts;
}

/** Returns the planned downtime of a host, or undefined when no action runs in it. */
export function estimateDowntime(context: PlanContext, actions: readonly Action[]): Downtime | undefined {
  const down = actions.filter((action) => action.downtime);
  if (down.length === 0) {
    return undefined;
  }

  const parts = partsOf(context, down, actions);
  const known = parts.every((part) => part.seconds !== null);

  return {
    actions: down.map((action) => action.id),
    estimateSeconds: known ? parts.reduce((sum, part) => sum + (part.seconds ?? 0), 0) : null,
    parts,
  };
}
