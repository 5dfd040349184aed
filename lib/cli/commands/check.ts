/**
 * `pmgup check`: the checklist alone, for hosts before, during or after the
 * upgrade. The checks are those that `pmgup plan --no-simulate` runs on the
 * same targets, the cluster-wide ones included, so check fails exactly when
 * such a plan could not be applied. Unlike Proxmox's pmg7to8, which exits 0
 * even on failures, this exits 1 when any check fails, so scripts and CI
 * can rely on it.
 */
import type { Desired } from '../../config/desired.js';
import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../config/load.js';
import type { FleetPlan } from '../../plan/fleet.js';
import { detectPhase } from '../../plan/phase.js';
import { checklistDocument, clusterChecklistDocument } from '../../views/checklist-json.js';
import {
  checklistFailed,
  renderChecklist,
  renderClusterChecklist,
  type ChecklistReport,
  type ClusterChecklistReport,
} from '../../views/checklist.js';
import { colorWanted } from '../../views/color.js';
import type { ParsedCommand } from '../args.js';
import { planTargets } from '../build-plan.js';
import type { CliIO } from '../io.js';
import { closeTargets, gatherFacts, targetsFromOptions, type HostWithFacts } from '../targets.js';

/** One section of the checklist: a cluster's own checks, or one host's. */
export type ChecklistSection = { cluster: ClusterChecklistReport } | { host: ChecklistReport };

export async function runCheck(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const { options } = parsed;
  const loaded = await loadDesiredState(parsed.positionals[0] ?? DEFAULT_DESIRED_STATE, 'check');
  // The probe is the only call per host, so no connection is shared.
  const targets = await targetsFromOptions(options, { shareConnection: false, command: 'check' });

  try {
    const hosts = await gatherFacts(targets, options.parallelism);
    const sections = checklistSections(hosts, planTargets(loaded, hosts, new Date()), loaded.desired);

    if (options.json) {
      const documents = sections.map((section) => ('cluster' in section ? clusterChecklistDocument(section.cluster) : checklistDocument(section.host)));
      io.stdout.write(JSON.stringify(documents.length === 1 ? documents[0] : documents, null, 2) + '\n');
    } else {
      const color = colorWanted(io.stdout, options.noColor, io.env);
      const texts = sections.map((section) =>
        'cluster' in section ? renderClusterChecklist(section.cluster, { color }) : renderChecklist(section.host, { color }),
      );
      io.stdout.write(texts.join('\n'));
    }

    return sections.some((section) => checklistFailed(('cluster' in section ? section.cluster : section.host).diagnostics)) ? 1 : 0;
  } finally {
    await closeTargets(targets);
  }
}

/**
 * Splits the results of a fleet plan into checklist sections, in host order.
 * A cluster's section comes right before its first member's. Every
 * diagnostic of the plan lands in exactly one section: the cluster checks
 * in their cluster's, everything else in the section of its host.
 */
export function checklistSections(hosts: HostWithFacts[], fleet: FleetPlan, desired: Desired): ChecklistSection[] {
  const clusterWide = new Set(fleet.clusters.flatMap((cluster) => cluster.diagnostics));
  const hostWide = fleet.diagnostics.filter((diagnostic) => !clusterWide.has(diagnostic));
  const opened = new Set<string>();

  return hosts.flatMap((host, index): ChecklistSection[] => {
    const sections: ChecklistSection[] = [];
    const cluster = host.group?.kind === 'cluster' ? fleet.clusters.find((item) => item.name === host.group!.name) : undefined;
    if (cluster !== undefined && !opened.has(cluster.name)) {
      opened.add(cluster.name);
      const group = host.group!;
      const withoutFacts = [...group.unreachable.map((member) => member.name), ...group.missing.map((member) => member.name)];
      sections.push({ cluster: { cluster: cluster.name, members: cluster.hosts, withoutFacts, diagnostics: cluster.diagnostics } });
    }

    const diagnostics = [...hostWide.filter((diagnostic) => diagnostic.host === host.name), ...fleet.results[index]!.diagnostics];
    const phase = detectPhase(host.facts, desired);
    sections.push({ host: { host: host.name, phase, diagnostics, ...(cluster !== undefined && { cluster: cluster.name }) } });

    return sections;
  });
}
