import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ExpressionBuilder } from 'kysely';
import { Type } from 'typebox';
import { can } from '../../core/access/policy';
import { roleActions, roles } from '../../core/access/roles';
import { loadPrincipal } from '../../core/access/principal';
import { audit } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import type { AssembliesTable, DB, RoomsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { access, actor, communityOf, principalOf } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { assemblyStatuses } from './lifecycle';
import { canOnAssembly, loadAssembly, requireOnAssembly } from './scope';
import { liveMatters, mustAssembly } from './store';
import { AssemblyParams } from './views';

/**
 * 扫楼: volunteers assigned to buildings knock on every door before and during voting and note what
 * each room said, so organisers see where owners still need a visit or a paper ballot.
 */

export const canvassOutcomes = ['contacted', 'voted', 'refused', 'unreachable', 'needs_paper'] as const;
type Outcome = (typeof canvassOutcomes)[number];
const OutcomeHelp =
  'contacted 已联系 | voted 已投票 | refused 拒绝 | unreachable 无人/联系不上 | needs_paper 需要纸质票';

const Assignment = Type.Object({
  id: Type.String(),
  assemblyId: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  accountId: Type.String(),
  accountName: Type.String(),
  assignedAt: Type.Integer(),
  endedAt: Nullable(Type.Integer()),
});

const CanvassRecord = Type.Object({
  id: Type.String(),
  assemblyId: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  entranceName: Type.String(),
  roomId: Type.String(),
  roomNumber: Type.String(),
  accountId: Type.String(),
  accountName: Type.String(),
  outcome: StringEnum(canvassOutcomes, { description: OutcomeHelp }),
  note: Nullable(Type.String()),
  recordedAt: Type.Integer(),
});

const Tally = Type.Object(
  Object.fromEntries(canvassOutcomes.map((o) => [o, Type.Integer()])) as Record<
    Outcome,
    ReturnType<typeof Type.Integer>
  >,
);

const Progress = Type.Object({
  buildings: Type.Array(
    Type.Object({
      buildingId: Type.String(),
      buildingName: Type.String(),
      rooms: Type.Integer(),
      visitedRooms: Type.Integer(),
      latest: Tally,
    }),
  ),
  volunteers: Type.Array(
    Type.Object({
      accountId: Type.String(),
      accountName: Type.String(),
      buildings: Type.Integer({ description: 'buildings assigned now' }),
      records: Type.Integer(),
      visitedRooms: Type.Integer(),
      outcomes: Tally,
    }),
  ),
});

/** An account that may be assigned: `id` is the account's id, what an assignment takes as accountId. */
const Canvasser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String({ description: 'the roles through which the account may canvass here' })),
});

/** A room of the compound as canvassers see it: its latest door record, and whether its voter has voted. */
const RoomStatus = Type.Object({
  roomId: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  entranceName: Type.String(),
  roomNumber: Type.String(),
  label: Type.String({ description: '1栋-1单元-101' }),
  outcome: Nullable(
    StringEnum(canvassOutcomes, { description: `the latest record; null: no visit yet. ${OutcomeHelp}` }),
  ),
  note: Nullable(Type.String()),
  recordedAt: Nullable(Type.Integer()),
  recordedBy: Nullable(Type.String()),
  voted: Nullable(
    Type.Boolean({
      description:
        'the room’s voter has cast a ballot (online, or on paper once confirmed) on some matter; never how. Null before voting opens',
    }),
  ),
});
const roomStatuses = [...canvassOutcomes, 'unvisited'] as const;

const MyAssignment = Type.Object({
  assignmentId: Type.String(),
  communityId: Type.String(),
  assemblyId: Type.String(),
  assemblyTitle: Type.String(),
  assemblyStatus: StringEnum(assemblyStatuses),
  votingStartsAt: Type.Integer(),
  votingEndsAt: Type.Integer(),
  compoundName: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
});

/** Roles that may canvass at all: the candidates for an assignment. */
const canvassRoles = roles.filter((r) => roleActions[r].includes('canvass.record'));

const AssignmentParams = Type.Object({ communityId: Id, assemblyId: Id, assignmentId: Id });

const emptyTally = () => Object.fromEntries(canvassOutcomes.map((o) => [o, 0])) as Record<Outcome, number>;

export const canvassRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** Organisers and readers of the assembly see every volunteer's work; a volunteer sees their own. */
  const seesAll = (req: FastifyRequest, a: AssembliesTable) => canOnAssembly(req, 'assemblies.read', a);

  /** The assembly for a canvasser: any holder of canvass.record in the community may reach the route. */
  async function forCanvass(req: FastifyRequest, assemblyId: string) {
    const a = await mustAssembly(db, communityOf(req).id, assemblyId);
    await requireOnAssembly(req, 'canvass.record', a);
    return a;
  }

  /** A live building of the assembly's compound, or 400 naming buildingId. */
  async function mustBuilding(a: AssembliesTable, buildingId: string) {
    const building = await db
      .selectFrom('buildings')
      .select('id')
      .where('community_id', '=', a.community_id)
      .where('compound_id', '=', a.compound_id)
      .where('id', '=', buildingId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!building)
      throw new AppError(400, 'bad_reference', { what: 'buildingId' }, [{ field: 'buildingId' }]);
  }

  async function assignedTo(a: AssembliesTable, accountId: string) {
    const rows = await db
      .selectFrom('canvass_assignments')
      .select('building_id')
      .where('community_id', '=', a.community_id)
      .where('assembly_id', '=', a.id)
      .where('account_id', '=', accountId)
      .where('ended_at', 'is', null)
      .execute();
    return new Set(rows.map((r) => r.building_id));
  }

  const assignments = (communityId: string) =>
    db
      .selectFrom('canvass_assignments as ca')
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.community_id', '=', 'ca.community_id').onRef('b.id', '=', 'ca.building_id'),
      )
      .innerJoin('accounts as acc', 'acc.id', 'ca.account_id')
      .select([
        'ca.id',
        'ca.assembly_id',
        'ca.building_id',
        'b.name as building_name',
        'ca.account_id',
        'acc.display_name',
        'ca.assigned_at',
        'ca.ended_at',
      ])
      .where('ca.community_id', '=', communityId);

  const assignmentView = (
    r: Awaited<ReturnType<ReturnType<typeof assignments>['executeTakeFirstOrThrow']>>,
  ) => ({
    id: r.id,
    assemblyId: r.assembly_id,
    buildingId: r.building_id,
    buildingName: r.building_name,
    accountId: r.account_id,
    accountName: r.display_name,
    assignedAt: r.assigned_at,
    endedAt: r.ended_at,
  });

  const records = (communityId: string) =>
    db
      .selectFrom('canvass_records as cr')
      .innerJoin('rooms as r', (j) =>
        j.onRef('r.community_id', '=', 'cr.community_id').onRef('r.id', '=', 'cr.room_id'),
      )
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.community_id', '=', 'cr.community_id').onRef('b.id', '=', 'cr.building_id'),
      )
      .innerJoin('entrances as e', (j) =>
        j.onRef('e.community_id', '=', 'r.community_id').onRef('e.id', '=', 'r.entrance_id'),
      )
      .innerJoin('accounts as acc', 'acc.id', 'cr.account_id')
      .selectAll('cr')
      .select([
        'r.number as room_number',
        'b.name as building_name',
        'e.name as entrance_name',
        'acc.display_name',
      ])
      .where('cr.community_id', '=', communityId);

  const recordView = (r: Awaited<ReturnType<ReturnType<typeof records>['executeTakeFirstOrThrow']>>) => ({
    id: r.id,
    assemblyId: r.assembly_id,
    buildingId: r.building_id,
    buildingName: r.building_name,
    entranceName: r.entrance_name,
    roomId: r.room_id,
    roomNumber: r.room_number,
    accountId: r.account_id,
    accountName: r.display_name,
    outcome: r.outcome as Outcome,
    note: r.note,
    recordedAt: r.recorded_at,
  });

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/canvass/assignments',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Assign a volunteer’s account to canvass a building for the assembly',
        params: AssemblyParams,
        body: Type.Object({ buildingId: Id, accountId: Id }, { additionalProperties: false }),
        response: { 201: Assignment },
      },
    },
    async (req, reply) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const { buildingId, accountId } = req.body;
      await mustBuilding(a, buildingId);
      const account = await db
        .selectFrom('accounts')
        .select(['id', 'is_platform_admin'])
        .where('id', '=', accountId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!account) throw new AppError(400, 'bad_reference', { what: 'accountId' });
      // Only someone whose own grants let them canvass that building: an assignment grants nothing.
      const principal = await loadPrincipal(db, account.id, account.is_platform_admin === 1);
      const community = communityOf(req);
      const target = {
        streetId: community.streetId,
        communityId: community.id,
        compoundId: a.compound_id,
        buildingId,
      };
      if (!can(principal, 'canvass.record', target)) throw new AppError(400, 'canvass_account_cannot');
      const now = Date.now();
      const id = newId();
      await db.transaction().execute(async (trx) => {
        const live = await trx
          .selectFrom('canvass_assignments')
          .select('id')
          .where('community_id', '=', a.community_id)
          .where('assembly_id', '=', a.id)
          .where('building_id', '=', buildingId)
          .where('account_id', '=', accountId)
          .where('ended_at', 'is', null)
          .executeTakeFirst();
        if (live) throw new AppError(409, 'duplicate', { what: 'canvass assignment' });
        await trx
          .insertInto('canvass_assignments')
          .values({
            community_id: a.community_id,
            id,
            assembly_id: a.id,
            building_id: buildingId,
            account_id: accountId,
            assigned_by: req.account!.id,
            assigned_at: now,
            ended_by: null,
            ended_at: null,
          })
          .execute();
        await audit(trx, a.community_id, {
          ...actor(req),
          action: 'canvass.assign',
          targetType: 'canvass_assignments',
          targetId: id,
          after: { assemblyId: a.id, buildingId, accountId },
        });
      });
      return reply
        .status(201)
        .send(
          assignmentView(await assignments(a.community_id).where('ca.id', '=', id).executeTakeFirstOrThrow()),
        );
    },
  );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/canvass/assignments/:assignmentId/end',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'End an assignment (its records stay)',
        params: AssignmentParams,
        response: { 200: Assignment },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const row = await assignments(a.community_id)
        .where('ca.assembly_id', '=', a.id)
        .where('ca.id', '=', req.params.assignmentId)
        .executeTakeFirst();
      if (!row) throw new AppError(404, 'not_found');
      if (row.ended_at === null)
        await db
          .updateTable('canvass_assignments')
          .set({ ended_at: Date.now(), ended_by: req.account!.id })
          .where('community_id', '=', a.community_id)
          .where('id', '=', row.id)
          .where('ended_at', 'is', null)
          .execute();
      return assignmentView(
        await assignments(a.community_id).where('ca.id', '=', row.id).executeTakeFirstOrThrow(),
      );
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/canvass/assignments',
    {
      config: { access: access.community('canvass.record') },
      schema: {
        tags: ['assemblies'],
        summary:
          'Canvassing assignments: all of them for organisers, my own for a volunteer; q searches the building',
        params: AssemblyParams,
        querystring: ListQuery({
          buildingId: Type.Optional(Id),
          accountId: Type.Optional(Id),
          ended: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(Assignment) },
      },
    },
    async (req) => {
      const a = await forCanvass(req, req.params.assemblyId);
      let query = assignments(a.community_id)
        .where('ca.assembly_id', '=', a.id)
        .where('ca.ended_at', req.query.ended ? 'is not' : 'is', null);
      if (!(await seesAll(req, a))) query = query.where('ca.account_id', '=', req.account!.id);
      if (req.query.buildingId) query = query.where('ca.building_id', '=', req.query.buildingId);
      if (req.query.accountId) query = query.where('ca.account_id', '=', req.query.accountId);
      if (req.query.q) query = query.where(contains('b.name', req.query.q));
      const page = await paginate(
        query.orderBy('b.name', req.query.order ?? 'asc').orderBy('ca.id'),
        req.query,
      );
      return { ...page, items: page.items.map(assignmentView) };
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/canvass/canvassers',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary:
          'Who may be assigned to canvass: accounts whose grants let them canvass a building of the compound (or the building given); q searches the name',
        params: AssemblyParams,
        querystring: ListQuery({ buildingId: Type.Optional(Id) }),
        response: { 200: Page(Canvasser) },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const { buildingId, q } = req.query;
      if (buildingId) await mustBuilding(a, buildingId);
      // The same reach as policy.covers, in SQL: the grant's scope holds the building (or one of the compound's).
      const buildingsHere = db
        .selectFrom('buildings as hb')
        .select('hb.id')
        .where('hb.community_id', '=', a.community_id)
        .where('hb.compound_id', '=', a.compound_id);
      const reaches = (eb: ExpressionBuilder<DB, 'grants'>) =>
        eb.and([
          eb('grants.community_id', '=', a.community_id),
          eb('grants.revoked_at', 'is', null),
          eb('grants.role', 'in', canvassRoles),
          eb.or([
            eb('grants.scope_kind', '=', 'community'),
            eb.and([eb('grants.scope_kind', '=', 'compound'), eb('grants.scope_id', '=', a.compound_id)]),
            eb.and([
              eb('grants.scope_kind', '=', 'building'),
              buildingId
                ? eb('grants.scope_id', '=', buildingId)
                : eb('grants.scope_id', 'in', buildingsHere),
            ]),
            eb.and([
              eb('grants.scope_kind', '=', 'grid'),
              eb.exists(
                eb
                  .selectFrom('grid_buildings as gb')
                  .select('gb.building_id')
                  .where('gb.community_id', '=', a.community_id)
                  .whereRef('gb.grid_id', '=', 'grants.scope_id')
                  .where((w) =>
                    buildingId
                      ? w('gb.building_id', '=', buildingId)
                      : w('gb.building_id', 'in', buildingsHere),
                  ),
              ),
            ]),
          ]),
        ]);
      let query = db
        .selectFrom('accounts as acc')
        .select(['acc.id', 'acc.display_name'])
        .where('acc.disabled_at', 'is', null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('grants')
              .select('grants.id')
              .whereRef('grants.account_id', '=', 'acc.id')
              .where(reaches),
          ),
        );
      if (q) query = query.where(contains('acc.display_name', q));
      const page = await paginate(
        query.orderBy('acc.display_name', req.query.order ?? 'asc').orderBy('acc.id'),
        req.query,
      );
      const held = page.items.length
        ? await db
            .selectFrom('grants')
            .select(['account_id', 'role'])
            .where(
              'account_id',
              'in',
              page.items.map((x) => x.id),
            )
            .where(reaches)
            .orderBy('granted_at')
            .execute()
        : [];
      return {
        ...page,
        items: page.items.map((x) => ({
          id: x.id,
          name: x.display_name,
          roles: [...new Set(held.filter((g) => g.account_id === x.id).map((g) => g.role))],
        })),
      };
    },
  );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/canvass/records',
    {
      config: { access: access.community('canvass.record') },
      schema: {
        tags: ['assemblies'],
        summary: 'Record a door: what the room said, in a building I am assigned to',
        params: AssemblyParams,
        body: Type.Object(
          {
            roomId: Id,
            outcome: StringEnum(canvassOutcomes, { description: OutcomeHelp }),
            note: Type.Optional(Nullable(Text(500))),
          },
          { additionalProperties: false },
        ),
        response: { 201: CanvassRecord },
      },
    },
    async (req, reply) => {
      const a = await forCanvass(req, req.params.assemblyId);
      const room = await db
        .selectFrom('rooms')
        .select(['id', 'building_id'])
        .where('community_id', '=', a.community_id)
        .where('compound_id', '=', a.compound_id)
        .where('id', '=', req.body.roomId)
        .executeTakeFirst();
      if (!room) throw new AppError(400, 'bad_reference', { what: 'roomId' });
      const me = req.account!.id;
      const assigned = (await assignedTo(a, me)).has(room.building_id);
      if (!assigned && !(await canOnAssembly(req, 'assemblies.manage', a)))
        throw new AppError(403, 'canvass_not_assigned');
      const id = newId();
      await db
        .insertInto('canvass_records')
        .values({
          community_id: a.community_id,
          id,
          assembly_id: a.id,
          building_id: room.building_id,
          room_id: room.id,
          account_id: me,
          outcome: req.body.outcome,
          note: req.body.note?.trim() || null,
          recorded_at: Date.now(),
        })
        .execute();
      return reply
        .status(201)
        .send(recordView(await records(a.community_id).where('cr.id', '=', id).executeTakeFirstOrThrow()));
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/canvass/records',
    {
      config: { access: access.community('canvass.record') },
      schema: {
        tags: ['assemblies'],
        summary: 'Doors recorded, newest first: all for organisers, my own for a volunteer',
        params: AssemblyParams,
        querystring: ListQuery({
          buildingId: Type.Optional(Id),
          roomId: Type.Optional(Id),
          accountId: Type.Optional(Id),
          outcome: Type.Optional(StringEnum(canvassOutcomes)),
        }),
        response: { 200: Page(CanvassRecord) },
      },
    },
    async (req) => {
      const a = await forCanvass(req, req.params.assemblyId);
      let query = records(a.community_id).where('cr.assembly_id', '=', a.id);
      if (!(await seesAll(req, a))) query = query.where('cr.account_id', '=', req.account!.id);
      const { buildingId, roomId, accountId, outcome, q } = req.query;
      if (buildingId) query = query.where('cr.building_id', '=', buildingId);
      if (roomId) query = query.where('cr.room_id', '=', roomId);
      if (accountId) query = query.where('cr.account_id', '=', accountId);
      if (outcome) query = query.where('cr.outcome', '=', outcome);
      if (q) query = query.where(contains('r.number', q));
      const page = await paginate(
        query.orderBy('cr.recorded_at', req.query.order ?? 'desc').orderBy('cr.id'),
        req.query,
      );
      return { ...page, items: page.items.map(recordView) };
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/canvass/rooms',
    {
      config: { access: access.community('canvass.record') },
      schema: {
        tags: ['assemblies'],
        summary:
          'Each room’s latest door record and whether its voter has voted (never how): every building for organisers, my assigned buildings for a volunteer; q searches the room number',
        params: AssemblyParams,
        querystring: ListQuery({
          buildingId: Type.Optional(Id),
          status: Type.Optional(
            StringEnum(roomStatuses, { description: 'the latest outcome, or unvisited: no record yet' }),
          ),
          voted: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(RoomStatus) },
      },
    },
    async (req) => {
      const a = await forCanvass(req, req.params.assemblyId);
      const { buildingId, status, voted, q } = req.query;
      const organiser = await canOnAssembly(req, 'assemblies.manage', a);
      let buildings: string[] | null = null;
      if (!organiser) {
        buildings = [...(await assignedTo(a, req.account!.id))];
        if (buildingId && !buildings.includes(buildingId)) throw new AppError(403, 'canvass_not_assigned');
      }
      const empty = { items: [], total: 0, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 };
      if (buildings && !buildings.length) return empty;
      // Participation only: does a ballot of the room's voter sit in any of the assembly's chains?
      const matterIds = a.opened_at === null ? [] : (await liveMatters(db, a)).map((m) => m.id);
      const hasVoted = (eb: ExpressionBuilder<DB & { r: RoomsTable }, 'r'>) =>
        eb.exists(
          eb
            .selectFrom('assembly_rooms as ar')
            .innerJoin('ballots as bl', (j) =>
              j.onRef('bl.community_id', '=', 'ar.community_id').onRef('bl.voter_id', '=', 'ar.voter_id'),
            )
            .select('bl.id')
            .whereRef('ar.community_id', '=', 'r.community_id')
            .where('ar.assembly_id', '=', a.id)
            .whereRef('ar.room_id', '=', 'r.id')
            .where('bl.matter_id', 'in', matterIds.length ? matterIds : ['']),
        );
      let query = db
        .selectFrom('rooms as r')
        .innerJoin('buildings as b', (j) =>
          j.onRef('b.community_id', '=', 'r.community_id').onRef('b.id', '=', 'r.building_id'),
        )
        .innerJoin('entrances as e', (j) =>
          j.onRef('e.community_id', '=', 'r.community_id').onRef('e.id', '=', 'r.entrance_id'),
        )
        // The room's latest record (records of one room come in order of recorded_at, then id).
        .leftJoin('canvass_records as cr', (j) =>
          j
            .onRef('cr.community_id', '=', 'r.community_id')
            .on((eb) =>
              eb(
                'cr.id',
                '=',
                eb
                  .selectFrom('canvass_records as lr')
                  .select('lr.id')
                  .whereRef('lr.community_id', '=', 'r.community_id')
                  .where('lr.assembly_id', '=', a.id)
                  .whereRef('lr.room_id', '=', 'r.id')
                  .orderBy('lr.recorded_at', 'desc')
                  .orderBy('lr.id', 'desc')
                  .limit(1),
              ),
            ),
        )
        .leftJoin('accounts as acc', 'acc.id', 'cr.account_id')
        .select((eb) => [
          'r.id',
          'r.building_id',
          'r.number',
          'b.name as building_name',
          'e.name as entrance_name',
          'cr.outcome',
          'cr.note',
          'cr.recorded_at',
          'acc.display_name',
          hasVoted(eb).as('voted'),
        ])
        .where('r.community_id', '=', a.community_id)
        .where('r.compound_id', '=', a.compound_id)
        .where('r.archived_at', 'is', null);
      if (buildings) query = query.where('r.building_id', 'in', buildings);
      if (buildingId) query = query.where('r.building_id', '=', buildingId);
      if (status === 'unvisited') query = query.where('cr.id', 'is', null);
      else if (status) query = query.where('cr.outcome', '=', status);
      if (voted !== undefined) query = query.where((eb) => (voted ? hasVoted(eb) : eb.not(hasVoted(eb))));
      if (q) query = query.where(contains('r.number', q));
      const page = await paginate(
        query
          .orderBy('b.name', req.query.order ?? 'asc')
          .orderBy('e.name')
          .orderBy('r.number')
          .orderBy('r.id'),
        req.query,
      );
      return {
        ...page,
        items: page.items.map((r) => ({
          roomId: r.id,
          buildingId: r.building_id,
          buildingName: r.building_name,
          entranceName: r.entrance_name,
          roomNumber: r.number,
          label: `${r.building_name}-${r.entrance_name}-${r.number}`,
          outcome: r.outcome as Outcome | null,
          note: r.note,
          recordedAt: r.recorded_at,
          recordedBy: r.display_name,
          voted: a.opened_at === null ? null : !!Number(r.voted),
        })),
      };
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/canvass/progress',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'Canvassing progress per building (each room’s latest outcome) and per volunteer',
        params: AssemblyParams,
        response: { 200: Progress },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      const [buildings, rooms, all, live] = await Promise.all([
        db
          .selectFrom('buildings')
          .select(['id', 'name'])
          .where('community_id', '=', a.community_id)
          .where('compound_id', '=', a.compound_id)
          .where('archived_at', 'is', null)
          .orderBy('name')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('rooms')
          .select(['building_id'])
          .where('community_id', '=', a.community_id)
          .where('compound_id', '=', a.compound_id)
          .where('archived_at', 'is', null)
          .execute(),
        records(a.community_id)
          .where('cr.assembly_id', '=', a.id)
          .orderBy('cr.recorded_at')
          .orderBy('cr.id')
          .execute(),
        assignments(a.community_id)
          .where('ca.assembly_id', '=', a.id)
          .where('ca.ended_at', 'is', null)
          .execute(),
      ]);
      // Each room's latest record says where it stands; records come oldest first.
      const latest = new Map(all.map((r) => [r.room_id, r]));
      const byBuilding = buildings.map((b) => {
        const tally = emptyTally();
        let visited = 0;
        for (const r of latest.values())
          if (r.building_id === b.id) {
            tally[r.outcome as Outcome] += 1;
            visited += 1;
          }
        return {
          buildingId: b.id,
          buildingName: b.name,
          rooms: rooms.filter((r) => r.building_id === b.id).length,
          visitedRooms: visited,
          latest: tally,
        };
      });
      const people = new Map<string, string>();
      for (const r of [...all, ...live]) people.set(r.account_id, r.display_name);
      const volunteers = [...people].map(([accountId, accountName]) => {
        const own = all.filter((r) => r.account_id === accountId);
        const outcomes = emptyTally();
        for (const r of own) outcomes[r.outcome as Outcome] += 1;
        return {
          accountId,
          accountName,
          buildings: live.filter((x) => x.account_id === accountId).length,
          records: own.length,
          visitedRooms: new Set(own.map((r) => r.room_id)).size,
          outcomes,
        };
      });
      return { buildings: byBuilding, volunteers };
    },
  );

  app.get(
    '/me/canvass',
    {
      config: { access: access.session() },
      schema: {
        tags: ['assemblies'],
        summary:
          'My canvassing (扫楼) assignments in assemblies that are announced or voting, across my communities',
        querystring: ListQuery({}),
        response: { 200: Page(MyAssignment) },
      },
    },
    async (req) => {
      // Only where a grant still lets me canvass: an assignment outlives nothing it was based on.
      const communities = [
        ...new Set(principalOf(req).grants.flatMap((g) => (g.communityId ? [g.communityId] : []))),
      ];
      const empty = { items: [], total: 0, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 };
      if (!communities.length) return empty;
      const query = db
        .selectFrom('canvass_assignments as ca')
        .innerJoin('assemblies as a', (j) =>
          j.onRef('a.community_id', '=', 'ca.community_id').onRef('a.id', '=', 'ca.assembly_id'),
        )
        .innerJoin('compounds as c', (j) =>
          j.onRef('c.community_id', '=', 'a.community_id').onRef('c.id', '=', 'a.compound_id'),
        )
        .innerJoin('buildings as b', (j) =>
          j.onRef('b.community_id', '=', 'ca.community_id').onRef('b.id', '=', 'ca.building_id'),
        )
        .select([
          'ca.id',
          'ca.community_id',
          'a.id as assembly_id',
          'a.title',
          'a.status',
          'a.voting_starts_at',
          'a.voting_ends_at',
          'c.name as compound_name',
          'b.id as building_id',
          'b.name as building_name',
        ])
        .where('ca.community_id', 'in', communities)
        .where('ca.account_id', '=', req.account!.id)
        .where('ca.ended_at', 'is', null)
        .where('a.status', 'in', ['announced', 'voting']);
      const page = await paginate(
        query
          .orderBy('a.voting_ends_at', req.query.order ?? 'asc')
          .orderBy('b.name')
          .orderBy('ca.id'),
        req.query,
      );
      return {
        ...page,
        items: page.items.map((r) => ({
          assignmentId: r.id,
          communityId: r.community_id,
          assemblyId: r.assembly_id,
          assemblyTitle: r.title,
          assemblyStatus: r.status as (typeof assemblyStatuses)[number],
          votingStartsAt: r.voting_starts_at,
          votingEndsAt: r.voting_ends_at,
          compoundName: r.compound_name,
          buildingId: r.building_id,
          buildingName: r.building_name,
        })),
      };
    },
  );
};
