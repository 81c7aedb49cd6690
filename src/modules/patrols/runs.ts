import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB, PatrolRunsTable, PatrolScansTable } from '../../core/db/schema';
import { paginate } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, principalOf } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { maskName } from '../../core/personal';
import { creditService } from '../volunteers/ledger';
import { volunteerSettings } from '../volunteers/settings';
import { findingCategory, orderFromFinding } from './finding';
import { communitiesOf, mayRun, patrolReach, personIn, type PatrolReach } from './reach';
import {
  creditMinutes,
  dateOf,
  graceEnds,
  isSlot,
  runStates,
  slotsOn,
  takesScans,
  type RunState,
} from './rules';
import {
  PatrolRun,
  PatrolRunDetail,
  Scan,
  checkpointsOf,
  flagsOf,
  isUniqueViolation,
  parseSchedule,
  publishRun,
  routeRows,
  runDetail,
  runRow,
  runRows,
  runView,
  scanView,
  type RouteRow,
  type RunRow,
} from './store';

/**
 * 巡逻 from the phone: the routes I may walk with today's slots, starting a run, scanning the
 * checkpoints' QR codes (or picking a point by hand) with a note or a finding, and finishing. A
 * phone in a basement keeps its scans and sends them later: every write carries a client key, and
 * the same key again — even twice at once — finds the first result (200) instead of a second row.
 */

const ClientKey = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[\\x21-\\x7e]+$',
  description: 'made by the phone; the same key again returns the first result (200) instead of a second row',
});

/** How early a scheduled run may start before its slot. */
const earlyStartMs = 2 * 3_600_000;
/** The phone's clock may run a little ahead of the server's. */
const clockSkewMs = 10 * 60_000;
/** A scan older than this before its run started is a wrong clock, not a scan of this run. */
const scanBeforeStartMs = 12 * 3_600_000;

const MyPatrolRoute = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  squadId: Nullable(Type.String()),
  squadName: Nullable(Type.String()),
  name: Type.String(),
  graceMinutes: Type.Integer(),
  checkpointCount: Type.Integer(),
  today: Type.Array(
    Type.Object({
      scheduledFor: Type.Integer(),
      graceEndsAt: Type.Integer(),
      runId: Nullable(Type.String()),
      runState: Nullable(StringEnum(runStates)),
      runnerName: Nullable(Type.String()),
      mine: Type.Boolean({ description: 'the run is mine' }),
    }),
    { description: 'today’s scheduled slots (Asia/Shanghai) and whether each was run' },
  ),
  openRunId: Nullable(Type.String({ description: 'my run on this route still in progress' })),
});

const ScanTarget = Type.Object({
  communityId: Type.String(),
  routeId: Type.String(),
  routeName: Type.String(),
  compoundName: Type.String(),
  checkpointId: Type.String(),
  checkpointName: Type.String(),
  position: Type.Integer({ description: '1-based place of the point in the walking order' }),
  placeHint: Nullable(Type.String()),
  checkpointCount: Type.Integer(),
  openRunId: Nullable(Type.String({ description: 'my run on this route in progress, to scan into' })),
});

const RunParams = Type.Object({ runId: Id });

export const runRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const reachOf = (req: FastifyRequest) => patrolReach(db, principalOf(req));

  /** The routes of the communities the account belongs to that it may walk. */
  async function routesFor(reach: PatrolReach, routeId?: string) {
    const communities = communitiesOf(reach);
    if (!communities.length) return [];
    let q = routeRows(db).where('r.community_id', 'in', communities).where('r.state', '=', 'active');
    if (routeId) q = q.where('r.id', '=', routeId);
    const rows = (await q.orderBy('r.name').orderBy('r.id').execute()) as RouteRow[];
    return rows.filter((r) => mayRun(reach, r));
  }

  /** A run of mine, or 404 (another's run is not mine to see from the phone). */
  async function myRun(req: FastifyRequest, runId: string) {
    const row = (await runRows(db)
      .where('u.id', '=', runId)
      .where('u.runner_account_id', '=', req.account!.id)
      .executeTakeFirst()) as RunRow | undefined;
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }

  const detailOf = async (communityId: string, runId: string) =>
    runDetail(db, (await runRow(db, communityId, runId))!);

  app.get(
    '/me/patrol-routes',
    {
      config: { access: access.session() },
      schema: {
        tags: ['patrols'],
        summary:
          'Routes I may patrol (my squads’, my compounds’), with today’s slots and whether each was run',
        response: { 200: Type.Object({ items: Type.Array(MyPatrolRoute) }) },
      },
    },
    async (req) => {
      const reach = await reachOf(req);
      const routes = await routesFor(reach);
      if (!routes.length) return { items: [] };
      const now = Date.now();
      const today = dateOf(now);
      const runs = (await runRows(db)
        .where(
          'u.route_id',
          'in',
          routes.map((r) => r.id),
        )
        .where((eb) =>
          eb.or([eb('u.state', '=', 'in_progress'), eb('u.scheduled_for', '>=', now - 2 * 86_400_000)]),
        )
        .execute()) as RunRow[];
      const items = routes.map((r) => {
        const ofRoute = runs.filter((u) => u.route_id === r.id && u.community_id === r.community_id);
        const mine = (u: RunRow) => u.runner_account_id === req.account!.id;
        const nameFor = (u: RunRow) => {
          const name = runView(u).runnerName;
          return name && !mine(u) ? maskName(name) : name;
        };
        return {
          id: r.id,
          communityId: r.community_id,
          compoundId: r.compound_id,
          compoundName: r.compound_name,
          squadId: r.squad_id,
          squadName: r.squad_name,
          name: r.name,
          graceMinutes: r.grace_minutes,
          checkpointCount: Number(r.checkpoint_count ?? 0),
          today: slotsOn(parseSchedule(r.schedule), today).map((slot) => {
            const run = ofRoute.find((u) => Number(u.scheduled_for) === slot);
            return {
              scheduledFor: slot,
              graceEndsAt: graceEnds(slot, r.grace_minutes),
              runId: run?.id ?? null,
              runState: (run?.state as RunState | undefined) ?? null,
              // On the phone only my own name shows in full: a neighbour's is masked (赵*发).
              runnerName: run ? nameFor(run) : null,
              mine: !!run && mine(run),
            };
          }),
          openRunId: ofRoute.find((u) => u.state === 'in_progress' && mine(u))?.id ?? null,
        };
      });
      return { items };
    },
  );

  app.get(
    '/me/patrol-runs',
    {
      config: { access: access.session() },
      schema: {
        tags: ['patrols'],
        summary: 'My patrol runs, newest first',
        querystring: ListQuery({}),
        response: { 200: Page(PatrolRun) },
      },
    },
    async (req) => {
      const page = await paginate(
        runRows(db)
          .where('u.runner_account_id', '=', req.account!.id)
          .orderBy('u.created_at', req.query.order ?? 'desc')
          .orderBy('u.id'),
        req.query,
      );
      return { ...page, items: (page.items as RunRow[]).map(runView) };
    },
  );

  app.post(
    '/me/patrol-runs',
    {
      config: { access: access.session() },
      schema: {
        tags: ['patrols'],
        summary:
          'Start a patrol run (a scheduled slot of the route, or ad hoc); a replay returns the same run',
        description:
          'scheduledFor names one of the route’s slots (from GET /me/patrol-routes); it may start up to two hours ' +
          'early, and after the slot’s grace it is flagged late (taking over the slot’s missed run). ' +
          '409 patrol_slot_taken when someone else runs that slot.',
        body: Type.Object(
          {
            routeId: Id,
            scheduledFor: Type.Optional(Type.Integer({ minimum: 0 })),
            clientKey: ClientKey,
          },
          { additionalProperties: false },
        ),
        response: { 200: PatrolRunDetail, 201: PatrolRunDetail },
      },
    },
    async (req, reply) => {
      const { routeId, scheduledFor, clientKey } = req.body;
      const accountId = req.account!.id;
      const reach = await reachOf(req);
      const [route] = await routesFor(reach, routeId);
      if (!route) throw fieldError(404, 'not_found', 'routeId');
      const communityId = route.community_id;

      const replayed = () =>
        db
          .selectFrom('patrol_runs')
          .select('id')
          .where('community_id', '=', communityId)
          .where('runner_account_id', '=', accountId)
          .where('client_key', '=', clientKey)
          .executeTakeFirst();
      const replay = async () => {
        const earlier = await replayed();
        return earlier ? reply.status(200).send(await detailOf(communityId, earlier.id)) : null;
      };
      const first = await replay();
      if (first) return first;

      if (!(await checkpointsOf(db, communityId, route.id)).length)
        throw new AppError(409, 'patrol_route_empty');
      const now = Date.now();
      if (scheduledFor !== undefined) {
        if (!isSlot(parseSchedule(route.schedule), scheduledFor))
          throw fieldError(400, 'patrol_not_a_slot', 'scheduledFor');
        if (now < scheduledFor - earlyStartMs) throw fieldError(409, 'patrol_slot_not_yet', 'scheduledFor');
      }
      const person = personIn(reach, communityId);
      const started = {
        runner_person_id: person?.id ?? null,
        runner_account_id: accountId,
        started_at: now,
        state: 'in_progress' as const,
        late: scheduledFor !== undefined && now > graceEnds(scheduledFor, route.grace_minutes) ? 1 : 0,
        client_key: clientKey,
        updated_at: now,
      } satisfies Partial<PatrolRunsTable>;

      /** The slot's run already there: a missed one is taken over (a late run), any other is someone's. */
      const takeOver = async () => {
        const taken = await db
          .updateTable('patrol_runs')
          .set({ ...started, late: 1, missed_points: 0 })
          .where('community_id', '=', communityId)
          .where('route_id', '=', route.id)
          .where('scheduled_for', '=', scheduledFor!)
          .where('state', '=', 'missed')
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) throw new AppError(409, 'patrol_slot_taken');
        const run = await replayed();
        return reply.status(201).send(await detailOf(communityId, run!.id));
      };

      const id = newId();
      try {
        await db
          .insertInto('patrol_runs')
          .values({
            community_id: communityId,
            id,
            route_id: route.id,
            scheduled_for: scheduledFor ?? null,
            ...started,
            finished_at: null,
            missed_points: 0,
            out_of_order: 0,
            note: null,
            created_at: now,
          })
          .execute();
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // The same start sent twice at once, or the slot already has a run.
        const again = await replay();
        if (again) return again;
        if (scheduledFor === undefined) throw err;
        return takeOver();
      }
      await publishRun(
        app.deps.events,
        { community_id: communityId, id, route_id: route.id, state: 'in_progress' },
        route,
      );
      return reply.status(201).send(await detailOf(communityId, id));
    },
  );

  app.get(
    '/me/patrol-runs/:runId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['patrols'],
        summary: 'My run: the route’s checkpoints in order with what is scanned, and every scan',
        params: RunParams,
        response: { 200: PatrolRunDetail },
      },
    },
    async (req) => runDetail(db, await myRun(req, req.params.runId)),
  );

  app.post(
    '/me/patrol-runs/:runId/scans',
    {
      config: { access: access.session() },
      schema: {
        tags: ['patrols'],
        summary:
          'Scan a checkpoint (its QR code’s token, or its id when picked by hand); a finding makes a service order',
        description:
          'scannedAt is the phone’s time of the scan (kept as given; the server’s time of arrival is kept too). ' +
          'A replay with the same clientKey returns the first scan with 200, even once the run is finished. ' +
          'finding: true needs a note; categoryId defaults to safety hazards (安全隐患); fileIds are photos uploaded first.',
        params: RunParams,
        body: Type.Object(
          {
            qrToken: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
            checkpointId: Type.Optional(Id),
            scannedAt: Type.Integer({ minimum: 0 }),
            note: Type.Optional(Text(500, 0)),
            finding: Type.Optional(Type.Boolean()),
            categoryId: Type.Optional(Id),
            fileIds: Type.Optional(Type.Array(Id, { maxItems: 9, uniqueItems: true })),
            clientKey: ClientKey,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ scan: Scan, run: PatrolRunDetail }),
          201: Type.Object({ scan: Scan, run: PatrolRunDetail }),
        },
      },
    },
    async (req, reply) => {
      const run = await myRun(req, req.params.runId);
      const communityId = run.community_id;
      const b = req.body;
      const byKey = () =>
        db
          .selectFrom('patrol_scans')
          .selectAll()
          .where('community_id', '=', communityId)
          .where('run_id', '=', run.id)
          .where('client_key', '=', b.clientKey)
          .executeTakeFirst();
      const answer = async (scan: PatrolScansTable, status: 200 | 201) =>
        reply.status(status).send({ scan: scanView(scan), run: await detailOf(communityId, run.id) });
      const earlier = await byKey();
      if (earlier) return answer(earlier, 200);

      if (!takesScans(run.state as RunState)) throw new AppError(409, 'patrol_run_closed');
      if (!b.qrToken && !b.checkpointId) throw fieldError(400, 'patrol_checkpoint_required', 'qrToken');
      let point = db
        .selectFrom('patrol_checkpoints')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('route_id', '=', run.route_id)
        .where('archived_at', 'is', null);
      if (b.qrToken) point = point.where('qr_token', '=', b.qrToken);
      if (b.checkpointId) point = point.where('id', '=', b.checkpointId);
      const checkpoint = await point.executeTakeFirst();
      if (!checkpoint)
        throw fieldError(400, 'patrol_checkpoint_not_on_route', b.qrToken ? 'qrToken' : 'checkpointId');
      const now = Date.now();
      if (b.scannedAt > now + clockSkewMs || b.scannedAt < Number(run.started_at) - scanBeforeStartMs)
        throw fieldError(400, 'patrol_scan_time', 'scannedAt');
      const note = b.note?.trim() || null;
      const finding = b.finding === true;
      if (finding && !note) throw fieldError(400, 'patrol_finding_note', 'note');
      if (!finding && (b.categoryId || b.fileIds?.length))
        throw fieldError(400, 'patrol_finding_only', b.categoryId ? 'categoryId' : 'fileIds');

      let orderId: string | null = null;
      if (finding) {
        const category = await findingCategory(db, communityId, b.categoryId);
        orderId = await orderFromFinding(
          app.deps,
          {
            communityId,
            compoundId: run.compound_id,
            routeName: run.route_name,
            checkpointName: checkpoint.name,
            placeHint: checkpoint.place_hint,
            runId: run.id,
            clientKey: b.clientKey,
            note: note!,
            fileIds: b.fileIds ?? [],
            accountId: req.account!.id,
            personId: run.runner_person_id,
          },
          category,
          req.locale,
        );
      }
      const scan: PatrolScansTable = {
        community_id: communityId,
        id: newId(),
        run_id: run.id,
        checkpoint_id: checkpoint.id,
        scanned_at: b.scannedAt,
        received_at: now,
        note,
        finding: finding ? 1 : 0,
        finding_order_id: orderId,
        client_key: b.clientKey,
        created_by: req.account!.id,
      };
      try {
        await db.insertInto('patrol_scans').values(scan).execute();
      } catch (err) {
        // The same scan replayed at the same moment: the first one stands.
        const twin = isUniqueViolation(err) ? await byKey() : undefined;
        if (!twin) throw err;
        return answer(twin, 200);
      }
      await publishRun(app.deps.events, run, run);
      return answer(scan, 201);
    },
  );

  app.post(
    '/me/patrol-runs/:runId/finish',
    {
      config: { access: access.session() },
      schema: {
        tags: ['patrols'],
        summary: 'Finish my run: its flags are set and the time is credited to me as service hours',
        description:
          'Finishing twice changes nothing (the first finish stands), so the phone may replay it; clientKey is ' +
          'accepted for the phone’s queue. The run credits min(finished − started, the community’s patrol cap).',
        params: RunParams,
        body: Type.Object(
          { note: Type.Optional(Text(500, 0)), clientKey: Type.Optional(ClientKey) },
          { additionalProperties: false },
        ),
        response: { 200: PatrolRunDetail },
      },
    },
    async (req) => {
      const run = await myRun(req, req.params.runId);
      if (run.state === 'done') return runDetail(db, run);
      if (!takesScans(run.state as RunState)) throw new AppError(409, 'patrol_run_closed');
      const now = Date.now();
      const { patrolMaxMinutes } = await volunteerSettings(db, run.community_id);
      await db
        .transaction()
        .execute(async (trx) => finishRun(trx, run, now, req.body.note?.trim() || null, patrolMaxMinutes));
      await publishRun(app.deps.events, { ...run, state: 'done' }, run);
      return detailOf(run.community_id, run.id);
    },
  );

  app.get(
    '/patrol/scan-target/:qrToken',
    {
      config: { access: access.session() },
      schema: {
        tags: ['patrols'],
        summary: 'Which checkpoint and route a scanned QR code points to, and my run on it in progress',
        params: Type.Object({
          qrToken: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
        }),
        response: { 200: ScanTarget },
      },
    },
    async (req) => {
      const point = await db
        .selectFrom('patrol_checkpoints')
        .selectAll()
        .where('qr_token', '=', req.params.qrToken)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      const reach = await reachOf(req);
      const [route] = point ? await routesFor(reach, point.route_id) : [];
      // A code of a route the caller may not walk reads as no code at all.
      if (!point || !route || route.community_id !== point.community_id) throw new AppError(404, 'not_found');
      const points = await checkpointsOf(db, route.community_id, route.id);
      const open = await db
        .selectFrom('patrol_runs')
        .select('id')
        .where('community_id', '=', route.community_id)
        .where('route_id', '=', route.id)
        .where('runner_account_id', '=', req.account!.id)
        .where('state', '=', 'in_progress')
        .orderBy('started_at', 'desc')
        .executeTakeFirst();
      return {
        communityId: route.community_id,
        routeId: route.id,
        routeName: route.name,
        compoundName: route.compound_name,
        checkpointId: point.id,
        checkpointName: point.name,
        position: points.findIndex((k) => k.id === point.id) + 1,
        placeHint: point.place_hint,
        checkpointCount: points.length,
        openRunId: open?.id ?? null,
      };
    },
  );
};

/**
 * Closes a run in progress (done, or abandoned by the clock) with its flags, and credits a finished
 * run's time to its runner's person. Only the first close counts: the update is conditional.
 */
export async function finishRun(
  trx: Kysely<DB>,
  run: RunRow,
  now: number,
  note: string | null,
  patrolMaxMinutes: number,
  state: 'done' | 'abandoned' = 'done',
): Promise<boolean> {
  const flags = await flagsOf(trx, run, run.grace_minutes);
  const closed = await trx
    .updateTable('patrol_runs')
    .set({ state, finished_at: now, ...flags, ...(note ? { note } : {}), updated_at: now })
    .where('community_id', '=', run.community_id)
    .where('id', '=', run.id)
    .where('state', '=', 'in_progress')
    .executeTakeFirst();
  if (Number(closed.numUpdatedRows) !== 1) return false;
  if (state === 'done' && run.runner_person_id && run.started_at !== null)
    await creditService(
      trx,
      run.community_id,
      [
        {
          personId: run.runner_person_id,
          squadId: run.squad_id,
          compoundId: run.compound_id,
          sourceKind: 'patrol',
          sourceId: run.id,
          minutes: creditMinutes(Number(run.started_at), now, patrolMaxMinutes),
          at: now,
          note: run.route_name,
        },
      ],
      run.runner_account_id,
    );
  return true;
}
