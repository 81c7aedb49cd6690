import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { contains, paginate } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, ListQuery, Page, StringEnum, Text } from '../../core/http/schemas';
import { normalizePhone } from '../../core/personal';
import { Rating, Reason } from './bodies';
import { announce, announceWithin } from './effects';
import {
  describeOrder,
  idempotencyKeyOf,
  OrderBasics,
  phoneOrThrow,
  requireCategory,
  resolvePlace,
} from './intake';
import { householdsOf } from './people';
import { nothing } from './query';
import { finalStates, orderStates } from './rules';
import { commitEvent, createOrder, type Commit } from './store';
import { Order, OrderDetail, orderDetail, orderRows, orderView } from './views';

/**
 * 居民点单: a resident orders for their household (or a shared place in its compound), follows the
 * order, cancels it before anyone takes it, and once it is resolved confirms and rates it or reopens it.
 */

const MyOrderParams = Type.Object({ orderId: Id });

export const residentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;

  /** The caller's own order (one they ordered, or staff ordered for them); 404 for anyone else's. */
  async function mine(req: FastifyRequest, orderId: string) {
    const row = await orderRows(db).where('o.id', '=', orderId).executeTakeFirst();
    if (!row || row.requester_account_id !== req.account!.id) throw new AppError(404, 'not_found');
    return row;
  }

  const detail = async (req: FastifyRequest, orderId: string) =>
    orderDetail(db, vault, await mine(req, orderId), { kind: 'resident' });

  async function step(req: FastifyRequest, orderId: string, event: Commit['event']) {
    const row = await mine(req, orderId);
    const done = await commitEvent(db, {
      communityId: row.community_id,
      orderId: row.id,
      actor: { role: 'resident' },
      accountId: req.account!.id,
      event,
      locale: req.locale,
    });
    await announce(app.deps, done);
    return detail(req, orderId);
  }

  app.get(
    '/me/orders',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'My orders, newest first',
        querystring: ListQuery({
          state: Type.Optional(StringEnum(orderStates)),
          open: Type.Optional(Type.Boolean({ description: 'true: not yet closed or cancelled' })),
        }),
        response: { 200: Page(Order) },
      },
    },
    async (req) => {
      let query = orderRows(db).where('o.requester_account_id', '=', req.account!.id);
      if (req.query.state) query = query.where('o.state', '=', req.query.state);
      if (req.query.open !== undefined)
        query = query.where('o.state', req.query.open ? 'not in' : 'in', [...finalStates]);
      const page = await paginate(
        query.orderBy('o.created_at', req.query.order ?? 'desc').orderBy('o.id'),
        req.query,
      );
      return { ...page, items: page.items.map((o) => orderView(o, { kind: 'resident' }, vault)) };
    },
  );

  app.get(
    '/me/buildings',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'The buildings of the compounds I live in, to say where a public-place order is',
        querystring: ListQuery({ compoundId: Type.Optional(Id) }),
        response: {
          200: Page(
            Type.Object({
              id: Type.String(),
              name: Type.String(),
              compoundId: Type.String(),
              compoundName: Type.String(),
              communityId: Type.String(),
            }),
          ),
        },
      },
    },
    async (req) => {
      const households = await householdsOf(db, req.account!.id);
      const compounds = [...new Map(households.map((h) => [h.compoundId, h])).values()];
      let query = db
        .selectFrom('buildings as b')
        .innerJoin('compounds as c', (j) =>
          j.onRef('c.community_id', '=', 'b.community_id').onRef('c.id', '=', 'b.compound_id'),
        )
        .select([
          'b.id',
          'b.name',
          'b.compound_id as compoundId',
          'c.name as compoundName',
          'b.community_id as communityId',
        ])
        .where('b.archived_at', 'is', null)
        .where((eb) =>
          compounds.length
            ? eb.or(
                compounds.map((c) =>
                  eb.and([eb('b.community_id', '=', c.communityId), eb('b.compound_id', '=', c.compoundId)]),
                ),
              )
            : nothing,
        );
      if (req.query.compoundId) query = query.where('b.compound_id', '=', req.query.compoundId);
      if (req.query.q) query = query.where(contains('b.name', req.query.q));
      return paginate(
        query
          .orderBy('c.name')
          .orderBy('b.name', req.query.order ?? 'asc')
          .orderBy('b.id'),
        req.query,
      );
    },
  );

  app.post(
    '/me/orders',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'Order help for my household (居民点单)',
        description:
          'Upload photos first (POST /communities/:communityId/files) and pass their ids. Send an ' +
          'Idempotency-Key header (or idempotencyKey): a retry with the same key returns the first order with 200.',
        body: Type.Object(
          {
            ...OrderBasics,
            householdId: Type.Optional(Id),
            contactPhone: Type.Optional(Text(20)),
          },
          { additionalProperties: false },
        ),
        response: { 200: OrderDetail, 201: OrderDetail },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const key = idempotencyKeyOf(req, b.idempotencyKey);
      const account = req.account!;
      const households = await householdsOf(db, account.id);
      if (!households.length) throw new AppError(400, 'order_no_household');
      const household = b.householdId
        ? households.find((h) => h.householdId === b.householdId)
        : households.length === 1
          ? households[0]
          : undefined;
      if (!household)
        throw fieldError(400, b.householdId ? 'bad_reference' : 'order_choose_household', 'householdId', {
          what: 'householdId',
        });
      const communityId = household.communityId;
      const person = household.personId
        ? await db
            .selectFrom('people')
            .select('name')
            .where('community_id', '=', communityId)
            .where('id', '=', household.personId)
            .executeTakeFirst()
        : undefined;
      const phone = b.contactPhone
        ? phoneOrThrow(normalizePhone(b.contactPhone), 'contactPhone')
        : vault.open(account.phone_sealed);
      const place = await resolvePlace(db, communityId, household, null, b);
      const category = await requireCategory(db, communityId, b.categoryId);
      const { order, created, afterCommit } = await createOrder(
        db,
        {
          ...(await describeOrder(db, communityId, category, place, b)),
          requesterAccountId: account.id,
          requesterPersonId: household.personId,
          contactName: person?.name ?? household.claimedName,
          contactPhoneSealed: vault.seal(phone),
          channel: 'app',
          createdBy: account.id,
          idempotencyKey: key,
          actor: { role: 'resident' },
        },
        req.locale,
        undefined,
        (trx, step) => announceWithin(app.deps, trx, step),
      );
      await afterCommit?.();
      return reply.status(created ? 201 : 200).send(await detail(req, order.id));
    },
  );

  app.get(
    '/me/orders/:orderId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'One of my orders, with its photos and timeline',
        params: MyOrderParams,
        response: { 200: OrderDetail },
      },
    },
    async (req) => detail(req, req.params.orderId),
  );

  app.post(
    '/me/orders/:orderId/cancel',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'Cancel my order before a member has taken it',
        params: MyOrderParams,
        body: Reason,
        response: { 200: OrderDetail },
      },
    },
    async (req) => step(req, req.params.orderId, { type: 'cancel', reason: req.body.reason.trim() }),
  );

  app.post(
    '/me/orders/:orderId/confirm',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'Confirm my resolved order and rate it (1–5, with a comment if I like)',
        params: MyOrderParams,
        body: Rating,
        response: { 200: OrderDetail },
      },
    },
    async (req) =>
      step(req, req.params.orderId, {
        type: 'confirm',
        rating: req.body.rating,
        comment: req.body.comment?.trim() || null,
      }),
  );

  app.post(
    '/me/orders/:orderId/reopen',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'Reopen my resolved order, saying what is still wrong',
        params: MyOrderParams,
        body: Reason,
        response: { 200: OrderDetail },
      },
    },
    async (req) => step(req, req.params.orderId, { type: 'reopen', reason: req.body.reason.trim() }),
  );
};
