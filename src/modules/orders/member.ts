import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { paginate } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, ListQuery, Page, StringEnum, Text } from '../../core/http/schemas';
import { streamEvents } from '../../core/http/sse';
import { Escalation, Reason } from './bodies';
import { announce, orderEventType, ordersTopic, type LiveOrder } from './effects';
import { personsOf, squadServiceOf } from './people';
import { finalStates, orderStates, type OrderActor } from './rules';
import { orderSettings } from './settings';
import { commitEvent, openOrdersOf, squadMembership, type Commit } from './store';
import { Order, OrderDetail, orderDetail, orderRows, orderView, type OrderRow } from './views';
import { handledBy, memberSees, type MemberScope } from './visibility';
import { nothing } from './query';

/**
 * 党员接单: a squad member's side. The board of their squads (抢单, up to the community's cap of open
 * orders), the orders they handle (我的任务): accept or decline what was assigned, hand it on (转单),
 * note progress with photos, resolve it with the time spent, or escalate it. Members act through
 * their squad membership (squad_members → people.account_id), not through grants.
 */

const TaskParams = Type.Object({ orderId: Id });
const Photos = Type.Optional(Type.Array(Id, { maxItems: 9, uniqueItems: true }));

export const memberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;

  async function scopeOf(req: FastifyRequest): Promise<MemberScope> {
    const accountId = req.account!.id;
    const [service, persons] = await Promise.all([squadServiceOf(db, accountId), personsOf(db, accountId)]);
    return { service, persons };
  }

  const seen = (o: OrderRow) => ({
    communityId: o.community_id,
    state: o.state,
    squadId: o.squad_id,
    assigneePersonId: o.assignee_person_id,
  });

  const actorIn = (scope: MemberScope, communityId: string): OrderActor => ({
    role: 'member',
    personId: scope.persons.find((p) => p.community_id === communityId)?.id ?? null,
    squadIds: scope.service.filter((s) => s.communityId === communityId).map((s) => s.squadId),
  });

  const viewerIn = (scope: MemberScope) => ({
    kind: 'member' as const,
    personIds: scope.persons.map((p) => p.id),
  });

  /** An order the member may see: one they handle, or one on their squads' board. 404 otherwise. */
  async function visible(req: FastifyRequest, orderId: string) {
    const [row, scope] = await Promise.all([
      orderRows(db).where('o.id', '=', orderId).executeTakeFirst(),
      scopeOf(req),
    ]);
    if (!row || !memberSees(scope, seen(row))) throw new AppError(404, 'not_found');
    return { row, scope };
  }

  async function step(
    req: FastifyRequest,
    row: OrderRow,
    scope: MemberScope,
    event: Commit['event'],
    extra: Partial<Commit> = {},
  ) {
    const done = await commitEvent(db, {
      communityId: row.community_id,
      orderId: row.id,
      actor: actorIn(scope, row.community_id),
      accountId: req.account!.id,
      event,
      locale: req.locale,
      ...extra,
    });
    await announce(app.deps, done);
    const after = await orderRows(db)
      .where('o.community_id', '=', row.community_id)
      .where('o.id', '=', row.id)
      .executeTakeFirstOrThrow();
    return orderDetail(db, vault, after, viewerIn(scope));
  }

  app.get(
    '/me/board',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'Orders on the boards of my squads, waiting to be taken (抢单), oldest first',
        querystring: ListQuery({}),
        response: { 200: Page(Order) },
      },
    },
    async (req) => {
      const scope = await scopeOf(req);
      const query = orderRows(db)
        .where('o.state', '=', 'published')
        .where((eb) =>
          scope.service.length
            ? eb.or(
                scope.service.map((s) =>
                  eb.and([eb('o.community_id', '=', s.communityId), eb('o.squad_id', '=', s.squadId)]),
                ),
              )
            : nothing,
        );
      const page = await paginate(
        query.orderBy('o.updated_at', req.query.order ?? 'asc').orderBy('o.id'),
        req.query,
      );
      return { ...page, items: page.items.map((o) => orderView(o, viewerIn(scope), vault)) };
    },
  );

  app.get(
    '/me/board/stream',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary:
          'Live changes on my squads’ boards and of the orders I handle (server-sent events, type `order`)',
        description: 'Send Accept: text/event-stream (EventSource does); other requests get 406.',
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(req);
      const communities = [
        ...new Set([...scope.service.map((s) => s.communityId), ...scope.persons.map((p) => p.community_id)]),
      ];
      // Whatever happens to an order of my squads (it may leave the board), or to one I handle.
      return streamEvents(req, reply, communities.map(ordersTopic), (e) => {
        if (e.type !== orderEventType) return false;
        const o = e.data as LiveOrder;
        return (
          handledBy(scope, o) ||
          scope.service.some((s) => s.communityId === o.communityId && s.squadId === o.squadId)
        );
      });
    },
  );

  app.post(
    '/me/board/:orderId/grab',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary:
          'Take an order from my squad’s board (抢单): the first member wins, up to the open-order cap',
        params: TaskParams,
        response: { 200: OrderDetail },
      },
    },
    async (req) => {
      const scope = await scopeOf(req);
      const row = await orderRows(db).where('o.id', '=', req.params.orderId).executeTakeFirst();
      // Any order of my squads, whatever its state now: the machine says when someone was faster.
      const mySquad =
        row && scope.service.some((s) => s.communityId === row.community_id && s.squadId === row.squad_id);
      if (!row || !mySquad) throw new AppError(404, 'not_found');
      const actor = actorIn(scope, row.community_id);
      const personId = actor.personId!;
      const { openCap } = await orderSettings(db, row.community_id);
      return step(
        req,
        row,
        scope,
        { type: 'grab', personId },
        {
          lockPerson: personId,
          guard: async (trx) => {
            const open = await openOrdersOf(trx, row.community_id, personId);
            if (open >= openCap) throw new AppError(409, 'order_cap', { open, cap: openCap });
          },
        },
      );
    },
  );

  app.get(
    '/me/tasks',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'Orders I handle (我的任务), newest first',
        querystring: ListQuery({
          state: Type.Optional(StringEnum(orderStates)),
          open: Type.Optional(Type.Boolean({ description: 'true: not yet closed or cancelled' })),
        }),
        response: { 200: Page(Order) },
      },
    },
    async (req) => {
      const scope = await scopeOf(req);
      let query = orderRows(db).where((eb) =>
        scope.persons.length
          ? eb.or(
              scope.persons.map((p) =>
                eb.and([eb('o.community_id', '=', p.community_id), eb('o.assignee_person_id', '=', p.id)]),
              ),
            )
          : nothing,
      );
      if (req.query.state) query = query.where('o.state', '=', req.query.state);
      if (req.query.open !== undefined)
        query = query.where('o.state', req.query.open ? 'not in' : 'in', [...finalStates]);
      const page = await paginate(
        query.orderBy('o.updated_at', req.query.order ?? 'desc').orderBy('o.id'),
        req.query,
      );
      return { ...page, items: page.items.map((o) => orderView(o, viewerIn(scope), vault)) };
    },
  );

  app.get(
    '/me/tasks/:orderId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'An order I handle or can take, with its timeline (room and phone only while it is mine)',
        params: TaskParams,
        response: { 200: OrderDetail },
      },
    },
    async (req) => {
      const { row, scope } = await visible(req, req.params.orderId);
      return orderDetail(db, vault, row, viewerIn(scope));
    },
  );

  /** The member's steps on an order they handle; the machine checks it is theirs. */
  const taskSteps = [
    {
      path: 'accept',
      summary: 'Accept an order assigned to me (接单)',
      body: Type.Object({}, { additionalProperties: false }),
      event: () => ({ type: 'accept' as const }),
    },
    {
      path: 'decline',
      summary: 'Decline an order assigned to me, saying why; it goes back to dispatch',
      body: Reason,
      event: (b: { reason: string }) => ({ type: 'decline' as const, reason: b.reason.trim() }),
    },
    {
      path: 'progress',
      summary: 'Note progress, with photos if any',
      body: Type.Object({ note: Text(1000), fileIds: Photos }, { additionalProperties: false }),
      event: (b: { note: string; fileIds?: string[] }) => ({
        type: 'progress' as const,
        note: b.note.trim(),
        fileIds: b.fileIds ?? [],
      }),
    },
    {
      path: 'resolve',
      summary: 'Resolve the order (办结) with a note and the minutes spent',
      body: Type.Object(
        {
          note: Text(1000),
          minutesSpent: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60, description: 'time the work took' }),
          fileIds: Photos,
        },
        { additionalProperties: false },
      ),
      event: (b: { note: string; minutesSpent: number; fileIds?: string[] }) => ({
        type: 'resolve' as const,
        note: b.note.trim(),
        minutesSpent: b.minutesSpent,
        fileIds: b.fileIds ?? [],
      }),
    },
    {
      path: 'escalate',
      summary: 'Escalate to the property company or the community (大事), saying why',
      body: Escalation,
      event: (b: { to: 'property' | 'community'; reason: string }) => ({
        type: 'escalate' as const,
        to: b.to,
        reason: b.reason.trim(),
      }),
    },
  ];

  for (const s of taskSteps)
    app.post(
      `/me/tasks/:orderId/${s.path}`,
      {
        config: { access: access.session() },
        schema: {
          tags: ['orders'],
          summary: s.summary,
          params: TaskParams,
          body: s.body,
          response: { 200: OrderDetail },
        },
      },
      async (req) => {
        const { row, scope } = await visible(req, req.params.orderId);
        const event = s.event(req.body as never);
        const fileIds = 'fileIds' in event ? event.fileIds : undefined;
        return step(req, row, scope, event, { fileIds });
      },
    );

  app.post(
    '/me/tasks/:orderId/transfer',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'Hand the order on (转单), saying why: to another member of the squad, or back to dispatch',
        params: TaskParams,
        body: Type.Object(
          { reason: Text(200), toPersonId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 200: OrderDetail },
      },
    },
    async (req) => {
      const { row, scope } = await visible(req, req.params.orderId);
      const to = req.body.toPersonId ?? null;
      if (to && !(row.squad_id && (await squadMembership(db, row.community_id, row.squad_id, to))))
        throw fieldError(400, 'order_not_squad_member', 'toPersonId');
      const event = { type: 'transfer' as const, reason: req.body.reason.trim(), toPersonId: to };
      if (!to) return step(req, row, scope, event);
      // A member may not load a colleague past the cap they could not pass themselves; the leader can.
      const { openCap } = await orderSettings(db, row.community_id);
      return step(req, row, scope, event, {
        lockPerson: to,
        guard: async (trx) => {
          const open = await openOrdersOf(trx, row.community_id, to);
          if (open >= openCap) throw new AppError(409, 'order_cap_colleague', { open, cap: openCap });
        },
      });
    },
  );
};
