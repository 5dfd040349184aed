/**
 * Host states shared by the plan tests: each step of the procedure, plus
 * hosts that differ from the plain PMG 7.3 host in one way each. The schema
 * test runs every one of them through the plan schema.
 */
import type { HostFacts } from '../../../lib/probe/facts.js';
import {
  asClusterMember,
  clone,
  cluster,
  DEFAULT_DATABASES,
  fileFact,
  md5,
  pmg7Host,
  pmg8Host,
  unit,
  withAptFile,
  withBackup,
  withClusterUnitsUnmasked,
  withClusterUpgraded,
  withDistUpgraded,
  withEarlyUpgraded,
  withListsUpdated,
  withOldPostgresPurged,
  withPackagesRemoved,
  withRebooted,
  withServicesStopped,
  withServicesUnmasked,
  withSourcesRewritten,
  withTargetClusterDropped,
  withUnitsDisabled,
} from '../../support/facts.js';
import { NOW_SECONDS } from './support.js';

/** Every step the procedure plans for the plain PMG 7.3 host, in plan order. */
export const FULL_PLAN = [
  'backup',
  'edit-apt-sources:/etc/apt/sources.list',
  'edit-apt-sources:/etc/apt/sources.list.d/pmg.list',
  'remove-packages',
  'apt-update',
  'download-packages',
  'early-upgrade',
  'stop-units',
  'dist-upgrade',
  'disable-units',
  'drop-pg-cluster:15/main',
  'upgrade-pg-cluster:13/main',
  'unmask-units',
  'reboot',
  'verify',
  'purge-packages',
  'unmask-units:cluster',
];

export interface ProcedureState {
  name: string;
  facts: HostFacts;
  /** The step slugs the plan must contain, in order. */
  remaining: string[];
}

/** Returns the intermediate states of the procedure, each with the steps that remain. */
export function procedureStates(): ProcedureState[] {
  return statesOf(pmg7Host(), FULL_PLAN);
}

/**
 * The last lines of createcluster.conf as postgresql-common 225 (bullseye)
 * and 248 (bookworm) ship it, with the include_dir line that makes
 * pg_conftool read the files in createcluster.d.
 */
export const CREATECLUSTER_WITH_INCLUDE_DIR = [
  '#create_main_cluster = true',
  "add_include_dir = 'conf.d'",
  '',
  '# Directory for additional createcluster config',
  "include_dir '/etc/postgresql-common/createcluster.d'",
  '',
].join('\n');

/** Returns a copy whose createcluster.conf has `content`. */
export function withCreateclusterConf(facts: HostFacts, content = CREATECLUSTER_WITH_INCLUDE_DIR): HostFacts {
  const next = clone(facts);
  next.postgres.createclusterConf = fileFact('/etc/postgresql-common/createcluster.conf', content);

  return next;
}

/** The procedure when the dist-upgrade keeps postgresql-15 from creating 15/main: nothing to drop. */
export const PLAN_WITHOUT_DROP = FULL_PLAN.filter((step) => step !== 'drop-pg-cluster:15/main');

/** Returns the intermediate states of the procedure on a host whose createcluster.conf reads createcluster.d. */
export function procedureStatesWithoutDrop(): ProcedureState[] {
  return statesOf(withCreateclusterConf(pmg7Host()), PLAN_WITHOUT_DROP);
}

/** Returns the states from `untouched` on; without drop-pg-cluster in `fullPlan`, the dist-upgrade creates no 15/main. */
function statesOf(untouched: HostFacts, fullPlan: string[]): ProcedureState[] {
  const dropping = fullPlan.includes('drop-pg-cluster:15/main');
  const backedUp = withBackup(untouched, NOW_SECONDS - 600);
  const rewritten = withSourcesRewritten(backedUp);
  const removed = withPackagesRemoved(rewritten);
  const updated = withListsUpdated(removed);
  const early = withEarlyUpgraded(updated);
  const stopped = withServicesStopped(early);
  // Without the drop, postgresql-15 is installed but created no 15/main.
  const upgraded = dropping ? withDistUpgraded(stopped) : withTargetClusterDropped(withDistUpgraded(stopped));
  const disabled = withUnitsDisabled(upgraded);
  const dropped = withTargetClusterDropped(disabled);
  const migrated = withClusterUpgraded(dropped);
  const unmasked = withServicesUnmasked(migrated);
  const rebooted = withRebooted(unmasked);
  const purged = withOldPostgresPurged(rebooted);
  const finished = withClusterUnitsUnmasked(purged);
  const after = (step: string) => fullPlan.slice(fullPlan.indexOf(step) + 1);

  return [
    { name: 'untouched 7.3 host', facts: untouched, remaining: fullPlan },
    { name: 'backed up', facts: backedUp, remaining: after('backup') },
    { name: 'sources rewritten', facts: rewritten, remaining: ['remove-packages', 'apt-update', ...after('apt-update')] },
    { name: 'linux-image removed', facts: removed, remaining: ['apt-update', ...after('apt-update')] },
    { name: 'lists updated', facts: updated, remaining: after('apt-update') },
    // The download changes no fact, so it is planned again. Downloading twice is harmless.
    { name: 'early upgrade done', facts: early, remaining: ['download-packages', ...after('early-upgrade')] },
    // The download changes no fact, so it is planned again. Downloading twice is harmless.
    { name: 'services stopped and masked', facts: stopped, remaining: ['download-packages', ...after('stop-units')] },
    { name: 'dist-upgrade done', facts: upgraded, remaining: after('dist-upgrade') },
    { name: 'clamonacc disabled', facts: disabled, remaining: after('disable-units') },
    ...(dropping ? [{ name: '15/main dropped', facts: dropped, remaining: after('drop-pg-cluster:15/main') }] : []),
    { name: 'cluster upgraded', facts: migrated, remaining: after('upgrade-pg-cluster:13/main') },
    { name: 'services unmasked', facts: unmasked, remaining: after('unmask-units') },
    { name: 'rebooted', facts: rebooted, remaining: after('reboot') },
    { name: '13 purged', facts: purged, remaining: ['verify', 'unmask-units:cluster'] },
    { name: 'finished', facts: finished, remaining: [] },
  ];
}

/** A host with one thing changed, and the desired state (as TOML data) to plan it with. */
export interface Scenario {
  name: string;
  facts: HostFacts;
  data?: Record<string, unknown>;
}

function modified(facts: HostFacts, change: (next: HostFacts) => void): HostFacts {
  const next = clone(facts);
  change(next);

  return next;
}

export const TEMPLATE_WITH_STATS = [
  '<* # template toolkit tags *>',
  "data_directory = '/var/lib/postgresql/<* postgres.version *>/main'",
  '# RUNTIME STATISTICS',
  "stats_temp_directory = '/var/run/postgresql/<* postgres.version *>-main.pg_stat_tmp'",
  'work_mem = 8MB',
  '',
].join('\n');

export function scenarios(): Scenario[] {
  const member = asClusterMember(pmg7Host());

  return [
    { name: 'cluster member, untouched', facts: member },
    { name: 'cluster member, finished', facts: withClusterUnitsUnmasked(asClusterMember(pmg8Host()), true) },
    { name: 'interrupted dpkg', facts: modified(pmg7Host(), (f) => (f.dpkg.interrupted = true)) },
    {
      name: 'dist-upgrade interrupted part way',
      facts: modified(withServicesStopped(withListsUpdated(withSourcesRewritten(pmg7Host()))), (f) => {
        f.os.codename = 'bookworm';
        f.packages['pmg-api'] = { ...f.packages['pmg-api'], version: '8.1.4', status: 'unpacked' };
        f.dpkg.auditLines = ['The following packages are only half configured: pmg-api'];
      }),
    },
    {
      name: 'third-party entry under stop',
      facts: withAptFile(pmg7Host(), '/etc/apt/sources.list.d/example.list', 'deb https://packages.example.com/apt bullseye stable\n'),
    },
    {
      name: 'deb822 sources',
      facts: withAptFile(
        modified(pmg7Host(), (f) => (f.apt.files = f.apt.files.filter((item) => item.path !== '/etc/apt/sources.list'))),
        '/etc/apt/sources.list.d/debian.sources',
        'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bullseye bullseye-updates\nComponents: main contrib non-free\n',
        'sources',
      ),
    },
    {
      name: 'target cluster with data',
      facts: modified(withDistUpgraded(withServicesStopped(withListsUpdated(withSourcesRewritten(pmg7Host())))), (f) => {
        f.postgres.clusters[1] = cluster(15, 5433, [...DEFAULT_DATABASES, 'reports']);
      }),
    },
    {
      name: 'conffile answered stop',
      facts: modified(pmg7Host(), (f) => (f.conffiles[0].currentMd5 = md5('local banner'))),
      data: { conffiles: { files: { '/etc/issue': 'stop' } } },
    },
    { name: 'reboot not allowed', facts: pmg7Host(), data: { reboot: { allowed: false } } },
    {
      name: 'template override with stats_temp_directory',
      facts: modified(pmg7Host(), (f) => {
        f.pmg.templateOverrides = [
          {
            name: 'postgresql.conf.in',
            override: fileFact('/etc/pmg/templates/postgresql.conf.in', TEMPLATE_WITH_STATS),
            shipped: fileFact('/var/lib/pmg/templates/postgresql.conf.in', TEMPLATE_WITH_STATS.replace('work_mem = 8MB\n', '')),
          },
        ];
      }),
    },
    {
      name: 'template override under stop',
      facts: modified(pmg7Host(), (f) => {
        f.pmg.templateOverrides = [
          {
            name: 'main.cf.in',
            override: fileFact('/etc/pmg/templates/main.cf.in', 'smtpd_banner = mx\n'),
            shipped: fileFact('/var/lib/pmg/templates/main.cf.in', 'smtpd_banner = $myhostname\n'),
          },
        ];
      }),
      data: { templates: { files: { 'main.cf.in': 'stop' } } },
    },
    { name: 'interface names pinned', facts: pmg7Host(), data: { network: { pin_interface_names: true } } },
    { name: 'old pmg-api', facts: modified(pmg7Host(), (f) => (f.packages['pmg-api'].version = '7.3-4')) },
    {
      name: 'database in an unexpected major',
      facts: modified(pmg7Host(), (f) => (f.postgres.clusters = [cluster(11, 5432, [...DEFAULT_DATABASES, 'Proxmox_ruledb'])])),
    },
    { name: 'database nowhere', facts: modified(pmg7Host(), (f) => (f.postgres.clusters = [cluster(13, 5432, [...DEFAULT_DATABASES])])) },
    {
      name: 'old cluster down mid-upgrade',
      facts: modified(withTargetClusterDropped(withUnitsDisabled(withDistUpgraded(withServicesStopped(withListsUpdated(withSourcesRewritten(pmg7Host())))))), (f) => {
        f.postgres.clusters = [cluster(13, 5432, null)];
      }),
    },
    { name: 'clamonacc enabled before the upgrade', facts: modified(pmg7Host(), (f) => (f.units['clamav-clamonacc.service'] = unit('active', 'enabled'))) },
    { name: 'postfix stopped on a finished host', facts: modified(pmg8Host(), (f) => (f.units['postfix.service'] = unit('inactive'))) },
    { name: 'createcluster.conf with include_dir', facts: withCreateclusterConf(pmg7Host()) },
    {
      name: 'sshd_config changed locally',
      facts: modified(pmg7Host(), (f) => (f.conffiles[1].currentMd5 = md5('sshd with PermitRootLogin no'))),
    },
  ];
}
