import { openDatabase } from '../src/core/db';
import { Rng } from '../src/modules/demo/random';
import { confirmReceipts } from './crash';
import type { Cast } from './lib/demo';
import { type Answer, request } from './lib/http';
import { burst, Ledger, settle, verify, type Verdict } from './lib/load';
import { sleep, type ServerProcess } from './lib/server';
import type { Target } from './lib/targets';

/**
 * Database faults (PostgreSQL): under load the database is stopped at once (`pg_ctl stop -m
 * immediate`, as a crash or an operator's mistake would), kept away for a while, and started again.
 * While it is away the server must stay up and answer 503 with a clear error (`/readyz` not ready);
 * when it returns, the same server process must serve again by itself, and no acknowledged write
 * may be missing.
 */

export interface FaultOptions {
  outages: number;
  concurrency: number;
  /** Load before each stop, and how long the database stays away (ms). */
  beforeMs: number;
  downMs: number;
  seed: number;
}

export interface FaultResult extends Verdict {
  outages: number;
  submitted: number;
  /** Answers while the database was away, by status; all must be 503. */
  answersWhileDown: Record<string, number>;
  /** …of which 503 with the error code database_unavailable and a message. */
  clearErrorsWhileDown: number;
  /** Orders and ballots answered 503 while it was away, each sent again once it was back. */
  loadAnsweredUnavailable: number;
  /** /readyz said not ready every time it was asked while the database was away. */
  readyzNotReady: boolean;
  serverStayedUp: boolean;
  /** From `pg_ctl start` to /readyz ready again, worst of the outages (ms). */
  recoveryMs: number;
  serverErrors: number;
  receiptsConfirmed: number;
  samples: string[];
}

export async function faultsPart(
  server: ServerProcess,
  cast: Cast,
  target: Target,
  options: FaultOptions,
): Promise<FaultResult> {
  const cluster = target.cluster;
  if (!cluster) throw new Error('the database-fault part needs a cluster of its own');
  const rng = new Rng(options.seed);
  const ledger = new Ledger();
  const answersWhileDown = new Map<number, number>();
  const samples: string[] = [];
  let clearErrorsWhileDown = 0;
  let readyzNotReady = true;
  let recoveryMs = 0;
  const down = (a: Answer) => {
    answersWhileDown.set(a.status, (answersWhileDown.get(a.status) ?? 0) + 1);
    if (a.status === 503 && clearError(a)) clearErrorsWhileDown++;
    else if (samples.length < 10) samples.push(`${a.status} ${a.text.slice(0, 300)}`);
  };

  for (let outage = 0; outage < options.outages; outage++) {
    let done = false;
    const load = burst(ledger, cast, rng, {
      concurrency: options.concurrency,
      stop: () => done,
      backoffMs: 100,
    });
    await sleep(options.beforeMs);
    cluster.pgCtl(['-m', 'immediate', 'stop']);
    // Callers keep coming while it is away: a resident's read, a new order, the readiness probe.
    const probeUntil = Date.now() + options.downMs;
    const probe = cast.orderers[0]!;
    while (Date.now() < probeUntil) {
      const ready = await request(server.base, 'GET', '/readyz', { timeoutMs: 10_000 });
      if (ready.status !== 503) readyzNotReady = false;
      down(await probe.client.get('/api/v1/me/orders', { timeoutMs: 10_000 }));
      down(await probe.client.get('/api/v1/auth/me', { timeoutMs: 10_000 }));
      await sleep(100);
    }
    cluster.pgCtl(['start']);
    const back = Date.now();
    while ((await request(server.base, 'GET', '/readyz', { timeoutMs: 10_000 })).status !== 200) {
      if (Date.now() - back > 60_000) break;
      await sleep(50);
    }
    recoveryMs = Math.max(recoveryMs, Date.now() - back);
    await sleep(options.beforeMs);
    done = true;
    await load;
    await settle(ledger);
  }
  const receiptsConfirmed = await confirmReceipts(ledger);
  const database = openDatabase(target.config);
  try {
    return {
      ...(await verify(ledger, database.db)),
      outages: options.outages,
      submitted: ledger.submissions.length,
      answersWhileDown: Object.fromEntries(answersWhileDown),
      clearErrorsWhileDown,
      loadAnsweredUnavailable: ledger.unavailable,
      readyzNotReady,
      serverStayedUp: server.alive && server.starts === 1,
      recoveryMs,
      serverErrors:
        ledger.serverErrors +
        [...answersWhileDown].reduce(
          (sum, [status, n]) => sum + (status >= 500 && status !== 503 ? n : 0),
          0,
        ),
      receiptsConfirmed,
      samples: [...samples, ...ledger.samples],
    };
  } finally {
    await database.close();
  }
}

/** A 503 a person can act on: our error shape, the database code, a message. */
function clearError(a: Answer): boolean {
  try {
    const { error } = JSON.parse(a.text) as { error?: { code?: string; message?: string } };
    return error?.code === 'database_unavailable' && !!error.message;
  } catch {
    return false;
  }
}
