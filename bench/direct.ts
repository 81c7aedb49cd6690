import { randomBytes } from 'node:crypto';
import type { Config } from '../src/core/config';
import { openDatabase } from '../src/core/db';
import { createEventBus } from '../src/core/events';
import { todayInShanghai } from '../src/core/time';
import { communityFigures } from '../src/modules/orders/report';
import { dayStart } from '../src/modules/orders/query';
import { staffScope } from '../src/modules/orders/visibility';
import { lockForBallot, publishTurnout } from '../src/modules/votes/casting';
import { appendBallot, countMatter, mustAssembly } from '../src/modules/votes/store';
import type { Manifest } from './city';
import { percentile } from './ceilings';

/**
 * What the issue times in-process, beside the server: a community-month's figures over the order
 * history, the full tally of the new town's 100k-room assembly from its stored ballots, and the live
 * turnout update each new ballot sends (through the same functions the routes call).
 */

/**
 * Wall time, and this process's CPU time: on a machine other jobs share, the wall time of a step
 * waiting for a core says more about them than about us. On SQLite the CPU time is the whole cost (the
 * database runs in this process); on PostgreSQL the server's share is in the wall time only.
 */
export interface Timing {
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  cpuP50Ms: number;
  cpuP95Ms: number;
}

function timing(samples: { wall: number; cpu: number }[]): Timing {
  const r = (x: number) => Math.round(x * 100) / 100;
  const walls = samples.map((s) => s.wall).sort((a, b) => a - b);
  const cpus = samples.map((s) => s.cpu).sort((a, b) => a - b);
  return {
    runs: walls.length,
    p50Ms: r(percentile(walls, 50)),
    p95Ms: r(percentile(walls, 95)),
    maxMs: r(walls.at(-1) ?? 0),
    cpuP50Ms: r(percentile(cpus, 50)),
    cpuP95Ms: r(percentile(cpus, 95)),
  };
}

async function measure(body: () => Promise<unknown>) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await body();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}

async function timed(runs: number, budgetMs: number, body: () => Promise<unknown>): Promise<Timing> {
  const samples: { wall: number; cpu: number }[] = [];
  const end = performance.now() + budgetMs;
  for (let i = 0; i < runs && (i < 3 || performance.now() < end); i++) samples.push(await measure(body));
  return timing(samples);
}

/** The last whole calendar month (Shanghai) before `now`: the month a report would quote. */
export function lastMonth(now: number) {
  const today = todayInShanghai(now);
  const firstOfThis = `${today.slice(0, 7)}-01`;
  const lastOfPrevious = todayInShanghai(dayStart(firstOfThis) - 1);
  const from = `${lastOfPrevious.slice(0, 7)}-01`;
  return {
    from,
    to: lastOfPrevious,
    range: { from: dayStart(from), to: dayStart(lastOfPrevious) + 86_400_000 },
  };
}

export async function measureDirect(config: Config, manifest: Manifest) {
  const database = openDatabase(config, { error: () => {} });
  const events = createEventBus(database, { error: () => {} });
  const { db } = database;
  try {
    const community = manifest.communities[0]!;
    const month = lastMonth(manifest.now);
    const scope = staffScope(
      {
        accountId: 'bench',
        platformAdmin: false,
        grants: [
          {
            role: 'communityStaff',
            kind: 'community',
            id: community.id,
            communityId: community.id,
            streetId: manifest.streetId,
          },
        ],
      },
      'orders.read',
      manifest.streetId,
      community.id,
    );
    let ordersInMonth = 0;
    const figures = await timed(30, 20_000, async () => {
      ordersInMonth = (await communityFigures(db, community.id, scope, month.range)).total;
    });

    const { assembly } = manifest;
    const a = await mustAssembly(db, assembly.communityId, assembly.id);
    const matter = await db
      .selectFrom('assembly_matters')
      .selectAll()
      .where('community_id', '=', a.community_id)
      .where('id', '=', assembly.matterId)
      .executeTakeFirstOrThrow();
    const tally = await timed(5, 20_000, () => countMatter(db, matter));

    // Each ballot as the route appends it, then the turnout update it publishes, timed alone.
    const voters = await db
      .selectFrom('assembly_voters')
      .select(['id', 'voter_key'])
      .where('community_id', '=', a.community_id)
      .where('assembly_id', '=', a.id)
      .limit(500)
      .execute();
    const turnoutSamples: { wall: number; cpu: number }[] = [];
    const end = performance.now() + 20_000;
    for (let i = 0; i < 200 && (i < 3 || performance.now() < end); i++) {
      const voter = voters[i % voters.length]!;
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        const locked = await lockForBallot(trx, { database }, a, matter.id, now);
        await appendBallot(
          trx,
          locked,
          {
            voterId: voter.id,
            voterKey: voter.voter_key,
            choice: 'yes',
            channel: 'online',
            castBy: 'bench',
            idempotencyKey: randomBytes(12).toString('hex'),
          },
          now,
        );
      });
      turnoutSamples.push(await measure(() => publishTurnout({ db, events }, a, [matter.id])));
    }
    return {
      figuresCommunityMonth: { ...figures, month: `${month.from}…${month.to}`, orders: ordersInMonth },
      tally100k: { ...tally, rooms: assembly.rooms, ballots: matter.ballot_count },
      turnoutPerBallot: timing(turnoutSamples),
    };
  } finally {
    await events.close();
    await database.close();
  }
}
