import type { Kysely } from 'kysely';
import type { Locale } from '../../core/config';
import type { DB, OrderEventsTable, OrdersTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { attachFiles } from '../../core/files';
import {
  applyOrderEvent,
  finalStates,
  openForMember,
  orderClocks,
  type CategoryClocks,
  type EscalationTarget,
  type OrderActor,
  type OrderEvent,
  type OrderSnapshot,
  type OrderState,
  type OrderStep,
  type RecordedEvent,
  type Urgency,
} from './rules';
import { stateWord, stepWord } from './words';
import { isUniqueViolation } from '../../core/db/constraints';
import { creditOrder } from '../volunteers/ledger';

/**
 * Orders in the database. Every change is one event through the pure machine, inside a transaction:
 * the event row is appended, and the order row's state, clocks and figures are recomputed from the
 * whole timeline. Writers race on the order's version, so two members grabbing at once cannot both win.
 */

export const snapshotOf = (o: OrdersTable): OrderSnapshot => ({
  state: o.state as OrderState,
  squadId: o.squad_id,
  assigneeId: o.assignee_person_id,
  escalatedTo: o.escalated_to as EscalationTarget | null,
});

export const recordedOf = (
  e: Pick<OrderEventsTable, 'seq' | 'at' | 'type' | 'data_json'>,
): RecordedEvent => ({
  seq: e.seq,
  at: e.at,
  event: { ...(JSON.parse(e.data_json) as object), type: e.type } as OrderEvent,
});

/** What an order_events row keeps of an event besides its type (data_json), and its reason column. */
export function eventData(event: OrderEvent): string {
  const { type: _type, ...data } = event;
  return JSON.stringify(data);
}

export const reasonOf = (event: OrderEvent): string | null => ('reason' in event ? event.reason : null);

/** The order-row columns that follow from its timeline, its category's clocks and the time. */
export function derivedColumns(
  events: readonly RecordedEvent[],
  order: OrderSnapshot,
  clocks: CategoryClocks,
  now: number,
) {
  const c = orderClocks(events, clocks, now);
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const confirm = sorted.findLast((e) => e.event.type === 'confirm')?.event;
  const closing = finalStates.includes(order.state) ? sorted.at(-1) : undefined;
  return {
    state: order.state,
    squad_id: order.squadId,
    assignee_person_id: order.assigneeId,
    escalated_to: order.escalatedTo,
    escalation_level: c.level,
    accept_due_at: c.acceptDueAt,
    resolve_due_at: c.resolveDueAt,
    accept_overdue: c.acceptOverdue ? (1 as const) : (0 as const),
    resolve_overdue: c.resolveOverdue ? (1 as const) : (0 as const),
    accepted_at: c.firstAcceptedAt,
    resolved_at: c.lastResolvedAt,
    closed_at: closing?.at ?? null,
    minutes_spent: c.minutesSpent,
    rating: confirm?.type === 'confirm' ? confirm.rating : null,
    rating_comment: confirm?.type === 'confirm' ? confirm.comment : null,
  };
}

/** A refused step as the error its caller sees, in their language. */
export function refusal(
  step: Extract<OrderStep, { ok: false }>,
  event: OrderEvent,
  locale: Locale,
): AppError {
  const details = { state: step.state, step: event.type };
  switch (step.error) {
    case 'wrong_state':
      if (
        event.type === 'grab' &&
        (step.state === 'accepted' || step.state === 'in_progress' || step.state === 'assigned')
      )
        return new AppError(409, 'order_taken', {}, details);
      return new AppError(
        409,
        'order_wrong_state',
        { state: stateWord(step.state, locale), step: stepWord(event.type, locale) },
        details,
      );
    case 'wrong_role':
      return new AppError(403, 'forbidden');
    case 'not_assignee':
      return new AppError(403, 'order_not_assignee');
    case 'not_in_squad':
      return new AppError(403, 'order_not_in_squad');
    case 'invalid':
      return new AppError(400, 'order_step_invalid', { step: stepWord(event.type, locale) }, details);
  }
}

export async function categoryClocks(
  db: Kysely<DB>,
  communityId: string,
  categoryId: string,
): Promise<CategoryClocks> {
  const c = await db
    .selectFrom('order_categories')
    .select(['accept_minutes', 'resolve_minutes'])
    .where('community_id', '=', communityId)
    .where('id', '=', categoryId)
    .executeTakeFirstOrThrow();
  return { acceptMinutes: c.accept_minutes, resolveMinutes: c.resolve_minutes };
}

export interface Commit {
  communityId: string;
  orderId: string;
  actor: OrderActor;
  /** The account acting; null for the clocks job. */
  accountId: string | null;
  /** The step, or how to make it from the order as it stands inside the transaction. */
  event: OrderEvent | ((order: OrdersTable) => OrderEvent | Promise<OrderEvent>);
  /** Checks that need the transaction (a member's cap), run once the step is known to be legal. */
  guard?: (trx: Kysely<DB>, order: OrdersTable) => Promise<void>;
  /** Serialises this person's steps (their grabs), so a cap cannot be overrun by two at once. */
  lockPerson?: string;
  /** Only if the order is still at this version: for a step decided on what the order was then. */
  ifVersion?: number;
  /** Uploads to attach to the order with this step (photos of the work). */
  fileIds?: readonly string[];
  locale: Locale;
  now?: number;
}

export interface Committed {
  /** null for the step that made the order. */
  before: OrdersTable | null;
  after: OrdersTable;
  event: OrderEventsTable;
}

/** Applies one step to an order, or throws the reason it cannot be taken. */
export async function commitEvent(db: Kysely<DB>, c: Commit): Promise<Committed> {
  const now = c.now ?? Date.now();
  return db.transaction().execute(async (trx) => {
    if (c.lockPerson)
      await trx
        .updateTable('people')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('community_id', '=', c.communityId)
        .where('id', '=', c.lockPerson)
        .execute();
    const before = await trx
      .selectFrom('orders')
      .selectAll()
      .where('community_id', '=', c.communityId)
      .where('id', '=', c.orderId)
      .executeTakeFirst();
    if (!before) throw new AppError(404, 'not_found');
    if (c.ifVersion !== undefined && before.version !== c.ifVersion) throw new AppError(409, 'order_changed');
    const event = typeof c.event === 'function' ? await c.event(before) : c.event;
    const step = applyOrderEvent(snapshotOf(before), event, c.actor);
    if (!step.ok) throw refusal(step, event, c.locale);
    await c.guard?.(trx, before);

    const history = await trx
      .selectFrom('order_events')
      .select(['seq', 'at', 'type', 'data_json'])
      .where('community_id', '=', c.communityId)
      .where('order_id', '=', c.orderId)
      .execute();
    const seq = before.version + 1;
    const events = [...history.map(recordedOf), { seq, at: now, event }];
    const clocks = await categoryClocks(trx, c.communityId, before.category_id);
    const updated = await trx
      .updateTable('orders')
      .set({ ...derivedColumns(events, step.next, clocks, now), version: seq, updated_at: now })
      .where('community_id', '=', c.communityId)
      .where('id', '=', c.orderId)
      .where('version', '=', before.version)
      .executeTakeFirst();
    // Someone else's step landed first (on PostgreSQL the loser waits, then finds the version moved on).
    if (Number(updated.numUpdatedRows) !== 1)
      throw new AppError(409, event.type === 'grab' ? 'order_taken' : 'order_changed');
    const row: OrderEventsTable = {
      community_id: c.communityId,
      id: newId(),
      order_id: c.orderId,
      seq,
      type: event.type,
      from_state: before.state,
      to_state: step.next.state,
      actor_account_id: c.accountId,
      actor_role: c.actor.role,
      actor_person_id: c.actor.personId ?? null,
      reason: reasonOf(event),
      data_json: eventData(event),
      at: now,
    };
    await trx.insertInto('order_events').values(row).execute();
    if (c.fileIds?.length && c.accountId)
      await attachFiles(trx, c.communityId, [...c.fileIds], { type: 'order', id: c.orderId }, c.accountId, {
        imagesOnly: true,
      });
    const after = await trx
      .selectFrom('orders')
      .selectAll()
      .where('community_id', '=', c.communityId)
      .where('id', '=', c.orderId)
      .executeTakeFirstOrThrow();
    await creditOrder(trx, before, after);
    return { before, after, event: row };
  });
}

export interface NewOrder {
  communityId: string;
  categoryId: string;
  clocks: CategoryClocks;
  description: string;
  urgency: Urgency;
  homeHours: string | null;
  placeKind: 'home' | 'public';
  placeText: string | null;
  compoundId: string;
  buildingId: string | null;
  roomId: string | null;
  householdId: string | null;
  gridId: string | null;
  /** The squad it is routed to for dispatch (分队下单), when one works there. */
  squadId: string | null;
  requesterAccountId: string | null;
  requesterPersonId: string | null;
  contactName: string;
  contactPhoneSealed: string | null;
  channel: 'app' | 'phone' | 'walk_in' | 'patrol';
  createdBy: string;
  idempotencyKey: string | null;
  fileIds: readonly string[];
  actor: OrderActor;
}

async function byKey(db: Kysely<DB>, communityId: string, createdBy: string, key: string) {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('created_by', '=', createdBy)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/**
 * Makes an order, once: a retry with the same idempotency key (a flaky phone submitting again) finds
 * the order the first attempt made, even when the two arrive at the same moment. `created` is the
 * first step to announce, or null when an earlier attempt made the order.
 */
export async function createOrder(
  db: Kysely<DB>,
  input: NewOrder,
  locale: Locale,
  now = Date.now(),
  /** Work for the order's own transaction once it is written (its notifications): returns what to do after commit. */
  within?: (trx: Kysely<DB>, created: Committed) => Promise<() => Promise<void>>,
): Promise<{ order: OrdersTable; created: Committed | null; afterCommit?: () => Promise<void> }> {
  const key = input.idempotencyKey;
  const earlier = key ? await byKey(db, input.communityId, input.createdBy, key) : undefined;
  if (earlier) return { order: earlier, created: null };
  const event: OrderEvent = { type: 'create', squadId: input.squadId, urgency: input.urgency };
  const step = applyOrderEvent(null, event, input.actor);
  if (!step.ok) throw refusal(step, event, locale);
  const id = newId();
  const order: OrdersTable = {
    community_id: input.communityId,
    id,
    category_id: input.categoryId,
    description: input.description,
    urgency: input.urgency,
    home_hours: input.homeHours,
    place_kind: input.placeKind,
    place_text: input.placeText,
    compound_id: input.compoundId,
    building_id: input.buildingId,
    room_id: input.roomId,
    household_id: input.householdId,
    grid_id: input.gridId,
    requester_account_id: input.requesterAccountId,
    requester_person_id: input.requesterPersonId,
    contact_name: input.contactName,
    contact_phone_sealed: input.contactPhoneSealed,
    channel: input.channel,
    created_by: input.createdBy,
    idempotency_key: key,
    ...derivedColumns([{ seq: 1, at: now, event }], step.next, input.clocks, now),
    deliberation_topic_id: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  const eventRow: OrderEventsTable = {
    community_id: input.communityId,
    id: newId(),
    order_id: id,
    seq: 1,
    type: 'create',
    from_state: null,
    to_state: step.next.state,
    actor_account_id: input.createdBy,
    actor_role: input.actor.role,
    actor_person_id: input.actor.personId ?? null,
    reason: null,
    data_json: eventData(event),
    at: now,
  };
  const created: Committed = { before: null, after: order, event: eventRow };
  let afterCommit: (() => Promise<void>) | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('orders').values(order).execute();
      await trx.insertInto('order_events').values(eventRow).execute();
      if (input.fileIds.length)
        await attachFiles(
          trx,
          input.communityId,
          [...input.fileIds],
          { type: 'order', id },
          input.createdBy,
          {
            imagesOnly: true,
          },
        );
      if (within) afterCommit = await within(trx, created);
    });
  } catch (err) {
    if (key && isUniqueViolation(err)) {
      const twin = await byKey(db, input.communityId, input.createdBy, key);
      if (twin) return { order: twin, created: null };
    }
    throw err;
  }
  return { order, created, ...(afterCommit ? { afterCommit } : {}) };
}

/** Orders a member holds open now (assigned, accepted, in progress): what the cap counts. */
export async function openOrdersOf(db: Kysely<DB>, communityId: string, personId: string): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId)
    .where('assignee_person_id', '=', personId)
    .where('state', 'in', [...openForMember])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The person's current place in the squad, if they have one. */
export async function squadMembership(
  db: Kysely<DB>,
  communityId: string,
  squadId: string,
  personId: string,
) {
  return db
    .selectFrom('squad_members')
    .select(['id', 'role'])
    .where('community_id', '=', communityId)
    .where('squad_id', '=', squadId)
    .where('person_id', '=', personId)
    .where('left_at', 'is', null)
    .executeTakeFirst();
}
