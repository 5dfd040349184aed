/** A fixed run for the progress renderer tests: two actions done, one failed, one not run. */
import type { ActionSummary, ApplyEvent } from '../../../lib/apply/events.js';

const time = '2026-12-01T10:00:00.000Z';

export const ACTIONS: ActionSummary[] = [
  { id: 'pmg1/stop-units', host: 'pmg1', kind: 'stop-units', step: { kind: 'stop-units', units: ['postfix.service'], mask: true }, long: false },
  { id: 'pmg1/dist-upgrade', host: 'pmg1', kind: 'dist-upgrade', step: { kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [] }, long: true },
  { id: 'pmg1/upgrade-pg-cluster', host: 'pmg1', kind: 'upgrade-pg-cluster', step: { kind: 'upgrade-pg-cluster', name: 'main', fromVersion: 13, toVersion: 15, method: 'dump', database: 'Proxmox_ruledb' }, long: true },
  { id: 'pmg1/unmask-units', host: 'pmg1', kind: 'unmask-units', step: { kind: 'unmask-units', units: ['postfix.service'], start: true }, long: false },
];

export const EVENTS: ApplyEvent[] = [
  { type: 'plan-start', time, planId: '0123456789ab', hosts: ['pmg1'], actions: ACTIONS },
  { type: 'action-start', time, actionId: 'pmg1/stop-units', host: 'pmg1', kind: 'stop-units', long: false },
  { type: 'action-end', time, actionId: 'pmg1/stop-units', durationMs: 850, detail: null },
  { type: 'action-start', time, actionId: 'pmg1/dist-upgrade', host: 'pmg1', kind: 'dist-upgrade', long: true },
  { type: 'action-output', time, actionId: 'pmg1/dist-upgrade', line: 'Unpacking base-files (12.4) \u001b]0;owned\u0007\u001b[2J' },
  { type: 'note', time, host: 'pmg1', actionId: 'pmg1/dist-upgrade', message: 'detached unit pmgup-0123456789ab-dist-upgrade (started) exited with status 0' },
  { type: 'action-end', time, actionId: 'pmg1/dist-upgrade', durationMs: 245_000, detail: null },
  { type: 'action-start', time, actionId: 'pmg1/upgrade-pg-cluster', host: 'pmg1', kind: 'upgrade-pg-cluster', long: true },
  {
    type: 'action-error',
    time,
    actionId: 'pmg1/upgrade-pg-cluster',
    durationMs: 12_300,
    cause: {
      title: 'pmg1/upgrade-pg-cluster: pg_upgradecluster -v 15 -m dump 13 main exited with status 1',
      detail: 'Its last output is shown below.',
      command: 'pg_upgradecluster -v 15 -m dump 13 main',
      exitStatus: 1,
      lastLines: ['Error: \u001b[31mdisk full\u001b[0m'],
    },
  },
  { type: 'action-skipped', time, actionId: 'pmg1/unmask-units', reason: 'not run because pmg1/upgrade-pg-cluster failed' },
  { type: 'summary', time, planId: '0123456789ab', ok: false, succeeded: 2, failed: 1, notRun: 1, durationMs: 258_150, mailDowntimeMs: { pmg1: 257_300 }, mailDownSince: {}, backups: { pmg1: '/var/lib/pmg/backup/pmg-backup_2026_12_01.tgz' } },
];
