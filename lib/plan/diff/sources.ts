/**
 * edit-apt-sources (one action per file with edits) and apt-update (after
 * edits, or when apt has no lists for a suite the host uses).
 */
import { diagnosticFor, type PlanContext } from '../context.js';
import { draft, reason, type Draft, type Planned } from '../draft.js';
import { factKey } from '../fact-keys.js';
import { fileDiff } from '../file-diff.js';
import { missingLists } from '../apt-lists.js';
import { aptReadFiles } from '../apt-read-files.js';
import { rewriteSources, type FileRewrite, type SourcesRewrite } from '../sources-rewrite.js';
import { stepSlug } from '../stages.js';

function editDraft(context: PlanContext, rewrite: FileRewrite): Draft {
  const created = rewrite.beforeSha256 === null;
  const count = rewrite.changes.length;

  return draft({
    stage: 'edit-apt-sources',
    slug: stepSlug('edit-apt-sources', rewrite.path),
    step: {
      kind: 'edit-apt-sources',
      path: rewrite.path,
      format: rewrite.format,
      beforeSha256: rewrite.beforeSha256,
      edits: rewrite.edits,
    },
    reason: reason(
      created ? 'apt.pmg_repository' : 'release.codename',
      `${context.desired.release.codename} entries with the ${context.desired.apt.pmg_repository} PMG repository`,
      created ? `${rewrite.path} does not exist` : `${count} entr${count === 1 ? 'y' : 'ies'} to change`,
      created
        ? `The host has no enabled PMG entry, so ${rewrite.path} is created with one.`
        : `${rewrite.path} has entries that do not match the desired apt sources yet.`,
    ),
    changes: rewrite.changes,
    fileDiffs: [fileDiff(rewrite.path, created ? null : rewrite.before, rewrite.after)],
    fingerprintKeys: [factKey.aptFile(rewrite.path)],
  });
}

function aptUpdateDraft(context: PlanContext, rewrite: SourcesRewrite, missing: string[]): Draft {
  const edited = rewrite.files.length > 0;
  const actual = edited ? `${rewrite.files.length} sources file(s) edited by this plan` : `no lists for ${missing.join(', ')}`;

  return draft({
    stage: 'apt-update',
    slug: stepSlug('apt-update'),
    step: { kind: 'apt-update' },
    reason: reason(
      'procedure: apt update',
      'package lists for every enabled entry',
      actual,
      edited
        ? 'The sources change, so apt must download the package lists of the new suites.'
        : `apt has no package lists for ${missing.join(', ')}.`,
    ),
    fingerprintKeys: ['apt.listedSuites', ...aptReadFiles(context.facts.apt.files).map((file) => factKey.aptFile(file.path))],
  });
}

/** Plans the sources edits and the list refresh; returns the rewrite too, for later steps. */
export function planSources(context: PlanContext): Planned & { rewrite: SourcesRewrite } {
  const rewrite = rewriteSources(aptReadFiles(context.facts.apt.files), context.desired);
  const drafts = rewrite.files.map((file) => editDraft(context, file));
  const missing = missingLists(rewrite.entriesAfter, context.facts.apt.listedSuites);
  if (drafts.length > 0 || missing.length > 0) {
    drafts.push(aptUpdateDraft(context, rewrite, missing));
  }

  return {
    drafts,
    diagnostics: rewrite.findings.map((finding) => diagnosticFor(context, finding)),
    rewrite,
  };
}
