import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, Text } from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { audit } from '../../core/audit';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { GridsTable } from '../../core/db/schema';
import { defined, mustFind, mustRefer } from './common';
import { endMemberships, membershipRoutes } from './memberships';

/**
 * 网格: a patch of buildings that a grid leader (网格长) and grid workers (网格员) look after. A
 * building lies in at most one grid, so "whose grid is this door in" has one answer.
 */

const GridBuilding = Type.Object({ id: Type.String(), name: Type.String(), compoundId: Type.String() });

const Grid = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Nullable(Type.String({ description: 'null: a grid spanning compounds or open streets' })),
  name: Type.String(),
  buildings: Type.Array(GridBuilding),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const GridInput = Type.Object(
  { name: Text(60), compoundId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);

const GridParams = Type.Object({ communityId: Id, gridId: Id });
const GridBuildingParams = Type.Object({ communityId: Id, gridId: Id, buildingId: Id });

const gridScope = (g: GridsTable) => ({ gridId: g.id, compoundId: g.compound_id });

export const gridRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function buildingsOf(communityId: string, gridIds: string[]) {
    if (!gridIds.length) return [];
    return db
      .selectFrom('grid_buildings as gb')
      .innerJoin('buildings as b', (join) =>
        join.onRef('b.community_id', '=', 'gb.community_id').onRef('b.id', '=', 'gb.building_id'),
      )
      .select(['gb.grid_id', 'b.id', 'b.name', 'b.compound_id'])
      .where('gb.community_id', '=', communityId)
      .where('gb.grid_id', 'in', gridIds)
      .orderBy('b.name')
      .orderBy('b.id')
      .execute();
  }

  async function present(rows: GridsTable[]) {
    const buildings = await buildingsOf(
      rows[0]?.community_id ?? '',
      rows.map((g) => g.id),
    );
    return rows.map((g) => ({
      id: g.id,
      communityId: g.community_id,
      compoundId: g.compound_id,
      name: g.name,
      buildings: buildings
        .filter((b) => b.grid_id === g.id)
        .map((b) => ({ id: b.id, name: b.name, compoundId: b.compound_id })),
      createdAt: g.created_at,
      updatedAt: g.updated_at,
      archivedAt: g.archived_at,
    }));
  }

  async function presentOne(communityId: string, gridId: string) {
    const [grid] = await present([await mustFind(db, 'grids', communityId, gridId)]);
    return grid!;
  }

  /** 400 unless every building of the grid lies in `compoundId` (a grid tied to a compound keeps to it). */
  async function assertBuildingsIn(communityId: string, gridId: string, compoundId: string) {
    const outside = (await buildingsOf(communityId, [gridId])).find((b) => b.compound_id !== compoundId);
    if (outside) throw new AppError(400, 'building_not_in_compound');
  }

  app.get(
    '/communities/:communityId/grids',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'Grids (网格) in a community',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          archived: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(Grid) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'org.read');
      const { compoundId, buildingId, archived, q } = req.query;
      let query = db
        .selectFrom('grids')
        .selectAll()
        .where('community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, filter, { grid: 'id', compound: 'compound_id' }))
        .where('archived_at', archived ? 'is not' : 'is', null);
      if (compoundId) query = query.where('compound_id', '=', compoundId);
      if (buildingId)
        query = query.where('id', 'in', (eb) =>
          eb
            .selectFrom('grid_buildings')
            .select('grid_id')
            .where('community_id', '=', communityOf(req).id)
            .where('building_id', '=', buildingId),
        );
      if (q) query = query.where(contains('name', q));
      const page = await paginate(query.orderBy('name', req.query.order ?? 'asc').orderBy('id'), req.query);
      return { ...page, items: await present(page.items) };
    },
  );

  app.get(
    '/communities/:communityId/grids/:gridId',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'One grid with its buildings',
        params: GridParams,
        response: { 200: Grid },
      },
    },
    async (req) => {
      const grid = await mustFind(db, 'grids', req.params.communityId, req.params.gridId);
      requireCan(req, 'org.read', gridScope(grid));
      return presentOne(grid.community_id, grid.id);
    },
  );

  app.post(
    '/communities/:communityId/grids',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Add a grid',
        params: CommunityParams,
        body: GridInput,
        response: { 201: Grid },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const compoundId = req.body.compoundId ?? null;
      if (compoundId) await mustRefer(db, 'compounds', communityId, compoundId, 'compoundId');
      requireCan(req, 'org.write', { compoundId });
      const now = Date.now();
      const row: GridsTable = {
        community_id: communityId,
        id: newId(),
        compound_id: compoundId,
        name: req.body.name.trim(),
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await db.insertInto('grids').values(row).execute();
      return reply.status(201).send(await presentOne(communityId, row.id));
    },
  );

  app.patch(
    '/communities/:communityId/grids/:gridId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Rename a grid or tie it to another compound',
        params: GridParams,
        body: Type.Partial(GridInput, { additionalProperties: false }),
        response: { 200: Grid },
      },
    },
    async (req) => {
      const grid = await mustFind(db, 'grids', req.params.communityId, req.params.gridId);
      requireCan(req, 'org.write', gridScope(grid));
      const { name, compoundId } = req.body;
      if (compoundId) {
        await mustRefer(db, 'compounds', grid.community_id, compoundId, 'compoundId');
        await assertBuildingsIn(grid.community_id, grid.id, compoundId);
      }
      await db
        .updateTable('grids')
        .set({ ...defined({ name: name?.trim(), compound_id: compoundId }), updated_at: Date.now() })
        .where('community_id', '=', grid.community_id)
        .where('id', '=', grid.id)
        .execute();
      return presentOne(grid.community_id, grid.id);
    },
  );

  app.post(
    '/communities/:communityId/grids/:gridId/archive',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Archive a grid: its buildings are released and its workers’ places end',
        params: GridParams,
        response: { 200: Grid },
      },
    },
    async (req) => {
      const grid = await mustFind(db, 'grids', req.params.communityId, req.params.gridId);
      requireCan(req, 'org.write', gridScope(grid));
      if (grid.archived_at == null) {
        const buildings = await buildingsOf(grid.community_id, [grid.id]);
        await db.transaction().execute(async (trx) => {
          await endMemberships(trx, 'grid_workers', grid.community_id, grid.id, actor(req));
          await trx
            .deleteFrom('grid_buildings')
            .where('community_id', '=', grid.community_id)
            .where('grid_id', '=', grid.id)
            .execute();
          const now = Date.now();
          await trx
            .updateTable('grids')
            .set({ archived_at: now, updated_at: now })
            .where('community_id', '=', grid.community_id)
            .where('id', '=', grid.id)
            .execute();
          // The released buildings live on in the audit log: grid workers' reach changed.
          await audit(trx, grid.community_id, {
            ...actor(req),
            action: 'grid.archive',
            targetType: 'grids',
            targetId: grid.id,
            before: { buildingIds: buildings.map((b) => b.id) },
          });
        });
      }
      return presentOne(grid.community_id, grid.id);
    },
  );

  app.post(
    '/communities/:communityId/grids/:gridId/buildings',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Put a building in this grid (409 when another grid has it)',
        params: GridParams,
        body: Type.Object({ buildingId: Id }, { additionalProperties: false }),
        response: { 200: Grid, 201: Grid },
      },
    },
    async (req, reply) => {
      const grid = await mustFind(db, 'grids', req.params.communityId, req.params.gridId);
      requireCan(req, 'org.write', gridScope(grid));
      if (grid.archived_at != null) throw new AppError(409, 'org_closed');
      const building = await mustRefer(db, 'buildings', grid.community_id, req.body.buildingId, 'buildingId');
      requireCan(req, 'org.write', { buildingId: building.id, compoundId: building.compound_id });
      if (grid.compound_id && building.compound_id !== grid.compound_id)
        throw new AppError(400, 'building_not_in_compound');
      const holder = await db
        .selectFrom('grid_buildings as gb')
        .innerJoin('grids as g', (join) =>
          join.onRef('g.community_id', '=', 'gb.community_id').onRef('g.id', '=', 'gb.grid_id'),
        )
        .select(['g.id', 'g.name'])
        .where('gb.community_id', '=', grid.community_id)
        .where('gb.building_id', '=', building.id)
        .executeTakeFirst();
      if (holder?.id === grid.id) return presentOne(grid.community_id, grid.id);
      if (holder) throw new AppError(409, 'building_in_other_grid', { grid: holder.name });
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('grid_buildings')
          .values({ community_id: grid.community_id, grid_id: grid.id, building_id: building.id })
          .execute();
        await audit(trx, grid.community_id, {
          ...actor(req),
          action: 'grid.add_building',
          targetType: 'grids',
          targetId: grid.id,
          after: { buildingId: building.id },
        });
      });
      return reply.status(201).send(await presentOne(grid.community_id, grid.id));
    },
  );

  app.delete(
    '/communities/:communityId/grids/:gridId/buildings/:buildingId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Take a building out of this grid',
        params: GridBuildingParams,
        response: { 200: Grid },
      },
    },
    async (req) => {
      const grid = await mustFind(db, 'grids', req.params.communityId, req.params.gridId);
      requireCan(req, 'org.write', gridScope(grid));
      const removed = await db.transaction().execute(async (trx) => {
        const result = await trx
          .deleteFrom('grid_buildings')
          .where('community_id', '=', grid.community_id)
          .where('grid_id', '=', grid.id)
          .where('building_id', '=', req.params.buildingId)
          .executeTakeFirst();
        if (!Number(result.numDeletedRows)) return false;
        await audit(trx, grid.community_id, {
          ...actor(req),
          action: 'grid.remove_building',
          targetType: 'grids',
          targetId: grid.id,
          before: { buildingId: req.params.buildingId },
        });
        return true;
      });
      if (!removed) throw new AppError(404, 'not_found');
      return presentOne(grid.community_id, grid.id);
    },
  );

  membershipRoutes(app, {
    table: 'grid_workers',
    orgTable: 'grids',
    orgPath: '/communities/:communityId/grids/:gridId',
    orgParam: 'gridId',
    segment: 'workers',
    tag: 'organisations',
    noun: 'grid worker',
    positions: ['leader', 'worker'],
    positionHelp: 'leader 网格长 | worker 网格员',
    soleHolder: ['leader'],
    scopeOf: gridScope,
    isClosed: (g) => g.archived_at != null,
  });
};
