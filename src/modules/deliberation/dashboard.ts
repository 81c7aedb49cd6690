import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { whereVisible } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access, communityOf, visibleRows } from '../../core/http/access';
import { CommunityParams, DateOnly, Id, Nullable } from '../../core/http/schemas';
import { todayInShanghai } from '../../core/time';
import { dayStart } from '../orders/query';
import { topicStates } from './rules';
import { deliberationFigures } from './figures';
import { deliberationSettings, nameOf } from './settings';

/**
 * The figures of deliberation in the caller's scope over a period (topics raised, meetings held and
 * actions made in it): topics by state and category, median hours raised → decided → done, meetings
 * and attendance, actions open, overdue and done.
 */

const dayMs = 24 * 60 * 60 * 1000;

const Figures = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  topics: Type.Object({
    total: Type.Integer(),
    byState: Type.Object(Object.fromEntries(topicStates.map((s) => [s, Type.Integer()]))),
    byCategory: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() })),
  }),
  medianHoursRaisedToDecided: Nullable(Type.Number()),
  medianHoursDecidedToDone: Nullable(Type.Number()),
  meetings: Type.Object({
    held: Type.Integer(),
    cancelled: Type.Integer(),
    upcoming: Type.Integer(),
    invited: Type.Integer({ description: 'invitees of held meetings' }),
    signedIn: Type.Integer({ description: 'of those, who signed in' }),
    walkIns: Type.Integer(),
    attendanceRate: Nullable(Type.Number({ description: '0–1' })),
  }),
  actions: Type.Object({
    open: Type.Integer(),
    overdue: Type.Integer(),
    done: Type.Integer(),
    cancelled: Type.Integer(),
  }),
});

export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/deliberation-figures',
    {
      config: { access: access.community('deliberation.read') },
      schema: {
        tags: ['deliberation'],
        summary: 'Deliberation figures in my scope over a period (Shanghai calendar days, inclusive)',
        params: CommunityParams,
        querystring: Type.Object({
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
          compoundId: Type.Optional(Id),
        }),
        response: { 200: Figures },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const { from, to, compoundId } = req.query;
      if (from && to && from > to)
        throw new AppError(400, 'validation', { detail: 'from > to' }, [{ field: 'to' }]);
      const start = from ? dayStart(from) : 0;
      const end = to ? dayStart(to) + dayMs : Number.MAX_SAFE_INTEGER;
      const filter = visibleRows(req, 'deliberation.read');

      let topics = db
        .selectFrom('topics as t')
        .select(['t.state', 't.category', 't.created_at', 't.decided_at', 't.done_at'])
        .where('t.community_id', '=', communityId)
        .where('t.created_at', '>=', start)
        .where('t.created_at', '<', end)
        .where((eb) => whereVisible(eb, filter, { compound: 't.compound_id', building: 't.building_id' }));
      let meetings = db
        .selectFrom('meetings as m')
        .leftJoin('meeting_invitees as i', (j) =>
          j.onRef('i.community_id', '=', 'm.community_id').onRef('i.meeting_id', '=', 'm.id'),
        )
        .select((eb) => [
          'm.id',
          'm.state',
          eb.fn.sum<number>(sql`case when i.invited = 1 then 1 else 0 end`).as('invited'),
          eb.fn
            .sum<number>(sql`case when i.invited = 1 and i.signed_in_at is not null then 1 else 0 end`)
            .as('invitedSignedIn'),
          eb.fn
            .sum<number>(sql`case when i.invited = 0 and i.signed_in_at is not null then 1 else 0 end`)
            .as('walkIns'),
        ])
        .where('m.community_id', '=', communityId)
        .where('m.starts_at', '>=', start)
        .where('m.starts_at', '<', end)
        .where((eb) => whereVisible(eb, filter, { compound: 'm.compound_id' }))
        .groupBy(['m.id', 'm.state']);
      let actions = db
        .selectFrom('action_items as a')
        .innerJoin('decisions as d', (j) =>
          j.onRef('d.community_id', '=', 'a.community_id').onRef('d.id', '=', 'a.decision_id'),
        )
        .innerJoin('meetings as m', (j) =>
          j.onRef('m.community_id', '=', 'd.community_id').onRef('m.id', '=', 'd.meeting_id'),
        )
        .select(['a.state', 'a.due_date'])
        .where('a.community_id', '=', communityId)
        .where('a.created_at', '>=', start)
        .where('a.created_at', '<', end)
        .where((eb) => whereVisible(eb, filter, { compound: 'm.compound_id' }));
      if (compoundId) {
        topics = topics.where('t.compound_id', '=', compoundId);
        meetings = meetings.where('m.compound_id', '=', compoundId);
        actions = actions.where('m.compound_id', '=', compoundId);
      }
      const [t, m, a, settings] = await Promise.all([
        topics.execute(),
        meetings.execute(),
        actions.execute(),
        deliberationSettings(db, communityId),
      ]);
      const figures = deliberationFigures(
        t,
        m.map((r) => ({
          state: r.state,
          invited: Number(r.invited ?? 0),
          invitedSignedIn: Number(r.invitedSignedIn ?? 0),
          walkIns: Number(r.walkIns ?? 0),
        })),
        a,
        todayInShanghai(),
      );
      return {
        from: from ?? null,
        to: to ?? null,
        ...figures,
        topics: {
          ...figures.topics,
          byCategory: figures.topics.byCategory.map((c) => ({
            ...c,
            name: nameOf(settings.topicCategories, c.code, req.locale),
          })),
        },
      };
    },
  );
};
