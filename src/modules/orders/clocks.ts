import type { Deps } from '../../core/deps';
import { AppError } from '../../core/errors';
import type { Job } from '../../core/jobs';
import { announce } from './effects';
import {
  autoCloseDue,
  clockKinds,
  defaultAutoCloseDays,
  orderClocks,
  unresolvedStates,
  waitingStates,
  type OrderEvent,
} from './rules';
import { categoryClocks, commitEvent, recordedOf } from './store';

/**
 * The clocks job: marks orders whose acceptance or resolution runs late, one escalation level at a
 * time (squad leader, then grid worker, then community staff), telling each level once; and closes
 * resolved orders nobody confirmed within the community's days. Every mark is an event on the order,
 * written only if the order has not moved meanwhile, so two servers running it at once do it once.
 */

type Candidate = { community_id: string; id: string; version?: number };

/**
 * One step by the job, decided on the order as it was at `o.version`; an order that moved on
 * meanwhile (another server did it, a member acted) is left alone. Returns the order's new version.
 */
async function stepIfStill(deps: Deps, o: Candidate, event: OrderEvent, now: number): Promise<number | null> {
  try {
    const done = await commitEvent(deps.db, {
      communityId: o.community_id,
      orderId: o.id,
      actor: { role: 'system' },
      accountId: null,
      event,
      ifVersion: o.version,
      locale: deps.config.defaultLocale,
      now,
    });
    await announce(deps, done);
    return done.after.version;
  } catch (err) {
    if (err instanceof AppError && err.status === 409) return null;
    throw err;
  }
}

async function closeUnconfirmed(deps: Deps, now: number) {
  const resolved = await deps.db
    .selectFrom('orders as o')
    .leftJoin('order_settings as s', 's.community_id', 'o.community_id')
    .select(['o.community_id', 'o.id', 'o.resolved_at', 's.auto_close_days'])
    .where('o.state', '=', 'resolved')
    .execute();
  for (const o of resolved) {
    const days = o.auto_close_days ?? defaultAutoCloseDays;
    if (autoCloseDue('resolved', o.resolved_at, days, now))
      await stepIfStill(deps, o, { type: 'auto_close', days }, now);
  }
}

async function markOverdue(deps: Deps, now: number) {
  const { db } = deps;
  const late = await db
    .selectFrom('orders')
    .select(['community_id', 'id', 'category_id'])
    .where('state', 'in', [...unresolvedStates])
    .where((eb) =>
      eb.or([
        eb.and([eb('state', 'in', [...waitingStates]), eb('accept_due_at', '<', now)]),
        eb('resolve_due_at', '<', now),
      ]),
    )
    .execute();
  for (const o of late) {
    const events = await db
      .selectFrom('order_events')
      .select(['seq', 'at', 'type', 'data_json'])
      .where('community_id', '=', o.community_id)
      .where('order_id', '=', o.id)
      .execute();
    // Decided on the events as read now: a run that got there first has moved the version on.
    let version: number | null = Math.max(0, ...events.map((e) => e.seq));
    const clocks = orderClocks(
      events.map(recordedOf),
      await categoryClocks(db, o.community_id, o.category_id),
      now,
    );
    for (const clock of clockKinds) {
      const level = clock === 'accept' ? clocks.acceptLevel : clocks.resolveLevel;
      const marked = clock === 'accept' ? clocks.markedAcceptLevel : clocks.markedResolveLevel;
      if (version != null && level > marked)
        version = await stepIfStill(
          deps,
          { ...o, version },
          { type: 'overdue', clock, level: level as 1 | 2 | 3 },
          now,
        );
    }
  }
}

export const orderClocksJob: Job = {
  name: 'orders.clocks',
  everyMs: 60_000,
  async run(deps, now) {
    await closeUnconfirmed(deps, now);
    await markOverdue(deps, now);
  },
};
