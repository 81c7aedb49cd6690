import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { paginate } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, ListQuery, Nullable, StringEnum } from '../../core/http/schemas';
import { PublicEntry, entryRows, publicEntryView, wherePublished } from './entries';
import { lists } from './rules';
import { householdInfo, redBlackSettings } from './store';
import { Article, conventionRows, versionRow, versionView } from './views';

/**
 * Without login: the red/black list of a community (or one compound) — published entries within
 * their period only, each household named as the community's masking rule says, never a full name,
 * a phone, a household id or the evidence — and the published text of an adopted convention, which
 * its printed copy's QR code opens.
 */

async function liveCommunity(db: Parameters<typeof entryRows>[0], communityId: string) {
  const c = await db
    .selectFrom('communities')
    .select(['id', 'name'])
    .where('id', '=', communityId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!c) throw new AppError(404, 'not_found');
  return c;
}

export const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/public/communities/:communityId/red-black',
    {
      config: { access: access.public() },
      schema: {
        tags: ['red-black'],
        summary: 'The public red/black list: published entries within their period, households masked',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery({ compoundId: Type.Optional(Id), list: Type.Optional(StringEnum(lists)) }),
        response: {
          200: Type.Object({
            community: Type.Object({ id: Type.String(), name: Type.String() }),
            items: Type.Array(PublicEntry),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
        },
      },
    },
    async (req) => {
      const community = await liveCommunity(db, req.params.communityId);
      let query = wherePublished(entryRows(db), Date.now()).where('e.community_id', '=', community.id);
      if (req.query.compoundId) query = query.where('e.compound_id', '=', req.query.compoundId);
      if (req.query.list) query = query.where('e.list', '=', req.query.list);
      const page = await paginate(
        query.orderBy('e.publish_from', req.query.order ?? 'desc').orderBy('e.id'),
        req.query,
      );
      const [homes, settings] = await Promise.all([
        householdInfo(
          db,
          community.id,
          page.items.map((e) => e.household_id),
        ),
        redBlackSettings(db, community.id),
      ]);
      return {
        community,
        ...page,
        items: page.items.map((e) => publicEntryView(e, homes.get(e.household_id), settings)),
      };
    },
  );

  app.get(
    '/public/communities/:communityId/conventions/:conventionId',
    {
      config: { access: access.public() },
      schema: {
        tags: ['conventions'],
        summary: 'An adopted, published convention’s text',
        params: Type.Object({ communityId: Id, conventionId: Id }),
        response: {
          200: Type.Object({
            id: Type.String(),
            communityName: Type.String(),
            compoundName: Nullable(Type.String()),
            title: Type.String(),
            articles: Type.Array(Article),
            adoptedAt: Type.Integer(),
            publishedAt: Type.Integer(),
            pledged: Type.Integer({ description: 'households that pledged to keep it' }),
          }),
        },
      },
    },
    async (req) => {
      const community = await liveCommunity(db, req.params.communityId);
      const c = await conventionRows(db)
        .where('c.community_id', '=', community.id)
        .where('c.id', '=', req.params.conventionId)
        .executeTakeFirst();
      if (!c || c.state !== 'adopted' || !c.published_at || !c.adopted_version_id || !c.adopted_at)
        throw new AppError(404, 'not_found');
      const [version, pledged] = await Promise.all([
        versionRow(db, c.community_id, c.adopted_version_id),
        db
          .selectFrom('convention_pledges')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('community_id', '=', c.community_id)
          .where('convention_id', '=', c.id)
          .executeTakeFirstOrThrow(),
      ]);
      return {
        id: c.id,
        communityName: community.name,
        compoundName: c.compound_name,
        title: c.title,
        articles: versionView(version).articles,
        adoptedAt: c.adopted_at,
        publishedAt: c.published_at,
        pledged: Number(pledged.n),
      };
    },
  );
};
