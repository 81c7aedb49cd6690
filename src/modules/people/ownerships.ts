import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { todayInShanghai } from '../../core/time';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import type { Kysely } from 'kysely';
import type { DB, OwnershipsTable, RoomsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import type { Action } from '../../core/access/roles';
import { access, actor, communityOf, requireCan } from '../../core/http/access';
import { DateOnly, Id, Nullable } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { maskName } from '../../core/personal';
import { findRoom, referencedPerson, requireSinceBeforeUntil } from './store';
import {} from './vocabulary';
import { developerKey, electorate, roomVoter } from './voters';

/**
 * 产权: who owns which room, and so who votes for it in the owners' assembly (DESIGN §6). Every write
 * here changes somebody's vote, so every write is audited.
 */

const Ownership = Type.Object({
  id: Type.String(),
  roomId: Type.String(),
  compoundId: Type.String(),
  personId: Nullable(Type.String({ description: 'null for the developer' })),
  personName: Nullable(Type.String()),
  isDeveloper: Type.Boolean({ description: 'the developer, for a room not yet sold or delivered' }),
  isVoter: Type.Boolean({
    description: 'votes for the room: the owner marked as voter, else the earliest registered',
  }),
  since: Nullable(Type.String()),
  until: Nullable(Type.String()),
  createdAt: Type.Integer(),
  endedAt: Nullable(Type.Integer()),
});

const Voter = Type.Object({
  key: Type.String({ description: 'one key per head: a person id, or "developer"' }),
  personId: Nullable(Type.String()),
  name: Nullable(Type.String({ description: 'masked' })),
  developer: Type.Boolean(),
});

const Electorate = Type.Object({
  compoundId: Type.String(),
  rooms: Type.Array(
    Type.Object({
      roomId: Type.String(),
      building: Type.String(),
      entrance: Type.String(),
      number: Type.String(),
      areaCenti: Type.Integer({ description: 'exclusive area, hundredths of m²' }),
      voter: Nullable(Voter),
    }),
  ),
  roomCount: Type.Integer(),
  roomsWithoutOwner: Type.Integer({ description: 'rooms with no current owner: the roll is incomplete' }),
  totalAreaCenti: Type.Integer({ description: 'area of every room, owned or not' }),
  heads: Type.Integer({ description: 'distinct voters (人数)' }),
});

const RoomParams = Type.Object({ communityId: Id, roomId: Id });
const OwnershipParams = Type.Object({ communityId: Id, roomId: Id, ownershipId: Id });

/** An ownership holds until its end is registered (ended_at); `until` records the date on the deed. */
const stillHeld = (o: Pick<OwnershipsTable, 'ended_at'>) => o.ended_at === null;

/** The facts voters.ts reasons on, from a row. */
const fact = (o: OwnershipsTable) => ({
  id: o.id,
  roomId: o.room_id,
  personId: o.person_id,
  isDeveloper: o.is_developer === 1,
  isVoter: o.is_voter === 1,
  createdAt: o.created_at,
});

/** What the audit log keeps of an ownership: enough to replay who could vote for what. */
const auditView = (o: OwnershipsTable) => ({
  roomId: o.room_id,
  personId: o.person_id,
  isDeveloper: o.is_developer === 1,
  isVoter: o.is_voter === 1,
  since: o.since,
  until: o.until,
});

/** Unmarks the room's current voter, so that at most one current ownership is ever marked. */
async function clearVoter(trx: Kysely<DB>, room: RoomsTable, now: number) {
  await trx
    .updateTable('ownerships')
    .set({ is_voter: 0, updated_at: now })
    .where('community_id', '=', room.community_id)
    .where('room_id', '=', room.id)
    .where('ended_at', 'is', null)
    .where('is_voter', '=', 1)
    .execute();
}

export const ownershipRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function loadRoom(req: FastifyRequest, roomId: string, action: Action) {
    const room = await findRoom(db, communityOf(req).id, roomId);
    if (!room) throw new AppError(404, 'not_found');
    requireCan(req, action, { compoundId: room.compound_id, buildingId: room.building_id });
    return room;
  }

  /** A room's ownerships, oldest first, each with the name of its owner. */
  function roomOwnerships(room: RoomsTable) {
    return db
      .selectFrom('ownerships')
      .leftJoin('people', (join) =>
        join
          .onRef('people.community_id', '=', 'ownerships.community_id')
          .onRef('people.id', '=', 'ownerships.person_id'),
      )
      .selectAll('ownerships')
      .select('people.name as person_name')
      .where('ownerships.community_id', '=', room.community_id)
      .where('ownerships.room_id', '=', room.id)
      .orderBy('ownerships.created_at')
      .orderBy('ownerships.id')
      .execute();
  }

  async function owners(room: RoomsTable, history: boolean) {
    const rows = await roomOwnerships(room);
    const voter = roomVoter(rows.filter(stillHeld).map(fact));
    return rows
      .filter((o) => history || stillHeld(o))
      .map((o) => ({
        id: o.id,
        roomId: o.room_id,
        compoundId: o.compound_id,
        personId: o.person_id,
        personName: o.person_name,
        isDeveloper: o.is_developer === 1,
        isVoter: o.id === voter?.id,
        since: o.since,
        until: o.until,
        createdAt: o.created_at,
        endedAt: o.ended_at,
      }));
  }

  async function ownerOf(room: RoomsTable, ownershipId: string) {
    return (await owners(room, true)).find((o) => o.id === ownershipId)!;
  }

  async function loadOwnership(room: RoomsTable, ownershipId: string) {
    const row = await db
      .selectFrom('ownerships')
      .selectAll()
      .where('community_id', '=', room.community_id)
      .where('room_id', '=', room.id)
      .where('id', '=', ownershipId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }

  app.get(
    '/communities/:communityId/rooms/:roomId/owners',
    {
      config: { access: access.community('people.read') },
      schema: {
        tags: ['ownership'],
        summary: 'A room’s current owners (a handful, so not paged), and with history=true its past ones',
        params: RoomParams,
        querystring: Type.Object({ history: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ items: Type.Array(Ownership) }) },
      },
    },
    async (req) => {
      const room = await loadRoom(req, req.params.roomId, 'people.read');
      return { items: await owners(room, req.query.history === true) };
    },
  );

  app.post(
    '/communities/:communityId/rooms/:roomId/owners',
    {
      config: { access: access.community('ownership.write') },
      schema: {
        tags: ['ownership'],
        summary:
          'Register an owner of a room: a person, or the developer for a room not yet sold or delivered',
        params: RoomParams,
        body: Type.Object(
          {
            personId: Type.Optional(Id),
            developer: Type.Optional(Type.Boolean()),
            since: Type.Optional(Nullable(DateOnly)),
            voter: Type.Optional(Type.Boolean({ description: 'this owner votes for the room' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Ownership },
      },
    },
    async (req, reply) => {
      const room = await loadRoom(req, req.params.roomId, 'ownership.write');
      const { personId, since, voter } = req.body;
      const developer = req.body.developer === true;
      if (developer === (personId !== undefined)) throw new AppError(400, 'owner_required');
      if (personId) await referencedPerson(db, room.community_id, personId);
      const current = (await roomOwnerships(room)).filter(stillHeld);
      if (current.some((o) => (developer ? o.is_developer === 1 : o.person_id === personId)))
        throw new AppError(409, 'already_owner');
      // The developer holds a room until it is sold; then the buyers hold it. Never both at once.
      if (current.some((o) => (o.is_developer === 1) !== developer))
        throw new AppError(409, 'developer_conflict');
      const now = Date.now();
      const row: OwnershipsTable = {
        community_id: room.community_id,
        id: newId(),
        room_id: room.id,
        compound_id: room.compound_id,
        person_id: personId ?? null,
        is_developer: developer ? 1 : 0,
        is_voter: voter ? 1 : 0,
        since: since ?? null,
        until: null,
        created_at: now,
        updated_at: now,
        ended_at: null,
      };
      await db.transaction().execute(async (trx) => {
        if (voter) await clearVoter(trx, room, now);
        await trx.insertInto('ownerships').values(row).execute();
        await audit(trx, room.community_id, {
          ...actor(req),
          action: 'ownership.add',
          targetType: 'ownership',
          targetId: row.id,
          after: auditView(row),
        });
      });
      return reply.status(201).send(await ownerOf(room, row.id));
    },
  );

  app.post(
    '/communities/:communityId/rooms/:roomId/owners/:ownershipId/end',
    {
      config: { access: access.community('ownership.write') },
      schema: {
        tags: ['ownership'],
        summary: 'End an ownership (sold, inherited, delivered): its holder no longer votes for the room',
        params: OwnershipParams,
        body: Type.Object({ until: Type.Optional(DateOnly) }, { additionalProperties: false }),
        response: { 200: Ownership },
      },
    },
    async (req) => {
      const room = await loadRoom(req, req.params.roomId, 'ownership.write');
      const before = await loadOwnership(room, req.params.ownershipId);
      if (!stillHeld(before)) throw new AppError(409, 'already_ended');
      const until = req.body.until ?? todayInShanghai();
      requireSinceBeforeUntil(before.since, until);
      const now = Date.now();
      const after = { ...before, until, ended_at: now, updated_at: now };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('ownerships')
          .set({ until, ended_at: now, updated_at: now })
          .where('community_id', '=', room.community_id)
          .where('id', '=', before.id)
          .execute();
        await audit(trx, room.community_id, {
          ...actor(req),
          action: 'ownership.end',
          targetType: 'ownership',
          targetId: before.id,
          before: auditView(before),
          after: auditView(after),
        });
      });
      return ownerOf(room, before.id);
    },
  );

  app.post(
    '/communities/:communityId/rooms/:roomId/owners/:ownershipId/voter',
    {
      config: { access: access.community('ownership.write') },
      schema: {
        tags: ['ownership'],
        summary: 'Make this owner the one who votes for the room (co-owners share one vote)',
        params: OwnershipParams,
        response: { 200: Ownership },
      },
    },
    async (req) => {
      const room = await loadRoom(req, req.params.roomId, 'ownership.write');
      const chosen = await loadOwnership(room, req.params.ownershipId);
      if (!stillHeld(chosen)) throw new AppError(409, 'already_ended');
      const previous = roomVoter((await roomOwnerships(room)).filter(stillHeld).map(fact));
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await clearVoter(trx, room, now);
        await trx
          .updateTable('ownerships')
          .set({ is_voter: 1, updated_at: now })
          .where('community_id', '=', room.community_id)
          .where('id', '=', chosen.id)
          .execute();
        await audit(trx, room.community_id, {
          ...actor(req),
          action: 'ownership.voter',
          targetType: 'room',
          targetId: room.id,
          before: { ownershipId: previous?.id ?? null, personId: previous?.personId ?? null },
          after: { ownershipId: chosen.id, personId: chosen.person_id },
        });
      });
      return ownerOf(room, chosen.id);
    },
  );

  app.get(
    '/communities/:communityId/compounds/:compoundId/electorate',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['ownership'],
        summary:
          'The owners’ roll of a compound: each room’s area and voter, total area and heads (Civil Code art. 278)',
        params: Type.Object({ communityId: Id, compoundId: Id }),
        response: { 200: Electorate },
      },
    },
    async (req) => {
      const { communityId, compoundId } = req.params;
      const compound = await db
        .selectFrom('compounds')
        .select('id')
        .where('community_id', '=', communityId)
        .where('id', '=', compoundId)
        .executeTakeFirst();
      if (!compound) throw new AppError(404, 'not_found');
      requireCan(req, 'org.read', { compoundId });
      const [rooms, ownerships] = await Promise.all([
        db
          .selectFrom('rooms')
          .innerJoin('buildings', (join) =>
            join
              .onRef('buildings.community_id', '=', 'rooms.community_id')
              .onRef('buildings.id', '=', 'rooms.building_id'),
          )
          .innerJoin('entrances', (join) =>
            join
              .onRef('entrances.community_id', '=', 'rooms.community_id')
              .onRef('entrances.id', '=', 'rooms.entrance_id'),
          )
          .select([
            'rooms.id',
            'rooms.number',
            'rooms.area_centi',
            'buildings.name as building',
            'entrances.name as entrance',
          ])
          .where('rooms.community_id', '=', communityId)
          .where('rooms.compound_id', '=', compoundId)
          .where('rooms.archived_at', 'is', null)
          .orderBy('buildings.name')
          .orderBy('entrances.name')
          .orderBy('rooms.number')
          .orderBy('rooms.id')
          .execute(),
        db
          .selectFrom('ownerships')
          .leftJoin('people', (join) =>
            join
              .onRef('people.community_id', '=', 'ownerships.community_id')
              .onRef('people.id', '=', 'ownerships.person_id'),
          )
          .selectAll('ownerships')
          .select('people.name as person_name')
          .where('ownerships.community_id', '=', communityId)
          .where('ownerships.compound_id', '=', compoundId)
          .where('ownerships.ended_at', 'is', null)
          .execute(),
      ]);
      const roll = electorate(
        rooms.map((r) => ({ id: r.id, areaCenti: r.area_centi })),
        ownerships.map(fact),
      );
      const nameOf = new Map(ownerships.map((o) => [o.id, o.person_name]));
      return {
        compoundId,
        rooms: roll.rooms.map((entry, i) => {
          const room = rooms[i]!;
          const name = entry.ownershipId ? nameOf.get(entry.ownershipId) : null;
          return {
            roomId: room.id,
            building: room.building,
            entrance: room.entrance,
            number: room.number,
            areaCenti: entry.areaCenti,
            voter: entry.voter
              ? {
                  key: entry.voter,
                  personId: entry.voter === developerKey ? null : entry.voter,
                  name: name ? maskName(name) : null,
                  developer: entry.voter === developerKey,
                }
              : null,
          };
        }),
        roomCount: rooms.length,
        roomsWithoutOwner: roll.rooms.filter((r) => r.voter === null).length,
        totalAreaCenti: roll.totalAreaCenti,
        heads: roll.heads,
      };
    },
  );
};
