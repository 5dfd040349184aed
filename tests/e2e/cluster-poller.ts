/**
 * A poller of SMTP banners for the cluster test: every interval it opens a
 * TCP connection to port 25 on each address and records, per tick, which
 * addresses sent a `220` greeting. It only ever connects to the
 * addresses it is given (the test hosts' veth addresses), and it stops by
 * itself after `maxDurationMs` even when `stop` is never called.
 */
import { connect } from 'node:net';

/** One round of connections. */
export interface BannerTick {
  /** When the round started, epoch milliseconds. */
  at: number;
  /** Addresses whose greeting started with 220. */
  answered: string[];
  /** `ADDRESS: reason` for each address that did not. */
  errors: string[];
}

/** Maximum wait for a greeting; a member that takes longer counts as silent for that tick. */
const GREETING_TIMEOUT_MS = 2000;

/** Resolves with null when `address` greets with 220 within the timeout, else with the reason. */
function greeting(address: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port: 25 });
    let received = '';
    const finish = (reason: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => finish(`no greeting within ${GREETING_TIMEOUT_MS} ms`), GREETING_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\n')) {
        finish(received.startsWith('220') ? null : `greeted with ${JSON.stringify(received.trim().slice(0, 60))}`);
      }
    });
    socket.on('error', (error) => finish(error.message));
    socket.on('close', () => finish(`closed after ${JSON.stringify(received.slice(0, 60))}`));
  });
}

async function tick(addresses: readonly string[]): Promise<BannerTick> {
  const at = Date.now();
  const reasons = await Promise.all(addresses.map((address) => greeting(address)));

  return {
    at,
    answered: addresses.filter((_, index) => reasons[index] === null),
    errors: addresses.flatMap((address, index) => (reasons[index] === null ? [] : [`${address}: ${reasons[index]}`])),
  };
}

/** Starts polling; `stop` ends it and resolves with every tick in start order. */
export function pollBanners(addresses: readonly string[], intervalMs: number, maxDurationMs = 2 * 3600_000): { stop(): Promise<BannerTick[]> } {
  const pending: Promise<BannerTick>[] = [];
  const started = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - started > maxDurationMs) {
      clearInterval(timer);
      return;
    }
    pending.push(tick(addresses));
  }, intervalMs);
  pending.push(tick(addresses));

  return {
    stop: async () => {
      clearInterval(timer);
      return Promise.all(pending);
    },
  };
}
