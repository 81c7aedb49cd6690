import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PatrolCheckpointsTable, PatrolRoutesTable } from '../../core/db/schema';
import { rowVisible } from '../../core/access/policy';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { streamEvents } from '../../core/http/sse';
import { AppError, fieldError } from '../../core/errors';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
import {
  CommunityParams,
  DateOnly,
  Id,
  ListQuery,
  Nullable,
  Page,
  StringEnum,
  Text,
} from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { requireNoticeFont } from '../votes/notice';
import { renderQrSheet } from './qrSheet';
import { routeStates, runStates, timePattern } from './rules';
import {
  Checkpoint,
  PatrolRoute,
  PatrolRun,
  PatrolRunDetail,
  checkpointView,
  checkpointsOf,
  flaggedRun,
  newQrToken,
  patrolsTopic,
  routeFor,
  routeRows,
  routeScope,
  routeView,
  runDetail,
  runRow,
  runRows,
  runsBetween,
  runTime,
  runView,
  scanPath,
  type RouteRow,
  type RunRow,
} from './store';

/**
 * The console's side of patrols (patrols.manage): routes with their schedule, checkpoints and their
 * printable QR sheet, and the runs with their flags. Rows are scoped by the route's compound, squad
 * (a squad leader runs its squad's routes) and grid.
 */

const ScheduleInput = Type.Object(
  {
    times: Type.Array(Type.String({ pattern: timePattern, description: "'HH:mm'" }), {
      maxItems: 12,
      uniqueItems: true,
    }),
    weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, uniqueItems: true }),
  },
  {
    additionalProperties: false,
    description: 'e.g. every morning: {times: ["07:00"], weekdays: [1,2,3,4,5,6,7]}',
  },
);

const RouteInput = {
  name: Text(60),
  squadId: Type.Optional(Nullable(Id)),
  gridId: Type.Optional(Nullable(Id)),
  schedule: Type.Optional(ScheduleInput),
  graceMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 24 * 60 })),
};

const PatrolRouteDetail = Type.Object({
  ...PatrolRoute.properties,
  checkpoints: Type.Array(Checkpoint, { description: 'live points in walking order' }),
});

const RouteParams = Type.Object({ communityId: Id, routeId: Id });
const CheckpointParams = Type.Object({ communityId: Id, checkpointId: Id });
const CheckpointInput = { name: Text(60), placeHint: Type.Optional(Nullable(Text(100, 0))) };

const filledName = (text: string, field = 'name') => {
  const trimmed = text.trim();
  if (!trimmed) throw fieldError(400, 'patrol_blank', field);
  return trimmed;
};

export const consoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const detail = async (route: RouteRow) => ({
    ...routeView(route),
    checkpoints: (await checkpointsOf(db, route.community_id, route.id)).map(checkpointView),
  });

  /** The squad and grid named for a route in this compound: 400 unless they exist and serve there. */
  async function checkScope(
    communityId: string,
    compoundId: string,
    squadId: string | null,
    gridId: string | null,
  ) {
    if (squadId) {
      const squad = await db
        .selectFrom('squads')
        .select('compound_id')
        .where('community_id', '=', communityId)
        .where('id', '=', squadId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!squad) throw fieldError(400, 'bad_reference', 'squadId', { what: 'squadId' });
      if (squad.compound_id && squad.compound_id !== compoundId)
        throw fieldError(400, 'patrol_squad_elsewhere', 'squadId');
    }
    if (gridId) {
      const grid = await db
        .selectFrom('grids')
        .select('compound_id')
        .where('community_id', '=', communityId)
        .where('id', '=', gridId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!grid) throw fieldError(400, 'bad_reference', 'gridId', { what: 'gridId' });
      if (grid.compound_id !== compoundId) throw fieldError(400, 'patrol_grid_elsewhere', 'gridId');
    }
  }

  /** A checkpoint and its route, the caller managing the route; 404 for another community's or unknown. */
  async function checkpointFor(req: FastifyRequest, communityId: string, checkpointId: string) {
    const point = await db
      .selectFrom('patrol_checkpoints')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('id', '=', checkpointId)
      .executeTakeFirst();
    if (!point) throw new AppError(404, 'not_found');
    const route = await routeFor(req, db, communityId, point.route_id, 'patrols.manage');
    return { point, route };
  }

  const touchRoute = (communityId: string, routeId: string, now: number) =>
    db
      .updateTable('patrol_routes')
      .set({ updated_at: now })
      .where('community_id', '=', communityId)
      .where('id', '=', routeId)
      .execute();

  app.get(
    '/communities/:communityId/patrol-routes',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary: 'Patrol routes (巡逻路线) in scope',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          squadId: Type.Optional(Id),
          state: Type.Optional(StringEnum(routeStates)),
        }),
        response: { 200: Page(PatrolRoute) },
      },
    },
    async (req) => {
      const f = req.query;
      const filter = visibleRows(req, 'patrols.manage');
      let q = routeRows(db)
        .where('r.community_id', '=', communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'r.compound_id', squad: 'r.squad_id', grid: 'r.grid_id' }),
        );
      if (f.compoundId) q = q.where('r.compound_id', '=', f.compoundId);
      if (f.squadId) q = q.where('r.squad_id', '=', f.squadId);
      if (f.state) q = q.where('r.state', '=', f.state);
      if (f.q) q = q.where(contains('r.name', f.q));
      const page = await paginate(q.orderBy('r.name', f.order ?? 'asc').orderBy('r.id'), f);
      return { ...page, items: (page.items as RouteRow[]).map(routeView) };
    },
  );

  app.post(
    '/communities/:communityId/patrol-routes',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary: 'Add a patrol route in a compound (checkpoints are added next)',
        params: CommunityParams,
        body: Type.Object({ compoundId: Id, ...RouteInput }, { additionalProperties: false }),
        response: { 201: PatrolRouteDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const squadId = b.squadId ?? null;
      const gridId = b.gridId ?? null;
      requireCan(req, 'patrols.manage', { compoundId: b.compoundId, squadId, gridId });
      const compound = await db
        .selectFrom('compounds')
        .select('id')
        .where('community_id', '=', communityId)
        .where('id', '=', b.compoundId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!compound) throw fieldError(400, 'bad_reference', 'compoundId', { what: 'compoundId' });
      await checkScope(communityId, b.compoundId, squadId, gridId);
      const now = Date.now();
      const row: PatrolRoutesTable = {
        community_id: communityId,
        id: newId(),
        compound_id: b.compoundId,
        squad_id: squadId,
        grid_id: gridId,
        name: filledName(b.name),
        schedule: JSON.stringify(b.schedule ?? { times: [], weekdays: [] }),
        grace_minutes: b.graceMinutes ?? 60,
        state: 'active',
        created_by: req.account!.id,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('patrol_routes').values(row).execute();
      return reply
        .status(201)
        .send(await detail(await routeFor(req, db, communityId, row.id, 'patrols.manage')));
    },
  );

  app.get(
    '/communities/:communityId/patrol-routes/:routeId',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary: 'One patrol route with its checkpoints in order',
        params: RouteParams,
        response: { 200: PatrolRouteDetail },
      },
    },
    async (req) =>
      detail(await routeFor(req, db, req.params.communityId, req.params.routeId, 'patrols.manage')),
  );

  app.patch(
    '/communities/:communityId/patrol-routes/:routeId',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary:
          'Change a route: name, squad, grid, schedule, grace; archive it (state archived) or bring it back',
        params: RouteParams,
        body: Type.Partial(Type.Object({ ...RouteInput, state: StringEnum(routeStates) }), {
          additionalProperties: false,
        }),
        response: { 200: PatrolRouteDetail },
      },
    },
    async (req) => {
      const { communityId, routeId } = req.params;
      const route = await routeFor(req, db, communityId, routeId, 'patrols.manage');
      const b = req.body;
      const squadId = b.squadId === undefined ? route.squad_id : b.squadId;
      const gridId = b.gridId === undefined ? route.grid_id : b.gridId;
      // Moving a route to another squad or grid needs the right there too.
      requireCan(req, 'patrols.manage', { compoundId: route.compound_id, squadId, gridId });
      await checkScope(communityId, route.compound_id, squadId, gridId);
      await db
        .updateTable('patrol_routes')
        .set({
          ...(b.name !== undefined ? { name: filledName(b.name) } : {}),
          squad_id: squadId,
          grid_id: gridId,
          ...(b.schedule ? { schedule: JSON.stringify(b.schedule) } : {}),
          ...(b.graceMinutes !== undefined ? { grace_minutes: b.graceMinutes } : {}),
          ...(b.state ? { state: b.state } : {}),
          updated_at: Date.now(),
        })
        .where('community_id', '=', communityId)
        .where('id', '=', routeId)
        .execute();
      return detail(await routeFor(req, db, communityId, routeId, 'patrols.manage'));
    },
  );

  app.post(
    '/communities/:communityId/patrol-routes/:routeId/checkpoints',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary: 'Add a checkpoint at the end of the route, with its own QR code',
        params: RouteParams,
        body: Type.Object(CheckpointInput, { additionalProperties: false }),
        response: { 201: Checkpoint },
      },
    },
    async (req, reply) => {
      const { communityId, routeId } = req.params;
      const route = await routeFor(req, db, communityId, routeId, 'patrols.manage');
      const points = await checkpointsOf(db, communityId, route.id, true);
      const now = Date.now();
      const row: PatrolCheckpointsTable = {
        community_id: communityId,
        id: newId(),
        route_id: route.id,
        position: Math.max(0, ...points.map((k) => k.position)) + 1,
        name: filledName(req.body.name),
        place_hint: req.body.placeHint?.trim() || null,
        qr_token: newQrToken(),
        created_at: now,
        archived_at: null,
      };
      await db.insertInto('patrol_checkpoints').values(row).execute();
      await touchRoute(communityId, route.id, now);
      return reply.status(201).send(checkpointView(row));
    },
  );

  app.patch(
    '/communities/:communityId/patrol-checkpoints/:checkpointId',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary: 'Rename a checkpoint or say where it is (its QR code stays the same)',
        params: CheckpointParams,
        body: Type.Partial(Type.Object(CheckpointInput), { additionalProperties: false }),
        response: { 200: Checkpoint },
      },
    },
    async (req) => {
      const { communityId, checkpointId } = req.params;
      const { point } = await checkpointFor(req, communityId, checkpointId);
      const b = req.body;
      const changed = {
        ...(b.name !== undefined ? { name: filledName(b.name) } : {}),
        ...(b.placeHint !== undefined ? { place_hint: b.placeHint?.trim() || null } : {}),
      };
      if (Object.keys(changed).length)
        await db
          .updateTable('patrol_checkpoints')
          .set(changed)
          .where('community_id', '=', communityId)
          .where('id', '=', point.id)
          .execute();
      return checkpointView({ ...point, ...changed });
    },
  );

  app.delete(
    '/communities/:communityId/patrol-checkpoints/:checkpointId',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary:
          'Take a checkpoint off the route (kept for the runs that scanned it; its QR code stops working)',
        params: CheckpointParams,
        response: { 200: Checkpoint },
      },
    },
    async (req) => {
      const { communityId, checkpointId } = req.params;
      const { point, route } = await checkpointFor(req, communityId, checkpointId);
      const now = Date.now();
      const archivedAt = point.archived_at ?? now;
      await db
        .updateTable('patrol_checkpoints')
        .set({ archived_at: archivedAt })
        .where('community_id', '=', communityId)
        .where('id', '=', point.id)
        .execute();
      await touchRoute(communityId, route.id, now);
      return checkpointView({ ...point, archived_at: archivedAt });
    },
  );

  app.post(
    '/communities/:communityId/patrol-routes/:routeId/checkpoints/reorder',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary: 'Put the route’s checkpoints in a new walking order (every live checkpoint, once)',
        params: RouteParams,
        body: Type.Object(
          { ids: Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 200: PatrolRouteDetail },
      },
    },
    async (req) => {
      const { communityId, routeId } = req.params;
      const route = await routeFor(req, db, communityId, routeId, 'patrols.manage');
      const live = await checkpointsOf(db, communityId, route.id);
      const { ids } = req.body;
      if (ids.length !== live.length || !live.every((k) => ids.includes(k.id)))
        throw fieldError(400, 'patrol_reorder_ids', 'ids');
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        for (const [i, id] of ids.entries())
          await trx
            .updateTable('patrol_checkpoints')
            .set({ position: i + 1 })
            .where('community_id', '=', communityId)
            .where('id', '=', id)
            .execute();
        await trx
          .updateTable('patrol_routes')
          .set({ updated_at: now })
          .where('community_id', '=', communityId)
          .where('id', '=', route.id)
          .execute();
      });
      return detail(await routeFor(req, db, communityId, routeId, 'patrols.manage'));
    },
  );

  app.get(
    '/communities/:communityId/patrol-routes/:routeId/qr-sheet.pdf',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary:
          'The route’s checkpoints as a printable A4 sheet of QR codes (six to a page), to fix at each point',
        params: RouteParams,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const { communityId, routeId } = req.params;
      const route = await routeFor(req, db, communityId, routeId, 'patrols.manage');
      const font = await requireNoticeFont(app.deps.config, req.log, 'patrol_font_missing');
      const origin = `${req.protocol}://${req.host}`;
      const points = await checkpointsOf(db, communityId, route.id);
      const pdf = await renderQrSheet(
        font,
        { name: route.name, compoundName: route.compound_name },
        points.map((k, i) => ({
          position: i + 1,
          name: k.name,
          placeHint: k.place_hint,
          url: `${origin}${scanPath(k.qr_token)}`,
        })),
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="patrol-${route.id}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.get(
    '/communities/:communityId/patrol-runs',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary: 'Patrol runs in scope with their flags, newest first',
        description:
          'from/to are dates (Asia/Shanghai, both included) of the run’s slot, else of its start. flagged=true: missed, ' +
          'abandoned, late, out of order or with points skipped. q searches the route’s and the runner’s names.',
        params: CommunityParams,
        querystring: ListQuery({
          routeId: Type.Optional(Id),
          compoundId: Type.Optional(Id),
          squadId: Type.Optional(Id),
          state: Type.Optional(StringEnum(runStates)),
          flagged: Type.Optional(Type.Boolean()),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
        }),
        response: { 200: Page(PatrolRun) },
      },
    },
    async (req) => {
      const f = req.query;
      const filter = visibleRows(req, 'patrols.manage');
      let q = runRows(db)
        .where('u.community_id', '=', communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'r.compound_id', squad: 'r.squad_id', grid: 'r.grid_id' }),
        )
        .where(runsBetween(f.from, f.to));
      if (f.routeId) q = q.where('u.route_id', '=', f.routeId);
      if (f.compoundId) q = q.where('r.compound_id', '=', f.compoundId);
      if (f.squadId) q = q.where('r.squad_id', '=', f.squadId);
      if (f.state) q = q.where('u.state', '=', f.state);
      if (f.flagged !== undefined) q = q.where((eb) => (f.flagged ? flaggedRun(eb) : eb.not(flaggedRun(eb))));
      if (f.q) {
        const text = f.q;
        q = q.where((eb) =>
          eb.or([contains('r.name', text), contains('p.name', text), contains('a.display_name', text)]),
        );
      }
      const page = await paginate(q.orderBy(runTime, f.order ?? 'desc').orderBy('u.id'), f);
      return { ...page, items: (page.items as RunRow[]).map(runView) };
    },
  );

  app.get(
    '/communities/:communityId/patrol-runs/events',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary: 'Runs started, scanned and finished in my scope, live (server-sent events, type patrol_run)',
        params: CommunityParams,
        produces: ['text/event-stream'],
      },
    },
    (req, reply) => {
      const filter = visibleRows(req, 'patrols.manage');
      return streamEvents(req, reply, [patrolsTopic(communityOf(req).id)], (e) =>
        rowVisible(filter, e.data as { compoundId: string; squadId: string | null; gridId: string | null }),
      );
    },
  );

  app.get(
    '/communities/:communityId/patrol-runs/:runId',
    {
      config: { access: access.community('patrols.manage') },
      schema: {
        tags: ['patrols'],
        summary:
          'One run: its route’s points in order with when each was scanned, every scan and its finding’s order',
        params: Type.Object({ communityId: Id, runId: Id }),
        response: { 200: PatrolRunDetail },
      },
    },
    async (req) => {
      const run = await runRow(db, req.params.communityId, req.params.runId);
      if (!run) throw new AppError(404, 'not_found');
      requireCan(req, 'patrols.manage', routeScope(run));
      return runDetail(db, run);
    },
  );
};
