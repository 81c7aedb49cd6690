import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, Text } from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { DB, EntrancesTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { loadBuilding } from './buildings';
import { archiveRow, cleanName, naturalKeys, requireLive } from './shared';

/** 单元: an entrance (stairway) of a building; rooms hang off it. Its scope is its building's. */

export const Entrance = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  name: Type.String(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const EntranceFields = { name: Text(40) };
const EntranceInput = Type.Object({ buildingId: Id, ...EntranceFields }, { additionalProperties: false });
const EntrancePatch = Type.Partial(Type.Object(EntranceFields), { additionalProperties: false });
const EntranceParams = Type.Object({ communityId: Id, entranceId: Id });

type EntranceRow = EntrancesTable & { compound_id: string; building_name: string };

const entrance = (e: EntranceRow) => ({
  id: e.id,
  communityId: e.community_id,
  compoundId: e.compound_id,
  buildingId: e.building_id,
  buildingName: e.building_name,
  name: e.name,
  createdAt: e.created_at,
  updatedAt: e.updated_at,
  archivedAt: e.archived_at,
});

/** A community's entrances with their building's compound and name. */
export function entrancesOf(db: Kysely<DB>, communityId: string) {
  return db
    .selectFrom('entrances')
    .innerJoin('buildings', (j) =>
      j
        .onRef('buildings.community_id', '=', 'entrances.community_id')
        .onRef('buildings.id', '=', 'entrances.building_id'),
    )
    .selectAll('entrances')
    .select(['buildings.compound_id', 'buildings.name as building_name'])
    .where('entrances.community_id', '=', communityId);
}

export async function loadEntrance(db: Kysely<DB>, communityId: string, entranceId: string) {
  const row = await entrancesOf(db, communityId).where('entrances.id', '=', entranceId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

export const entranceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function requireNameFree(
    e: { community_id: string; building_id: string; id?: string },
    name: string,
  ) {
    let query = db
      .selectFrom('entrances')
      .select('id')
      .where('community_id', '=', e.community_id)
      .where('building_id', '=', e.building_id)
      .where('name', '=', name);
    if (e.id) query = query.where('id', '!=', e.id);
    if (await query.executeTakeFirst()) throw new AppError(409, 'entrance_name_taken', { name });
  }

  app.get(
    '/communities/:communityId/entrances',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['structure'],
        summary: 'Entrances (单元), usually of one building',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          archived: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(Entrance) },
      },
    },
    async (req) => {
      const { compoundId, buildingId, q, archived, order = 'asc' } = req.query;
      const filter = visibleRows(req, 'org.read');
      let query = entrancesOf(db, communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'buildings.compound_id', building: 'entrances.building_id' }),
        )
        .where('entrances.archived_at', archived ? 'is not' : 'is', null);
      if (compoundId) query = query.where('buildings.compound_id', '=', compoundId);
      if (buildingId) query = query.where('entrances.building_id', '=', buildingId);
      if (q) query = query.where(contains('entrances.name', q));
      for (const key of [...naturalKeys('buildings.name'), ...naturalKeys('entrances.name')])
        query = query.orderBy(key, order);
      const page = await paginate(query.orderBy('entrances.id'), req.query);
      return { ...page, items: page.items.map(entrance) };
    },
  );

  app.post(
    '/communities/:communityId/entrances',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Add an entrance to a building',
        params: CommunityParams,
        body: EntranceInput,
        response: { 201: Entrance },
      },
    },
    async (req, reply) => {
      const parent = await loadBuilding(db, communityOf(req).id, req.body.buildingId);
      requireCan(req, 'org.write', { compoundId: parent.compound_id, buildingId: parent.id });
      requireLive(parent);
      const now = Date.now();
      const row: EntrancesTable = {
        community_id: parent.community_id,
        id: newId(),
        building_id: parent.id,
        name: cleanName(req, 'name', req.body.name),
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await requireNameFree(row, row.name);
      await db.insertInto('entrances').values(row).execute();
      return reply
        .status(201)
        .send(entrance({ ...row, compound_id: parent.compound_id, building_name: parent.name }));
    },
  );

  app.patch(
    '/communities/:communityId/entrances/:entranceId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Rename an entrance',
        params: EntranceParams,
        body: EntrancePatch,
        response: { 200: Entrance },
      },
    },
    async (req) => {
      const row = await loadEntrance(db, req.params.communityId, req.params.entranceId);
      requireCan(req, 'org.write', { compoundId: row.compound_id, buildingId: row.building_id });
      const name = req.body.name === undefined ? undefined : cleanName(req, 'name', req.body.name);
      if (name !== undefined) await requireNameFree(row, name);
      await db
        .updateTable('entrances')
        .set({ ...(name !== undefined ? { name } : {}), updated_at: Date.now() })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return entrance(await loadEntrance(db, row.community_id, row.id));
    },
  );

  app.post(
    '/communities/:communityId/entrances/:entranceId/archive',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Archive an entrance (kept for the record, hidden from lists)',
        params: EntranceParams,
        response: { 200: Entrance },
      },
    },
    async (req) => {
      const row = await loadEntrance(db, req.params.communityId, req.params.entranceId);
      requireCan(req, 'org.write', { compoundId: row.compound_id, buildingId: row.building_id });
      await archiveRow(db, 'entrances', row);
      return entrance(await loadEntrance(db, row.community_id, row.id));
    },
  );
};
