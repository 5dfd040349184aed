/**
 * The request for the upgrade simulation (lib/probe/simulate.ts), derived
 * from a first plan of the host. It contains the apt sources as the plan's
 * edit-apt-sources actions leave them (the edits themselves for a file with
 * credentials) and the packages its remove-packages
 * action removes. It also names the files whose new versions decide the
 * configuration-file questions and the template policy. Pure.
 */
import type { Desired } from '../config/desired.js';
import type { AptSourceFile, HostFacts } from '../probe/facts.js';
import type { SimulationRequest, SimulationSource } from '../probe/simulate-script.js';
import { mayHoldSecrets } from './conffiles-diff.js';
import { UCF_SOURCES } from './conffiles-new.js';
import { stepOf, type Action, type StepOf } from './model.js';
import { applyAptEdits } from './sources-apply.js';

type SourcesEdit = StepOf<'edit-apt-sources'>;

/**
 * Returns every sources file as the plan's edits leave it. Facts carry
 * `user:password@` in URIs redacted, so an edited file with credentials
 * gets its edits instead of content, and the simulation applies them to
 * the live file. Files the plan does not edit are copied on the host.
 */
function plannedSources(facts: HostFacts, edits: ReadonlyMap<string, SourcesEdit>): SimulationSource[] {
  const existing = facts.apt.files.map((file: AptSourceFile): SimulationSource => {
    const edit = edits.get(file.path);
    if (edit === undefined) {
      return { path: file.path, content: null };
    }
    if (file.redacted) {
      return { path: file.path, liveEdit: { format: file.format, sha256: file.sha256, edits: edit.edits } };
    }

    return { path: file.path, content: applyAptEdits(file.content, file.format, edit.edits, { path: file.path }) };
  });
  const created = [...edits.values()]
    .filter((edit) => !facts.apt.files.some((file) => file.path === edit.path))
    .map((edit) => ({ path: edit.path, content: applyAptEdits('', edit.format, edit.edits, { path: edit.path }) }));

  return [...existing, ...created];
}

/** Returns the dpkg conffiles that are changed locally, or that the plan changes, so dpkg may ask about them. */
function changedConffiles(facts: HostFacts, edited: ReadonlySet<string>): SimulationRequest['conffiles'] {
  return facts.conffiles
    .filter((fact) => !fact.obsolete && (fact.currentMd5 !== fact.recordedMd5 || edited.has(fact.path)))
    .map((fact) => ({ path: fact.path, package: fact.package }));
}

function installed(facts: HostFacts, name: string): boolean {
  const status = facts.packages[name]?.status;

  return status !== undefined && status !== 'not-installed' && status !== 'config-files';
}

/**
 * Returns what the simulation must do for this plan, or null when the plan
 * has no dist-upgrade and there is nothing to predict.
 */
export function simulationRequest(actions: readonly Action[], facts: HostFacts, desired: Desired): SimulationRequest | null {
  if (!actions.some((action) => action.step.kind === 'dist-upgrade')) {
    return null;
  }

  const edits = new Map(
    actions.flatMap((action) => {
      const step = stepOf(action, 'edit-apt-sources');
      return step === undefined ? [] : [[step.path, step] as const];
    }),
  );
  const conffiles = changedConffiles(facts, new Set(edits.keys()));
  const ucf = UCF_SOURCES.filter((entry) => installed(facts, entry.package));
  const readable = [...conffiles, ...ucf]
    .map((file) => file.path)
    .filter((path) => !edits.has(path) && !mayHoldSecrets(path));

  return {
    codename: desired.release.codename,
    sources: plannedSources(facts, edits),
    absent: actions.flatMap((action) => stepOf(action, 'remove-packages')?.packages ?? []),
    conffiles,
    ucf: [...ucf],
    templates: facts.pmg.templateOverrides.map((override) => override.name),
    current: [...new Set(readable)],
  };
}
