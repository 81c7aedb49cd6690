import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/core/db/schema';
import type { Rng } from '../../src/modules/demo/random';
import { checkChain } from '../../src/modules/votes/casting';
import { chainOf } from '../../src/modules/votes/store';
import type { Cast } from './demo';
import { json, type Answer, type HttpClient } from './http';

/**
 * The load the crash and database-fault parts put on the server: residents ordering help with an
 * Idempotency-Key, owners casting ballots with an idempotencyKey, many at once. Every submission is
 * kept in a ledger with what the server answered, so that afterwards the database can be asked
 * whether each acknowledged one is there exactly once, and every unanswered one can be sent again,
 * byte for byte, as a phone would.
 */

export interface Submission {
  kind: 'order' | 'ballot';
  key: string;
  send(): Promise<Answer>;
  /** What the first 2xx named: the order id, or the ballot's receipt (its chain hash). */
  ack: string | null;
  /** A later 2xx named something else: the retry made a second record. */
  conflictingAck: boolean;
  /** Answered 2xx only after being sent again (its first attempt got no answer or a 503). */
  retried: boolean;
  matterId?: string;
  /** Who cast a ballot: only they can look its receipt up. */
  caster?: HttpClient;
}

export class Ledger {
  readonly submissions: Submission[] = [];
  /** Answers that were neither 2xx nor the expected 503 while the database was away, by status. */
  readonly refused = new Map<number, number>();
  readonly samples: string[] = [];
  /** Submissions answered 4xx (or 5xx): settled, never acknowledged, never sent again. */
  readonly settledWithout = new Set<Submission>();
  /** 503s: the database was away; sent again later. */
  unavailable = 0;
  noAnswer = 0;
  serverErrors = 0;
  replays = 0;

  /** Files the answer; true when the submission is settled (acknowledged, or refused for good). */
  record(s: Submission, a: Answer): boolean {
    if (a.status >= 200 && a.status < 300) {
      const body = json<{ id?: string; receipt?: string }>(a);
      const named = s.kind === 'order' ? body.id : body.receipt;
      if (!named) throw new Error(`a 2xx without ${s.kind === 'order' ? 'id' : 'receipt'}: ${a.text}`);
      if (s.ack === null) s.ack = named;
      else if (s.ack !== named) s.conflictingAck = true;
      return true;
    }
    if (a.status === 0) {
      this.noAnswer++;
      return false;
    }
    if (a.status === 503) {
      this.unavailable++;
      return false;
    }
    if (a.status >= 500) this.serverErrors++;
    if (s.ack === null) this.settledWithout.add(s);
    this.refused.set(a.status, (this.refused.get(a.status) ?? 0) + 1);
    if (this.samples.length < 10) this.samples.push(`${s.kind} ${a.status} ${a.text.slice(0, 300)}`);
    return true;
  }

  get acknowledged() {
    return this.submissions.filter((s) => s.ack !== null);
  }

  get pending() {
    return this.submissions.filter((s) => s.ack === null && !this.settledWithout.has(s));
  }
}

const uniqueKey = (kind: string, n: number) => `${kind}-${n}-${randomBytes(6).toString('hex')}`;

/** One new submission, drawn from the cast: an order (70 %) or a ballot. */
export function nextSubmission(cast: Cast, rng: Rng, n: number): Submission {
  if (rng.chance(0.7)) {
    const o = rng.pick(cast.orderers);
    const key = uniqueKey('order', n);
    const body = {
      categoryId: rng.pick(o.categoryIds),
      householdId: o.householdId,
      description: `可靠性测试 ${n}：楼道灯不亮`,
    };
    return {
      kind: 'order',
      key,
      ack: null,
      conflictingAck: false,
      retried: false,
      send: () =>
        o.client.send('POST', '/api/v1/me/orders', {
          body,
          headers: { 'idempotency-key': key },
          timeoutMs: 20_000,
        }),
    };
  }
  const v = rng.pick(cast.voters);
  const matterId = rng.pick(v.matterIds);
  const key = uniqueKey('ballot', n);
  const body = { choice: rng.pick(['yes', 'no', 'abstain']), voter: v.voter, idempotencyKey: key };
  return {
    kind: 'ballot',
    key,
    matterId,
    caster: v.client,
    ack: null,
    conflictingAck: false,
    retried: false,
    send: () =>
      v.client.send('POST', `/api/v1/me/assemblies/${v.assemblyId}/matters/${matterId}/ballots`, {
        body,
        timeoutMs: 20_000,
      }),
  };
}

export interface BurstOptions {
  concurrency: number;
  /** Workers stop taking new submissions once this says so. */
  stop: () => boolean;
  /** Chance that an acknowledged submission is sent again at once (a phone that did not see the answer). */
  resendChance?: number;
  /** Pause after an unanswered or 503 submission, as a phone would before trying the next. */
  backoffMs?: number;
}

/** Concurrent submitters until `stop()`; each submission answered or not is in the ledger. */
export async function burst(ledger: Ledger, cast: Cast, rng: Rng, options: BurstOptions): Promise<void> {
  const worker = async () => {
    while (!options.stop()) {
      const s = nextSubmission(cast, rng, ledger.submissions.length + 1);
      ledger.submissions.push(s);
      const settled = ledger.record(s, await s.send());
      if (!settled && options.backoffMs) await new Promise((r) => setTimeout(r, options.backoffMs));
      if (s.ack !== null && rng.chance(options.resendChance ?? 0.1)) {
        ledger.replays++;
        ledger.record(s, await s.send());
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

/**
 * Sends every unanswered submission again with its key until each is answered, as a phone's retry
 * would; the answer must name the same record the first attempt may have made, never a second one.
 */
export async function settle(ledger: Ledger, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (let round = 0; ledger.pending.length && Date.now() < deadline; round++) {
    if (round) await new Promise((r) => setTimeout(r, 250));
    await Promise.all(
      ledger.pending.map(async (s) => {
        s.retried = true;
        ledger.record(s, await s.send());
      }),
    );
  }
}

export interface Verdict {
  /** Submissions that got a 2xx (first time or on a retry). */
  acknowledged: number;
  /** …and are in the database under their key, with the id or receipt the answer named. */
  found: number;
  lost: number;
  /** Keys with more than one record, or retries answered with a different record. */
  duplicated: number;
  /** Never answered, even after retrying. */
  unresolved: number;
  /** Acknowledged only when sent again after no answer (or a 503): each found once all the same. */
  acknowledgedOnRetry: number;
  orders: number;
  ballots: number;
  /** Ballot chains recomputed from the stored rows; chainsBroken names the ones that failed. */
  chainsChecked: number;
  chainsBroken: string[];
}

/** Looks every submission up in the database by its key. */
export async function verify(ledger: Ledger, db: Kysely<DB>): Promise<Verdict> {
  const stored = new Map<string, string[]>();
  const add = (key: string | null, named: string) => {
    if (key === null) return;
    stored.set(key, [...(stored.get(key) ?? []), named]);
  };
  const keysOf = (kind: Submission['kind']) =>
    ledger.submissions.filter((s) => s.kind === kind).map((s) => s.key);
  for (const chunk of chunks(keysOf('order'), 500))
    for (const r of await db
      .selectFrom('orders')
      .select(['idempotency_key', 'id'])
      .where('idempotency_key', 'in', chunk)
      .execute())
      add(r.idempotency_key, r.id);
  for (const chunk of chunks(keysOf('ballot'), 500))
    for (const r of await db
      .selectFrom('ballots')
      .select(['idempotency_key', 'hash'])
      .where('idempotency_key', 'in', chunk)
      .execute())
      add(r.idempotency_key, r.hash);

  const verdict: Verdict = {
    acknowledged: 0,
    found: 0,
    lost: 0,
    duplicated: 0,
    unresolved: ledger.pending.length,
    acknowledgedOnRetry: 0,
    orders: 0,
    ballots: 0,
    chainsChecked: 0,
    chainsBroken: [],
  };
  for (const s of ledger.submissions) {
    const records = stored.get(s.key) ?? [];
    if (records.length > 1 || s.conflictingAck) verdict.duplicated++;
    if (s.ack === null) continue;
    verdict.acknowledged++;
    if (s.retried) verdict.acknowledgedOnRetry++;
    verdict[s.kind === 'order' ? 'orders' : 'ballots']++;
    if (records.includes(s.ack)) verdict.found++;
    else verdict.lost++;
  }
  const matterIds = new Set(ledger.submissions.flatMap((s) => (s.matterId ? [s.matterId] : [])));
  for (const id of matterIds) {
    const m = await db
      .selectFrom('assembly_matters')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const check = checkChain(await chainOf(db, m), m);
    verdict.chainsChecked++;
    if (!check.ok) verdict.chainsBroken.push(`${id} at seq ${check.seq}`);
  }
  return verdict;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
