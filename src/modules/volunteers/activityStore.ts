import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type, type Static } from 'typebox';
import type { Action } from '../../core/access/roles';
import type { Deps } from '../../core/deps';
import type { ActivitiesTable, ActivitySignupsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { requireCan } from '../../core/http/access';
import { Nullable, StringEnum } from '../../core/http/schemas';
import { shanghaiDateTime } from '../deliberation/meetingStore';
import { notify, type Notified, type NotifyKind } from '../notifications';
import { locked } from '../votes/store';
import {
  activityStates,
  activityTypes,
  applySignupOp,
  audiences,
  liveSignupStates,
  placesLeft,
  signupModes,
  signupOpen,
  signupStates,
  waitingList,
  type ActivityState,
  type SignupMode,
  type SignupOp,
  type SignupState,
} from './rules';
import type { Db } from './store';

/**
 * What the activity routes share: the activity and its scope, its sign-up counts, the views, and
 * every change to its sign-ups — made inside one transaction that holds the activity's row, so two
 * people taking the last place at once cannot both get it (PostgreSQL: SELECT … FOR UPDATE; SQLite
 * runs one write transaction at a time).
 */

export const volunteersTopic = (communityId: string) => `volunteers:${communityId}`;
export const activityEventType = 'activity';

/** What an `activity` event carries: which activity changed, and where it sits (to filter by scope). */
export interface LiveActivity {
  activityId: string;
  communityId: string;
  compoundId: string | null;
  squadId: string | null;
}

/** Tells the console's open pages, after commit, that an activity or its sign-ups changed. */
export function announceActivity(
  deps: Pick<Deps, 'events'>,
  a: Pick<ActivitiesTable, 'community_id' | 'id' | 'compound_id' | 'squad_id'>,
): Promise<void> {
  const live: LiveActivity = {
    activityId: a.id,
    communityId: a.community_id,
    compoundId: a.compound_id,
    squadId: a.squad_id,
  };
  return deps.events.publish(volunteersTopic(a.community_id), activityEventType, live);
}

/** The scope an activity sits in: its squad and compound, or the whole community. */
export const activityScope = (a: Pick<ActivitiesTable, 'compound_id' | 'squad_id'>) => ({
  compoundId: a.compound_id,
  squadId: a.squad_id,
});

export function activityRows(db: Db) {
  return db
    .selectFrom('activities as a')
    .leftJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'a.community_id').onRef('c.id', '=', 'a.compound_id'),
    )
    .leftJoin('squads as s', (j) =>
      j.onRef('s.community_id', '=', 'a.community_id').onRef('s.id', '=', 'a.squad_id'),
    )
    .selectAll('a')
    .select(['c.name as compound_name', 's.name as squad_name']);
}
export type ActivityRow = Awaited<ReturnType<ReturnType<typeof activityRows>['execute']>>[number];

/** The activity, once the caller may do `action` on it (404 unknown, 403 out of scope). */
export async function activityFor(
  req: FastifyRequest,
  db: Db,
  communityId: string,
  id: string,
  action: Action,
) {
  const row = await activityRows(db)
    .where('a.community_id', '=', communityId)
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  requireCan(req, action, activityScope(row));
  return row;
}

export interface SignupCounts {
  confirmed: number;
  waitlisted: number;
  pending: number;
  checkedIn: number;
}

/** Sign-up counts of each activity. */
export async function signupCounts(db: Db, communityId: string, activityIds: readonly string[]) {
  const out = new Map<string, SignupCounts>();
  if (!activityIds.length) return out;
  const rows = await db
    .selectFrom('activity_signups')
    .select([
      'activity_id',
      'state',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when checked_in_at is not null then 1 else 0 end)`.as('checked_in'),
    ])
    .where('community_id', '=', communityId)
    .where('activity_id', 'in', [...activityIds])
    .groupBy(['activity_id', 'state'])
    .execute();
  for (const id of activityIds) out.set(id, { confirmed: 0, waitlisted: 0, pending: 0, checkedIn: 0 });
  for (const r of rows) {
    const c = out.get(r.activity_id)!;
    if (r.state === 'confirmed' || r.state === 'waitlisted' || r.state === 'pending')
      c[r.state] = Number(r.n);
    c.checkedIn += Number(r.checked_in ?? 0);
  }
  return out;
}

export const MySignup = Type.Object({
  id: Type.String(),
  state: StringEnum(signupStates),
  waitlistPlace: Nullable(Type.Integer({ description: '1 = next in line' })),
  asVolunteer: Type.Boolean(),
  checkedInAt: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
});

export const Activity = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Nullable(Type.String({ description: 'null: community-wide' })),
  compoundName: Nullable(Type.String()),
  squadId: Nullable(Type.String({ description: 'the organising squad' })),
  squadName: Nullable(Type.String()),
  type: StringEnum(activityTypes),
  title: Type.String(),
  description: Type.String(),
  place: Nullable(Type.String()),
  startsAt: Type.Integer(),
  endsAt: Type.Integer(),
  capacity: Nullable(Type.Integer({ description: 'null: no limit' })),
  placesLeft: Nullable(Type.Integer()),
  confirmedCount: Type.Integer(),
  waitlistCount: Type.Integer(),
  audience: StringEnum(audiences),
  signupMode: StringEnum(signupModes, {
    description: 'open | screened (自主报名+筛选: the leader approves)',
  }),
  signupClosesAt: Nullable(Type.Integer()),
  signupOpen: Type.Boolean(),
  coverFileId: Nullable(Type.String()),
  state: StringEnum(activityStates),
  summary: Nullable(Type.String()),
  servedCount: Nullable(Type.Integer()),
  mySignup: Nullable(MySignup),
});
export type Activity = Static<typeof Activity>;

export const ConsoleActivity = Type.Object({
  ...Activity.properties,
  pendingCount: Type.Integer(),
  checkedInCount: Type.Integer(),
  checkinPath: Type.String({ description: 'the resident app’s check-in page (its QR code: checkin-qr.svg)' }),
  photoIds: Type.Array(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  version: Type.Integer(),
});

export const activityCheckinPath = (token: string) => `/checkin/a/${token}`;

/** The place in line of each waitlisted sign-up (1 = next), for the activities given. */
async function waitlistPlaces(db: Db, communityId: string, activityIds: readonly string[]) {
  const out = new Map<string, number>();
  if (!activityIds.length) return out;
  const rows = await db
    .selectFrom('activity_signups')
    .select(['id', 'activity_id', 'state', 'position'])
    .where('community_id', '=', communityId)
    .where('activity_id', 'in', [...activityIds])
    .where('state', '=', 'waitlisted')
    .execute();
  for (const id of activityIds) {
    const line = waitingList(
      rows.filter((r) => r.activity_id === id).map((r) => ({ ...r, state: r.state as SignupState })),
    );
    line.forEach((e, i) => out.set(e.id, i + 1));
  }
  return out;
}

/**
 * Activities as a resident sees them, with their own sign-up (`mine`: the account's latest sign-up
 * per activity). Activities of several communities may be mixed.
 */
export async function activityViews(
  db: Db,
  rows: readonly ActivityRow[],
  mine: ReadonlyMap<string, ActivitySignupsTable>,
  now: number,
): Promise<Activity[]> {
  const out: Activity[] = [];
  for (const communityId of new Set(rows.map((r) => r.community_id))) {
    const ids = rows.filter((r) => r.community_id === communityId).map((r) => r.id);
    const [counts, places] = await Promise.all([
      signupCounts(db, communityId, ids),
      waitlistPlaces(db, communityId, ids),
    ]);
    for (const a of rows.filter((r) => r.community_id === communityId)) {
      const c = counts.get(a.id)!;
      const s = mine.get(a.id);
      out.push({
        id: a.id,
        communityId: a.community_id,
        compoundId: a.compound_id,
        compoundName: a.compound_name,
        squadId: a.squad_id,
        squadName: a.squad_name,
        type: a.type as Activity['type'],
        title: a.title,
        description: a.description,
        place: a.place,
        startsAt: a.starts_at,
        endsAt: a.ends_at,
        capacity: a.capacity,
        placesLeft: placesLeft(a.capacity, c.confirmed),
        confirmedCount: c.confirmed,
        waitlistCount: c.waitlisted,
        audience: a.audience as Activity['audience'],
        signupMode: a.signup_mode as SignupMode,
        signupClosesAt: a.signup_closes_at,
        signupOpen: signupOpen(timesOf(a), now),
        coverFileId: a.cover_file_id,
        state: a.state as ActivityState,
        summary: a.summary,
        servedCount: a.served_count,
        mySignup: s
          ? {
              id: s.id,
              state: s.state as SignupState,
              waitlistPlace: places.get(s.id) ?? null,
              asVolunteer: s.as_volunteer === 1,
              checkedInAt: s.checked_in_at,
              createdAt: s.created_at,
            }
          : null,
      });
    }
  }
  // Back in the order asked for.
  return rows.map((r) => out.find((a) => a.id === r.id)!);
}

export const timesOf = (
  a: Pick<ActivitiesTable, 'state' | 'starts_at' | 'ends_at' | 'signup_closes_at'>,
) => ({
  state: a.state as ActivityState,
  startsAt: a.starts_at,
  endsAt: a.ends_at,
  signupClosesAt: a.signup_closes_at,
});

/** The account's latest sign-up to each of the activities. */
export async function signupsOf(db: Db, accountId: string, activityIds: readonly string[]) {
  const out = new Map<string, ActivitySignupsTable>();
  if (!activityIds.length) return out;
  const rows = await db
    .selectFrom('activity_signups')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('activity_id', 'in', [...activityIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) out.set(r.activity_id, r);
  return out;
}

const decisionKinds: Partial<Record<SignupState, NotifyKind>> = {
  confirmed: 'activity_signup_confirmed',
  waitlisted: 'activity_signup_waitlisted',
  rejected: 'activity_signup_rejected',
};

export interface SignupStep {
  op: SignupOp;
  /** The sign-up to add (op signup); its state and position are set by the rules. */
  insert?: ActivitySignupsTable;
  /** Checks the held activity (state, times) before the rules run; throws to refuse. */
  check(a: ActivitiesTable): void;
  /** Who decided (approve, reject), for the record. */
  decidedBy?: string;
  /** Tell the sign-up's own account of the outcome (a leader's decision; not the resident's own step). */
  tellTarget?: boolean;
  /** More writes in the same transaction, after the sign-ups changed (e.g. the new capacity). */
  also?(trx: Db, a: ActivitiesTable): Promise<void>;
}

/**
 * One change to an activity's sign-ups, in a transaction holding the activity's row: the live
 * sign-ups are read, the rules decide, the changed rows are written, and the people moved up the
 * waiting list (and the one decided on) are told after commit.
 */
export async function stepSignups(
  deps: Pick<Deps, 'db' | 'config' | 'events' | 'database'>,
  communityId: string,
  activityId: string,
  step: SignupStep,
): Promise<void> {
  const now = Date.now();
  const told: Notified[] = [];
  const changed = await deps.db.transaction().execute(async (trx) => {
    const a = await locked(
      trx
        .selectFrom('activities')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('id', '=', activityId),
      deps.database.dialect,
    ).executeTakeFirst();
    if (!a) throw new AppError(404, 'not_found');
    step.check(a);
    const live = await trx
      .selectFrom('activity_signups')
      .select(['id', 'state', 'position', 'account_id'])
      .where('community_id', '=', communityId)
      .where('activity_id', '=', activityId)
      .where('state', 'in', [...liveSignupStates])
      .execute();
    const out = applySignupOp(
      {
        mode: a.signup_mode as SignupMode,
        capacity: a.capacity,
        entries: live.map((e) => ({ id: e.id, state: e.state as SignupState, position: e.position })),
      },
      step.op,
    );
    if (!out.ok) throw new AppError(409, out.error);
    const target = 'id' in step.op ? step.op.id : null;
    for (const change of out.changes) {
      if (step.insert && change.id === step.insert.id) {
        await trx
          .insertInto('activity_signups')
          .values({ ...step.insert, state: change.state, position: change.position })
          .execute();
        continue;
      }
      const decided =
        change.id === target && step.decidedBy ? { decided_by: step.decidedBy, decided_at: now } : {};
      await trx
        .updateTable('activity_signups')
        .set({ state: change.state, position: change.position, updated_at: now, ...decided })
        .where('community_id', '=', communityId)
        .where('id', '=', change.id)
        .execute();
    }
    await step.also?.(trx, a);
    const accountOf = (id: string) => live.find((e) => e.id === id)?.account_id;
    const params = { title: a.title, when: shanghaiDateTime(a.starts_at) };
    const link = `/activities/${a.id}`;
    const promoted = out.promoted.flatMap((id) => accountOf(id) ?? []);
    if (promoted.length)
      told.push(
        await notify(deps, communityId, promoted, { kind: 'activity_promoted', params, link }, { trx }),
      );
    const decidedOn = out.changes.find((c) => c.id === target && !out.promoted.includes(c.id));
    const kind = decidedOn && decisionKinds[decidedOn.state];
    const account = target ? accountOf(target) : undefined;
    if (step.tellTarget && kind && account)
      told.push(await notify(deps, communityId, [account], { kind, params, link }, { trx }));
    return a;
  });
  for (const t of told) await t.publish();
  await announceActivity(deps, changed);
}
