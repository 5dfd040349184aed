import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PlainProgressReporter } from '../../../lib/views/progress-plain.js';
import { EVENTS } from './progress-events.js';

function render(ticks = 0): string {
  let output = '';
  const timer: { tick: (() => void) | null } = { tick: null };
  let now = 0;
  const reporter = new PlainProgressReporter({
    write: (text) => (output += text),
    now: () => now,
    heartbeatMs: 30_000,
    setInterval: (callback) => (timer.tick = callback),
    clearInterval: () => (timer.tick = null),
  });
  for (const event of EVENTS) {
    reporter.emit(event);
    if (event.type === 'action-output') {
      for (let index = 0; index < ticks; index++) {
        now += 30_000;
        timer.tick?.();
      }
    }
  }

  return output;
}

describe('views/progress-plain', () => {
  test('renders one line per event', () => {
    assert.equal(
      render(),
      [
        'Applying plan 0123456789ab to pmg1: 4 action(s).',
        '[1/4] pmg1/stop-units: stop and mask units (postfix.service (masked))',
        '[1/4] pmg1/stop-units done in 850 ms',
        '[2/4] pmg1/dist-upgrade: upgrade to the new release (apt-get dist-upgrade, configuration files: keep by default)',
        '  pmg1/dist-upgrade | Unpacking base-files (12.4) \\x1b]0;owned\\x07\\x1b[2J',
        '  note (pmg1/dist-upgrade): detached unit pmgup-0123456789ab-dist-upgrade (started) exited with status 0',
        '[2/4] pmg1/dist-upgrade done in 4 min 05 s',
        '[3/4] pmg1/upgrade-pg-cluster: upgrade PostgreSQL cluster (13/main to 15/main (method dump, database Proxmox_ruledb))',
        '[3/4] pmg1/upgrade-pg-cluster FAILED after 12.3 s:',
        '    pmg1/upgrade-pg-cluster: pg_upgradecluster -v 15 -m dump 13 main exited with status 1',
        '    Its last output is shown below.',
        '    command: pg_upgradecluster -v 15 -m dump 13 main',
        '    exit status: 1',
        '    last output:',
        '      Error: \\x1b[31mdisk full\\x1b[0m',
        '[4/4] pmg1/unmask-units skipped: not run because pmg1/upgrade-pg-cluster failed',
        'Apply failed: 2 done, 1 failed, 1 not run after 4 min 18 s.',
        'Mail downtime on pmg1: 4 min 17 s (postfix stopped until active again).',
        'Backup archive on pmg1: /var/lib/pmg/backup/pmg-backup_2026_12_01.tgz',
        'Run pmgup plan again to see the remaining steps.',
        '',
      ].join('\n'),
    );
  });

  test('prints still-running lines for long steps', () => {
    const lines = render(2).split('\n').filter((line) => line.includes('still running'));
    assert.deepEqual(lines, ['  pmg1/dist-upgrade: still running, 30 s elapsed', '  pmg1/dist-upgrade: still running, 60 s elapsed']);
  });

  test('never writes an escape character from the host', () => {
    assert.doesNotMatch(render(), /[\u001b\u0007]/);
  });
});
