import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access, actor, principalOf } from '../../core/http/access';
import { Id, Nullable, Page, PageQuery, Text } from '../../core/http/schemas';
import { auditPlatform } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { CommunitiesTable, StreetsTable } from '../../core/db/schema';

/** Streets (街道) and the registry of communities (社区): the tenants, above any one community's data. */

const Street = Type.Object({
  id: Type.String(),
  name: Type.String(),
  code: Type.String(),
  createdAt: Type.Integer(),
});
const Community = Type.Object({
  id: Type.String(),
  streetId: Type.String(),
  name: Type.String(),
  code: Type.String(),
  address: Nullable(Type.String()),
  createdAt: Type.Integer(),
});
const Code = Type.String({
  minLength: 2,
  maxLength: 32,
  pattern: '^[A-Za-z0-9-]+$',
  description: 'short code, letters, digits and dashes',
});

const street = (s: StreetsTable) => ({ id: s.id, name: s.name, code: s.code, createdAt: s.created_at });
const community = (c: CommunitiesTable) => ({
  id: c.id,
  streetId: c.street_id,
  name: c.name,
  code: c.code,
  address: c.address,
  createdAt: c.created_at,
});

export const tenancyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/streets',
    {
      config: { access: access.session() },
      schema: {
        tags: ['tenancy'],
        summary: 'Streets I hold a role in (all, for a platform administrator)',
        response: { 200: Type.Object({ items: Type.Array(Street) }) },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      let query = db.selectFrom('streets').selectAll().where('archived_at', 'is', null).orderBy('name');
      if (!principal.platformAdmin) {
        const ids = [...new Set(principal.grants.map((g) => g.streetId))];
        if (!ids.length) return { items: [] };
        query = query.where('id', 'in', ids);
      }
      return { items: (await query.execute()).map(street) };
    },
  );

  app.post(
    '/streets',
    {
      config: { access: access.platform() },
      schema: {
        tags: ['tenancy'],
        summary: 'Open a street',
        body: Type.Object({ name: Text(60), code: Code }),
        response: { 201: Street },
      },
    },
    async (req, reply) => {
      const row: StreetsTable = {
        id: newId(),
        name: req.body.name.trim(),
        code: req.body.code,
        created_at: Date.now(),
        archived_at: null,
      };
      await db.insertInto('streets').values(row).execute();
      await auditPlatform(db, row.id, {
        ...actor(req),
        action: 'street.create',
        targetType: 'street',
        targetId: row.id,
        after: row,
      });
      return reply.status(201).send(street(row));
    },
  );

  app.get(
    '/communities',
    {
      config: { access: access.session() },
      schema: {
        tags: ['tenancy'],
        summary: 'Communities I hold a role in, directly or through my street: the scope switcher',
        response: { 200: Type.Object({ items: Type.Array(Community) }) },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      let query = db.selectFrom('communities').selectAll().where('archived_at', 'is', null).orderBy('name');
      if (!principal.platformAdmin) {
        const streetIds = principal.grants.filter((g) => g.kind === 'street').map((g) => g.id);
        const communityIds = [
          ...new Set(principal.grants.flatMap((g) => (g.communityId ? [g.communityId] : []))),
        ];
        if (!streetIds.length && !communityIds.length) return { items: [] };
        query = query.where((eb) =>
          eb.or([
            ...(streetIds.length ? [eb('street_id', 'in', streetIds)] : []),
            ...(communityIds.length ? [eb('id', 'in', communityIds)] : []),
          ]),
        );
      }
      return { items: (await query.execute()).map(community) };
    },
  );

  app.get(
    '/streets/:streetId/communities',
    {
      config: { access: access.street('org.read') },
      schema: {
        tags: ['tenancy'],
        summary: 'Communities in a street',
        params: Type.Object({ streetId: Id }),
        querystring: PageQuery,
        response: { 200: Page(Community) },
      },
    },
    async (req) => {
      let query = db
        .selectFrom('communities')
        .selectAll()
        .where('street_id', '=', req.params.streetId)
        .where('archived_at', 'is', null);
      if (req.query.q) query = query.where(contains('name', req.query.q));
      const page = await paginate(query.orderBy('name', req.query.order ?? 'asc').orderBy('id'), req.query);
      return { ...page, items: page.items.map(community) };
    },
  );

  app.post(
    '/streets/:streetId/communities',
    {
      config: { access: access.street('communities.manage') },
      schema: {
        tags: ['tenancy'],
        summary: 'Open a community in a street',
        params: Type.Object({ streetId: Id }),
        body: Type.Object({ name: Text(60), code: Code, address: Type.Optional(Text(200)) }),
        response: { 201: Community },
      },
    },
    async (req, reply) => {
      const row: CommunitiesTable = {
        id: newId(),
        street_id: req.params.streetId,
        name: req.body.name.trim(),
        code: req.body.code,
        address: req.body.address?.trim() ?? null,
        created_at: Date.now(),
        archived_at: null,
      };
      const clash = await db
        .selectFrom('communities')
        .select('id')
        .where('code', '=', row.code)
        .executeTakeFirst();
      if (clash) throw new AppError(409, 'conflict', { detail: row.code });
      await db.insertInto('communities').values(row).execute();
      await auditPlatform(db, row.street_id, {
        ...actor(req),
        action: 'community.create',
        targetType: 'community',
        targetId: row.id,
        after: row,
      });
      return reply.status(201).send(community(row));
    },
  );
};
