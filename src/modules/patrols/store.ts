import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Action } from '../../core/access/roles';
import type { EventBus } from '../../core/events';
import type { DB, PatrolCheckpointsTable, PatrolRoutesTable, PatrolRunsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { requireCan } from '../../core/http/access';
import { Nullable, StringEnum } from '../../core/http/schemas';
import {
  addDays,
  dayStart,
  isFlagged,
  routeStates,
  runFlags,
  runStates,
  type RunState,
  type Schedule,
} from './rules';
import { isUniqueViolation } from '../../core/db/constraints';

/**
 * Patrol routes, checkpoints and runs in the database: loading a row within the caller's scope,
 * the views the API shows, and the flags of a run recomputed from its scans.
 */

export { isUniqueViolation };

/** The secret a checkpoint's QR code carries: unguessable, so a scan proves someone stood there. */
export const newQrToken = () => randomBytes(18).toString('base64url');

/** The resident app's page a checkpoint's QR code opens. */
export const scanPath = (token: string) => `/patrol/scan/${token}`;

export const routeScope = (r: Pick<PatrolRoutesTable, 'compound_id' | 'squad_id' | 'grid_id'>) => ({
  compoundId: r.compound_id,
  squadId: r.squad_id,
  gridId: r.grid_id,
});

export const parseSchedule = (json: string) => JSON.parse(json) as Schedule;

/** A route of the community with its compound's and squad's names. */
export const routeRows = (db: Kysely<DB>) =>
  db
    .selectFrom('patrol_routes as r')
    .innerJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'r.community_id').onRef('c.id', '=', 'r.compound_id'),
    )
    .leftJoin('squads as s', (j) =>
      j.onRef('s.community_id', '=', 'r.community_id').onRef('s.id', '=', 'r.squad_id'),
    )
    .selectAll('r')
    .select(['c.name as compound_name', 's.name as squad_name'])
    .select((eb) =>
      eb
        .selectFrom('patrol_checkpoints as k')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('k.community_id', '=', 'r.community_id')
        .whereRef('k.route_id', '=', 'r.id')
        .where('k.archived_at', 'is', null)
        .as('checkpoint_count'),
    );
export type RouteRow = PatrolRoutesTable & {
  compound_name: string;
  squad_name: string | null;
  checkpoint_count: number | string | null;
};

export const PatrolRoute = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  squadId: Nullable(Type.String()),
  squadName: Nullable(Type.String()),
  gridId: Nullable(Type.String()),
  name: Type.String(),
  schedule: Type.Object({
    times: Type.Array(Type.String(), { description: "'HH:mm', Asia/Shanghai" }),
    weekdays: Type.Array(Type.Integer(), { description: '1 Monday … 7 Sunday' }),
  }),
  graceMinutes: Type.Integer({
    description: 'a scheduled run not started this long after its slot is missed',
  }),
  state: StringEnum(routeStates),
  checkpointCount: Type.Integer(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

export const routeView = (r: RouteRow) => ({
  id: r.id,
  communityId: r.community_id,
  compoundId: r.compound_id,
  compoundName: r.compound_name,
  squadId: r.squad_id,
  squadName: r.squad_name,
  gridId: r.grid_id,
  name: r.name,
  schedule: parseSchedule(r.schedule),
  graceMinutes: r.grace_minutes,
  state: r.state as (typeof routeStates)[number],
  checkpointCount: Number(r.checkpoint_count ?? 0),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const Checkpoint = Type.Object({
  id: Type.String(),
  routeId: Type.String(),
  position: Type.Integer(),
  name: Type.String(),
  placeHint: Nullable(Type.String()),
  qrToken: Type.String({ description: 'the secret the printed QR code carries' }),
  scanPath: Type.String({ description: 'the resident app page the QR code opens: /patrol/scan/<qrToken>' }),
  createdAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

export const checkpointView = (k: PatrolCheckpointsTable) => ({
  id: k.id,
  routeId: k.route_id,
  position: k.position,
  name: k.name,
  placeHint: k.place_hint,
  qrToken: k.qr_token,
  scanPath: scanPath(k.qr_token),
  createdAt: k.created_at,
  archivedAt: k.archived_at,
});

/** A route of the community, or 404. */
export async function routeById(db: Kysely<DB>, communityId: string, routeId: string) {
  const row = await routeRows(db)
    .where('r.community_id', '=', communityId)
    .where('r.id', '=', routeId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row as RouteRow;
}

/** A route the caller may `action` on (re-checked on its compound, squad and grid), or 404/403. */
export async function routeFor(
  req: FastifyRequest,
  db: Kysely<DB>,
  communityId: string,
  routeId: string,
  action: Action,
) {
  const row = await routeById(db, communityId, routeId);
  requireCan(req, action, routeScope(row));
  return row;
}

/** The route's checkpoints in walking order; archived ones only when asked for. */
export const checkpointsOf = (db: Kysely<DB>, communityId: string, routeId: string, withArchived = false) => {
  let q = db
    .selectFrom('patrol_checkpoints')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('route_id', '=', routeId);
  if (!withArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('position').orderBy('id').execute();
};

/** A run with what a list shows of it: its route, the runner's name, its findings. */
export const runRows = (db: Kysely<DB>) =>
  db
    .selectFrom('patrol_runs as u')
    .innerJoin('patrol_routes as r', (j) =>
      j.onRef('r.community_id', '=', 'u.community_id').onRef('r.id', '=', 'u.route_id'),
    )
    .leftJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'u.community_id').onRef('p.id', '=', 'u.runner_person_id'),
    )
    .leftJoin('accounts as a', 'a.id', 'u.runner_account_id')
    .selectAll('u')
    .select([
      'r.name as route_name',
      'r.compound_id',
      'r.squad_id',
      'r.grid_id',
      'r.grace_minutes',
      'p.name as person_name',
      'a.display_name as account_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('patrol_scans as f')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('f.community_id', '=', 'u.community_id')
        .whereRef('f.run_id', '=', 'u.id')
        .where('f.finding', '=', 1)
        .as('finding_count'),
    );
export type RunRow = PatrolRunsTable & {
  route_name: string;
  compound_id: string;
  squad_id: string | null;
  grid_id: string | null;
  grace_minutes: number;
  person_name: string | null;
  account_name: string | null;
  finding_count: number | string | null;
};

export const PatrolRun = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  routeId: Type.String(),
  routeName: Type.String(),
  compoundId: Type.String(),
  squadId: Nullable(Type.String()),
  scheduledFor: Nullable(Type.Integer({ description: 'the slot; null for an ad-hoc run' })),
  runnerPersonId: Nullable(Type.String()),
  runnerName: Nullable(Type.String()),
  startedAt: Nullable(Type.Integer()),
  finishedAt: Nullable(Type.Integer()),
  state: StringEnum(runStates),
  missedPoints: Type.Integer(),
  outOfOrder: Type.Boolean(),
  late: Type.Boolean({ description: 'started after the slot’s grace' }),
  flagged: Type.Boolean({ description: 'missed, abandoned, late, out of order or with points skipped' }),
  findings: Type.Integer(),
  note: Nullable(Type.String()),
  createdAt: Type.Integer(),
});

export function runView(u: RunRow) {
  const flags = {
    state: u.state as RunState,
    missedPoints: u.missed_points,
    outOfOrder: u.out_of_order === 1,
    late: u.late === 1,
  };
  return {
    id: u.id,
    communityId: u.community_id,
    routeId: u.route_id,
    routeName: u.route_name,
    compoundId: u.compound_id,
    squadId: u.squad_id,
    scheduledFor: u.scheduled_for === null ? null : Number(u.scheduled_for),
    runnerPersonId: u.runner_person_id,
    runnerName: u.person_name ?? u.account_name,
    startedAt: u.started_at === null ? null : Number(u.started_at),
    finishedAt: u.finished_at === null ? null : Number(u.finished_at),
    ...flags,
    flagged: isFlagged(flags),
    findings: Number(u.finding_count ?? 0),
    note: u.note,
    createdAt: u.created_at,
  };
}

export const Scan = Type.Object({
  id: Type.String(),
  checkpointId: Type.String(),
  scannedAt: Type.Integer({ description: 'the phone’s time' }),
  receivedAt: Type.Integer({ description: 'when the server got it' }),
  note: Nullable(Type.String()),
  finding: Type.Boolean(),
  findingOrderId: Nullable(Type.String()),
});

export const PatrolRunDetail = Type.Object({
  ...PatrolRun.properties,
  checkpoints: Type.Array(
    Type.Object({
      id: Type.String(),
      position: Type.Integer(),
      name: Type.String(),
      placeHint: Nullable(Type.String()),
      scanned: Type.Boolean(),
      firstScannedAt: Nullable(Type.Integer()),
      archived: Type.Boolean({ description: 'taken off the route since; listed when this run scanned it' }),
    }),
    { description: 'the route’s points in walking order' },
  ),
  scans: Type.Array(Scan, { description: 'every scan, in the order the phone took them' }),
});

export const scanView = (s: DB['patrol_scans']) => ({
  id: s.id,
  checkpointId: s.checkpoint_id,
  scannedAt: Number(s.scanned_at),
  receivedAt: Number(s.received_at),
  note: s.note,
  finding: s.finding === 1,
  findingOrderId: s.finding_order_id,
});

export async function runRow(db: Kysely<DB>, communityId: string, runId: string) {
  const row = await runRows(db)
    .where('u.community_id', '=', communityId)
    .where('u.id', '=', runId)
    .executeTakeFirst();
  return row as RunRow | undefined;
}

export const scansOf = (db: Kysely<DB>, communityId: string, runId: string) =>
  db
    .selectFrom('patrol_scans')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('run_id', '=', runId)
    .orderBy('scanned_at')
    .orderBy('received_at')
    .orderBy('id')
    .execute();

/** The run with its points in order (scanned or not) and every scan. */
export async function runDetail(db: Kysely<DB>, u: RunRow) {
  const [points, scans] = await Promise.all([
    checkpointsOf(db, u.community_id, u.route_id, true),
    scansOf(db, u.community_id, u.id),
  ]);
  const first = new Map<string, number>();
  for (const s of scans) if (!first.has(s.checkpoint_id)) first.set(s.checkpoint_id, Number(s.scanned_at));
  return {
    ...runView(u),
    checkpoints: points
      .filter((k) => k.archived_at === null || first.has(k.id))
      .map((k) => ({
        id: k.id,
        position: k.position,
        name: k.name,
        placeHint: k.place_hint,
        scanned: first.has(k.id),
        firstScannedAt: first.get(k.id) ?? null,
        archived: k.archived_at !== null,
      })),
    scans: scans.map(scanView),
  };
}

/** The run's flags from its scans and the route's live points, as they stand now. */
export async function flagsOf(db: Kysely<DB>, run: PatrolRunsTable, graceMinutes: number) {
  const [points, scans] = await Promise.all([
    checkpointsOf(db, run.community_id, run.route_id),
    scansOf(db, run.community_id, run.id),
  ]);
  const flags = runFlags({
    checkpoints: points,
    scans: scans.map((s) => ({ checkpointId: s.checkpoint_id, scannedAt: Number(s.scanned_at) })),
    scheduledFor: run.scheduled_for === null ? null : Number(run.scheduled_for),
    startedAt: run.started_at === null ? null : Number(run.started_at),
    graceMinutes,
  });
  return {
    missed_points: flags.missedPoints,
    out_of_order: flags.outOfOrder ? (1 as const) : (0 as const),
    late: flags.late ? (1 as const) : (0 as const),
  };
}

/** When a run counts as happening: its slot, else when it started, else when it was recorded. */
export const runTime = sql<number>`coalesce(u.scheduled_for, u.started_at, u.created_at)`;

/** Runs between two dates (Asia/Shanghai, both included), by runTime. */
export function runsBetween(from: string | undefined, to: string | undefined) {
  return (eb: ExpressionBuilder<DB & { u: PatrolRunsTable }, 'u'>) =>
    eb.and([
      ...(from ? [eb(runTime, '>=', dayStart(from))] : []),
      ...(to ? [eb(runTime, '<', dayStart(addDays(to, 1)))] : []),
    ]);
}

/** The SQL twin of isFlagged: missed, abandoned, late, out of order, or points skipped. */
export const flaggedRun = (eb: ExpressionBuilder<DB & { u: PatrolRunsTable }, 'u'>) =>
  eb.or([
    eb('u.state', 'in', ['missed', 'abandoned']),
    eb('u.missed_points', '>', 0),
    eb('u.out_of_order', '=', 1),
    eb('u.late', '=', 1),
  ]);

/** Live runs for the console's list: `patrol_run` events on `patrols:<communityId>`, after commit. */
export const patrolsTopic = (communityId: string) => `patrols:${communityId}`;
export const patrolRunEvent = 'patrol_run';

export function publishRun(
  events: EventBus,
  run: { community_id: string; id: string; route_id: string; state: string },
  route: Pick<PatrolRoutesTable, 'compound_id' | 'squad_id' | 'grid_id'>,
) {
  return events.publish(patrolsTopic(run.community_id), patrolRunEvent, {
    id: run.id,
    routeId: run.route_id,
    state: run.state,
    ...routeScope(route),
  });
}
