/**
 * Cluster health (pmg7to8 check 6). pmg7to8 queries every node for its live
 * sync status and aborts on a broken cluster.conf, a missing local node or a
 * missing master. Facts carry only the file, so this check reports what the
 * file shows: that it parses, that the local node and one master are in it,
 * and a notice that the sync state must be confirmed on the cluster.
 */
import type { Diagnostic } from '../model.js';
import type { Check, CheckContext } from './context.js';
import { diagnostic } from './context.js';
import { parseClusterConf } from './cluster-conf.js';

const PATH = '/etc/pmg/cluster.conf';

/** Reports whether cluster.conf is usable and whether this host is in it; a broken file becomes a diagnostic. */
export const checkCluster: Check = (facts, _desired, context) => {
  const file = facts.pmg.clusterConf;

  if (file === null) {
    return [skip(context, 'No /etc/pmg/cluster.conf: the host is not in a cluster.')];
  }
  if (file.content === null) {
    return [
      diagnostic(context, {
        code: 'cluster-config',
        severity: 'warning',
        subject: PATH,
        message: `cluster.conf (${file.sizeBytes} bytes) is larger than 1 MiB or not UTF-8 text, so pmgup did not read it.`,
        fix: 'Inspect the file; a valid cluster.conf is a few kilobytes of text.',
        location: { file: PATH },
      }),
    ];
  }

  const parsed = parseClusterConf(file.content);
  if (parsed.problems.length > 0) {
    return parsed.problems.map((problem) =>
      diagnostic(context, {
        code: 'cluster-config',
        severity: 'error',
        subject: PATH,
        message: `cluster.conf is invalid: ${problem.message}. PMG cannot read the cluster state from it.`,
        fix: 'Repair the file from a healthy node or a backup (`pmgcm status` must work), then plan again.',
        location: { file: PATH, line: problem.line },
      }),
    );
  }
  if (parsed.nodes.length === 0) {
    return [skip(context, 'cluster.conf defines no nodes: the host is not in a cluster.')];
  }

  const hostname = facts.identity.hostname;
  const local = parsed.nodes.find((node) => node.properties.name === hostname);
  if (local === undefined) {
    const names = parsed.nodes.map((node) => node.properties.name).join(', ');
    return [
      diagnostic(context, {
        code: 'cluster-config',
        severity: 'error',
        subject: PATH,
        message: `cluster.conf names the nodes ${names} but not this host, ${JSON.stringify(hostname)}.`,
        fix: 'Fix the hostname or the cluster membership (`pmgcm join` or `pmgcm delete` on the master) before upgrading.',
        location: { file: PATH },
      }),
    ];
  }

  return [
    diagnostic(context, {
      code: 'cluster-config',
      severity: 'pass',
      subject: PATH,
      message: `Cluster of ${parsed.nodes.length} node(s); this host is ${local.type} ${local.cid}.`,
      location: { file: PATH, line: local.line },
    }),
    syncNotice(context),
  ];
};

function skip(context: CheckContext, message: string): Diagnostic {
  return diagnostic(context, { code: 'cluster-config', severity: 'skip', subject: PATH, message });
}

function syncNotice(context: CheckContext): Diagnostic {
  const before = context.phase === 'pre-upgrade';

  return diagnostic(context, {
    code: 'cluster-sync',
    severity: 'notice',
    subject: 'cluster synchronisation',
    message:
      'The facts hold no live cluster status, so pmgup cannot confirm that every node is reachable and in sync.',
    fix: before
      ? 'Run `pmgcm status` on the master and check that every node shows state A (active), before the plan stops pmgmirror and pmgtunnel.'
      : 'Once every node runs PMG 8 with pmgmirror and pmgtunnel started again, run `pmgcm status` on the master and check that every node shows state A (active).',
  });
}
