import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, principalOf, requireCan } from '../../core/http/access';
import {
  CommunityParams,
  DateOnly,
  Id,
  ListQuery,
  Nullable,
  Page,
  StringEnum,
  Text,
} from '../../core/http/schemas';
import { streamEvents } from '../../core/http/sse';
import { normalizePhone } from '../../core/personal';
import { announce, announceWithin, orderEventType, ordersTopic, type LiveOrder } from './effects';
import {
  activeSquads,
  describeOrder,
  idempotencyKeyOf,
  OrderBasics,
  phoneOrThrow,
  requireCategory,
  resolvePlace,
} from './intake';
import { Escalation, Rating, Reason, ReturnVisit } from './bodies';
import { dayStart, whereOverdue } from './query';
import { squadMembersOf } from './people';
import { rankMembers, rankSquads } from './proposal';
import { escalationTargets, finalStates, orderStates } from './rules';
import { orderSettings } from './settings';
import { commitEvent, createOrder, squadMembership, type Commit } from './store';
import {
  named,
  Order,
  OrderDetail,
  orderDetail,
  orderRows,
  ordersFrom,
  orderView,
  type OrderRow,
} from './views';
import { scopeOf, staffScope, staffSees, whereStaffSees, type OrderScope } from './visibility';

/**
 * The console's side of orders: the dispatch board and its filters, 代客下单 for people who phone or
 * walk in, dispatch (proposal, 指派, publishing to a squad's board), escalation, cancelling, return
 * visits (回访), and the live stream of the board.
 */

const OrderParams = Type.Object({ communityId: Id, orderId: Id });

const targetOf = (o: OrderScope) => ({
  compoundId: o.compoundId,
  buildingId: o.buildingId,
  gridId: o.gridId,
  squadId: o.squadId,
});

/** The orders the caller may read in this request's community. */
function readScope(req: FastifyRequest) {
  const c = communityOf(req);
  return staffScope(principalOf(req), 'orders.read', c.streetId, c.id);
}

const Proposal = Type.Object({
  squadId: Nullable(Type.String({ description: 'the squad whose members are listed' })),
  squads: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      type: Type.String(),
      reach: StringEnum(['grid', 'compound', 'community'] as const),
      typeMatches: Type.Boolean(),
    }),
  ),
  members: Type.Array(
    Type.Object({
      personId: Type.String(),
      name: Type.String(),
      role: Type.String(),
      skills: Type.Array(Type.String()),
      matchingSkills: Type.Array(Type.String()),
      openOrders: Type.Integer(),
      atCap: Type.Boolean(),
      hasAccount: Type.Boolean(),
    }),
  ),
  openCap: Type.Integer(),
});

export const consoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;

  async function load(req: FastifyRequest, orderId: string): Promise<OrderRow> {
    const row = await orderRows(db)
      .where('o.community_id', '=', communityOf(req).id)
      .where('o.id', '=', orderId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    if (!staffSees(readScope(req), scopeOf(row))) throw new AppError(403, 'forbidden');
    return row;
  }

  async function detail(req: FastifyRequest, orderId: string) {
    return orderDetail(db, vault, await load(req, orderId), { kind: 'staff' });
  }

  /** One dispatcher's step on an order in their scope. */
  async function dispatch(req: FastifyRequest, orderId: string, event: Commit['event']) {
    const row = await load(req, orderId);
    requireCan(req, 'orders.dispatch', targetOf(scopeOf(row)));
    const done = await commitEvent(db, {
      communityId: row.community_id,
      orderId: row.id,
      actor: { role: 'staff' },
      accountId: req.account!.id,
      event,
      locale: req.locale,
    });
    await announce(app.deps, done);
    return detail(req, orderId);
  }

  /** A squad still serving in this community, which the caller may dispatch to. */
  async function targetSquad(req: FastifyRequest, squadId: string | null | undefined) {
    if (!squadId) throw fieldError(400, 'order_no_squad', 'squadId');
    const squad = await db
      .selectFrom('squads')
      .selectAll()
      .where('community_id', '=', communityOf(req).id)
      .where('id', '=', squadId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!squad) throw fieldError(400, 'bad_reference', 'squadId', { what: 'squadId' });
    requireCan(req, 'orders.dispatch', {
      squadId: squad.id,
      compoundId: squad.compound_id,
      gridId: squad.grid_id,
    });
    return squad;
  }

  app.get(
    '/communities/:communityId/orders',
    {
      config: { access: access.community('orders.read') },
      schema: {
        tags: ['orders'],
        summary: 'Orders in the caller’s scope (the dispatch board), newest first; exportable',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(orderStates)),
          open: Type.Optional(Type.Boolean({ description: 'true: not yet closed or cancelled' })),
          categoryId: Type.Optional(Id),
          compoundId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          gridId: Type.Optional(Id),
          squadId: Type.Optional(Id),
          overdue: Type.Optional(Type.Boolean()),
          escalated: Type.Optional(Type.Boolean()),
          escalatedTo: Type.Optional(StringEnum(escalationTargets)),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
        }),
        response: { 200: Page(Order) },
      },
    },
    async (req) => {
      const scope = readScope(req);
      const f = req.query;
      const now = Date.now();
      let query = ordersFrom(db)
        .where('o.community_id', '=', communityOf(req).id)
        .where((eb) => whereStaffSees(eb, scope));
      if (f.state) query = query.where('o.state', '=', f.state);
      if (f.open !== undefined) query = query.where('o.state', f.open ? 'not in' : 'in', [...finalStates]);
      if (f.categoryId) query = query.where('o.category_id', '=', f.categoryId);
      if (f.compoundId) query = query.where('o.compound_id', '=', f.compoundId);
      if (f.buildingId) query = query.where('o.building_id', '=', f.buildingId);
      if (f.gridId) query = query.where('o.grid_id', '=', f.gridId);
      if (f.squadId) query = query.where('o.squad_id', '=', f.squadId);
      if (f.overdue !== undefined)
        query = query.where((eb) => (f.overdue ? whereOverdue(eb, now) : eb.not(whereOverdue(eb, now))));
      if (f.escalated !== undefined)
        query = query.where('o.escalated_to', f.escalated ? 'is not' : 'is', null);
      if (f.escalatedTo) query = query.where('o.escalated_to', '=', f.escalatedTo);
      if (f.from) query = query.where('o.created_at', '>=', dayStart(f.from));
      if (f.to) query = query.where('o.created_at', '<', dayStart(f.to) + 86_400_000);
      if (f.q)
        query = query.where((eb) =>
          eb.or([contains('o.description', f.q!), contains('o.contact_name', f.q!)]),
        );
      const page = await paginate(
        named(query)
          .orderBy('o.created_at', f.order ?? 'desc')
          .orderBy('o.id'),
        req.query,
        query,
      );
      return { ...page, items: page.items.map((o) => orderView(o, { kind: 'staff' }, vault, now)) };
    },
  );

  app.get(
    '/communities/:communityId/orders/:orderId',
    {
      config: { access: access.community('orders.read') },
      schema: {
        tags: ['orders'],
        summary: 'One order with its photos and timeline (phone masked)',
        params: OrderParams,
        response: { 200: OrderDetail },
      },
    },
    async (req) => detail(req, req.params.orderId),
  );

  app.post(
    '/communities/:communityId/orders',
    {
      config: { access: access.community('orders.create') },
      schema: {
        tags: ['orders'],
        summary: 'Order on behalf of a resident who phoned or walked in (代客下单)',
        description:
          'Name the household (and the member who called, whose app account can then follow the order), ' +
          'or a caller with no household on file by name and phone with the compound. ' +
          'A retry with the same Idempotency-Key header (or idempotencyKey) returns the first order with 200.',
        params: CommunityParams,
        body: Type.Object(
          {
            ...OrderBasics,
            channel: StringEnum(['phone', 'walk_in'] as const),
            householdId: Type.Optional(Id),
            personId: Type.Optional(Id),
            compoundId: Type.Optional(Id),
            callerName: Type.Optional(Text(40)),
            callerPhone: Type.Optional(Text(20)),
          },
          { additionalProperties: false },
        ),
        response: { 200: OrderDetail, 201: OrderDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const key = idempotencyKeyOf(req, b.idempotencyKey);
      const household = b.householdId
        ? await db
            .selectFrom('households')
            .select(['id', 'compound_id', 'building_id', 'room_id'])
            .where('community_id', '=', communityId)
            .where('id', '=', b.householdId)
            .where('closed_at', 'is', null)
            .executeTakeFirst()
        : null;
      if (b.householdId && !household)
        throw fieldError(400, 'bad_reference', 'householdId', { what: 'householdId' });
      const caller = b.personId && household ? await residentOf(household.id, b.personId) : null;
      if (b.personId && !caller) throw fieldError(400, 'order_caller_not_in_household', 'personId');
      const contactName = b.callerName?.trim() || caller?.name;
      const phone = b.callerPhone ? phoneOrThrow(normalizePhone(b.callerPhone), 'callerPhone') : null;
      const phoneSealed = phone ? vault.seal(phone) : (caller?.phone_sealed ?? null);
      if (!contactName || (!household && !phoneSealed))
        throw fieldError(400, 'order_caller_required', 'callerName');
      const place = await resolvePlace(
        db,
        communityId,
        household
          ? {
              householdId: household.id,
              compoundId: household.compound_id,
              buildingId: household.building_id,
              roomId: household.room_id,
            }
          : null,
        b.compoundId ?? null,
        b,
      );
      requireCan(req, 'orders.create', {
        compoundId: place.compound_id,
        buildingId: place.building_id,
        gridId: place.grid_id,
      });
      const category = await requireCategory(db, communityId, b.categoryId);
      const { order, created, afterCommit } = await createOrder(
        db,
        {
          ...(await describeOrder(db, communityId, category, place, b)),
          requesterAccountId: caller?.account_id ?? null,
          requesterPersonId: caller?.id ?? null,
          contactName,
          contactPhoneSealed: phoneSealed,
          channel: b.channel,
          createdBy: req.account!.id,
          idempotencyKey: key,
          actor: { role: 'staff' },
        },
        req.locale,
        undefined,
        (trx, step) => announceWithin(app.deps, trx, step),
      );
      await afterCommit?.();
      return reply.status(created ? 201 : 200).send(await detail(req, order.id));
    },
  );

  /** A current resident of the household, with what the order needs of them. */
  async function residentOf(householdId: string, personId: string) {
    return db
      .selectFrom('residencies as res')
      .innerJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'res.community_id').onRef('p.id', '=', 'res.person_id'),
      )
      .select(['p.id', 'p.name', 'p.phone_sealed', 'p.account_id'])
      .where('res.household_id', '=', householdId)
      .where('res.person_id', '=', personId)
      .where('res.until', 'is', null)
      .where('p.archived_at', 'is', null)
      .executeTakeFirst();
  }

  app.get(
    '/communities/:communityId/orders/:orderId/proposal',
    {
      config: { access: access.community('orders.dispatch') },
      schema: {
        tags: ['orders'],
        summary: 'Squads and members proposed for an order (派单建议): by place, squad type, skills and load',
        params: OrderParams,
        querystring: Type.Object({ squadId: Type.Optional(Id) }),
        response: { 200: Proposal },
      },
    },
    async (req) => {
      const row = await load(req, req.params.orderId);
      requireCan(req, 'orders.dispatch', targetOf(scopeOf(row)));
      const category = await db
        .selectFrom('order_categories')
        .selectAll()
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.category_id)
        .executeTakeFirstOrThrow();
      const squads = rankSquads(
        await activeSquads(db, row.community_id),
        { compoundId: row.compound_id, gridId: row.grid_id },
        category.squad_type,
      );
      const squadId = req.query.squadId ?? row.squad_id ?? squads[0]?.id ?? null;
      const { openCap } = await orderSettings(db, row.community_id);
      const members = squadId ? await squadMembersOf(db, row.community_id, squadId) : [];
      return {
        squadId,
        squads: squads.map(({ id, name, type, reach, typeMatches }) => ({
          id,
          name,
          type,
          reach,
          typeMatches,
        })),
        members: rankMembers(
          members,
          { code: category.code, nameZh: category.name_zh, nameEn: category.name_en },
          openCap,
        ).map((m) => ({ ...m, skills: [...m.skills] })),
        openCap,
      };
    },
  );

  app.post(
    '/communities/:communityId/orders/:orderId/assign',
    {
      config: { access: access.community('orders.dispatch') },
      schema: {
        tags: ['orders'],
        summary: 'Assign the order to a member of a squad (指派); they then accept or decline',
        params: OrderParams,
        body: Type.Object({ personId: Id, squadId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: OrderDetail },
      },
    },
    async (req) => {
      const row = await load(req, req.params.orderId);
      const squad = await targetSquad(req, req.body.squadId ?? row.squad_id);
      if (!(await squadMembership(db, squad.community_id, squad.id, req.body.personId)))
        throw fieldError(400, 'order_not_squad_member', 'personId');
      return dispatch(req, row.id, { type: 'assign', squadId: squad.id, personId: req.body.personId });
    },
  );

  app.post(
    '/communities/:communityId/orders/:orderId/publish',
    {
      config: { access: access.community('orders.dispatch') },
      schema: {
        tags: ['orders'],
        summary: 'Publish the order on a squad’s board for its members to take (抢单)',
        params: OrderParams,
        body: Type.Object({ squadId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: OrderDetail },
      },
    },
    async (req) => {
      const row = await load(req, req.params.orderId);
      const squad = await targetSquad(req, req.body.squadId ?? row.squad_id);
      return dispatch(req, row.id, { type: 'publish', squadId: squad.id });
    },
  );

  app.post(
    '/communities/:communityId/orders/:orderId/escalate',
    {
      config: { access: access.community('orders.dispatch') },
      schema: {
        tags: ['orders'],
        summary: 'Escalate to the property company or the community (大事), saying why',
        params: OrderParams,
        body: Escalation,
        response: { 200: OrderDetail },
      },
    },
    async (req) =>
      dispatch(req, req.params.orderId, {
        type: 'escalate',
        to: req.body.to,
        reason: req.body.reason.trim(),
      }),
  );

  app.post(
    '/communities/:communityId/orders/:orderId/cancel',
    {
      config: { access: access.community('orders.dispatch') },
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order nobody has taken yet (a duplicate, or the caller no longer needs it)',
        params: OrderParams,
        body: Reason,
        response: { 200: OrderDetail },
      },
    },
    async (req) => dispatch(req, req.params.orderId, { type: 'cancel', reason: req.body.reason.trim() }),
  );

  app.post(
    '/communities/:communityId/orders/:orderId/confirm',
    {
      config: { access: access.community('orders.dispatch') },
      schema: {
        tags: ['orders'],
        summary:
          'Confirm and rate for a caller without the app (they confirm in the app themselves otherwise)',
        params: OrderParams,
        body: Rating,
        response: { 200: OrderDetail },
      },
    },
    async (req) => {
      const row = await load(req, req.params.orderId);
      if (row.requester_account_id) throw new AppError(409, 'order_resident_confirms');
      return dispatch(req, row.id, {
        type: 'confirm',
        rating: req.body.rating,
        comment: req.body.comment?.trim() || null,
      });
    },
  );

  app.post(
    '/communities/:communityId/orders/:orderId/return-visits',
    {
      config: { access: access.community('orders.dispatch') },
      schema: {
        tags: ['orders'],
        summary: 'Log a return visit (回访) to the resident after the order was resolved',
        params: OrderParams,
        body: ReturnVisit,
        response: { 200: OrderDetail },
      },
    },
    async (req) =>
      dispatch(req, req.params.orderId, {
        type: 'return_visit',
        note: req.body.note.trim(),
        satisfied: req.body.satisfied ?? null,
      }),
  );

  app.post(
    '/communities/:communityId/orders/:orderId/unmask',
    {
      config: { access: access.community('people.unmask') },
      schema: {
        tags: ['orders'],
        summary: 'The contact’s full phone number (audited)',
        params: OrderParams,
        response: { 200: Type.Object({ contactPhone: Nullable(Type.String()) }) },
      },
    },
    async (req) => {
      const row = await load(req, req.params.orderId);
      requireCan(req, 'people.unmask', targetOf(scopeOf(row)));
      await audit(db, row.community_id, {
        ...actor(req),
        action: 'order.unmask',
        targetType: 'order',
        targetId: row.id,
        after: { field: 'contactPhone' },
      });
      return { contactPhone: row.contact_phone_sealed ? vault.open(row.contact_phone_sealed) : null };
    },
  );

  app.get(
    '/communities/:communityId/orders/stream',
    {
      config: { access: access.community('orders.read') },
      schema: {
        tags: ['orders'],
        summary: 'Live changes of the orders in the caller’s scope (server-sent events, type `order`)',
        description: 'Send Accept: text/event-stream (EventSource does); other requests get 406.',
        params: CommunityParams,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const scope = readScope(req);
      return streamEvents(
        req,
        reply,
        [ordersTopic(communityOf(req).id)],
        (e) => e.type === orderEventType && staffSees(scope, e.data as LiveOrder),
      );
    },
  );
};
