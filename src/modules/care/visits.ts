import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import type { DB, HouseholdsTable, VisitsTable } from '../../core/db/schema';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
import {
  CommunityParams,
  DateOnly,
  Id,
  ListQuery,
  Nullable,
  Ok,
  Page,
  StringEnum,
  Text,
} from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { notify } from '../notifications';
import { deliberationSettings, requireCategory } from '../deliberation/settings';
import { raiseTopic } from '../deliberation/store';
import { announceTopic } from '../deliberation/trail';
import {
  coverageStatus,
  coverageStatuses,
  parseQuarter,
  quarterOf,
  visitOutcomes,
  type Quarter,
} from './coverage';
import { NeedToOrder, orderFromNeed } from './needs';
import { shanghaiDay } from './plans';
import { gridOf, householdPlace } from './store';
import { creditVisit } from '../volunteers/ledger';

/**
 * 走访 / 敲门行动: rounds of door-knocking over the households of a grid or a list of buildings, each
 * visit recorded (met, not home, refused; opinions collected; problems found, which become an order
 * or a topic for the neighbours to settle), coverage per quarter, and 党员联系户: households assigned
 * to party members, who see them under /me and record their visits the same way.
 */

type Db = Kysely<DB>;

const Visit = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  roundId: Nullable(Type.String()),
  householdId: Type.String(),
  householdName: Type.String(),
  compoundId: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  roomNumber: Type.String(),
  gridId: Nullable(Type.String()),
  visitorAccountId: Type.String(),
  visitorName: Type.String(),
  outcome: StringEnum(visitOutcomes),
  opinions: Nullable(Type.String()),
  problems: Nullable(Type.String()),
  orderId: Nullable(Type.String()),
  topicId: Nullable(Type.String()),
  visitedAt: Type.Integer(),
  visitedOn: Type.String(),
  createdAt: Type.Integer(),
});

const VisitInput = Type.Object(
  {
    householdId: Id,
    outcome: StringEnum(visitOutcomes),
    opinions: Type.Optional(Text(2000)),
    problems: Type.Optional(Text(2000)),
    visitedAt: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms; now if left out' })),
  },
  { additionalProperties: false },
);

const Round = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  title: Type.String(),
  compoundId: Type.String(),
  gridId: Nullable(Type.String()),
  buildingIds: Type.Array(Type.String()),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  state: StringEnum(['open', 'closed'] as const),
  households: Type.Integer(),
  visited: Type.Integer({ description: 'households met or refused in this round' }),
  createdAt: Type.Integer(),
  closedAt: Nullable(Type.Integer()),
});

const CoverageHousehold = Type.Object({
  householdId: Type.String(),
  householdName: Type.String(),
  compoundId: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  roomNumber: Type.String(),
  status: StringEnum(coverageStatuses),
  lastVisitedAt: Nullable(Type.Integer()),
  lastOutcome: Nullable(StringEnum(visitOutcomes)),
  assignedTo: Type.Array(Type.String(), {
    description: 'party members this household is assigned to (党员联系户)',
  }),
});

const Counts = {
  households: Type.Integer(),
  visited: Type.Integer(),
  notHome: Type.Integer(),
  notVisited: Type.Integer(),
};

const Assignment = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  householdId: Type.String(),
  householdName: Type.String(),
  compoundId: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  roomNumber: Type.String(),
  gridId: Nullable(Type.String()),
  personId: Type.String(),
  personName: Type.String(),
  assignedAt: Type.Integer(),
  lastVisitedAt: Nullable(Type.Integer()),
  lastOutcome: Nullable(StringEnum(visitOutcomes)),
  visitedThisQuarter: Type.Boolean(),
});

const visitColumns = { compound: 'v.compound_id', building: 'v.building_id', grid: 'v.grid_id' };
const householdColumns = { compound: 'h.compound_id', building: 'h.building_id' };

function visitRows(db: Db) {
  return db
    .selectFrom('visits as v')
    .innerJoin('households as h', (j) =>
      j.onRef('h.community_id', '=', 'v.community_id').onRef('h.id', '=', 'v.household_id'),
    )
    .innerJoin('buildings as b', (j) =>
      j.onRef('b.community_id', '=', 'v.community_id').onRef('b.id', '=', 'v.building_id'),
    )
    .innerJoin('rooms as rm', (j) =>
      j.onRef('rm.community_id', '=', 'v.community_id').onRef('rm.id', '=', 'v.room_id'),
    )
    .selectAll('v')
    .select(['h.name as household_name', 'b.name as building_name', 'rm.number as room_number']);
}
type VisitRow = Awaited<ReturnType<ReturnType<typeof visitRows>['executeTakeFirstOrThrow']>>;

const visitView = (v: VisitRow) => ({
  id: v.id,
  communityId: v.community_id,
  roundId: v.round_id,
  householdId: v.household_id,
  householdName: v.household_name,
  compoundId: v.compound_id,
  buildingId: v.building_id,
  buildingName: v.building_name,
  roomNumber: v.room_number,
  gridId: v.grid_id,
  visitorAccountId: v.visitor_account_id,
  visitorName: v.visitor_name,
  outcome: v.outcome as (typeof visitOutcomes)[number],
  opinions: v.opinions,
  problems: v.problems,
  orderId: v.order_id,
  topicId: v.topic_id,
  visitedAt: v.visited_at,
  visitedOn: v.visited_on,
  createdAt: v.created_at,
});

async function loadVisit(db: Db, communityId: string, visitId: string) {
  const v = await visitRows(db)
    .where('v.community_id', '=', communityId)
    .where('v.id', '=', visitId)
    .executeTakeFirst();
  if (!v) throw new AppError(404, 'not_found');
  return v;
}

const maxBackMs = 60 * 86_400_000;

/** Records one visit to a household, by whoever knocked. */
async function recordVisit(
  db: Db,
  communityId: string,
  input: Static<typeof VisitInput>,
  visitor: { accountId: string; name: string },
  roundId: string | null,
): Promise<VisitRow> {
  const place = await householdPlace(db, communityId, input.householdId);
  if (!place) throw fieldError(400, 'bad_reference', 'householdId', { what: 'householdId' });
  const now = Date.now();
  const at = input.visitedAt ?? now;
  if (at > now + 60_000 || at < now - maxBackMs) throw fieldError(400, 'care_contact_time', 'visitedAt');
  const row: VisitsTable = {
    community_id: communityId,
    id: newId(),
    round_id: roundId,
    household_id: place.household_id,
    compound_id: place.compound_id,
    building_id: place.building_id,
    room_id: place.room_id,
    grid_id: place.grid_id,
    visitor_account_id: visitor.accountId,
    visitor_name: visitor.name,
    outcome: input.outcome,
    opinions: input.opinions?.trim() || null,
    problems: input.problems?.trim() || null,
    order_id: null,
    topic_id: null,
    visited_at: at,
    visited_on: shanghaiDay(at),
    created_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('visits').values(row).execute();
    await creditVisit(trx, row);
  });
  return loadVisit(db, communityId, row.id);
}

/** Where each household stands this quarter, from its visits in the quarter. */
async function quarterVisits(db: Db, communityId: string, householdIds: readonly string[], q: Quarter) {
  const out = new Map<string, { outcomes: string[]; lastAt: number | null; lastOutcome: string | null }>();
  for (let i = 0; i < householdIds.length; i += 500) {
    const rows = await db
      .selectFrom('visits')
      .select(['household_id', 'outcome', 'visited_at'])
      .where('community_id', '=', communityId)
      .where('household_id', 'in', householdIds.slice(i, i + 500))
      .where('visited_on', '>=', q.from)
      .where('visited_on', '<=', q.to)
      .orderBy('visited_at')
      .execute();
    for (const r of rows) {
      const h = out.get(r.household_id) ?? { outcomes: [], lastAt: null, lastOutcome: null };
      h.outcomes.push(r.outcome);
      h.lastAt = r.visited_at;
      h.lastOutcome = r.outcome;
      out.set(r.household_id, h);
    }
  }
  return out;
}

function quarterFrom(code: string | undefined): Quarter {
  if (!code) return quarterOf(shanghaiDay(Date.now()));
  const q = parseQuarter(code);
  if (!q) throw fieldError(400, 'visits_quarter', 'quarter');
  return q;
}

const Quarterly = Type.Optional(
  Type.String({ pattern: '^\\d{4}-Q[1-4]$', description: 'e.g. 2025-Q2; this quarter if left out' }),
);

export const visitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const me = (req: FastifyRequest) => req.account!.id;
  const visitor = (req: FastifyRequest) => ({ accountId: me(req), name: req.account!.display_name });

  /** The live households under the filters that the caller may visit. */
  function householdsInScope(
    req: FastifyRequest,
    f: { gridId?: string; compoundId?: string; buildingId?: string },
  ) {
    let query = db
      .selectFrom('households as h')
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.community_id', '=', 'h.community_id').onRef('b.id', '=', 'h.building_id'),
      )
      .innerJoin('rooms as rm', (j) =>
        j.onRef('rm.community_id', '=', 'h.community_id').onRef('rm.id', '=', 'h.room_id'),
      )
      .select([
        'h.id',
        'h.name',
        'h.compound_id',
        'h.building_id',
        'b.name as building_name',
        'rm.number as room_number',
      ])
      .where('h.community_id', '=', communityOf(req).id)
      .where('h.closed_at', 'is', null)
      .where((eb) => whereVisible(eb, visibleRows(req, 'visits.record'), householdColumns));
    if (f.compoundId) query = query.where('h.compound_id', '=', f.compoundId);
    if (f.buildingId) query = query.where('h.building_id', '=', f.buildingId);
    if (f.gridId)
      query = query.where((eb) =>
        eb(
          'h.building_id',
          'in',
          eb
            .selectFrom('grid_buildings')
            .select('building_id')
            .where('community_id', '=', communityOf(req).id)
            .where('grid_id', '=', f.gridId!),
        ),
      );
    return query;
  }

  async function assigneesOf(communityId: string, householdIds: readonly string[]) {
    if (!householdIds.length) return [];
    return db
      .selectFrom('household_assignments as a')
      .innerJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'a.community_id').onRef('p.id', '=', 'a.person_id'),
      )
      .select(['a.household_id', 'p.name'])
      .where('a.community_id', '=', communityId)
      .where('a.household_id', 'in', [...householdIds])
      .where('a.ended_at', 'is', null)
      .execute();
  }

  // ---- rounds ----

  async function roundViews(
    communityId: string,
    rounds: { id: string; building_ids_json: string }[],
    rest: Record<string, unknown>[],
  ) {
    const out = [];
    for (const [i, r] of rounds.entries()) {
      const buildingIds = JSON.parse(r.building_ids_json) as string[];
      const [households, visited] = await Promise.all([
        db
          .selectFrom('households')
          .select(sql<number>`count(*)`.as('n'))
          .where('community_id', '=', communityId)
          .where('building_id', 'in', buildingIds.length ? buildingIds : [''])
          .where('closed_at', 'is', null)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('visits')
          .select(sql<number>`count(distinct household_id)`.as('n'))
          .where('community_id', '=', communityId)
          .where('round_id', '=', r.id)
          .where('outcome', 'in', ['met', 'refused'])
          .executeTakeFirstOrThrow(),
      ]);
      out.push({ ...rest[i]!, buildingIds, households: Number(households.n), visited: Number(visited.n) });
    }
    return out;
  }

  const roundBase = (r: {
    id: string;
    community_id: string;
    title: string;
    compound_id: string;
    grid_id: string | null;
    starts_on: string | null;
    ends_on: string | null;
    state: string;
    created_at: number;
    closed_at: number | null;
  }) => ({
    id: r.id,
    communityId: r.community_id,
    title: r.title,
    compoundId: r.compound_id,
    gridId: r.grid_id,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    state: r.state as 'open' | 'closed',
    createdAt: r.created_at,
    closedAt: r.closed_at,
  });

  async function loadRound(req: FastifyRequest, roundId: string) {
    const r = await db
      .selectFrom('visit_rounds')
      .selectAll()
      .where('community_id', '=', communityOf(req).id)
      .where('id', '=', roundId)
      .executeTakeFirst();
    if (!r) throw new AppError(404, 'not_found');
    requireCan(req, 'visits.record', { compoundId: r.compound_id, gridId: r.grid_id });
    return r;
  }

  const roundView = async (r: Awaited<ReturnType<typeof loadRound>>) =>
    (await roundViews(r.community_id, [r], [roundBase(r)]))[0]! as Static<typeof Round>;

  app.get(
    '/communities/:communityId/visit-rounds',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'Door-knock rounds (敲门行动) in my scope, newest first',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(['open', 'closed'] as const)),
          gridId: Type.Optional(Id),
        }),
        response: { 200: Page(Round) },
      },
    },
    async (req) => {
      const q = req.query;
      let query = db
        .selectFrom('visit_rounds')
        .selectAll()
        .where('community_id', '=', communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, visibleRows(req, 'visits.record'), { compound: 'compound_id', grid: 'grid_id' }),
        );
      if (q.state) query = query.where('state', '=', q.state);
      if (q.gridId) query = query.where('grid_id', '=', q.gridId);
      if (q.q) query = query.where(contains('title', q.q));
      const page = await paginate(query.orderBy('created_at', q.order ?? 'desc').orderBy('id'), q);
      return {
        ...page,
        items: (await roundViews(communityOf(req).id, page.items, page.items.map(roundBase))) as Static<
          typeof Round
        >[],
      };
    },
  );

  app.post(
    '/communities/:communityId/visit-rounds',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'Plan a round over the households of a grid, or of some buildings of one compound',
        params: CommunityParams,
        body: Type.Object(
          {
            title: Text(100),
            gridId: Type.Optional(Id),
            buildingIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true })),
            startsOn: Type.Optional(DateOnly),
            endsOn: Type.Optional(DateOnly),
          },
          { additionalProperties: false },
        ),
        response: { 201: Round },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      if (!b.title.trim()) throw fieldError(400, 'care_blank', 'title');
      if (!!b.gridId === !!b.buildingIds) throw fieldError(400, 'visits_round_scope', 'gridId');
      if (b.startsOn && b.endsOn && b.endsOn < b.startsOn)
        throw fieldError(400, 'visits_round_dates', 'endsOn');
      let compoundId: string;
      let gridId: string | null;
      let buildingIds: string[];
      if (b.gridId) {
        const grid = await db
          .selectFrom('grids')
          .select(['id', 'compound_id'])
          .where('community_id', '=', communityId)
          .where('id', '=', b.gridId)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (!grid) throw fieldError(400, 'bad_reference', 'gridId', { what: 'gridId' });
        const buildings = await db
          .selectFrom('grid_buildings as g')
          .innerJoin('buildings as bd', (j) =>
            j.onRef('bd.community_id', '=', 'g.community_id').onRef('bd.id', '=', 'g.building_id'),
          )
          .select(['bd.id', 'bd.compound_id'])
          .where('g.community_id', '=', communityId)
          .where('g.grid_id', '=', grid.id)
          .execute();
        const compound = grid.compound_id ?? buildings[0]?.compound_id;
        if (!compound) throw fieldError(400, 'visits_round_empty', 'gridId');
        compoundId = compound;
        gridId = grid.id;
        buildingIds = buildings.map((x) => x.id);
        requireCan(req, 'visits.record', { compoundId, gridId });
      } else {
        const buildings = await db
          .selectFrom('buildings')
          .select(['id', 'compound_id'])
          .where('community_id', '=', communityId)
          .where('id', 'in', b.buildingIds!)
          .where('archived_at', 'is', null)
          .execute();
        if (buildings.length !== b.buildingIds!.length)
          throw fieldError(400, 'bad_reference', 'buildingIds', { what: 'buildingIds' });
        compoundId = buildings[0]!.compound_id;
        if (buildings.some((x) => x.compound_id !== compoundId))
          throw fieldError(400, 'visits_round_compound', 'buildingIds');
        const grids = new Set<string | null>();
        for (const x of buildings) {
          const g = await gridOf(db, communityId, x.compound_id, x.id);
          grids.add(g);
          requireCan(req, 'visits.record', { compoundId, buildingId: x.id, gridId: g });
        }
        gridId = grids.size === 1 ? [...grids][0]! : null;
        buildingIds = buildings.map((x) => x.id);
      }
      const now = Date.now();
      const row = {
        community_id: communityId,
        id: newId(),
        title: b.title.trim(),
        compound_id: compoundId,
        grid_id: gridId,
        building_ids_json: JSON.stringify(buildingIds),
        starts_on: b.startsOn ?? null,
        ends_on: b.endsOn ?? null,
        state: 'open',
        created_by: me(req),
        created_at: now,
        closed_at: null,
      };
      await db.insertInto('visit_rounds').values(row).execute();
      return reply.status(201).send(await roundView(row));
    },
  );

  app.get(
    '/communities/:communityId/visit-rounds/:roundId',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'A round with every household in it and where each stands in the round',
        params: Type.Object({ communityId: Id, roundId: Id }),
        response: {
          200: Type.Object({
            ...Round.properties,
            items: Type.Array(
              Type.Object({
                householdId: Type.String(),
                householdName: Type.String(),
                buildingId: Type.String(),
                buildingName: Type.String(),
                roomNumber: Type.String(),
                status: StringEnum(coverageStatuses),
                lastVisitedAt: Nullable(Type.Integer()),
                lastOutcome: Nullable(StringEnum(visitOutcomes)),
                visitorName: Nullable(Type.String()),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const r = await loadRound(req, req.params.roundId);
      const buildingIds = JSON.parse(r.building_ids_json) as string[];
      const [households, visits] = await Promise.all([
        db
          .selectFrom('households as h')
          .innerJoin('buildings as b', (j) =>
            j.onRef('b.community_id', '=', 'h.community_id').onRef('b.id', '=', 'h.building_id'),
          )
          .innerJoin('rooms as rm', (j) =>
            j.onRef('rm.community_id', '=', 'h.community_id').onRef('rm.id', '=', 'h.room_id'),
          )
          .select(['h.id', 'h.name', 'h.building_id', 'b.name as building_name', 'rm.number as room_number'])
          .where('h.community_id', '=', r.community_id)
          .where('h.building_id', 'in', buildingIds.length ? buildingIds : [''])
          .where('h.closed_at', 'is', null)
          .orderBy('b.name')
          .orderBy('rm.number')
          .orderBy('h.id')
          .execute(),
        db
          .selectFrom('visits')
          .select(['household_id', 'outcome', 'visited_at', 'visitor_name'])
          .where('community_id', '=', r.community_id)
          .where('round_id', '=', r.id)
          .orderBy('visited_at')
          .execute(),
      ]);
      return {
        ...(await roundView(r)),
        items: households.map((h) => {
          const mine = visits.filter((v) => v.household_id === h.id);
          const last = mine.at(-1);
          return {
            householdId: h.id,
            householdName: h.name,
            buildingId: h.building_id,
            buildingName: h.building_name,
            roomNumber: h.room_number,
            status: coverageStatus(mine.map((v) => v.outcome)),
            lastVisitedAt: last?.visited_at ?? null,
            lastOutcome: (last?.outcome ?? null) as (typeof visitOutcomes)[number] | null,
            visitorName: last?.visitor_name ?? null,
          };
        }),
      };
    },
  );

  app.post(
    '/communities/:communityId/visit-rounds/:roundId/close',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'Close a round (its visits stay)',
        params: Type.Object({ communityId: Id, roundId: Id }),
        response: { 200: Round },
      },
    },
    async (req) => {
      const r = await loadRound(req, req.params.roundId);
      const now = Date.now();
      await db
        .updateTable('visit_rounds')
        .set({ state: 'closed', closed_at: now })
        .where('community_id', '=', r.community_id)
        .where('id', '=', r.id)
        .where('state', '=', 'open')
        .execute();
      return roundView(await loadRound(req, r.id));
    },
  );

  // ---- visits ----

  app.post(
    '/communities/:communityId/visits',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'Record a visit to a household (in a round, or on its own)',
        params: CommunityParams,
        body: Type.Object(
          { ...VisitInput.properties, roundId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 201: Visit },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const { roundId, ...input } = req.body;
      const place = await householdPlace(db, communityId, input.householdId);
      if (!place) throw fieldError(400, 'bad_reference', 'householdId', { what: 'householdId' });
      requireCan(req, 'visits.record', {
        compoundId: place.compound_id,
        buildingId: place.building_id,
        gridId: place.grid_id,
      });
      if (roundId) {
        const round = await db
          .selectFrom('visit_rounds')
          .select(['state', 'building_ids_json'])
          .where('community_id', '=', communityId)
          .where('id', '=', roundId)
          .executeTakeFirst();
        if (!round) throw fieldError(400, 'bad_reference', 'roundId', { what: 'roundId' });
        if (round.state !== 'open') throw new AppError(409, 'visits_round_closed');
        if (!(JSON.parse(round.building_ids_json) as string[]).includes(place.building_id))
          throw fieldError(400, 'visits_not_in_round', 'householdId');
      }
      return reply
        .status(201)
        .send(visitView(await recordVisit(db, communityId, input, visitor(req), roundId ?? null)));
    },
  );

  app.get(
    '/communities/:communityId/visits',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'Visits in my scope, newest first (opinions and problems collected)',
        params: CommunityParams,
        querystring: ListQuery({
          roundId: Type.Optional(Id),
          householdId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          gridId: Type.Optional(Id),
          outcome: Type.Optional(StringEnum(visitOutcomes)),
          visitorAccountId: Type.Optional(Id),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
        }),
        response: { 200: Page(Visit) },
      },
    },
    async (req) => {
      const q = req.query;
      let query = visitRows(db)
        .where('v.community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, visibleRows(req, 'visits.record'), visitColumns));
      if (q.roundId) query = query.where('v.round_id', '=', q.roundId);
      if (q.householdId) query = query.where('v.household_id', '=', q.householdId);
      if (q.buildingId) query = query.where('v.building_id', '=', q.buildingId);
      if (q.gridId) query = query.where('v.grid_id', '=', q.gridId);
      if (q.outcome) query = query.where('v.outcome', '=', q.outcome);
      if (q.visitorAccountId) query = query.where('v.visitor_account_id', '=', q.visitorAccountId);
      if (q.from) query = query.where('v.visited_on', '>=', q.from);
      if (q.to) query = query.where('v.visited_on', '<=', q.to);
      if (q.q)
        query = query.where((eb) =>
          eb.or([contains('v.opinions', q.q!), contains('v.problems', q.q!), contains('h.name', q.q!)]),
        );
      const page = await paginate(query.orderBy('v.visited_at', q.order ?? 'desc').orderBy('v.id'), q);
      return { ...page, items: page.items.map(visitView) };
    },
  );

  /** A visit the caller may follow up: anyone with `action` where it is, or the one who made it. */
  async function followable(
    req: FastifyRequest,
    visitId: string,
    action: 'orders.create' | 'deliberation.manage',
  ) {
    const v = await loadVisit(db, communityOf(req).id, visitId);
    const scope = { compoundId: v.compound_id, buildingId: v.building_id, gridId: v.grid_id };
    requireCan(req, 'visits.record', scope);
    if (v.visitor_account_id !== me(req)) requireCan(req, action, scope);
    return v;
  }

  app.post(
    '/communities/:communityId/visits/:visitId/order',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'Turn the problems found on a visit into a service order for the household',
        params: Type.Object({ communityId: Id, visitId: Id }),
        body: NeedToOrder,
        response: { 201: Visit },
      },
    },
    async (req, reply) => {
      const v = await followable(req, req.params.visitId, 'orders.create');
      return reply.status(201).send(await visitToOrder(req, v, req.body));
    },
  );

  async function visitToOrder(req: FastifyRequest, v: VisitRow, body: Static<typeof NeedToOrder>) {
    if (v.order_id) throw new AppError(409, 'care_already_ordered');
    const head = await db
      .selectFrom('households')
      .select('head_person_id')
      .where('community_id', '=', v.community_id)
      .where('id', '=', v.household_id)
      .executeTakeFirstOrThrow();
    const order = await orderFromNeed(
      app.deps,
      {
        communityId: v.community_id,
        householdId: v.household_id,
        compoundId: v.compound_id,
        personId: head.head_person_id,
        found: v.problems ?? v.opinions,
        ...body,
        channel: 'walk_in',
        createdBy: me(req),
        idempotencyKey: `visit-${v.id}`,
      },
      req.locale,
    );
    await db
      .updateTable('visits')
      .set({ order_id: order.id })
      .where('community_id', '=', v.community_id)
      .where('id', '=', v.id)
      .where('order_id', 'is', null)
      .execute();
    return visitView(await loadVisit(db, v.community_id, v.id));
  }

  app.post(
    '/communities/:communityId/visits/:visitId/topic',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary:
          'Raise the problems found on a visit as a deliberation topic (议题) for the neighbours to settle',
        params: Type.Object({ communityId: Id, visitId: Id }),
        body: Type.Object(
          { category: Type.String({ minLength: 1, maxLength: 40 }), title: Type.Optional(Text(60)) },
          { additionalProperties: false },
        ),
        response: { 201: Visit },
      },
    },
    async (req, reply) => {
      const v = await followable(req, req.params.visitId, 'deliberation.manage');
      if (v.topic_id) throw new AppError(409, 'visits_already_topic');
      const body = (v.problems ?? v.opinions ?? '').trim();
      if (!body) throw fieldError(400, 'care_need_description', 'problems');
      requireCategory(await deliberationSettings(db, v.community_id), req.body.category);
      const topic = await raiseTopic(db, {
        communityId: v.community_id,
        compoundId: v.compound_id,
        buildingId: v.building_id,
        category: req.body.category,
        title: req.body.title?.trim() || Array.from(body).slice(0, 30).join(''),
        body,
        placeText: null,
        raisedByAccountId: null,
        raisedByPersonId: null,
        raiserName: v.visitor_name,
        channel: 'staff',
        sourceOrderId: null,
        isPublic: true,
        fileIds: [],
        actor: { accountId: me(req), name: req.account!.display_name },
      });
      await db
        .updateTable('visits')
        .set({ topic_id: topic.id })
        .where('community_id', '=', v.community_id)
        .where('id', '=', v.id)
        .where('topic_id', 'is', null)
        .execute();
      await announceTopic(app.deps, v.community_id, topic.id, 'raised');
      return reply.status(201).send(visitView(await loadVisit(db, v.community_id, v.id)));
    },
  );

  // ---- coverage ----

  const CoverageQuery = {
    quarter: Quarterly,
    gridId: Type.Optional(Id),
    compoundId: Type.Optional(Id),
    buildingId: Type.Optional(Id),
  };

  app.get(
    '/communities/:communityId/visit-coverage',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'Door-knock coverage this quarter (or the one named), per building, in my scope',
        params: CommunityParams,
        querystring: Type.Object(CoverageQuery),
        response: {
          200: Type.Object({
            quarter: Type.String(),
            from: Type.String(),
            to: Type.String(),
            totals: Type.Object(Counts),
            buildings: Type.Array(
              Type.Object({
                buildingId: Type.String(),
                buildingName: Type.String(),
                compoundId: Type.String(),
                ...Counts,
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const q = quarterFrom(req.query.quarter);
      const households = await householdsInScope(req, req.query)
        .orderBy('b.name')
        .orderBy('h.building_id')
        .execute();
      const visits = await quarterVisits(
        db,
        communityOf(req).id,
        households.map((h) => h.id),
        q,
      );
      const buildings = new Map<
        string,
        {
          buildingId: string;
          buildingName: string;
          compoundId: string;
          households: number;
          visited: number;
          notHome: number;
          notVisited: number;
        }
      >();
      const totals = { households: 0, visited: 0, notHome: 0, notVisited: 0 };
      for (const h of households) {
        const b = buildings.get(h.building_id) ?? {
          buildingId: h.building_id,
          buildingName: h.building_name,
          compoundId: h.compound_id,
          households: 0,
          visited: 0,
          notHome: 0,
          notVisited: 0,
        };
        const status = coverageStatus(visits.get(h.id)?.outcomes ?? []);
        const key = status === 'visited' ? 'visited' : status === 'not_home' ? 'notHome' : 'notVisited';
        b.households++;
        b[key]++;
        totals.households++;
        totals[key]++;
        buildings.set(h.building_id, b);
      }
      return { quarter: q.code, from: q.from, to: q.to, totals, buildings: [...buildings.values()] };
    },
  );

  app.get(
    '/communities/:communityId/visit-coverage/households',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary:
          'Households and where each stands this quarter; status=not_visited lists who still needs a knock',
        params: CommunityParams,
        querystring: ListQuery({ ...CoverageQuery, status: Type.Optional(StringEnum(coverageStatuses)) }),
        response: { 200: Page(CoverageHousehold) },
      },
    },
    async (req) => {
      const q = quarterFrom(req.query.quarter);
      const communityId = communityOf(req).id;
      let query = householdsInScope(req, req.query);
      if (req.query.q) query = query.where(contains('h.name', req.query.q));
      const status = req.query.status;
      if (status) {
        const inQuarter = (outcomes: string[]) => (eb: ExpressionBuilder<DB & { h: HouseholdsTable }, 'h'>) =>
          eb.exists(
            eb
              .selectFrom('visits as v')
              .select('v.id')
              .whereRef('v.community_id', '=', 'h.community_id')
              .whereRef('v.household_id', '=', 'h.id')
              .where('v.visited_on', '>=', q.from)
              .where('v.visited_on', '<=', q.to)
              .where('v.outcome', 'in', outcomes),
          );
        if (status === 'visited') query = query.where(inQuarter(['met', 'refused']));
        else if (status === 'not_home')
          query = query
            .where(inQuarter(['not_home']))
            .where((eb) => eb.not(inQuarter(['met', 'refused'])(eb)));
        else query = query.where((eb) => eb.not(inQuarter([...visitOutcomes])(eb)));
      }
      const page = await paginate(query.orderBy('b.name').orderBy('rm.number').orderBy('h.id'), req.query);
      const ids = page.items.map((h) => h.id);
      const [visits, assignees] = await Promise.all([
        quarterVisits(db, communityId, ids, q),
        assigneesOf(communityId, ids),
      ]);
      return {
        ...page,
        items: page.items.map((h) => {
          const v = visits.get(h.id);
          return {
            householdId: h.id,
            householdName: h.name,
            compoundId: h.compound_id,
            buildingId: h.building_id,
            buildingName: h.building_name,
            roomNumber: h.room_number,
            status: coverageStatus(v?.outcomes ?? []),
            lastVisitedAt: v?.lastAt ?? null,
            lastOutcome: (v?.lastOutcome ?? null) as (typeof visitOutcomes)[number] | null,
            assignedTo: assignees.filter((a) => a.household_id === h.id).map((a) => a.name),
          };
        }),
      };
    },
  );

  // ---- 党员联系户 ----

  async function assignmentViews(communityId: string, ids: readonly string[]) {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('household_assignments as a')
      .innerJoin('households as h', (j) =>
        j.onRef('h.community_id', '=', 'a.community_id').onRef('h.id', '=', 'a.household_id'),
      )
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.community_id', '=', 'a.community_id').onRef('b.id', '=', 'a.building_id'),
      )
      .innerJoin('rooms as rm', (j) =>
        j.onRef('rm.community_id', '=', 'h.community_id').onRef('rm.id', '=', 'h.room_id'),
      )
      .innerJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'a.community_id').onRef('p.id', '=', 'a.person_id'),
      )
      .selectAll('a')
      .select([
        'h.name as household_name',
        'b.name as building_name',
        'rm.number as room_number',
        'p.name as person_name',
      ])
      .where('a.community_id', '=', communityId)
      .where('a.id', 'in', [...ids])
      .execute();
    const q = quarterOf(shanghaiDay(Date.now()));
    const last = await db
      .selectFrom('visits')
      .select(['household_id', sql<number>`max(visited_at)`.as('at')])
      .where('community_id', '=', communityId)
      .where(
        'household_id',
        'in',
        rows.map((r) => r.household_id),
      )
      .groupBy('household_id')
      .execute();
    const quarter = await quarterVisits(
      db,
      communityId,
      rows.map((r) => r.household_id),
      q,
    );
    const lastOutcome = async (householdId: string, at: number) =>
      (
        await db
          .selectFrom('visits')
          .select('outcome')
          .where('community_id', '=', communityId)
          .where('household_id', '=', householdId)
          .where('visited_at', '=', at)
          .executeTakeFirst()
      )?.outcome ?? null;
    const out = [];
    for (const id of ids) {
      const a = rows.find((r) => r.id === id)!;
      const at = last.find((l) => l.household_id === a.household_id)?.at;
      out.push({
        id: a.id,
        communityId: a.community_id,
        householdId: a.household_id,
        householdName: a.household_name,
        compoundId: a.compound_id,
        buildingId: a.building_id,
        buildingName: a.building_name,
        roomNumber: a.room_number,
        gridId: a.grid_id,
        personId: a.person_id,
        personName: a.person_name,
        assignedAt: a.assigned_at,
        lastVisitedAt: at === undefined ? null : Number(at),
        lastOutcome: (at === undefined ? null : await lastOutcome(a.household_id, Number(at))) as
          (typeof visitOutcomes)[number] | null,
        visitedThisQuarter: coverageStatus(quarter.get(a.household_id)?.outcomes ?? []) === 'visited',
      });
    }
    return out;
  }

  app.get(
    '/communities/:communityId/contact-assignments',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'Households assigned to party members (党员联系户) in my scope',
        params: CommunityParams,
        querystring: ListQuery({
          personId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          gridId: Type.Optional(Id),
        }),
        response: { 200: Page(Assignment) },
      },
    },
    async (req) => {
      const q = req.query;
      let query = db
        .selectFrom('household_assignments as a')
        .select('a.id')
        .where('a.community_id', '=', communityOf(req).id)
        .where('a.ended_at', 'is', null)
        .where((eb) =>
          whereVisible(eb, visibleRows(req, 'visits.record'), {
            compound: 'a.compound_id',
            building: 'a.building_id',
            grid: 'a.grid_id',
          }),
        );
      if (q.personId) query = query.where('a.person_id', '=', q.personId);
      if (q.buildingId) query = query.where('a.building_id', '=', q.buildingId);
      if (q.gridId) query = query.where('a.grid_id', '=', q.gridId);
      const page = await paginate(query.orderBy('a.assigned_at', q.order ?? 'desc').orderBy('a.id'), q);
      return {
        ...page,
        items: await assignmentViews(
          communityOf(req).id,
          page.items.map((a) => a.id),
        ),
      };
    },
  );

  app.post(
    '/communities/:communityId/contact-assignments',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'Assign a household to a party member to keep in touch with (党员联系户)',
        params: CommunityParams,
        body: Type.Object({ householdId: Id, personId: Id }, { additionalProperties: false }),
        response: { 201: Assignment },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const place = await householdPlace(db, communityId, req.body.householdId);
      if (!place) throw fieldError(400, 'bad_reference', 'householdId', { what: 'householdId' });
      requireCan(req, 'visits.record', {
        compoundId: place.compound_id,
        buildingId: place.building_id,
        gridId: place.grid_id,
      });
      const person = await db
        .selectFrom('people')
        .select(['id', 'account_id'])
        .where('community_id', '=', communityId)
        .where('id', '=', req.body.personId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!person) throw fieldError(400, 'bad_reference', 'personId', { what: 'personId' });
      if (!person.account_id) throw fieldError(400, 'care_pair_no_account', 'personId');
      const id = newId();
      try {
        await db
          .insertInto('household_assignments')
          .values({
            community_id: communityId,
            id,
            household_id: place.household_id,
            person_id: person.id,
            compound_id: place.compound_id,
            building_id: place.building_id,
            grid_id: place.grid_id,
            assigned_by: me(req),
            assigned_at: Date.now(),
            ended_at: null,
            ended_by: null,
          })
          .execute();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505')
          throw new AppError(409, 'visits_already_assigned');
        throw err;
      }
      await notify(app.deps, communityId, [person.account_id], {
        kind: 'visit_assigned',
        params: { household: place.name },
        link: '/my-households',
      });
      return reply.status(201).send((await assignmentViews(communityId, [id]))[0]!);
    },
  );

  app.post(
    '/communities/:communityId/contact-assignments/:assignmentId/end',
    {
      config: { access: access.community('visits.record') },
      schema: {
        tags: ['visits'],
        summary: 'End an assignment (its visits stay)',
        params: Type.Object({ communityId: Id, assignmentId: Id }),
        response: { 200: Ok },
      },
    },
    async (req) => {
      const a = await db
        .selectFrom('household_assignments')
        .selectAll()
        .where('community_id', '=', communityOf(req).id)
        .where('id', '=', req.params.assignmentId)
        .executeTakeFirst();
      if (!a) throw new AppError(404, 'not_found');
      requireCan(req, 'visits.record', {
        compoundId: a.compound_id,
        buildingId: a.building_id,
        gridId: a.grid_id,
      });
      const now = Date.now();
      await db
        .updateTable('household_assignments')
        .set({ ended_at: now, ended_by: me(req) })
        .where('community_id', '=', a.community_id)
        .where('id', '=', a.id)
        .where('ended_at', 'is', null)
        .execute();
      return { ok: true as const };
    },
  );

  // ---- the party member's own households (/me) ----

  /** The caller's live assignments, through their people, in any community. */
  const myAssignments = (req: FastifyRequest) =>
    db
      .selectFrom('household_assignments as a')
      .innerJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'a.community_id').onRef('p.id', '=', 'a.person_id'),
      )
      .select(['a.id', 'a.community_id', 'a.household_id'])
      .where('p.account_id', '=', me(req))
      .where('a.ended_at', 'is', null);

  app.get(
    '/me/contact-households',
    {
      config: { access: access.session() },
      schema: {
        tags: ['visits'],
        summary: 'My households (党员联系户): when each was last visited and whether this quarter',
        querystring: ListQuery({}),
        response: { 200: Page(Assignment) },
      },
    },
    async (req) => {
      const page = await paginate(myAssignments(req).orderBy('a.assigned_at').orderBy('a.id'), req.query);
      const items: Awaited<ReturnType<typeof assignmentViews>> = [];
      for (const communityId of new Set(page.items.map((a) => a.community_id)))
        items.push(
          ...(await assignmentViews(
            communityId,
            page.items.filter((a) => a.community_id === communityId).map((a) => a.id),
          )),
        );
      return { ...page, items: page.items.map((a) => items.find((i) => i.id === a.id)!) };
    },
  );

  /** The caller's assignment of this household; 404 for any other household. */
  async function myHousehold(req: FastifyRequest, householdId: string) {
    const a = await myAssignments(req).where('a.household_id', '=', householdId).executeTakeFirst();
    if (!a) throw new AppError(404, 'not_found');
    return a;
  }

  app.post(
    '/me/visits',
    {
      config: { access: access.session() },
      schema: {
        tags: ['visits'],
        summary: 'Record my visit to one of my households',
        body: VisitInput,
        response: { 201: Visit },
      },
    },
    async (req, reply) => {
      const a = await myHousehold(req, req.body.householdId);
      return reply
        .status(201)
        .send(visitView(await recordVisit(db, a.community_id, req.body, visitor(req), null)));
    },
  );

  app.get(
    '/me/visits',
    {
      config: { access: access.session() },
      schema: {
        tags: ['visits'],
        summary: 'The visits I recorded, newest first',
        querystring: ListQuery({ householdId: Type.Optional(Id) }),
        response: { 200: Page(Visit) },
      },
    },
    async (req) => {
      let query = visitRows(db).where('v.visitor_account_id', '=', me(req));
      if (req.query.householdId) query = query.where('v.household_id', '=', req.query.householdId);
      const page = await paginate(
        query.orderBy('v.visited_at', req.query.order ?? 'desc').orderBy('v.id'),
        req.query,
      );
      return { ...page, items: page.items.map(visitView) };
    },
  );

  app.post(
    '/me/visits/:visitId/order',
    {
      config: { access: access.session() },
      schema: {
        tags: ['visits'],
        summary: 'Turn the problems I found on my visit into a service order for the household',
        params: Type.Object({ visitId: Id }),
        body: NeedToOrder,
        response: { 201: Visit },
      },
    },
    async (req, reply) => {
      const v = await visitRows(db)
        .where('v.id', '=', req.params.visitId)
        .where('v.visitor_account_id', '=', me(req))
        .executeTakeFirst();
      if (!v) throw new AppError(404, 'not_found');
      return reply.status(201).send(await visitToOrder(req, v, req.body));
    },
  );
};
