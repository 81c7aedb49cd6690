import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, Text } from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { BuildingsTable, DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { archiveRow, cleanName, naturalKeys, requireLive } from './shared';

/** 楼栋: a building in a compound. Its scope is {compoundId, buildingId}. */

export const Building = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  name: Type.String(),
  floors: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const BuildingFields = {
  name: Text(40),
  floors: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 200 }))),
};
const BuildingInput = Type.Object({ compoundId: Id, ...BuildingFields }, { additionalProperties: false });
const BuildingPatch = Type.Partial(Type.Object(BuildingFields), { additionalProperties: false });
const BuildingParams = Type.Object({ communityId: Id, buildingId: Id });

type BuildingRow = BuildingsTable & { compound_name: string };

const building = (b: BuildingRow) => ({
  id: b.id,
  communityId: b.community_id,
  compoundId: b.compound_id,
  compoundName: b.compound_name,
  name: b.name,
  floors: b.floors,
  createdAt: b.created_at,
  updatedAt: b.updated_at,
  archivedAt: b.archived_at,
});

/** A community's buildings with their compound's name. */
export function buildingsOf(db: Kysely<DB>, communityId: string) {
  return db
    .selectFrom('buildings')
    .innerJoin('compounds', (j) =>
      j
        .onRef('compounds.community_id', '=', 'buildings.community_id')
        .onRef('compounds.id', '=', 'buildings.compound_id'),
    )
    .selectAll('buildings')
    .select('compounds.name as compound_name')
    .where('buildings.community_id', '=', communityId);
}

export async function loadBuilding(db: Kysely<DB>, communityId: string, buildingId: string) {
  const row = await buildingsOf(db, communityId).where('buildings.id', '=', buildingId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

export const buildingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function requireNameFree(
    b: { community_id: string; compound_id: string; id?: string },
    name: string,
  ) {
    let query = db
      .selectFrom('buildings')
      .select('id')
      .where('community_id', '=', b.community_id)
      .where('compound_id', '=', b.compound_id)
      .where('name', '=', name);
    if (b.id) query = query.where('id', '!=', b.id);
    if (await query.executeTakeFirst()) throw new AppError(409, 'building_name_taken', { name });
  }

  app.get(
    '/communities/:communityId/buildings',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['structure'],
        summary: 'Buildings (楼栋) in a community, by compound and name',
        params: CommunityParams,
        querystring: ListQuery({ compoundId: Type.Optional(Id), archived: Type.Optional(Type.Boolean()) }),
        response: { 200: Page(Building) },
      },
    },
    async (req) => {
      const { compoundId, q, archived, order = 'asc' } = req.query;
      const filter = visibleRows(req, 'org.read');
      let query = buildingsOf(db, communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'buildings.compound_id', building: 'buildings.id' }),
        )
        .where('buildings.archived_at', archived ? 'is not' : 'is', null);
      if (compoundId) query = query.where('buildings.compound_id', '=', compoundId);
      if (q) query = query.where(contains('buildings.name', q));
      query = query.orderBy('compounds.name', order);
      for (const key of naturalKeys('buildings.name')) query = query.orderBy(key, order);
      const page = await paginate(query.orderBy('buildings.id'), req.query);
      return { ...page, items: page.items.map(building) };
    },
  );

  app.get(
    '/communities/:communityId/buildings/:buildingId',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['structure'],
        summary: 'One building',
        params: BuildingParams,
        response: { 200: Building },
      },
    },
    async (req) => {
      const row = await loadBuilding(db, req.params.communityId, req.params.buildingId);
      requireCan(req, 'org.read', { compoundId: row.compound_id, buildingId: row.id });
      return building(row);
    },
  );

  app.post(
    '/communities/:communityId/buildings',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Add a building to a compound',
        params: CommunityParams,
        body: BuildingInput,
        response: { 201: Building },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const compound = await db
        .selectFrom('compounds')
        .select(['id', 'name', 'archived_at'])
        .where('community_id', '=', communityId)
        .where('id', '=', req.body.compoundId)
        .executeTakeFirst();
      if (!compound) throw new AppError(404, 'not_found');
      requireCan(req, 'org.write', { compoundId: compound.id });
      requireLive(compound);
      const now = Date.now();
      const row: BuildingsTable = {
        community_id: communityId,
        id: newId(),
        compound_id: compound.id,
        name: cleanName(req, 'name', req.body.name),
        floors: req.body.floors ?? null,
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await requireNameFree(row, row.name);
      await db.insertInto('buildings').values(row).execute();
      return reply.status(201).send(building({ ...row, compound_name: compound.name }));
    },
  );

  app.patch(
    '/communities/:communityId/buildings/:buildingId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Change a building',
        params: BuildingParams,
        body: BuildingPatch,
        response: { 200: Building },
      },
    },
    async (req) => {
      const row = await loadBuilding(db, req.params.communityId, req.params.buildingId);
      requireCan(req, 'org.write', { compoundId: row.compound_id, buildingId: row.id });
      const name = req.body.name === undefined ? undefined : cleanName(req, 'name', req.body.name);
      if (name !== undefined) await requireNameFree(row, name);
      await db
        .updateTable('buildings')
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(req.body.floors !== undefined ? { floors: req.body.floors } : {}),
          updated_at: Date.now(),
        })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return building(await loadBuilding(db, row.community_id, row.id));
    },
  );

  app.post(
    '/communities/:communityId/buildings/:buildingId/archive',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Archive a building (kept for the record, hidden from lists)',
        params: BuildingParams,
        response: { 200: Building },
      },
    },
    async (req) => {
      const row = await loadBuilding(db, req.params.communityId, req.params.buildingId);
      requireCan(req, 'org.write', { compoundId: row.compound_id, buildingId: row.id });
      await archiveRow(db, 'buildings', row);
      return building(await loadBuilding(db, row.community_id, row.id));
    },
  );
};
