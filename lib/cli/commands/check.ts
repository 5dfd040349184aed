/**
 * `pmgup check`: the checklist alone, for hosts before, during or after the
 * upgrade. Unlike Proxmox's pmg7to8, which exits 0 even on failures, this
 * exits 1 when any check fails, so scripts and CI can rely on it.
 */
import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../config/load.js';
import { planHost } from '../../plan/index.js';
import { detectPhase } from '../../plan/phase.js';
import { checklistDocument } from '../../views/checklist-json.js';
import { checklistFailed, renderChecklist, type ChecklistReport } from '../../views/checklist.js';
import { colorWanted } from '../../views/color.js';
import type { ParsedCommand } from '../args.js';
import type { CliIO } from '../io.js';
import { closeTargets, gatherFacts, targetsFromOptions } from '../targets.js';

export async function runCheck(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const { options } = parsed;
  const loaded = await loadDesiredState(parsed.positionals[0] ?? DEFAULT_DESIRED_STATE);
  // The probe is the only call per host, so no connection is shared.
  const targets = await targetsFromOptions(options, { shareConnection: false });

  try {
    const hosts = await gatherFacts(targets, options.parallelism);
    const now = new Date();
    const reports: ChecklistReport[] = hosts.map((host) => {
      const phase = detectPhase(host.facts, loaded.desired);
      const planned = planHost({ name: host.name, desired: loaded.desired, facts: host.facts, now });

      return { host: host.name, phase, diagnostics: planned.diagnostics };
    });

    if (options.json) {
      const documents = reports.map(checklistDocument);
      io.stdout.write(JSON.stringify(documents.length === 1 ? documents[0] : documents, null, 2) + '\n');
    } else {
      const color = colorWanted(io.stdout, options.noColor, io.env);
      io.stdout.write(reports.map((report) => renderChecklist(report, { color })).join('\n'));
    }

    return reports.some((report) => checklistFailed(report.diagnostics)) ? 1 : 0;
  } finally {
    await closeTargets(targets);
  }
}
