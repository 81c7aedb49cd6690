import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../core/db/schema';
import { contains, paginate } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { topicStates } from './rules';
import { deliberationSettings, Named, requireCategory, type DeliberationSettings } from './settings';
import { addComment, filled, raiseTopic, rateTopic, supportTopic, withdrawSupport } from './store';
import {
  residentReach,
  residentSees,
  Topic,
  TopicDetail,
  TopicInput,
  topicDetail,
  topicRows,
  topicView,
  typedTopic,
  whereNearby,
} from './topics';
import { streamEvents } from '../../core/http/sse';
import { actorOf, announceTopic, deliberationTopic, topicEventType, type LiveTopic } from './trail';

/**
 * 集民需 from the phone: a resident raises a topic for where they live, supports (附议) and discusses
 * their neighbours' public topics, follows what happens to them and rates the outcome once done.
 * A resident sees their own topics and the public ones of their compounds (and community-wide ones
 * of their communities); anything else is 404.
 */

const TopicParams = Type.Object({ topicId: Id });

/** Settings looked up once per community within a request. */
function settingsCache(db: Kysely<DB>) {
  const seen = new Map<string, Promise<DeliberationSettings>>();
  return (communityId: string) => {
    let s = seen.get(communityId);
    if (!s) seen.set(communityId, (s = deliberationSettings(db, communityId)));
    return s;
  };
}

export const residentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const reachOf = (accountId: string) => residentReach(db, accountId);

  /** The topic, if this resident may see it; 404 otherwise (its existence is not theirs to learn). */
  async function visible(req: FastifyRequest, topicId: string) {
    const row = await topicRows(db).where('t.id', '=', topicId).executeTakeFirst();
    if (!row) throw new AppError(404, 'topic_not_found');
    if (row.raised_by_account_id !== req.account!.id) {
      const { reach } = await reachOf(req.account!.id);
      if (!residentSees(reach, row)) throw new AppError(404, 'topic_not_found');
    }
    return row;
  }

  async function detail(req: FastifyRequest, topicId: string) {
    const row = await visible(req, topicId);
    const settings = await deliberationSettings(db, row.community_id);
    return topicDetail(db, row, { kind: 'resident', accountId: req.account!.id }, settings, req.locale);
  }

  app.get(
    '/me/topics',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Topics: mine (default), or nearby — the public topics where I live; newest first',
        querystring: ListQuery({
          view: Type.Optional(StringEnum(['mine', 'nearby'] as const)),
          state: Type.Optional(StringEnum(topicStates)),
          category: Type.Optional(Type.String({ maxLength: 32 })),
        }),
        response: { 200: Page(Topic) },
      },
    },
    async (req) => {
      const accountId = req.account!.id;
      let query = topicRows(db);
      if (req.query.view === 'nearby') {
        const { reach } = await reachOf(accountId);
        query = query.where((eb) => whereNearby(eb, reach));
      } else query = query.where('t.raised_by_account_id', '=', accountId);
      if (req.query.state) query = query.where('t.state', '=', req.query.state);
      if (req.query.category) query = query.where('t.category', '=', req.query.category);
      const q = req.query.q;
      if (q) query = query.where((eb) => eb.or([contains('t.title', q), contains('t.body', q)]));
      const page = await paginate(
        query.orderBy('t.created_at', req.query.order ?? 'desc').orderBy('t.id'),
        req.query,
      );
      const settingsOf = settingsCache(db);
      const viewer = { kind: 'resident' as const, accountId };
      return {
        ...page,
        items: await Promise.all(
          page.items.map(async (t) => topicView(t, viewer, await settingsOf(t.community_id), req.locale)),
        ),
      };
    },
  );

  app.get(
    '/me/topic-options',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'What I may raise a topic for: my households, and each community’s categories and threshold',
        response: {
          200: Type.Object({
            households: Type.Array(
              Type.Object({
                householdId: Type.String(),
                communityId: Type.String(),
                communityName: Type.String(),
                compoundId: Type.String(),
                compoundName: Type.String(),
                buildingId: Nullable(Type.String()),
                buildingName: Nullable(Type.String()),
              }),
            ),
            communities: Type.Array(
              Type.Object({
                communityId: Type.String(),
                communityName: Type.String(),
                supportThreshold: Type.Integer(),
                categories: Type.Array(Named),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const { households } = await reachOf(req.account!.id);
      const communityIds = [...new Set(households.map((h) => h.communityId))];
      const names = async (table: 'communities' | 'compounds' | 'buildings', ids: (string | null)[]) => {
        const wanted = [...new Set(ids.filter((i): i is string => !!i))];
        if (!wanted.length) return new Map<string, string>();
        const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', wanted).execute();
        return new Map(rows.map((r) => [r.id, r.name]));
      };
      const [communities, compounds, buildings] = await Promise.all([
        names('communities', communityIds),
        names(
          'compounds',
          households.map((h) => h.compoundId),
        ),
        names(
          'buildings',
          households.map((h) => h.buildingId),
        ),
      ]);
      return {
        households: households.map((h) => ({
          householdId: h.householdId,
          communityId: h.communityId,
          communityName: communities.get(h.communityId) ?? '',
          compoundId: h.compoundId,
          compoundName: compounds.get(h.compoundId) ?? '',
          buildingId: h.buildingId,
          buildingName: h.buildingId ? (buildings.get(h.buildingId) ?? null) : null,
        })),
        communities: await Promise.all(
          communityIds.map(async (id) => {
            const s = await deliberationSettings(db, id);
            return {
              communityId: id,
              communityName: communities.get(id) ?? '',
              supportThreshold: s.supportThreshold,
              categories: s.topicCategories,
            };
          }),
        ),
      };
    },
  );

  app.post(
    '/me/topics',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Raise a topic (提议题) for where my household lives',
        description:
          'Upload photos first (POST /communities/:communityId/files) and pass their ids. The topic is ' +
          'public to the compound’s residents unless isPublic is false.',
        body: Type.Object(
          {
            ...TopicInput,
            householdId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 201: TopicDetail },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const account = req.account!;
      const { households } = await reachOf(account.id);
      if (!households.length) throw new AppError(400, 'topic_no_household');
      const household = b.householdId
        ? households.find((h) => h.householdId === b.householdId)
        : households.length === 1
          ? households[0]
          : undefined;
      if (!household)
        throw fieldError(400, b.householdId ? 'bad_reference' : 'topic_choose_household', 'householdId', {
          what: 'householdId',
        });
      const communityId = household.communityId;
      requireCategory(await deliberationSettings(db, communityId), b.category);
      const person = household.personId
        ? await db
            .selectFrom('people')
            .select('name')
            .where('community_id', '=', communityId)
            .where('id', '=', household.personId)
            .executeTakeFirst()
        : undefined;
      const name = person?.name ?? household.claimedName;
      const topic = await raiseTopic(db, {
        ...typedTopic(b),
        communityId,
        compoundId: household.compoundId,
        buildingId: household.buildingId,
        raisedByAccountId: account.id,
        raisedByPersonId: household.personId,
        raiserName: name,
        channel: 'app',
        sourceOrderId: null,
        actor: { accountId: account.id, name, role: 'resident' },
      });
      await announceTopic(app.deps, communityId, topic.id, 'raised');
      return reply.status(201).send(await detail(req, topic.id));
    },
  );

  app.get(
    '/me/topics/:topicId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'A topic with its trail, comments, photos, meeting, decisions, actions and ratings',
        params: TopicParams,
        response: { 200: TopicDetail },
      },
    },
    async (req) => detail(req, req.params.topicId),
  );

  app.get(
    '/me/topics/:topicId/stream',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Live changes of one topic I may see (server-sent `topic` events); then re-read it',
        description: 'Send Accept: text/event-stream (EventSource does); other requests get 406.',
        params: TopicParams,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const row = await visible(req, req.params.topicId);
      return streamEvents(
        req,
        reply,
        [deliberationTopic(row.community_id)],
        (e) => e.type === topicEventType && (e.data as LiveTopic).id === row.id,
      );
    },
  );

  app.post(
    '/me/topics/:topicId/support',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Support a neighbour’s topic (附议); supporting again changes nothing',
        params: TopicParams,
        response: { 200: TopicDetail },
      },
    },
    async (req) => {
      const row = await visible(req, req.params.topicId);
      const settings = await deliberationSettings(db, row.community_id);
      const kind = await supportTopic(db, row, req.account!.id, settings.supportThreshold);
      if (kind) await announceTopic(app.deps, row.community_id, row.id, kind);
      return detail(req, row.id);
    },
  );

  app.delete(
    '/me/topics/:topicId/support',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Withdraw my support (a topic already on the agenda queue stays there)',
        params: TopicParams,
        response: { 200: TopicDetail },
      },
    },
    async (req) => {
      const row = await visible(req, req.params.topicId);
      if (await withdrawSupport(db, row, req.account!.id))
        await announceTopic(app.deps, row.community_id, row.id, 'support_withdrawn');
      return detail(req, row.id);
    },
  );

  app.post(
    '/me/topics/:topicId/comments',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Comment on a topic',
        params: TopicParams,
        body: Type.Object({ body: Text(500) }, { additionalProperties: false }),
        response: { 201: TopicDetail },
      },
    },
    async (req, reply) => {
      const row = await visible(req, req.params.topicId);
      await addComment(db, row, actorOf(req), filled(req.body.body, 'body'));
      await announceTopic(app.deps, row.community_id, row.id, 'commented');
      return reply.status(201).send(await detail(req, row.id));
    },
  );

  app.post(
    '/me/topics/:topicId/rating',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Rate the outcome of a done topic (暖民心), once',
        params: TopicParams,
        body: Type.Object(
          { stars: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(300)) },
          { additionalProperties: false },
        ),
        response: { 201: TopicDetail },
      },
    },
    async (req, reply) => {
      const row = await visible(req, req.params.topicId);
      await rateTopic(db, row, actorOf(req), req.body.stars, req.body.comment?.trim() || null);
      await announceTopic(app.deps, row.community_id, row.id, 'rated');
      return reply.status(201).send(await detail(req, row.id));
    },
  );
};
