/**
 * Mail availability of a test host as a mail client sees it: a TCP connect
 * to the guest's port 25 every 250 ms. Postfix's master process listens on
 * port 25 only while postfix runs, so a refused or timed-out connect is
 * mail downtime, whoever stopped postfix (a step, a package's postinst or
 * a reboot). The same poller measures pmgup and the manual procedure.
 */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One stretch during which port 25 did not accept connections. */
export interface Outage {
  startMs: number;
  endMs: number;
}

const INTERVAL_MS = 250;
const CONNECT_TIMEOUT_MS = 1000;

/** Returns whether a TCP connection to host:port opens within the timeout. */
export function accepts(host: string, port: number, timeoutMs = CONNECT_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** Polls port 25 until stopped and collects the outages. */
export class MailPoller {
  readonly outages: Outage[] = [];
  private running = true;
  private downSince: number | null = null;
  private readonly loop: Promise<void>;

  constructor(
    private readonly host: string,
    private readonly port = 25,
  ) {
    this.loop = this.poll();
  }

  private async poll(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      const open = await accepts(this.host, this.port);
      const now = Date.now();
      if (!open && this.downSince === null) {
        this.downSince = started;
      } else if (open && this.downSince !== null) {
        this.outages.push({ startMs: this.downSince, endMs: now });
        this.downSince = null;
      }
      await sleep(Math.max(0, INTERVAL_MS - (Date.now() - started)));
    }
  }

  /** Stops polling; an outage still open counts until now. */
  async stop(): Promise<Outage[]> {
    this.running = false;
    await this.loop;
    if (this.downSince !== null) {
      this.outages.push({ startMs: this.downSince, endMs: Date.now() });
      this.downSince = null;
    }

    return this.outages;
  }
}

/** Returns the summed length of the outages in milliseconds. */
export function totalOutageMs(outages: readonly Outage[]): number {
  return outages.reduce((sum, outage) => sum + (outage.endMs - outage.startMs), 0);
}
