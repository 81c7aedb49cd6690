import { openDatabase } from '../src/core/db';
import { Rng } from '../src/modules/demo/random';
import type { Cast } from './lib/demo';
import { json } from './lib/http';
import { burst, Ledger, settle, verify, type Verdict } from './lib/load';
import type { ServerProcess } from './lib/server';
import { sleep } from './lib/server';
import type { Target } from './lib/targets';

/**
 * Crash: orders and ballots pour in from many callers at once, the server is killed with SIGKILL in
 * the middle, started again, and every caller that got no answer sends the same request again. Then
 * every acknowledged submission must be in the database exactly once, under its key, and every
 * ballot chain must recompute; each receipt must also be confirmed by the server (/me/receipts).
 */

export interface CrashOptions {
  kills: number;
  concurrency: number;
  /** How long the burst runs before the kill, drawn between these (ms). */
  burstMs: [number, number];
  seed: number;
}

export interface CrashResult extends Verdict {
  kills: number;
  submitted: number;
  /** Answers lost to the kill (connection dropped or refused), each sent again later. */
  noAnswer: number;
  /** Acknowledged submissions sent again at once with the same key (answered with the same record). */
  replays: number;
  /** Receipts the server itself confirmed in an intact chain, after the last restart. */
  receiptsConfirmed: number;
  serverErrors: number;
  refused: Record<string, number>;
  samples: string[];
}

export async function crashPart(
  server: ServerProcess,
  cast: Cast,
  target: Target,
  options: CrashOptions,
): Promise<CrashResult> {
  const rng = new Rng(options.seed);
  const ledger = new Ledger();
  for (let k = 0; k < options.kills; k++) {
    let killed = false;
    const load = burst(ledger, cast, rng, { concurrency: options.concurrency, stop: () => killed });
    await sleep(rng.int(...options.burstMs));
    // Submitters stop drawing new work; what is in flight is cut off by the kill.
    killed = true;
    await server.kill('SIGKILL');
    await load;
    await server.start();
    await settle(ledger);
  }
  const receiptsConfirmed = await confirmReceipts(ledger);
  const database = openDatabase(target.config);
  try {
    const verdict = await verify(ledger, database.db);
    return {
      ...verdict,
      kills: options.kills,
      submitted: ledger.submissions.length,
      noAnswer: ledger.noAnswer,
      replays: ledger.replays,
      receiptsConfirmed,
      serverErrors: ledger.serverErrors,
      refused: Object.fromEntries(ledger.refused),
      samples: ledger.samples,
    };
  } finally {
    await database.close();
  }
}

/** Asks the server about every receipt it gave, as an owner checking their vote would. */
export async function confirmReceipts(ledger: Ledger): Promise<number> {
  let confirmed = 0;
  for (const s of ledger.acknowledged.filter((x) => x.kind === 'ballot')) {
    const res = await s.caster!.get(`/api/v1/me/receipts/${s.ack}?matterId=${s.matterId}`);
    if (res.status !== 200) continue;
    const { ballots } = json<{ ballots: { inChain: boolean; chainIntact: boolean }[] }>(res);
    if (ballots.length === 1 && ballots[0]!.inChain && ballots[0]!.chainIntact) confirmed++;
  }
  return confirmed;
}
