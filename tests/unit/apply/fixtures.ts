/** Hand-built plans and a scripted host for the apply tests. */
import type { Action, Plan, Step } from '../../../lib/plan/model.js';
import { fingerprintFacts } from '../../../lib/planfile/fingerprint.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import type { ProbedFacts, SkippableSection } from '../../../lib/probe/partial-facts.js';
import type { RunOptions } from '../../../lib/transport/types.js';
import { FakeTransport, type FakeHandler } from './support.js';

export const HOST = 'pmg1';
export const TOOL_VERSION = '0.1.0';
export const DESIRED_SHA = 'd'.repeat(64);

/** Returns an action of the host with the step and the fact keys it was planned from. */
export function action(slug: string, step: Step, fingerprintKeys: string[] = [], dependsOn: string[] = []): Action {
  return {
    id: `${HOST}/${slug}`,
    host: HOST,
    reason: { attribute: 'test', desired: 'x', actual: 'y', text: 'Made for a test.' },
    changes: [],
    dependsOn,
    downtime: false,
    destructive: false,
    fileDiffs: [],
    fingerprintKeys,
    step,
  };
}

/** Returns a copy of `facts` as a probe that skipped `skip` reports them. */
export function probed(facts: ProbedFacts, skip: readonly SkippableSection[]): ProbedFacts {
  const copy = structuredClone(facts);
  if (skip.includes('apt-simulate')) {
    copy.apt.pending = null;
  }
  if (skip.includes('conffile-md5')) {
    copy.conffiles = null;
  }

  return copy;
}

/** Returns a plan of one host, with fingerprints of every key its actions name, taken from `facts`. */
export function planFor(facts: HostFacts, actions: Action[]): Plan {
  const keys = actions.flatMap((item) => item.fingerprintKeys);

  return {
    formatVersion: 1,
    tool: { name: 'pmgup', version: TOOL_VERSION },
    createdAt: '2026-12-01T10:00:00.000Z',
    desiredState: { path: 'plans/pmg-8.toml', sha256: DESIRED_SHA },
    hosts: [
      {
        name: HOST,
        target: facts.target,
        hostname: facts.identity.hostname,
        machineId: facts.identity.machineId,
        phase: 'pre-upgrade',
        fingerprints: fingerprintFacts(facts, keys),
      },
    ],
    actions,
    diagnostics: [],
    errored: false,
    applyable: actions.length > 0,
  };
}

/**
 * A fake host: the transport handles pmgup's own scripts (lock, journal,
 * detached-unit listing) like a host with no earlier apply, `steps` handle
 * the step scripts, and `facts` is what the fake probe returns, which the
 * step handlers may change to show an effect.
 */
export class FakeHost {
  readonly journal: string[] = [];
  lock: string | null = null;
  /** The last checkpoint apply stored, as JSON. */
  checkpoint: string | null = null;
  readonly transport: FakeTransport;

  constructor(
    public facts: HostFacts,
    steps: FakeHandler[] = [],
  ) {
    this.transport = new FakeTransport([...steps.map((step) => this.unlessOwn(step)), (script, options) => this.own(script, options)], HOST);
  }

  /** The probe to pass to applyPlan. */
  readonly probe = async () => structuredClone(this.facts);

  /** Returns the step scripts the host ran: everything but lock, journal, listing and probe calls. */
  stepScripts(): string[] {
    return this.transport.scripts.filter((script) => !isOwnScript(script));
  }

  private unlessOwn(step: FakeHandler): FakeHandler {
    return (script, options) => (isOwnScript(script) ? undefined : step(script, options));
  }

  private own(script: string, options: RunOptions) {
    if (script.includes('ln -- "$tmp" /var/lib/pmgup/lock')) {
      const content = /printf '%s\\n' '([^']*)'/.exec(script)?.[1] ?? '';
      if (this.lock !== null) {
        return { stdout: `pmgup-lock held\n${this.lock}\n` };
      }
      this.lock = content;
      return { stdout: 'pmgup-lock acquired\n' };
    }
    if (script.includes('rm -f -- /var/lib/pmgup/lock')) {
      const expected = /\[ "\$\(cat -- \/var\/lib\/pmgup\/lock\)" = '([^']*)' \]/.exec(script)?.[1];
      if (expected === undefined || expected === this.lock) {
        this.lock = null;
      }
      return { stdout: '' };
    }
    if (script.includes('/var/lib/pmgup/checkpoints')) {
      if (script.includes('cat >')) {
        this.checkpoint = options.input ?? null;
        return { stdout: '' };
      }
      return { stdout: this.checkpoint ?? '' };
    }
    if (script.includes('journal.jsonl') && script.includes('grep -F')) {
      const needle = /"planId":"([0-9a-f]+)"/.exec(script)?.[1] ?? '';
      return { stdout: this.journal.filter((line) => line.includes(`"planId":"${needle}"`)).map((line) => `${line}\n`).join('') };
    }
    if (script.includes('journal.jsonl')) {
      for (const match of script.matchAll(/'(\{"time"[^']*\})'/g)) {
        this.journal.push(match[1]!);
      }
      return { stdout: '' };
    }
    return undefined;
  }
}

/** Tells whether a script is one of pmgup's own bookkeeping scripts rather than a step. */
export function isOwnScript(script: string): boolean {
  return (
    script.includes('/var/lib/pmgup/lock') ||
    script.includes('journal.jsonl') ||
    script.includes('/var/lib/pmgup/checkpoints') ||
    script.includes('for log in pmgup-*.log')
  );
}
