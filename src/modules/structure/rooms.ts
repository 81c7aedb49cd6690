import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { DB, RoomsTable } from '../../core/db/schema';
import { audit } from '../../core/audit';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { formatArea } from './area';
import { loadEntrance } from './entrances';
import { archiveRow, cleanName, naturalKeys, readArea, requireLive } from './shared';

/**
 * 房屋 / 专有部分: a room (flat, shop, parking space) in an entrance. Its area weighs its owner's
 * vote (DESIGN §6), so every change to the area the assembly counts is audited with before and after.
 */

export const areaSources = ['register', 'survey', 'contract'] as const; // 不动产登记 | 测绘 | 购房合同
export const roomUses = ['residence', 'shop', 'parking', 'other'] as const; // 住宅 | 商铺 | 车位 | 其他

export const Room = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  entranceId: Type.String(),
  entranceName: Type.String(),
  number: Type.String(),
  floor: Nullable(Type.Integer()),
  area: Type.String({ description: 'exclusive area in m², exactly two decimals', examples: ['89.57'] }),
  areaSource: StringEnum(areaSources),
  use: StringEnum(roomUses),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const AreaInput = Type.Unsafe<string | number>({
  type: ['string', 'number'],
  description: 'exclusive area in m², more than 0, at most 100000, at most two decimals',
  examples: ['89.57', 89.57],
});

const RoomFields = {
  number: Text(20),
  floor: Type.Optional(Nullable(Type.Integer({ minimum: -10, maximum: 300 }))),
  area: AreaInput,
  areaSource: StringEnum(areaSources, { description: 'where the area comes from' }),
  use: StringEnum(roomUses),
};
const RoomInput = Type.Object({ entranceId: Id, ...RoomFields }, { additionalProperties: false });
const RoomPatch = Type.Partial(Type.Object(RoomFields), { additionalProperties: false });
const RoomParams = Type.Object({ communityId: Id, roomId: Id });

const RoomListQuery = ListQuery({
  compoundId: Type.Optional(Id),
  buildingId: Type.Optional(Id),
  entranceId: Type.Optional(Id),
  use: Type.Optional(StringEnum(roomUses)),
  archived: Type.Optional(Type.Boolean()),
  sort: Type.Optional(
    StringEnum(['building', 'entrance', 'number'] as const, {
      description:
        'building: by compound, building, entrance, number (default); entrance: by entrance, number',
    }),
  ),
});

type RoomRow = RoomsTable & { compound_name: string; building_name: string; entrance_name: string };

const room = (r: RoomRow) => ({
  id: r.id,
  communityId: r.community_id,
  compoundId: r.compound_id,
  compoundName: r.compound_name,
  buildingId: r.building_id,
  buildingName: r.building_name,
  entranceId: r.entrance_id,
  entranceName: r.entrance_name,
  number: r.number,
  floor: r.floor,
  area: formatArea(r.area_centi),
  areaSource: r.area_source as (typeof areaSources)[number],
  use: r.use as (typeof roomUses)[number],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  archivedAt: r.archived_at,
});

/** What the audit log keeps of a room: the figures an owners' assembly counts. */
const countedFigures = (r: RoomsTable) => ({
  number: r.number,
  area: formatArea(r.area_centi),
  areaSource: r.area_source,
  entranceId: r.entrance_id,
});

const sortKeys = {
  building: [
    sql.ref('compounds.name'),
    ...naturalKeys('buildings.name'),
    ...naturalKeys('entrances.name'),
    ...naturalKeys('rooms.number'),
  ],
  entrance: [...naturalKeys('entrances.name'), ...naturalKeys('rooms.number')],
  number: naturalKeys('rooms.number'),
};

/** A community's rooms with the names of their compound, building and entrance. */
function roomsOf(db: Kysely<DB>, communityId: string) {
  return db
    .selectFrom('rooms')
    .innerJoin('entrances', (j) =>
      j
        .onRef('entrances.community_id', '=', 'rooms.community_id')
        .onRef('entrances.id', '=', 'rooms.entrance_id'),
    )
    .innerJoin('buildings', (j) =>
      j
        .onRef('buildings.community_id', '=', 'rooms.community_id')
        .onRef('buildings.id', '=', 'rooms.building_id'),
    )
    .innerJoin('compounds', (j) =>
      j
        .onRef('compounds.community_id', '=', 'rooms.community_id')
        .onRef('compounds.id', '=', 'rooms.compound_id'),
    )
    .selectAll('rooms')
    .select([
      'compounds.name as compound_name',
      'buildings.name as building_name',
      'entrances.name as entrance_name',
    ])
    .where('rooms.community_id', '=', communityId);
}

export const roomRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function load(communityId: string, roomId: string) {
    const row = await roomsOf(db, communityId).where('rooms.id', '=', roomId).executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }

  async function requireNumberFree(
    r: { community_id: string; entrance_id: string; id?: string },
    number: string,
  ) {
    let query = db
      .selectFrom('rooms')
      .select('id')
      .where('community_id', '=', r.community_id)
      .where('entrance_id', '=', r.entrance_id)
      .where('number', '=', number);
    if (r.id) query = query.where('id', '!=', r.id);
    if (await query.executeTakeFirst()) throw new AppError(409, 'room_number_taken', { number });
  }

  const auditRoom = (
    trx: Kysely<DB>,
    req: FastifyRequest,
    action: 'room.create' | 'room.area' | 'room.archive',
    target: RoomsTable,
    change: { before?: RoomsTable; after?: RoomsTable },
  ) =>
    audit(trx, target.community_id, {
      ...actor(req),
      action,
      targetType: 'room',
      targetId: target.id,
      before: change.before && countedFigures(change.before),
      after: change.after && countedFigures(change.after),
    });

  app.get(
    '/communities/:communityId/rooms',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['structure'],
        summary: 'Rooms (房屋): filter by compound, building, entrance or use; q searches the number',
        params: CommunityParams,
        querystring: RoomListQuery,
        response: { 200: Page(Room) },
      },
    },
    async (req) => {
      const {
        compoundId,
        buildingId,
        entranceId,
        use,
        q,
        archived,
        order = 'asc',
        sort = 'building',
      } = req.query;
      const filter = visibleRows(req, 'org.read');
      let query = roomsOf(db, communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'rooms.compound_id', building: 'rooms.building_id' }),
        )
        .where('rooms.archived_at', archived ? 'is not' : 'is', null);
      if (compoundId) query = query.where('rooms.compound_id', '=', compoundId);
      if (buildingId) query = query.where('rooms.building_id', '=', buildingId);
      if (entranceId) query = query.where('rooms.entrance_id', '=', entranceId);
      if (use) query = query.where('rooms.use', '=', use);
      if (q) query = query.where(contains('rooms.number', q));
      for (const key of sortKeys[sort]) query = query.orderBy(key, order);
      const page = await paginate(query.orderBy('rooms.id'), req.query);
      return { ...page, items: page.items.map(room) };
    },
  );

  app.get(
    '/communities/:communityId/rooms/:roomId',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['structure'],
        summary: 'One room',
        params: RoomParams,
        response: { 200: Room },
      },
    },
    async (req) => {
      const row = await load(req.params.communityId, req.params.roomId);
      requireCan(req, 'org.read', { compoundId: row.compound_id, buildingId: row.building_id });
      return room(row);
    },
  );

  app.post(
    '/communities/:communityId/rooms',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Add a room to an entrance',
        params: CommunityParams,
        body: RoomInput,
        response: { 201: Room },
      },
    },
    async (req, reply) => {
      const parent = await loadEntrance(db, communityOf(req).id, req.body.entranceId);
      requireCan(req, 'org.write', { compoundId: parent.compound_id, buildingId: parent.building_id });
      requireLive(parent);
      const now = Date.now();
      // Placement comes from the entrance, never from the body, so scope filters can trust it.
      const row: RoomsTable = {
        community_id: parent.community_id,
        id: newId(),
        compound_id: parent.compound_id,
        building_id: parent.building_id,
        entrance_id: parent.id,
        number: cleanName(req, 'number', req.body.number),
        floor: req.body.floor ?? null,
        area_centi: readArea(req, req.body.area),
        area_source: req.body.areaSource,
        use: req.body.use,
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await requireNumberFree(row, row.number);
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('rooms').values(row).execute();
        await auditRoom(trx, req, 'room.create', row, { after: row });
      });
      return reply.status(201).send(room(await load(row.community_id, row.id)));
    },
  );

  app.patch(
    '/communities/:communityId/rooms/:roomId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Change a room; a change of area or its source is audited',
        params: RoomParams,
        body: RoomPatch,
        response: { 200: Room },
      },
    },
    async (req) => {
      const before = await load(req.params.communityId, req.params.roomId);
      requireCan(req, 'org.write', { compoundId: before.compound_id, buildingId: before.building_id });
      const { floor, areaSource, use } = req.body;
      const number = req.body.number === undefined ? undefined : cleanName(req, 'number', req.body.number);
      const areaCenti = req.body.area === undefined ? undefined : readArea(req, req.body.area);
      if (number !== undefined) await requireNumberFree(before, number);
      const changes = {
        ...(number !== undefined ? { number } : {}),
        ...(floor !== undefined ? { floor } : {}),
        ...(areaCenti !== undefined ? { area_centi: areaCenti } : {}),
        ...(areaSource !== undefined ? { area_source: areaSource } : {}),
        ...(use !== undefined ? { use } : {}),
        updated_at: Date.now(),
      };
      const after = { ...before, ...changes };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('rooms')
          .set(changes)
          .where('community_id', '=', before.community_id)
          .where('id', '=', before.id)
          .execute();
        if (after.area_centi !== before.area_centi || after.area_source !== before.area_source)
          await auditRoom(trx, req, 'room.area', before, { before, after });
      });
      return room(await load(before.community_id, before.id));
    },
  );

  app.post(
    '/communities/:communityId/rooms/:roomId/archive',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['structure'],
        summary: 'Archive a room (kept for the record, hidden from lists; its area leaves the totals)',
        params: RoomParams,
        response: { 200: Room },
      },
    },
    async (req) => {
      const row = await load(req.params.communityId, req.params.roomId);
      requireCan(req, 'org.write', { compoundId: row.compound_id, buildingId: row.building_id });
      if (row.archived_at === null)
        await db.transaction().execute(async (trx) => {
          await archiveRow(trx, 'rooms', row);
          await auditRoom(trx, req, 'room.archive', row, { before: row });
        });
      return room(await load(row.community_id, row.id));
    },
  );
};
