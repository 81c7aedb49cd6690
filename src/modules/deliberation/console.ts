import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { rowVisible } from '../../core/access/policy';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
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
import { dayStart } from '../orders/query';
import { topicStates } from './rules';
import { deliberationSettings, requireCategory, type DeliberationSettings } from './settings';
import { filled, hideComment, raiseTopic } from './store';
import {
  Topic,
  TopicDetail,
  TopicInput,
  topicDetail,
  topicRow,
  topicRows,
  topicScope,
  topicView,
  typedTopic,
} from './topics';
import { streamEvents } from '../../core/http/sse';
import {
  actorOf,
  announceTopic,
  deliberationTopic,
  moveTopic,
  topicEventType,
  type LiveTopic,
} from './trail';

/**
 * The console's side of topics: the list (filters, flat rows for the Excel export), raising a topic
 * for someone who phoned or came in, accepting or declining, hiding a comment, and turning an order
 * into a topic with one click. Every row is re-checked against the caller's compound scope; a topic
 * of the whole community (no compound) is for community-wide grants only.
 */

const TopicParams = Type.Object({ communityId: Id, topicId: Id });
const dayMs = 24 * 60 * 60 * 1000;

export const consoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** The topic, if the caller may read it here; 404 for one outside their scope or community. */
  async function readable(req: FastifyRequest, topicId: string) {
    const row = await topicRow(db, communityOf(req).id, topicId);
    if (!row || !rowVisible(visibleRows(req, 'deliberation.read'), topicScope(row)))
      throw new AppError(404, 'topic_not_found');
    return row;
  }

  async function manageable(req: FastifyRequest, topicId: string) {
    const row = await readable(req, topicId);
    requireCan(req, 'deliberation.manage', topicScope(row));
    return row;
  }

  async function detail(req: FastifyRequest, topicId: string, settings?: DeliberationSettings) {
    const row = await readable(req, topicId);
    return topicDetail(
      db,
      row,
      { kind: 'staff' },
      settings ?? (await deliberationSettings(db, row.community_id)),
      req.locale,
    );
  }

  app.get(
    '/communities/:communityId/topics',
    {
      config: { access: access.community('deliberation.read') },
      schema: {
        tags: ['deliberation'],
        summary: 'Topics in my scope, newest first; filterable, and flat enough for the Excel export',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(topicStates)),
          category: Type.Optional(Type.String({ maxLength: 32 })),
          compoundId: Type.Optional(Id),
          communityWide: Type.Optional(Type.Boolean({ description: 'true: only topics of no compound' })),
          channel: Type.Optional(StringEnum(['app', 'staff', 'order'] as const)),
          raisedFrom: Type.Optional(DateOnly),
          raisedTo: Type.Optional(DateOnly),
        }),
        response: { 200: Page(Topic) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const filter = visibleRows(req, 'deliberation.read');
      const f = req.query;
      let query = topicRows(db)
        .where('t.community_id', '=', communityId)
        .where((eb) => whereVisible(eb, filter, { compound: 't.compound_id', building: 't.building_id' }));
      if (f.state) query = query.where('t.state', '=', f.state);
      if (f.category) query = query.where('t.category', '=', f.category);
      if (f.compoundId) query = query.where('t.compound_id', '=', f.compoundId);
      if (f.communityWide !== undefined)
        query = query.where('t.compound_id', f.communityWide ? 'is' : 'is not', null);
      if (f.channel) query = query.where('t.channel', '=', f.channel);
      if (f.raisedFrom) query = query.where('t.created_at', '>=', dayStart(f.raisedFrom));
      if (f.raisedTo) query = query.where('t.created_at', '<', dayStart(f.raisedTo) + dayMs);
      const q = f.q;
      if (q)
        query = query.where((eb) =>
          eb.or([contains('t.title', q), contains('t.body', q), contains('t.raiser_name', q)]),
        );
      const page = await paginate(query.orderBy('t.created_at', f.order ?? 'desc').orderBy('t.id'), f);
      const settings = await deliberationSettings(db, communityId);
      return { ...page, items: page.items.map((t) => topicView(t, { kind: 'staff' }, settings, req.locale)) };
    },
  );

  app.get(
    '/communities/:communityId/topics/stream',
    {
      config: { access: access.community('deliberation.read') },
      schema: {
        tags: ['deliberation'],
        summary: 'Live changes of the topics in my scope (server-sent `topic` events)',
        description: 'Send Accept: text/event-stream (EventSource does); other requests get 406.',
        params: CommunityParams,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const filter = visibleRows(req, 'deliberation.read');
      return streamEvents(
        req,
        reply,
        [deliberationTopic(communityOf(req).id)],
        (e) => e.type === topicEventType && rowVisible(filter, e.data as LiveTopic),
      );
    },
  );

  app.post(
    '/communities/:communityId/topics',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Raise a topic on someone’s behalf (a resident who phoned, a party at a meeting)',
        description:
          'compoundId null: a topic of the whole community. personId names the resident who raised it ' +
          '(they then follow it in their app); otherwise raiserName, or the staff member.',
        params: CommunityParams,
        body: Type.Object(
          {
            ...TopicInput,
            compoundId: Nullable(Id),
            buildingId: Type.Optional(Id),
            personId: Type.Optional(Id),
            raiserName: Type.Optional(Text(40)),
          },
          { additionalProperties: false },
        ),
        response: { 201: TopicDetail },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const communityId = communityOf(req).id;
      const buildingId = b.buildingId ?? null;
      if (buildingId && !b.compoundId) throw fieldError(400, 'topic_compound_mismatch', 'buildingId');
      requireCan(req, 'deliberation.manage', { compoundId: b.compoundId, buildingId });
      if (b.compoundId) {
        const compound = await db
          .selectFrom('compounds')
          .select('id')
          .where('community_id', '=', communityId)
          .where('id', '=', b.compoundId)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (!compound) throw fieldError(400, 'bad_reference', 'compoundId', { what: 'compoundId' });
      }
      if (buildingId) {
        const building = await db
          .selectFrom('buildings')
          .select('compound_id')
          .where('community_id', '=', communityId)
          .where('id', '=', buildingId)
          .executeTakeFirst();
        if (!building) throw fieldError(400, 'bad_reference', 'buildingId', { what: 'buildingId' });
        if (building.compound_id !== b.compoundId)
          throw fieldError(400, 'topic_compound_mismatch', 'buildingId');
      }
      const settings = await deliberationSettings(db, communityId);
      requireCategory(settings, b.category);
      const person = b.personId
        ? await db
            .selectFrom('people')
            .select(['id', 'name', 'account_id'])
            .where('community_id', '=', communityId)
            .where('id', '=', b.personId)
            .where('archived_at', 'is', null)
            .executeTakeFirst()
        : undefined;
      if (b.personId && !person) throw fieldError(400, 'bad_reference', 'personId', { what: 'personId' });
      const topic = await raiseTopic(db, {
        ...typedTopic(b),
        communityId,
        compoundId: b.compoundId,
        buildingId,
        raisedByAccountId: person?.account_id ?? null,
        raisedByPersonId: person?.id ?? null,
        raiserName: person?.name ?? (b.raiserName?.trim() || req.account!.display_name),
        channel: 'staff',
        sourceOrderId: null,
        actor: actorOf(req),
      });
      await announceTopic(app.deps, communityId, topic.id, 'raised');
      return reply.status(201).send(await detail(req, topic.id, settings));
    },
  );

  app.get(
    '/communities/:communityId/topics/:topicId',
    {
      config: { access: access.community('deliberation.read') },
      schema: {
        tags: ['deliberation'],
        summary: 'A topic with its whole story (names in full, hidden comments marked)',
        params: TopicParams,
        response: { 200: TopicDetail },
      },
    },
    async (req) => detail(req, req.params.topicId),
  );

  app.post(
    '/communities/:communityId/topics/:topicId/accept',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Accept a raised topic onto the agenda queue',
        params: TopicParams,
        response: { 200: TopicDetail },
      },
    },
    async (req) => {
      const row = await manageable(req, req.params.topicId);
      await db
        .transaction()
        .execute((trx) => moveTopic(trx, row.community_id, row.id, 'accept', actorOf(req)));
      await announceTopic(app.deps, row.community_id, row.id, 'accepted');
      return detail(req, row.id);
    },
  );

  app.post(
    '/communities/:communityId/topics/:topicId/decline',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Decline a raised or accepted topic, saying why (the raiser is told)',
        params: TopicParams,
        body: Type.Object({ reason: Text(200) }, { additionalProperties: false }),
        response: { 200: TopicDetail },
      },
    },
    async (req) => {
      const row = await manageable(req, req.params.topicId);
      const reason = filled(req.body.reason, 'reason');
      await db.transaction().execute(async (trx) => {
        await moveTopic(trx, row.community_id, row.id, 'decline', actorOf(req), Date.now(), { reason });
        await trx
          .updateTable('topics')
          .set({ decline_reason: reason })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .execute();
      });
      await announceTopic(app.deps, row.community_id, row.id, 'declined');
      return detail(req, row.id);
    },
  );

  app.post(
    '/communities/:communityId/topics/:topicId/comments/:commentId/hide',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Hide a comment (kept, with who hid it and when; residents no longer see it)',
        params: Type.Object({ communityId: Id, topicId: Id, commentId: Id }),
        response: { 200: TopicDetail },
      },
    },
    async (req) => {
      const row = await manageable(req, req.params.topicId);
      await hideComment(db, row, req.params.commentId, actorOf(req));
      await announceTopic(app.deps, row.community_id, row.id, 'comment_hidden');
      return detail(req, row.id);
    },
  );

  app.post(
    '/communities/:communityId/orders/:orderId/topic',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Make an order (a 大事 escalated to the community) a topic, keeping the link both ways',
        description:
          'Copies the description, place and requester; the order’s photos show on the topic for staff. ' +
          'The category is the order category’s code when it is also a topic category, else “other”. 409 ' +
          'order_has_topic when the order already became one.',
        params: Type.Object({ communityId: Id, orderId: Id }),
        body: Type.Optional(
          Type.Object(
            {
              category: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
              title: Type.Optional(Text(60)),
              isPublic: Type.Optional(Type.Boolean({ default: true })),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 201: TopicDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const order = await db
        .selectFrom('orders as o')
        .innerJoin('order_categories as c', (j) =>
          j.onRef('c.community_id', '=', 'o.community_id').onRef('c.id', '=', 'o.category_id'),
        )
        .select([
          'o.id',
          'o.compound_id',
          'o.building_id',
          'o.description',
          'o.place_text',
          'o.requester_account_id',
          'o.requester_person_id',
          'o.contact_name',
          'o.deliberation_topic_id',
          'c.code as category_code',
        ])
        .where('o.community_id', '=', communityId)
        .where('o.id', '=', req.params.orderId)
        .executeTakeFirst();
      if (!order || !rowVisible(visibleRows(req, 'deliberation.read'), topicScope(order)))
        throw new AppError(404, 'not_found');
      requireCan(req, 'deliberation.manage', topicScope(order));
      if (order.deliberation_topic_id) throw new AppError(409, 'order_has_topic');
      const settings = await deliberationSettings(db, communityId);
      const codes = settings.topicCategories.map((c) => c.code);
      const category =
        req.body?.category ??
        (codes.includes(order.category_code)
          ? order.category_code
          : codes.includes('other')
            ? 'other'
            : codes[0]!);
      requireCategory(settings, category);
      const description = order.description.trim();
      const topic = await raiseTopic(db, {
        communityId,
        compoundId: order.compound_id,
        buildingId: order.building_id,
        category,
        title: req.body?.title?.trim() || Array.from(description).slice(0, 30).join(''),
        body: description,
        placeText: order.place_text,
        raisedByAccountId: order.requester_account_id,
        raisedByPersonId: order.requester_person_id,
        raiserName: order.contact_name,
        channel: 'order',
        sourceOrderId: order.id,
        isPublic: req.body?.isPublic ?? true,
        fileIds: [],
        actor: actorOf(req),
      });
      await announceTopic(app.deps, communityId, topic.id, 'raised');
      return reply.status(201).send(await detail(req, topic.id, settings));
    },
  );
};
