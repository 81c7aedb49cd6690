import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Vault } from '../../core/crypto';
import type { DB } from '../../core/db/schema';
import { Nullable, StringEnum } from '../../core/http/schemas';
import { maskName, maskPhone } from '../../core/personal';
import {
  activeStates,
  clockKinds,
  escalationTargets,
  orderEventTypes,
  orderStates,
  overdueNow,
  urgencies,
  type EscalationTarget,
  type OrderEventType,
  type OrderState,
  type Urgency,
} from './rules';

/**
 * What callers see of an order, one flat shape for every list (so it exports as a sheet) and the
 * detail with its timeline. Personal data follows the viewer (DESIGN §7): the resident sees their
 * own; staff see the name and a masked phone; a member sees the name masked, and the room and the
 * phone only while the order is theirs to do (accepted or in progress by them).
 */

export const placeKinds = ['home', 'public'] as const;
export const channels = ['app', 'phone', 'walk_in', 'patrol'] as const;
const StateEnum = StringEnum(orderStates, {
  description:
    'submitted 待派单 | published 待抢单 | assigned 已指派 | accepted 已接单 | in_progress 处理中 | resolved 已办结 | ' +
    'reopened 已重开 | closed 已关闭 | auto_closed 自动关闭 | cancelled 已取消',
});

export const Order = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  state: StateEnum,
  categoryId: Type.String(),
  categoryCode: Type.String(),
  categoryNameZh: Type.String(),
  categoryNameEn: Type.String(),
  description: Type.String(),
  urgency: StringEnum(urgencies),
  homeHours: Nullable(Type.String({ description: 'when the resident is home, in their words' })),
  placeKind: StringEnum(placeKinds, {
    description: 'home: the household’s room | public: a place in the compound',
  }),
  placeText: Nullable(Type.String()),
  compoundId: Type.String(),
  compoundName: Type.String(),
  buildingId: Nullable(Type.String()),
  buildingName: Nullable(Type.String()),
  entranceName: Nullable(Type.String({ description: 'hidden from members until the order is theirs' })),
  roomNumber: Nullable(Type.String({ description: 'hidden from members until the order is theirs' })),
  householdId: Nullable(Type.String()),
  gridId: Nullable(Type.String()),
  squadId: Nullable(Type.String()),
  squadName: Nullable(Type.String()),
  assigneePersonId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  handledByMe: Type.Boolean({ description: 'the caller is the member handling it' }),
  contactName: Type.String({ description: 'masked for members' }),
  contactPhone: Nullable(
    Type.String({ description: 'masked for staff; for members only while the order is theirs' }),
  ),
  channel: StringEnum(channels, {
    description:
      'app: the resident ordered | phone, walk_in: 代客下单 | patrol: a patrol’s finding (巡逻发现)',
  }),
  escalatedTo: Nullable(StringEnum(escalationTargets)),
  escalationLevel: Type.Integer({ description: '0 none, 1 squad leader, 2 grid worker, 3 community staff' }),
  acceptDueAt: Type.Integer(),
  resolveDueAt: Type.Integer(),
  acceptOverdue: Type.Boolean(),
  resolveOverdue: Type.Boolean(),
  overdue: Type.Boolean({ description: 'overdue now, on either clock' }),
  acceptedAt: Nullable(Type.Integer({ description: 'first taken by a member' })),
  resolvedAt: Nullable(Type.Integer({ description: 'last resolved' })),
  closedAt: Nullable(Type.Integer()),
  minutesSpent: Type.Integer({ description: 'minutes the members logged resolving it' }),
  rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  ratingComment: Nullable(Type.String()),
  deliberationTopicId: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  version: Type.Integer({ description: 'the number of steps so far' }),
});

export const TimelineEntry = Type.Object({
  seq: Type.Integer(),
  type: StringEnum(orderEventTypes),
  fromState: Nullable(StateEnum),
  toState: StateEnum,
  at: Type.Integer(),
  actorRole: StringEnum(['resident', 'member', 'staff', 'system'] as const),
  actorName: Nullable(
    Type.String({
      description:
        'their person’s name in the community, else their account’s display name; masked when a member reads a resident’s step',
    }),
  ),
  reason: Nullable(Type.String()),
  note: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  comment: Nullable(Type.String()),
  minutesSpent: Nullable(Type.Integer()),
  fileIds: Type.Array(Type.String()),
  squadId: Nullable(Type.String()),
  squadName: Nullable(Type.String({ description: 'the squad published or assigned to' })),
  personId: Nullable(Type.String({ description: 'assigned, transferred to, or who took it from the board' })),
  personName: Nullable(Type.String({ description: 'that member’s name' })),
  escalatedTo: Nullable(StringEnum(escalationTargets)),
  clock: Nullable(StringEnum(clockKinds)),
  level: Nullable(Type.Integer()),
  satisfied: Nullable(Type.Boolean({ description: 'return visit: the resident was satisfied' })),
});

export const OrderDetail = Type.Object({
  ...Order.properties,
  photoIds: Type.Array(Type.String(), { description: 'files attached to the order: GET …/files/:id' }),
  timeline: Type.Array(TimelineEntry),
});

/** orders as o, bare: filter it, then name its rows with `named` (and count it without the joins). */
export const ordersFrom = (db: Kysely<DB>) => db.selectFrom('orders as o');

/** orders as o, with the names a person reads them by. */
export const orderRows = (db: Kysely<DB>) => named(ordersFrom(db));

/** Adds the names to a query over orders as o; the joins never add or drop an order. */
export function named(orders: ReturnType<typeof ordersFrom>) {
  return orders
    .innerJoin('order_categories as c', (j) =>
      j.onRef('c.community_id', '=', 'o.community_id').onRef('c.id', '=', 'o.category_id'),
    )
    .innerJoin('compounds as cp', (j) =>
      j.onRef('cp.community_id', '=', 'o.community_id').onRef('cp.id', '=', 'o.compound_id'),
    )
    .leftJoin('buildings as b', (j) =>
      j.onRef('b.community_id', '=', 'o.community_id').onRef('b.id', '=', 'o.building_id'),
    )
    .leftJoin('rooms as r', (j) =>
      j.onRef('r.community_id', '=', 'o.community_id').onRef('r.id', '=', 'o.room_id'),
    )
    .leftJoin('entrances as e', (j) =>
      j.onRef('e.community_id', '=', 'r.community_id').onRef('e.id', '=', 'r.entrance_id'),
    )
    .leftJoin('squads as s', (j) =>
      j.onRef('s.community_id', '=', 'o.community_id').onRef('s.id', '=', 'o.squad_id'),
    )
    .leftJoin('people as a', (j) =>
      j.onRef('a.community_id', '=', 'o.community_id').onRef('a.id', '=', 'o.assignee_person_id'),
    )
    .selectAll('o')
    .select([
      'c.code as category_code',
      'c.name_zh as category_name_zh',
      'c.name_en as category_name_en',
      'cp.name as compound_name',
      'b.name as building_name',
      'e.name as entrance_name',
      'r.number as room_number',
      's.name as squad_name',
      'a.name as assignee_name',
    ]);
}

export type OrderRow = Awaited<ReturnType<ReturnType<typeof orderRows>['executeTakeFirstOrThrow']>>;

/** Who is looking: the resident who ordered, staff in scope, or a member (by their people). */
export type Viewer =
  { kind: 'resident' } | { kind: 'staff' } | { kind: 'member'; personIds: readonly string[] };

export function orderView(o: OrderRow, viewer: Viewer, vault: Vault, now = Date.now()) {
  const handledByMe =
    viewer.kind === 'member' && !!o.assignee_person_id && viewer.personIds.includes(o.assignee_person_id);
  // A member gets the door and the number only for the job in hand.
  const onTheJob = handledByMe && activeStates.includes(o.state as OrderState);
  const seesDoor = viewer.kind !== 'member' || onTheJob;
  const phone = o.contact_phone_sealed ? vault.open(o.contact_phone_sealed) : null;
  const state = o.state as OrderState;
  const flags = {
    state,
    acceptOverdue: o.accept_overdue === 1,
    resolveOverdue: o.resolve_overdue === 1,
    acceptDueAt: o.accept_due_at,
    resolveDueAt: o.resolve_due_at,
  };
  return {
    id: o.id,
    communityId: o.community_id,
    state,
    categoryId: o.category_id,
    categoryCode: o.category_code,
    categoryNameZh: o.category_name_zh,
    categoryNameEn: o.category_name_en,
    description: o.description,
    urgency: o.urgency as Urgency,
    homeHours: o.home_hours,
    placeKind: o.place_kind as (typeof placeKinds)[number],
    placeText: o.place_text,
    compoundId: o.compound_id,
    compoundName: o.compound_name,
    buildingId: o.building_id,
    buildingName: o.building_name,
    entranceName: seesDoor ? o.entrance_name : null,
    roomNumber: seesDoor ? o.room_number : null,
    householdId: viewer.kind === 'member' ? null : o.household_id,
    gridId: o.grid_id,
    squadId: o.squad_id,
    squadName: o.squad_name,
    assigneePersonId: o.assignee_person_id,
    assigneeName: o.assignee_name,
    handledByMe,
    contactName: viewer.kind === 'member' ? maskName(o.contact_name) : o.contact_name,
    contactPhone:
      viewer.kind === 'resident' || onTheJob ? phone : viewer.kind === 'staff' ? maskPhone(phone) : null,
    channel: o.channel as (typeof channels)[number],
    escalatedTo: o.escalated_to as EscalationTarget | null,
    escalationLevel: o.escalation_level,
    acceptDueAt: o.accept_due_at,
    resolveDueAt: o.resolve_due_at,
    acceptOverdue: flags.acceptOverdue,
    resolveOverdue: flags.resolveOverdue,
    overdue: overdueNow(flags, now),
    acceptedAt: o.accepted_at,
    resolvedAt: o.resolved_at,
    closedAt: o.closed_at,
    minutesSpent: o.minutes_spent,
    rating: o.rating,
    ratingComment: o.rating_comment,
    deliberationTopicId: o.deliberation_topic_id,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    version: o.version,
  };
}

/** The order's steps, oldest first, with who took each and whom or which squad they name. */
export async function timelineOf(db: Kysely<DB>, communityId: string, orderId: string, viewer: Viewer) {
  const rows = await db
    .selectFrom('order_events')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('order_id', '=', orderId)
    .orderBy('seq')
    .execute();
  const steps = rows.map((e) => ({ e, data: JSON.parse(e.data_json) as Record<string, unknown> }));
  const str = (data: Record<string, unknown>, key: string) =>
    typeof data[key] === 'string' ? (data[key] as string) : null;
  const int = (data: Record<string, unknown>, key: string) =>
    typeof data[key] === 'number' ? (data[key] as number) : null;
  const named = (data: Record<string, unknown>) => str(data, 'personId') ?? str(data, 'toPersonId');
  const names = await namesIn(db, communityId, {
    personIds: steps.flatMap(({ e, data }) => [e.actor_person_id, named(data)]),
    accountIds: steps.map(({ e }) => (e.actor_person_id ? null : e.actor_account_id)),
    squadIds: steps.map(({ data }) => str(data, 'squadId')),
  });
  return steps.map(({ e, data }) => {
    const name = e.actor_person_id
      ? (names.people.get(e.actor_person_id) ?? null)
      : e.actor_account_id
        ? (names.accounts.get(e.actor_account_id) ?? null)
        : null;
    const personId = named(data);
    const squadId = str(data, 'squadId');
    return {
      seq: e.seq,
      type: e.type as OrderEventType,
      fromState: e.from_state as OrderState | null,
      toState: e.to_state as OrderState,
      at: e.at,
      actorRole: e.actor_role as 'resident' | 'member' | 'staff' | 'system',
      actorName: name && viewer.kind === 'member' && e.actor_role === 'resident' ? maskName(name) : name,
      reason: e.reason,
      note: str(data, 'note'),
      rating: int(data, 'rating'),
      comment: str(data, 'comment'),
      minutesSpent: int(data, 'minutesSpent'),
      fileIds: Array.isArray(data.fileIds) ? (data.fileIds as string[]) : [],
      squadId,
      squadName: squadId ? (names.squads.get(squadId) ?? null) : null,
      personId,
      personName: personId ? (names.people.get(personId) ?? null) : null,
      escalatedTo: e.type === 'escalate' ? (str(data, 'to') as EscalationTarget | null) : null,
      clock: str(data, 'clock') as 'accept' | 'resolve' | null,
      level: int(data, 'level'),
      satisfied: typeof data.satisfied === 'boolean' ? data.satisfied : null,
    };
  });
}

const present = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => !!id))];

/**
 * The names a timeline shows, in one query per kind: people by id (the members named, and members
 * acting), and accounts acting without a person on the step (staff, the resident) by the person
 * linked to the account in this community, else by the account's display name.
 */
async function namesIn(
  db: Kysely<DB>,
  communityId: string,
  refs: { personIds: (string | null)[]; accountIds: (string | null)[]; squadIds: (string | null)[] },
) {
  const personIds = present(refs.personIds);
  const accountIds = present(refs.accountIds);
  const squadIds = present(refs.squadIds);
  const [people, linked, accounts, squads] = await Promise.all([
    personIds.length
      ? db
          .selectFrom('people')
          .select(['id', 'name'])
          .where('community_id', '=', communityId)
          .where('id', 'in', personIds)
          .execute()
      : [],
    accountIds.length
      ? db
          .selectFrom('people')
          .select(['account_id', 'name'])
          .where('community_id', '=', communityId)
          .where('account_id', 'in', accountIds)
          .where('archived_at', 'is', null)
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      : [],
    accountIds.length
      ? db.selectFrom('accounts').select(['id', 'display_name']).where('id', 'in', accountIds).execute()
      : [],
    squadIds.length
      ? db
          .selectFrom('squads')
          .select(['id', 'name'])
          .where('community_id', '=', communityId)
          .where('id', 'in', squadIds)
          .execute()
      : [],
  ]);
  const byAccount = new Map(accounts.map((a) => [a.id, a.display_name]));
  // The oldest person of an account wins, should a community ever hold two.
  for (const p of [...linked].reverse()) byAccount.set(p.account_id!, p.name);
  return {
    people: new Map(people.map((p) => [p.id, p.name])),
    accounts: byAccount,
    squads: new Map(squads.map((s) => [s.id, s.name])),
  };
}

/** Files attached to the order (the resident's photos, the members' photos of the work). */
export async function photoIdsOf(db: Kysely<DB>, communityId: string, orderId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('files')
    .select('id')
    .where('community_id', '=', communityId)
    .where('attached_type', '=', 'order')
    .where('attached_id', '=', orderId)
    .where('removed_at', 'is', null)
    .orderBy('attached_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function orderDetail(db: Kysely<DB>, vault: Vault, o: OrderRow, viewer: Viewer) {
  const [timeline, photoIds] = await Promise.all([
    timelineOf(db, o.community_id, o.id, viewer),
    photoIdsOf(db, o.community_id, o.id),
  ]);
  return { ...orderView(o, viewer, vault), photoIds, timeline };
}
