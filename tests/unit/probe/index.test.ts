import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, test } from 'node:test';

import { UserError } from '../../../lib/errors.js';
import { parseOsRelease } from '../../../lib/probe/parsers/os.js';
import { probeHost } from '../../../lib/probe/index.js';
import { LocalTransport } from '../../../lib/transport/local.js';
import type { RunOptions, RunResult, Transport } from '../../../lib/transport/types.js';

/** Runs scripts on this machine through LocalTransport and records every call. */
class RecordingTransport implements Transport {
  readonly name = 'recording';
  readonly target = 'test:recording';
  readonly calls: { script: string; options: RunOptions }[] = [];
  private readonly local = new LocalTransport();

  constructor(private readonly reply?: RunResult) {}

  async run(script: string, options: RunOptions = {}): Promise<RunResult> {
    this.calls.push({ script, options });

    return this.reply ?? this.local.run(script, options);
  }

  async close(): Promise<void> {}
}

describe('probe', () => {
  describe('probeHost()', () => {
    test('real local run gives this machine facts in one call', async () => {
      const transport = new RecordingTransport();
      const facts = await probeHost(transport, { maxWaitSeconds: 0 });
      const osRelease = parseOsRelease(readFileSync('/etc/os-release', 'utf8'));
      const dpkgVersion = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'dpkg'], { encoding: 'utf8' });

      assert.equal(transport.calls.length, 1);
      assert.equal(facts.target, 'test:recording');
      assert.equal(facts.identity.hostname, hostname());
      assert.equal(facts.os.codename, osRelease.get('VERSION_CODENAME'));
      assert.equal(facts.packages['dpkg']?.version, dpkgVersion);
      assert.ok(facts.disk.some((disk) => disk.path === '/' && disk.sizeBytes > 0));
      assert.ok(facts.network.interfaces.some((entry) => entry.name === 'lo'));
    });

    test('each run uses a fresh nonce', async () => {
      const reply = { stdout: '', stderr: '', exitCode: 0, durationMs: 1 };
      const transport = new RecordingTransport(reply);
      await assert.rejects(probeHost(transport), UserError);
      await assert.rejects(probeHost(transport), UserError);
      const [first, second] = transport.calls.map((call) => /^set -- ([0-9a-f]{32}) 60\n/.exec(call.script)?.[1]);

      assert.ok(first);
      assert.ok(second);
      assert.notEqual(first, second);
    });

    test('timeout covers the boot wait', async () => {
      const transport = new RecordingTransport({ stdout: '', stderr: '', exitCode: 0, durationMs: 1 });
      await assert.rejects(probeHost(transport, { maxWaitSeconds: 30 }));

      assert.equal(transport.calls[0].options.timeoutMs, 330_000);
    });

    test('failed script names host and status', async () => {
      const reply = { stdout: '', stderr: "pmgup probe: the nonce must be lower-case hex, got 'x'\n", exitCode: 2, durationMs: 1 };

      await assert.rejects(probeHost(new RecordingTransport(reply)), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.equal(error.message, 'The probe failed on recording');
        assert.match(error.detail, /status 2/);
        assert.match(error.detail, /nonce must be lower-case hex/);
        return true;
      });
    });
  });
});
