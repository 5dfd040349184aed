import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { buildReboot, REBOOT_DELAY_SECONDS } from '../../../lib/apply/commands/reboot.js';
import { rebootAndWait, RebootTimeoutError } from '../../../lib/apply/reboot.js';
import { withReconnect } from '../../../lib/apply/reconnect.js';
import type { HostRuntime } from '../../../lib/apply/runtime.js';
import { ConnectionError, UserError } from '../../../lib/errors.js';
import { FakeTransport, type FakeHandler } from './support.js';

const COMMAND = buildReboot({ kind: 'reboot', expectCodename: 'bookworm', timeoutSeconds: 300 }, { planId: '0123456789ab', postgres: { database: 'Proxmox_ruledb', major: 15 } });

/** A host that goes down `downForMs` after the reboot is scheduled and is back up after `upAfterMs`. */
function rebootingHost(options: { downAfterMs: number; upAfterMs: number; newBootId: string }) {
  let now = 0;
  let scheduledAt: number | null = null;
  const handler: FakeHandler = (script) => {
    if (script.includes('systemd-run')) {
      scheduledAt = now;
      return { stdout: 'old-boot-id\n' };
    }
    const since = scheduledAt === null ? 0 : now - scheduledAt;
    const down = scheduledAt !== null && since >= options.downAfterMs && since < options.upAfterMs;
    if (down) {
      throw new ConnectionError('pmg1', 'connection refused');
    }
    if (script.includes('boot_id')) {
      return { stdout: `${scheduledAt !== null && since >= options.upAfterMs ? options.newBootId : 'old-boot-id'}\n` };
    }
    if (script.includes('is-system-running')) {
      return { stdout: 'running\n' };
    }
    return undefined;
  };
  const sleep = async (ms: number) => void (now += ms);
  const runtime: HostRuntime = {
    host: 'pmg1',
    transport: new FakeTransport([handler]),
    planId: '0123456789ab',
    now: () => now,
    sleep,
    pollIntervalMs: 0,
    retry: (call) => withReconnect(call, { deadlineMs: 60_000, sleep, now: () => now }),
  };

  return runtime;
}

describe('apply/reboot', () => {
  test('waits for the drop and the return with a new boot id', async () => {
    const result = await rebootAndWait(rebootingHost({ downAfterMs: 3000, upAfterMs: 40_000, newBootId: 'new-boot-id' }), COMMAND);
    assert.deepEqual(result, { bootIdBefore: 'old-boot-id', bootIdAfter: 'new-boot-id', systemState: 'running' });
  });

  test('times out when the host never comes back', async () => {
    const host = rebootingHost({ downAfterMs: 3000, upAfterMs: Number.POSITIVE_INFINITY, newBootId: 'x' });
    await assert.rejects(rebootAndWait(host, COMMAND), (error: unknown) => {
      assert.ok(error instanceof RebootTimeoutError);
      assert.match(error.message, /did not come back from the reboot within 300 s/);
      return true;
    });
  });

  test('times out when the host never goes down', async () => {
    const host = rebootingHost({ downAfterMs: Number.POSITIVE_INFINITY, upAfterMs: Number.POSITIVE_INFINITY, newBootId: 'x' });
    await assert.rejects(rebootAndWait(host, COMMAND), /did not go down for the reboot/);
  });

  test('fails when the boot id did not change', async () => {
    const host = rebootingHost({ downAfterMs: 3000, upAfterMs: 10_000, newBootId: 'old-boot-id' });
    await assert.rejects(rebootAndWait(host, COMMAND), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /did not reboot/);
      return true;
    });
  });

  test('reboot script prints the boot id and schedules the reboot', () => {
    assert.match(COMMAND.script, /cat \/proc\/sys\/kernel\/random\/boot_id/);
    assert.match(COMMAND.script, new RegExp(`systemd-run --unit=pmgup-0123456789ab-reboot --collect --quiet --on-active=${REBOOT_DELAY_SECONDS} `));
    assert.equal(COMMAND.expectCodename, 'bookworm');
  });
});
