import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../core/db/schema';
import { paginate } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { filePath } from '../../core/files';
import { access } from '../../core/http/access';
import { Id, ListQuery, StringEnum } from '../../core/http/schemas';
import { boardStages, stageOf, stageStates, type TopicState } from './rules';
import { deliberationSettings } from './settings';
import { Topic, TopicDetail, topicDetail, topicRow, topicRows, topicView } from './topics';

/**
 * 公开栏: the public results board of a community (or one compound), without login. Public topics
 * only, in four columns (raised, discussed, decided, done); the counts are the same rows the list
 * pages through, so "协调解决问题 19 个" is 19 trails anyone can open. Names are masked; no account,
 * person, phone or order id leaves here. Anything not on the board is 404, as is an unknown or
 * archived community.
 */

const onBoard = boardStages.flatMap((s) => stageStates[s]);

async function liveCommunity(db: Kysely<DB>, communityId: string) {
  const c = await db
    .selectFrom('communities')
    .select(['id', 'name'])
    .where('id', '=', communityId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!c) throw new AppError(404, 'not_found');
  return c;
}

/** A public topic on the board, or 404. */
async function boardTopic(db: Kysely<DB>, communityId: string, topicId: string) {
  await liveCommunity(db, communityId);
  const row = await topicRow(db, communityId, topicId);
  if (!row || row.is_public !== 1 || !stageOf(row.state as TopicState))
    throw new AppError(404, 'topic_not_found');
  return row;
}

const Counts = Type.Object({
  raised: Type.Integer({ description: 'raised or accepted, waiting for a meeting (收集)' }),
  discussed: Type.Integer({ description: 'on a meeting’s agenda (协商)' }),
  decided: Type.Integer({ description: 'decided, actions under way (决议)' }),
  done: Type.Integer({ description: 'done (办结)' }),
  total: Type.Integer({ description: 'the sum of the four' }),
});

export const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.deps;

  app.get(
    '/public/communities/:communityId/board',
    {
      config: { access: access.public() },
      schema: {
        tags: ['deliberation'],
        summary: 'The public results board: counts per column and the topics, newest first',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          state: Type.Optional(StringEnum(boardStages, { description: 'a column of the board' })),
        }),
        response: {
          200: Type.Object({
            community: Type.Object({ id: Type.String(), name: Type.String() }),
            compounds: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
            counts: Counts,
            supportThreshold: Type.Integer({
              description: 'supports (附议) that put a raised topic on the agenda queue: “还差 N 人”',
            }),
            items: Type.Array(Topic),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
        },
      },
    },
    async (req) => {
      const community = await liveCommunity(db, req.params.communityId);
      const { compoundId, state } = req.query;
      let rows = topicRows(db)
        .where('t.community_id', '=', community.id)
        .where('t.is_public', '=', 1)
        .where('t.state', 'in', [...onBoard]);
      if (compoundId) rows = rows.where('t.compound_id', '=', compoundId);
      const [byState, compounds, settings] = await Promise.all([
        rows
          .clearSelect()
          .select((eb) => ['t.state', eb.fn.countAll<number>().as('n')])
          .groupBy('t.state')
          .execute(),
        db
          .selectFrom('compounds')
          .select(['id', 'name'])
          .where('community_id', '=', community.id)
          .where('archived_at', 'is', null)
          .orderBy('name')
          .orderBy('id')
          .execute(),
        deliberationSettings(db, community.id),
      ]);
      const counts = { raised: 0, discussed: 0, decided: 0, done: 0, total: 0 };
      for (const r of byState) {
        const stage = stageOf(r.state as TopicState);
        if (!stage) continue;
        counts[stage] += Number(r.n);
        counts.total += Number(r.n);
      }
      if (state) rows = rows.where('t.state', 'in', [...stageStates[state]]);
      const page = await paginate(
        rows.orderBy('t.created_at', req.query.order ?? 'desc').orderBy('t.id'),
        req.query,
      );
      return {
        community,
        compounds,
        counts,
        supportThreshold: settings.supportThreshold,
        ...page,
        items: page.items.map((t) => topicView(t, { kind: 'public' }, settings, req.locale)),
      };
    },
  );

  app.get(
    '/public/communities/:communityId/topics/:topicId',
    {
      config: { access: access.public() },
      schema: {
        tags: ['deliberation'],
        summary:
          'A public topic’s whole trail: the need, the meeting, the decision, the actions, the ratings',
        params: Type.Object({ communityId: Id, topicId: Id }),
        response: { 200: TopicDetail },
      },
    },
    async (req) => {
      const row = await boardTopic(db, req.params.communityId, req.params.topicId);
      return topicDetail(
        db,
        row,
        { kind: 'public' },
        await deliberationSettings(db, row.community_id),
        req.locale,
      );
    },
  );

  app.get(
    '/public/communities/:communityId/topics/:topicId/files/:fileId',
    {
      config: { access: access.public() },
      schema: {
        tags: ['deliberation'],
        summary: 'A photo of a public topic or of its actions’ evidence',
        params: Type.Object({ communityId: Id, topicId: Id, fileId: Id }),
        querystring: Type.Object({ size: Type.Optional(StringEnum(['full', 'thumb'] as const)) }),
      },
    },
    async (req, reply) => {
      const { communityId, topicId, fileId } = req.params;
      await boardTopic(db, communityId, topicId);
      const notFound = () => new AppError(404, 'not_found');
      const file = await db
        .selectFrom('files')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('id', '=', fileId)
        .where('removed_at', 'is', null)
        .where('mime', 'like', 'image/%')
        .executeTakeFirst();
      if (!file?.attached_id) throw notFound();
      const belongs =
        (file.attached_type === 'topic' && file.attached_id === topicId) ||
        (file.attached_type === 'action_item' &&
          !!(await db
            .selectFrom('action_items')
            .select('id')
            .where('community_id', '=', communityId)
            .where('id', '=', file.attached_id)
            .where('topic_id', '=', topicId)
            .executeTakeFirst()));
      if (!belongs) throw notFound();
      const thumb = req.query.size === 'thumb' && file.has_thumb === 1;
      const path = filePath(config, communityId, file.id, thumb);
      let size: number;
      try {
        size = (await fs.promises.stat(path)).size;
      } catch (err) {
        req.log.error({ err, fileId: file.id }, 'file recorded but missing on disk');
        throw notFound();
      }
      return (
        reply
          .header('content-type', file.mime)
          .header('content-length', size)
          .header('x-content-type-options', 'nosniff')
          // Short: a topic made private again should stop showing soon.
          .header('cache-control', 'public, max-age=300')
          .header('content-disposition', 'inline')
          .send(fs.createReadStream(path))
      );
    },
  );
};
