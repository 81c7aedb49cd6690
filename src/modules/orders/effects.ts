import type { Kysely } from 'kysely';
import type { Deps } from '../../core/deps';
import type { DB, OrderEventsTable, OrdersTable } from '../../core/db/schema';
import { accountTopic, notify, type NotifyKind } from '../notifications';
import { escalationLadder, type OrderEvent } from './rules';
import { recordedOf, type Committed } from './store';

/**
 * What happens after a step has committed: live events for open pages (the console's dispatch board,
 * the members' boards, the resident's order page) and notifications for the people the step concerns.
 * Live events carry no personal data, only where the order sits and what happened to it.
 */

export const ordersTopic = (communityId: string) => `orders:${communityId}`;

/** The type of every live event about an order. */
export const orderEventType = 'order';

export function liveOrder(o: OrdersTable, e: Pick<OrderEventsTable, 'type' | 'from_state' | 'seq' | 'at'>) {
  return {
    id: o.id,
    communityId: o.community_id,
    event: e.type,
    fromState: e.from_state,
    state: o.state,
    seq: e.seq,
    at: e.at,
    categoryId: o.category_id,
    compoundId: o.compound_id,
    buildingId: o.building_id,
    gridId: o.grid_id,
    squadId: o.squad_id,
    assigneePersonId: o.assignee_person_id,
    escalatedTo: o.escalated_to,
    escalationLevel: o.escalation_level,
  };
}
export type LiveOrder = ReturnType<typeof liveOrder>;

type Db = Kysely<DB>;

const accountsOfPeople = async (db: Db, communityId: string, personIds: (string | null)[]) => {
  const ids = personIds.filter((p): p is string => !!p);
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('people')
    .select('account_id')
    .where('community_id', '=', communityId)
    .where('id', 'in', ids)
    .where('account_id', 'is not', null)
    .execute();
  return rows.map((r) => r.account_id!);
};

async function grantHolders(db: Db, communityId: string, roles: string[], kind: string, scopeIds: string[]) {
  if (!scopeIds.length) return [];
  const rows = await db
    .selectFrom('grants')
    .select('account_id')
    .where('community_id', '=', communityId)
    .where('role', 'in', roles)
    .where('scope_kind', '=', kind)
    .where('scope_id', 'in', scopeIds)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.account_id);
}

/** The squad's leaders: its 分队长 member and whoever holds the squad leader role on it. */
export async function leadersOf(db: Db, communityId: string, squadId: string | null): Promise<string[]> {
  if (!squadId) return [];
  const leaders = await db
    .selectFrom('squad_members')
    .select('person_id')
    .where('community_id', '=', communityId)
    .where('squad_id', '=', squadId)
    .where('role', '=', 'leader')
    .where('left_at', 'is', null)
    .execute();
  return [
    ...(await grantHolders(db, communityId, ['squadLeader'], 'squad', [squadId])),
    ...(await accountsOfPeople(
      db,
      communityId,
      leaders.map((l) => l.person_id),
    )),
  ];
}

/** Every current member of the squad who can be reached in the app. */
async function membersOf(db: Db, communityId: string, squadId: string | null): Promise<string[]> {
  if (!squadId) return [];
  const members = await db
    .selectFrom('squad_members')
    .select('person_id')
    .where('community_id', '=', communityId)
    .where('squad_id', '=', squadId)
    .where('left_at', 'is', null)
    .execute();
  return accountsOfPeople(
    db,
    communityId,
    members.map((m) => m.person_id),
  );
}

/** The order's grid workers: by grant on its grid (or its compound, with no grid) and by 网格员 post. */
async function gridWorkersOf(db: Db, o: OrdersTable): Promise<string[]> {
  const posted = o.grid_id
    ? await db
        .selectFrom('grid_workers')
        .select('person_id')
        .where('community_id', '=', o.community_id)
        .where('grid_id', '=', o.grid_id)
        .where('ended_at', 'is', null)
        .execute()
    : [];
  return [
    ...(o.grid_id
      ? await grantHolders(db, o.community_id, ['gridWorker'], 'grid', [o.grid_id])
      : await grantHolders(db, o.community_id, ['gridWorker'], 'compound', [o.compound_id])),
    ...(await accountsOfPeople(
      db,
      o.community_id,
      posted.map((p) => p.person_id),
    )),
  ];
}

const staffOf = (db: Db, communityId: string) =>
  grantHolders(db, communityId, ['communityStaff', 'communityAdmin'], 'community', [communityId]);

/**
 * Who an order at `level` of the ladder reaches (a new order at 1, an overdue one at its level):
 * that rung (squad leader, grid worker, community staff), or the next rung up when nobody holds it.
 */
export async function escalationRecipients(db: Db, o: OrdersTable, level: number): Promise<string[]> {
  for (const rung of escalationLadder.slice(level - 1)) {
    const found =
      rung === 'squad_leader'
        ? await leadersOf(db, o.community_id, o.squad_id)
        : rung === 'grid_worker'
          ? await gridWorkersOf(db, o)
          : await staffOf(db, o.community_id);
    if (found.length) return found;
  }
  return [];
}

/** A short, language-neutral reminder of what the order is about, for notification texts. */
const summaryOf = (o: OrdersTable) => {
  const chars = Array.from(o.description.trim().replace(/\s+/g, ' '));
  return chars.length > 20 ? chars.slice(0, 20).join('') + '…' : chars.join('');
};

const links = {
  resident: (o: OrdersTable) => `/orders/${o.id}`,
  member: (o: OrdersTable) => `/tasks/${o.id}`,
  staff: (o: OrdersTable) => `/console/orders/${o.id}`,
};

interface Notice {
  to: string[];
  kind: NotifyKind;
  link: string;
  params?: Record<string, string | number>;
}

async function noticesFor(
  db: Db,
  before: OrdersTable,
  after: OrdersTable,
  event: OrderEvent,
): Promise<Notice[]> {
  const cid = after.community_id;
  const requester = after.requester_account_id ? [after.requester_account_id] : [];
  const assignee = () => accountsOfPeople(db, cid, [after.assignee_person_id]);
  const memberName = async () =>
    after.assignee_person_id
      ? ((
          await db
            .selectFrom('people')
            .select('name')
            .where('community_id', '=', cid)
            .where('id', '=', after.assignee_person_id)
            .executeTakeFirst()
        )?.name ?? '')
      : '';
  const reason = 'reason' in event ? event.reason : '';
  switch (event.type) {
    case 'create':
      return [
        {
          // Whoever dispatches here first: the squad's leader, else the grid worker, else staff.
          to: await escalationRecipients(db, after, 1),
          kind: 'order_new',
          link: links.staff(after),
        },
      ];
    case 'publish':
      return [
        { to: await membersOf(db, cid, after.squad_id), kind: 'order_board', link: links.member(after) },
      ];
    case 'assign':
      return [{ to: await assignee(), kind: 'order_assigned', link: links.member(after) }];
    case 'grab':
    case 'accept':
      return [
        {
          to: requester,
          kind: 'order_accepted',
          link: links.resident(after),
          params: { member: await memberName() },
        },
      ];
    case 'decline':
      return [
        {
          to: await leadersOf(db, cid, after.squad_id),
          kind: 'order_declined',
          link: links.staff(after),
          params: { reason },
        },
      ];
    case 'transfer':
      return [
        {
          to: await leadersOf(db, cid, after.squad_id),
          kind: 'order_transferred',
          link: links.staff(after),
          params: { reason },
        },
        ...(event.toPersonId
          ? [{ to: await assignee(), kind: 'order_assigned' as const, link: links.member(after) }]
          : []),
      ];
    case 'resolve':
      return [{ to: requester, kind: 'order_resolved', link: links.resident(after) }];
    case 'reopen':
      return [
        {
          to: [
            ...(await leadersOf(db, cid, after.squad_id)),
            ...(await accountsOfPeople(db, cid, [before.assignee_person_id])),
          ],
          kind: 'order_reopened',
          link: links.staff(after),
          params: { reason },
        },
      ];
    case 'cancel':
      return [
        {
          to: await accountsOfPeople(db, cid, [before.assignee_person_id]),
          kind: 'order_cancelled',
          link: links.member(after),
        },
      ];
    case 'auto_close':
      return [
        {
          to: requester,
          kind: 'order_auto_closed',
          link: links.resident(after),
          params: { days: event.days },
        },
      ];
    case 'escalate':
      return [
        event.to === 'property'
          ? {
              to: await grantHolders(db, cid, ['property'], 'compound', [after.compound_id]),
              kind: 'order_escalated_property',
              link: links.staff(after),
              params: { reason },
            }
          : {
              to: await staffOf(db, cid),
              kind: 'order_escalated_community',
              link: links.staff(after),
              params: { reason },
            },
      ];
    case 'overdue':
      return [
        {
          to: await escalationRecipients(db, after, event.level),
          kind: event.clock === 'accept' ? 'order_overdue_accept' : 'order_overdue_resolve',
          link: links.staff(after),
        },
      ];
    case 'progress':
    case 'confirm':
    case 'return_visit':
      return [];
  }
}

/** The live events of a step that has committed: the community's boards and the requester's pages. */
async function publishLive(deps: Pick<Deps, 'events'>, step: Committed) {
  const { after, event } = step;
  const live = liveOrder(after, event);
  await deps.events.publish(ordersTopic(after.community_id), orderEventType, live);
  if (after.requester_account_id)
    await deps.events.publish(accountTopic(after.requester_account_id), orderEventType, live);
}

/** The notifications of a step, written through `db` (the step's own transaction, or not). */
async function noticesOf(deps: Pick<Deps, 'db' | 'config' | 'events'>, db: Db, step: Committed) {
  const { after, event } = step;
  const notices = await noticesFor(db, step.before ?? after, after, recordedOf(event).event);
  const common = { summary: summaryOf(after) };
  const sent = [];
  for (const n of notices)
    if (n.to.length)
      sent.push(
        await notify(
          deps,
          after.community_id,
          n.to,
          { kind: n.kind, link: n.link, params: { ...common, ...n.params } },
          db === deps.db ? {} : { trx: db },
        ),
      );
  return sent;
}

/** Tells open pages and the people concerned about a step that has committed. */
export async function announce(deps: Pick<Deps, 'db' | 'config' | 'events'>, step: Committed): Promise<void> {
  await publishLive(deps, step);
  await noticesOf(deps, deps.db, step);
}

/**
 * announce, with the notifications written in the step's own transaction, so that taking an order in
 * costs one commit, not two (issue #10: on SQLite every commit waits for the disk). Returns what to
 * publish once the transaction has committed.
 */
export async function announceWithin(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  trx: Db,
  step: Committed,
): Promise<() => Promise<void>> {
  const sent = await noticesOf(deps, trx, step);
  return async () => {
    await publishLive(deps, step);
    for (const n of sent) await n.publish();
  };
}
