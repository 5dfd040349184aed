/**
 * Progress and diagnostic lines of the harness. They go to stderr so that
 * stdout of `testhost up` stays one JSON object. The CLI turns them on; the
 * TypeScript API is quiet unless PMGUP_TESTHOST_LOG=1 is set.
 */
let enabled = process.env.PMGUP_TESTHOST_LOG === '1';

export function setLogging(on: boolean): void {
  enabled = on;
}

/** Writes one line with a timestamp and a subsystem tag, when logging is on. */
export function log(subsystem: string, message: string): void {
  if (!enabled) {
    return;
  }

  const time = new Date().toISOString().slice(11, 23);
  process.stderr.write(`${time} [testhost:${subsystem}] ${message}\n`);
}
