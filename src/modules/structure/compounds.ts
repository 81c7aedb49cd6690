import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, Text } from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { cleanName } from './shared';
import type { CompoundsTable } from '../../core/db/schema';

/** 小区: a compound of buildings, managed by a property company or by nobody. */

export const Compound = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  name: Type.String(),
  address: Nullable(Type.String()),
  yearBuilt: Nullable(Type.Integer()),
  propertyCompanyId: Nullable(Type.String({ description: 'null: no property company (无物业)' })),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const CompoundInput = Type.Object(
  {
    name: Text(60),
    address: Type.Optional(Nullable(Text(200))),
    yearBuilt: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2100 }))),
  },
  { additionalProperties: false },
);

const compound = (c: CompoundsTable) => ({
  id: c.id,
  communityId: c.community_id,
  name: c.name,
  address: c.address,
  yearBuilt: c.year_built,
  propertyCompanyId: c.property_company_id,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
  archivedAt: c.archived_at,
});

const CompoundParams = Type.Object({ communityId: Id, compoundId: Id });

export const compoundRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function load(communityId: string, compoundId: string) {
    const row = await db
      .selectFrom('compounds')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('id', '=', compoundId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }

  app.get(
    '/communities/:communityId/compounds',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['structure'],
        summary: 'Compounds in a community',
        params: CommunityParams,
        querystring: ListQuery({ archived: Type.Optional(Type.Boolean()) }),
        response: { 200: Page(Compound) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'org.read');
      let query = db
        .selectFrom('compounds')
        .selectAll()
        .where('community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, filter, { compound: 'id' }))
        .where('archived_at', req.query.archived ? 'is not' : 'is', null);
      if (req.query.q) query = query.where(contains('name', req.query.q));
      const page = await paginate(query.orderBy('name', req.query.order ?? 'asc').orderBy('id'), req.query);
      return { ...page, items: page.items.map(compound) };
    },
  );

  app.get(
    '/communities/:communityId/compounds/:compoundId',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['structure'],
        summary: 'One compound',
        params: CompoundParams,
        response: { 200: Compound },
      },
    },
    async (req) => {
      const row = await load(req.params.communityId, req.params.compoundId);
      requireCan(req, 'org.read', { compoundId: row.id });
      return compound(row);
    },
  );

  app.post(
    '/communities/:communityId/compounds',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Add a compound',
        params: CommunityParams,
        body: CompoundInput,
        response: { 201: Compound },
      },
    },
    async (req, reply) => {
      requireCan(req, 'org.write', {});
      const now = Date.now();
      const row: CompoundsTable = {
        community_id: communityOf(req).id,
        id: newId(),
        name: cleanName(req, 'name', req.body.name),
        address: req.body.address?.trim() ?? null,
        year_built: req.body.yearBuilt ?? null,
        property_company_id: null,
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await db.insertInto('compounds').values(row).execute();
      return reply.status(201).send(compound(row));
    },
  );

  app.patch(
    '/communities/:communityId/compounds/:compoundId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Change a compound',
        params: CompoundParams,
        body: Type.Partial(CompoundInput, { additionalProperties: false }),
        response: { 200: Compound },
      },
    },
    async (req) => {
      const row = await load(req.params.communityId, req.params.compoundId);
      requireCan(req, 'org.write', { compoundId: row.id });
      const { name, address, yearBuilt } = req.body;
      await db
        .updateTable('compounds')
        .set({
          ...(name !== undefined ? { name: cleanName(req, 'name', name) } : {}),
          ...(address !== undefined ? { address: address?.trim() ?? null } : {}),
          ...(yearBuilt !== undefined ? { year_built: yearBuilt } : {}),
          updated_at: Date.now(),
        })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return compound(await load(row.community_id, row.id));
    },
  );

  app.post(
    '/communities/:communityId/compounds/:compoundId/archive',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Archive a compound (kept for the record, hidden from lists)',
        params: CompoundParams,
        response: { 200: Compound },
      },
    },
    async (req) => {
      const row = await load(req.params.communityId, req.params.compoundId);
      requireCan(req, 'org.write', {});
      const now = Date.now();
      await db
        .updateTable('compounds')
        .set({ archived_at: row.archived_at ?? now, updated_at: now })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return compound(await load(row.community_id, row.id));
    },
  );
};
