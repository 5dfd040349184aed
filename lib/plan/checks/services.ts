/**
 * The PMG mail services (pmg7to8 check 8): stopped and masked from before
 * the dist-upgrade until the database runs on the new PostgreSQL, running
 * afterwards. pmg7to8 counts a unit as stopped only when systemd reports
 * exactly `inactive`, but it then calls a `failed` or `activating` unit
 * "active". Here every unit is listed with its real state. A masked unit
 * that still runs is not stopped.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts, UnitFact } from '../../probe/facts.js';
import { databaseCluster, unitName } from '../phase.js';
import type { Check, CheckContext, Finding } from './context.js';
import { diagnostic, listNames } from './context.js';
import { parseClusterConf } from './cluster-conf.js';

const CODE = 'core-services';

/** Reports the mail services against what the phase expects of them. */
export const checkServices: Check = (facts, desired, context) => {
  const units = expectedUnits(facts, desired, context);
  const subject = 'mail services';
  const databaseUpgraded =
    databaseCluster(facts, desired.postgresql.database)?.version === desired.postgresql.major;

  const missing = units.filter((name) => isMissing(facts.units[name]));
  const results = missing.length > 0 ? [diagnostic(context, missingFinding(missing))] : [];
  const present = units.filter((name) => !missing.includes(name));
  const finding =
    context.phase === 'post-upgrade' || (context.phase === 'upgrading' && databaseUpgraded)
      ? runningFinding(facts, present, context)
      : stoppedFinding(facts, present, context);

  return [...results, diagnostic(context, { subject, ...finding })];
};

/**
 * Returns the units this phase checks. Before and during the upgrade the
 * cluster daemons are stopped on every host. Afterwards they must run only
 * on cluster members, because they do not start without cluster.conf.
 */
function expectedUnits(facts: HostFacts, desired: Desired, context: CheckContext): string[] {
  const running = desired.services.running.map(unitName);
  const cluster = desired.services.cluster_running.map(unitName);
  if (context.phase !== 'post-upgrade' || isClusterMember(facts)) {
    return [...running, ...cluster];
  }

  return running;
}

function isClusterMember(facts: HostFacts): boolean {
  const content = facts.pmg.clusterConf?.content;

  return content !== undefined && content !== null && parseClusterConf(content).nodes.length > 0;
}

type ServiceFinding = Omit<Finding, 'subject'>;

function stoppedFinding(facts: HostFacts, units: string[], context: CheckContext): ServiceFinding {
  const notStopped = units.filter((name) => facts.units[name].activeState !== 'inactive');

  if (notStopped.length === 0) {
    if (context.phase === 'upgrading') {
      return {
        code: CODE,
        severity: 'skip',
        message:
          'The mail services are stopped; they stay so until the database runs on the new PostgreSQL.',
        fix: 'The plan upgrades the database first, then unmasks and starts them.',
      };
    }
    return {
      code: CODE,
      severity: 'pass',
      message: `All ${units.length} mail services are stopped.`,
    };
  }

  const states = describe(facts, notStopped);
  if (context.phase === 'pre-upgrade') {
    return {
      code: CODE,
      severity: 'warning',
      message: `Not stopped yet: ${states}. They must be stopped and masked before the dist-upgrade.`,
      fix: `The plan stops and masks them; by hand: \`systemctl stop ${notStopped.join(' ')}\` and \`systemctl mask ${notStopped.join(' ')}\`.`,
    };
  }

  return {
    code: CODE,
    severity: 'warning',
    message: `Not stopped while the database still runs on the old PostgreSQL: ${states}. They can write to the database being upgraded.`,
    fix: `The plan stops and masks them; by hand: \`systemctl stop ${notStopped.join(' ')}\` and \`systemctl mask ${notStopped.join(' ')}\`.`,
  };
}

function runningFinding(facts: HostFacts, units: string[], context: CheckContext): ServiceFinding {
  const notRunning = units.filter(
    (name) =>
      facts.units[name].activeState !== 'active' || facts.units[name].loadState === 'masked',
  );

  if (notRunning.length === 0) {
    return {
      code: CODE,
      severity: 'pass',
      message: `All ${units.length} mail services are running and unmasked.`,
    };
  }

  return {
    code: CODE,
    severity: 'warning',
    message: `The database runs on the new PostgreSQL, but these services are not running unmasked (${context.phase}): ${describe(facts, notRunning)}.`,
    fix: `The plan unmasks and starts them; by hand: \`systemctl unmask ${notRunning.join(' ')}\` and \`systemctl start ${notRunning.join(' ')}\`.`,
  };
}

function missingFinding(units: string[]): Finding {
  return {
    code: CODE,
    severity: 'warning',
    subject: listNames(units),
    message: `systemd does not know ${listNames(units)}, which PMG installs.`,
    fix: 'Check that pmg-api and postfix are installed completely (`dpkg --audit`), then plan again.',
  };
}

function isMissing(fact: UnitFact | undefined): boolean {
  return fact === undefined || fact.loadState === 'not-found';
}

function describe(facts: HostFacts, units: string[]): string {
  return units
    .map((name) => {
      const fact = facts.units[name];
      const masked = fact.loadState === 'masked' ? ', masked' : '';
      return `${name} (${fact.activeState}${masked})`;
    })
    .join(', ');
}
