import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { todayInShanghai } from '../../core/time';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { HouseholdsTable, ResidenciesTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { access, communityOf, principalOf, visibleRows } from '../../core/http/access';
import {
  CommunityParams,
  DateOnly,
  Id,
  ListQuery,
  Nullable,
  Page,
  StringEnum,
} from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { Name, Relation } from './people';
import {
  currentOn,
  findHousehold,
  findRoom,
  homesOf,
  maskedPhone,
  referencedPerson,
  requireCanHousehold,
  requireCanPerson,
  requireSinceBeforeUntil,
} from './store';
import { isCurrent, residencyKinds } from './vocabulary';

/** 户: a household living in a room, and its members (residencies: owner, tenant or family, from–to). */

const Household = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  roomId: Type.String(),
  roomNumber: Type.String(),
  compoundId: Type.String(),
  buildingId: Type.String(),
  name: Type.String(),
  headPersonId: Nullable(Type.String({ description: '户主' })),
  headName: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  closedAt: Nullable(Type.Integer()),
  closedBy: Nullable(Type.String({ description: 'account that closed it' })),
});

const Member = Type.Object({
  residencyId: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  phone: Nullable(Type.String({ description: 'masked' })),
  kind: StringEnum(residencyKinds),
  relation: Nullable(Type.String({ description: '与户主关系' })),
  since: Nullable(Type.String()),
  until: Nullable(Type.String()),
});

const HouseholdDetail = Type.Object({
  ...Household.properties,
  members: Type.Array(Member, { description: 'current members, numbers masked' }),
});

const Residency = Type.Object({
  id: Type.String(),
  householdId: Type.String(),
  personId: Type.String(),
  kind: StringEnum(residencyKinds),
  relation: Nullable(Type.String()),
  since: Nullable(Type.String()),
  until: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

const HouseholdParams = Type.Object({ communityId: Id, householdId: Id });
const ResidencyParams = Type.Object({ communityId: Id, householdId: Id, residencyId: Id });

const residency = (r: ResidenciesTable) => ({
  id: r.id,
  householdId: r.household_id,
  personId: r.person_id,
  kind: r.kind as (typeof residencyKinds)[number],
  relation: r.relation,
  since: r.since,
  until: r.until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const householdRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;

  /** Households with their room number and head's name, for lists and single reads alike. */
  function households(communityId: string) {
    return db
      .selectFrom('households')
      .innerJoin('rooms', (join) =>
        join
          .onRef('rooms.community_id', '=', 'households.community_id')
          .onRef('rooms.id', '=', 'households.room_id'),
      )
      .leftJoin('people', (join) =>
        join
          .onRef('people.community_id', '=', 'households.community_id')
          .onRef('people.id', '=', 'households.head_person_id'),
      )
      .selectAll('households')
      .select(['rooms.number as room_number', 'people.name as head_name'])
      .where('households.community_id', '=', communityId);
  }

  const household = (h: HouseholdsTable & { room_number: string; head_name: string | null }) => ({
    id: h.id,
    communityId: h.community_id,
    roomId: h.room_id,
    roomNumber: h.room_number,
    compoundId: h.compound_id,
    buildingId: h.building_id,
    name: h.name,
    headPersonId: h.head_person_id,
    headName: h.head_name,
    createdAt: h.created_at,
    updatedAt: h.updated_at,
    closedAt: h.closed_at,
    closedBy: h.closed_by,
  });

  async function load(communityId: string, householdId: string) {
    const row = await findHousehold(db, communityId, householdId);
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }

  /** Current members, masked. */
  async function members(communityId: string, householdId: string) {
    const rows = await db
      .selectFrom('residencies')
      .innerJoin('people', (join) =>
        join
          .onRef('people.community_id', '=', 'residencies.community_id')
          .onRef('people.id', '=', 'residencies.person_id'),
      )
      .selectAll('residencies')
      .select(['people.name', 'people.phone_sealed'])
      .where('residencies.community_id', '=', communityId)
      .where('residencies.household_id', '=', householdId)
      .where((eb) => currentOn(eb, 'residencies.until', todayInShanghai()))
      .orderBy('residencies.created_at')
      .orderBy('residencies.id')
      .execute();
    return rows.map((r) => ({
      residencyId: r.id,
      personId: r.person_id,
      name: r.name,
      phone: maskedPhone(vault, r.phone_sealed),
      kind: r.kind as (typeof residencyKinds)[number],
      relation: r.relation,
      since: r.since,
      until: r.until,
    }));
  }

  async function detail(communityId: string, householdId: string) {
    const row = await households(communityId)
      .where('households.id', '=', householdId)
      .executeTakeFirstOrThrow();
    return { ...household(row), members: await members(communityId, householdId) };
  }

  /** A household that can still change: found (404), in the caller's reach (403), not closed (409). */
  async function loadOpen(req: FastifyRequest, householdId: string) {
    const row = await load(communityOf(req).id, householdId);
    requireCanHousehold(req, 'people.write', row);
    if (row.closed_at !== null) throw new AppError(409, 'household_closed');
    return row;
  }

  app.get(
    '/communities/:communityId/households',
    {
      config: { access: access.community('people.read') },
      schema: {
        tags: ['people'],
        summary: 'Households in the compounds, buildings or grids the caller works in',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          roomId: Type.Optional(Id),
          closed: Type.Optional(
            Type.Boolean({ description: 'true: closed households instead of open ones' }),
          ),
        }),
        response: { 200: Page(Household) },
      },
    },
    async (req) => {
      const { q, compoundId, buildingId, roomId } = req.query;
      const filter = visibleRows(req, 'people.read');
      let query = households(communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, {
            compound: 'households.compound_id',
            building: 'households.building_id',
          }),
        )
        .where('households.closed_at', req.query.closed ? 'is not' : 'is', null);
      if (compoundId) query = query.where('households.compound_id', '=', compoundId);
      if (buildingId) query = query.where('households.building_id', '=', buildingId);
      if (roomId) query = query.where('households.room_id', '=', roomId);
      if (q) query = query.where(contains('households.name', q));
      const page = await paginate(
        query.orderBy('households.name', req.query.order ?? 'asc').orderBy('households.id'),
        req.query,
      );
      return { ...page, items: page.items.map(household) };
    },
  );

  app.get(
    '/communities/:communityId/households/:householdId',
    {
      config: { access: access.community('people.read') },
      schema: {
        tags: ['people'],
        summary: 'One household with its current members',
        params: HouseholdParams,
        response: { 200: HouseholdDetail },
      },
    },
    async (req) => {
      const row = await load(req.params.communityId, req.params.householdId);
      requireCanHousehold(req, 'people.read', row);
      return detail(row.community_id, row.id);
    },
  );

  app.post(
    '/communities/:communityId/households',
    {
      config: { access: access.community('people.write') },
      schema: {
        tags: ['people'],
        summary: 'Open a household in a room',
        params: CommunityParams,
        body: Type.Object({ roomId: Id, name: Name(40) }, { additionalProperties: false }),
        response: { 201: HouseholdDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const room = await findRoom(db, communityId, req.body.roomId);
      if (!room) throw new AppError(400, 'unknown_room');
      // The household takes its room's place, so scope checks and filters need no joins.
      const scope = { compound_id: room.compound_id, building_id: room.building_id };
      requireCanHousehold(req, 'people.write', scope);
      const now = Date.now();
      const row: HouseholdsTable = {
        community_id: communityId,
        id: newId(),
        room_id: room.id,
        ...scope,
        name: req.body.name.trim(),
        head_person_id: null,
        created_at: now,
        updated_at: now,
        closed_at: null,
        closed_by: null,
      };
      await db.insertInto('households').values(row).execute();
      return reply.status(201).send(await detail(communityId, row.id));
    },
  );

  app.patch(
    '/communities/:communityId/households/:householdId',
    {
      config: { access: access.community('people.write') },
      schema: {
        tags: ['people'],
        summary: 'Rename a household or change its head (who must be a current member)',
        params: HouseholdParams,
        body: Type.Object(
          { name: Type.Optional(Name(40)), headPersonId: Type.Optional(Nullable(Id)) },
          { additionalProperties: false },
        ),
        response: { 200: HouseholdDetail },
      },
    },
    async (req) => {
      const row = await loadOpen(req, req.params.householdId);
      const { name, headPersonId } = req.body;
      if (headPersonId) {
        const current = await members(row.community_id, row.id);
        if (!current.some((m) => m.personId === headPersonId)) throw new AppError(400, 'head_not_member');
      }
      await db
        .updateTable('households')
        .set({
          ...(name !== undefined ? { name: name.trim() } : {}),
          ...(headPersonId !== undefined ? { head_person_id: headPersonId } : {}),
          updated_at: Date.now(),
        })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return detail(row.community_id, row.id);
    },
  );

  app.post(
    '/communities/:communityId/households/:householdId/close',
    {
      config: { access: access.community('people.write') },
      schema: {
        tags: ['people'],
        summary:
          'Close a household (moved out, merged): kept for the record; its members’ residencies end today',
        params: HouseholdParams,
        response: { 200: HouseholdDetail },
      },
    },
    async (req) => {
      const row = await loadOpen(req, req.params.householdId);
      const now = Date.now();
      const on = todayInShanghai(now);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('households')
          .set({ closed_at: now, closed_by: principalOf(req).accountId, updated_at: now })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .execute();
        await trx
          .updateTable('residencies')
          .set({ until: on, updated_at: now })
          .where('community_id', '=', row.community_id)
          .where('household_id', '=', row.id)
          .where((eb) => currentOn(eb, 'until', on))
          .execute();
      });
      return detail(row.community_id, row.id);
    },
  );

  app.post(
    '/communities/:communityId/households/:householdId/residencies',
    {
      config: { access: access.community('people.write') },
      schema: {
        tags: ['people'],
        summary: 'A person moves into a household',
        params: HouseholdParams,
        body: Type.Object(
          {
            personId: Id,
            kind: StringEnum(residencyKinds),
            relation: Type.Optional(Relation),
            since: Type.Optional(Nullable(DateOnly)),
          },
          { additionalProperties: false },
        ),
        response: { 201: Residency },
      },
    },
    async (req, reply) => {
      const row = await loadOpen(req, req.params.householdId);
      const person = await referencedPerson(db, row.community_id, req.body.personId);
      // Moving someone in reveals them to whoever covers this household: the caller must already reach them.
      const homes = await homesOf(db, row.community_id, [person.id], todayInShanghai());
      requireCanPerson(req, 'people.write', homes);
      if (homes.some((h) => h.householdId === row.id)) throw new AppError(409, 'already_resident');
      const now = Date.now();
      const created: ResidenciesTable = {
        community_id: row.community_id,
        id: newId(),
        household_id: row.id,
        person_id: person.id,
        kind: req.body.kind,
        relation: req.body.relation?.trim() || null,
        since: req.body.since ?? null,
        until: null,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('residencies').values(created).execute();
      return reply.status(201).send(residency(created));
    },
  );

  app.post(
    '/communities/:communityId/households/:householdId/residencies/:residencyId/end',
    {
      config: { access: access.community('people.write') },
      schema: {
        tags: ['people'],
        summary: 'A person moves out of a household (on `until`, today by default)',
        params: ResidencyParams,
        body: Type.Object({ until: Type.Optional(DateOnly) }, { additionalProperties: false }),
        response: { 200: Residency },
      },
    },
    async (req) => {
      const row = await load(req.params.communityId, req.params.householdId);
      requireCanHousehold(req, 'people.write', row);
      const found = await db
        .selectFrom('residencies')
        .selectAll()
        .where('community_id', '=', row.community_id)
        .where('household_id', '=', row.id)
        .where('id', '=', req.params.residencyId)
        .executeTakeFirst();
      if (!found) throw new AppError(404, 'not_found');
      const on = todayInShanghai();
      if (!isCurrent(found.until, on)) throw new AppError(409, 'already_ended');
      const until = req.body.until ?? on;
      requireSinceBeforeUntil(found.since, until);
      const ended = { ...found, until, updated_at: Date.now() };
      await db
        .updateTable('residencies')
        .set({ until, updated_at: ended.updated_at })
        .where('community_id', '=', found.community_id)
        .where('id', '=', found.id)
        .execute();
      return residency(ended);
    },
  );
};
