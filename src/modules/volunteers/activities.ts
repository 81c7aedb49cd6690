import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { rowVisible } from '../../core/access/policy';
import { audit } from '../../core/audit';
import type { ActivitiesTable } from '../../core/db/schema';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { attachFiles } from '../../core/files';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { DateOnly, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { streamEvents } from '../../core/http/sse';
import { newId } from '../../core/ids';
import { qrSvg } from '../deliberation/qr';
import { shanghaiDateTime } from '../deliberation/meetingStore';
import { notify } from '../notifications';
import {
  Activity,
  ConsoleActivity,
  activityCheckinPath,
  activityEventType,
  activityFor,
  activityRows,
  activityViews,
  announceActivity,
  signupCounts,
  stepSignups,
  volunteersTopic,
  type ActivityRow,
  type LiveActivity,
} from './activityStore';
import { creditActivity } from './ledger';
import {
  activityStates,
  activityStepAllowed,
  activityTypes,
  audiences,
  dayRange,
  liveSignupStates,
  shanghaiDay,
  signupModes,
  signupStates,
  waitingList,
  type ActivityState,
  type ActivityStep,
  type SignupState,
} from './rules';
import { newToken, requireRef, type Db } from './store';

/**
 * Activities (活动) from the console: a leader or staff member plans one (type, time, place, places,
 * audience, open or screened sign-up, cover photo), publishes it, screens the sign-ups (自主报名+筛选),
 * checks people in at the door, and marks it held with a summary, photos and the number served —
 * which credits the volunteers who served.
 */

const ActivityParams = Type.Object({ communityId: Id, activityId: Id });
const SignupParams = Type.Object({ communityId: Id, activityId: Id, signupId: Id });
const Instant = Type.Integer({ minimum: 0, description: 'epoch ms' });

const ActivityFields = {
  title: Text(100),
  type: StringEnum(activityTypes),
  description: Type.Optional(Text(5000, 0)),
  place: Type.Optional(Nullable(Text(200, 0))),
  startsAt: Instant,
  endsAt: Instant,
  capacity: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 }))),
  audience: Type.Optional(StringEnum(audiences)),
  signupMode: Type.Optional(StringEnum(signupModes)),
  signupClosesAt: Type.Optional(Nullable(Instant)),
  compoundId: Type.Optional(Nullable(Id)),
  squadId: Type.Optional(Nullable(Id)),
  coverFileId: Type.Optional(Nullable(Id)),
};

export const Signup = Type.Object({
  id: Type.String(),
  activityId: Type.String(),
  personId: Nullable(Type.String()),
  name: Type.String(),
  asVolunteer: Type.Boolean(),
  state: StringEnum(signupStates),
  waitlistPlace: Nullable(Type.Integer({ description: '1 = next in line' })),
  note: Nullable(Type.String()),
  decidedAt: Nullable(Type.Integer()),
  checkedInAt: Nullable(Type.Integer()),
  checkedInVia: Nullable(StringEnum(['qr', 'staff'] as const)),
  createdAt: Type.Integer(),
});

type ConsoleActivity = Static<typeof ConsoleActivity>;

/** Photos attached to activities (the cover among them), by activity. */
async function photosOf(db: Db, communityId: string, ids: readonly string[]) {
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('files')
    .select(['id', 'attached_id'])
    .where('community_id', '=', communityId)
    .where('attached_type', '=', 'activity')
    .where('attached_id', 'in', [...ids])
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .execute();
  for (const f of rows) out.set(f.attached_id!, [...(out.get(f.attached_id!) ?? []), f.id]);
  return out;
}

export async function consoleViews(db: Db, rows: readonly ActivityRow[]): Promise<ConsoleActivity[]> {
  if (!rows.length) return [];
  const communityId = rows[0]!.community_id;
  const ids = rows.map((r) => r.id);
  const [views, counts, photos] = await Promise.all([
    activityViews(db, rows, new Map(), Date.now()),
    signupCounts(db, communityId, ids),
    photosOf(db, communityId, ids),
  ]);
  return rows.map((a, i) => ({
    ...views[i]!,
    pendingCount: counts.get(a.id)!.pending,
    checkedInCount: counts.get(a.id)!.checkedIn,
    checkinPath: activityCheckinPath(a.checkin_token),
    photoIds: (photos.get(a.id) ?? []).filter((id) => id !== a.cover_file_id),
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    version: a.version,
  }));
}

/** 409 activity_state unless the activity's state allows the step. */
export function requireActivityStep(a: Pick<ActivitiesTable, 'state'>, step: ActivityStep): void {
  if (!activityStepAllowed(a.state as ActivityState, step))
    throw new AppError(409, 'activity_state', {}, { state: a.state, step });
}

export const activityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function detail(req: FastifyRequest, id: string) {
    const row = await activityRows(db)
      .where('a.community_id', '=', communityOf(req).id)
      .where('a.id', '=', id)
      .executeTakeFirstOrThrow();
    return (await consoleViews(db, [row]))[0]!;
  }

  /** Checks the references and the caller's scope over where the activity will sit. */
  async function checkPlacement(
    req: FastifyRequest,
    f: {
      compoundId: string | null;
      squadId: string | null;
      startsAt: number;
      endsAt: number;
      signupClosesAt: number | null;
    },
  ) {
    const communityId = communityOf(req).id;
    if (f.endsAt <= f.startsAt) throw fieldError(400, 'activity_time_order', 'endsAt');
    if (f.signupClosesAt !== null && f.signupClosesAt > f.startsAt)
      throw fieldError(400, 'activity_time_order', 'signupClosesAt');
    await requireRef(db, communityId, 'compounds', f.compoundId, 'compoundId');
    await requireRef(db, communityId, 'squads', f.squadId, 'squadId');
    requireCan(req, 'volunteers.manage', { compoundId: f.compoundId, squadId: f.squadId });
  }

  app.get(
    '/communities/:communityId/activities',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'Activities in my scope, the latest first (from/to: days they start on)',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery({
          state: Type.Optional(StringEnum(activityStates)),
          type: Type.Optional(StringEnum(activityTypes)),
          compoundId: Type.Optional(Id),
          squadId: Type.Optional(Id),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
        }),
        response: { 200: Page(ConsoleActivity) },
      },
    },
    async (req) => {
      const f = req.query;
      const filter = visibleRows(req, 'volunteers.read');
      let query = activityRows(db)
        .where('a.community_id', '=', communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'a.compound_id', squad: 'a.squad_id', grid: 's.grid_id' }),
        );
      if (f.state) query = query.where('a.state', '=', f.state);
      if (f.type) query = query.where('a.type', '=', f.type);
      if (f.compoundId) query = query.where('a.compound_id', '=', f.compoundId);
      if (f.squadId) query = query.where('a.squad_id', '=', f.squadId);
      if (f.from) query = query.where('a.starts_at', '>=', dayRange(f.from, f.from).fromMs);
      if (f.to) query = query.where('a.starts_at', '<', dayRange(f.to, f.to).toMs);
      if (f.q?.trim()) query = query.where(contains('a.title', f.q));
      const page = await paginate(query.orderBy('a.starts_at', f.order ?? 'desc').orderBy('a.id'), f);
      return { ...page, items: await consoleViews(db, page.items) };
    },
  );

  app.post(
    '/communities/:communityId/activities',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Plan an activity (a draft until published)',
        params: Type.Object({ communityId: Id }),
        body: Type.Object(ActivityFields, { additionalProperties: false }),
        response: { 201: ConsoleActivity },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const placement = {
        compoundId: b.compoundId ?? null,
        squadId: b.squadId ?? null,
        startsAt: b.startsAt,
        endsAt: b.endsAt,
        signupClosesAt: b.signupClosesAt ?? null,
      };
      await checkPlacement(req, placement);
      const now = Date.now();
      const row: ActivitiesTable = {
        community_id: communityId,
        id: newId(),
        compound_id: placement.compoundId,
        squad_id: placement.squadId,
        type: b.type,
        title: b.title.trim(),
        description: b.description?.trim() ?? '',
        place: b.place?.trim() || null,
        starts_at: b.startsAt,
        ends_at: b.endsAt,
        capacity: b.capacity ?? null,
        audience: b.audience ?? 'all',
        signup_mode: b.signupMode ?? 'open',
        signup_closes_at: placement.signupClosesAt,
        cover_file_id: b.coverFileId ?? null,
        checkin_token: newToken(),
        state: 'draft',
        summary: null,
        served_count: null,
        created_by: req.account!.id,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('activities').values(row).execute();
        if (b.coverFileId)
          await attachFiles(
            trx,
            communityId,
            [b.coverFileId],
            { type: 'activity', id: row.id },
            req.account!.id,
            {
              imagesOnly: true,
            },
          );
      });
      return reply.status(201).send(await detail(req, row.id));
    },
  );

  app.get(
    '/communities/:communityId/activities/:activityId',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'An activity with its sign-up counts, photos and check-in page',
        params: ActivityParams,
        response: { 200: ConsoleActivity },
      },
    },
    async (req) => {
      const a = await activityFor(req, db, communityOf(req).id, req.params.activityId, 'volunteers.read');
      return (await consoleViews(db, [a]))[0]!;
    },
  );

  app.patch(
    '/communities/:communityId/activities/:activityId',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary:
          'Change a draft or published activity; more places move the waiting list up (send version to guard against overwriting)',
        params: ActivityParams,
        body: Type.Object(
          {
            ...Type.Partial(Type.Object(ActivityFields)).properties,
            version: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: ConsoleActivity },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const a = await activityFor(req, db, communityId, req.params.activityId, 'volunteers.manage');
      const b = req.body;
      const pick = <T>(given: T | undefined, current: T) => (given !== undefined ? given : current);
      const placement = {
        compoundId: pick(b.compoundId, a.compound_id),
        squadId: pick(b.squadId, a.squad_id),
        startsAt: b.startsAt ?? a.starts_at,
        endsAt: b.endsAt ?? a.ends_at,
        signupClosesAt: pick(b.signupClosesAt, a.signup_closes_at),
      };
      await checkPlacement(req, placement);
      const now = Date.now();
      await stepSignups(app.deps, communityId, a.id, {
        op: { kind: 'resize', capacity: pick(b.capacity, a.capacity) },
        check(held) {
          requireActivityStep(held, 'edit');
          if (b.version !== undefined && b.version !== held.version)
            throw new AppError(409, 'conflict', { detail: 'version' });
        },
        async also(trx, held) {
          await trx
            .updateTable('activities')
            .set({
              ...(b.title ? { title: b.title.trim() } : {}),
              ...(b.type ? { type: b.type } : {}),
              ...(b.description !== undefined ? { description: b.description.trim() } : {}),
              ...(b.place !== undefined ? { place: b.place?.trim() || null } : {}),
              ...(b.audience ? { audience: b.audience } : {}),
              ...(b.signupMode ? { signup_mode: b.signupMode } : {}),
              ...(b.coverFileId !== undefined ? { cover_file_id: b.coverFileId } : {}),
              capacity: pick(b.capacity, held.capacity),
              compound_id: placement.compoundId,
              squad_id: placement.squadId,
              starts_at: placement.startsAt,
              ends_at: placement.endsAt,
              signup_closes_at: placement.signupClosesAt,
              updated_at: now,
              version: held.version + 1,
            })
            .where('community_id', '=', communityId)
            .where('id', '=', held.id)
            .execute();
          if (b.coverFileId && b.coverFileId !== held.cover_file_id)
            await attachFiles(
              trx,
              communityId,
              [b.coverFileId],
              { type: 'activity', id: held.id },
              req.account!.id,
              {
                imagesOnly: true,
              },
            );
        },
      });
      return detail(req, a.id);
    },
  );

  /** Moves the activity to `state` if the step is allowed from where it stands now (409 otherwise). */
  async function move(
    trx: Db,
    a: ActivitiesTable,
    step: ActivityStep,
    state: ActivityState,
    extra: Partial<ActivitiesTable> = {},
  ) {
    const allowed = activityStates.filter((s) => activityStepAllowed(s, step));
    const moved = await trx
      .updateTable('activities')
      .set({ ...extra, state, updated_at: Date.now(), version: a.version + 1 })
      .where('community_id', '=', a.community_id)
      .where('id', '=', a.id)
      .where('state', 'in', allowed)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1)
      throw new AppError(409, 'activity_state', {}, { state: a.state, step });
  }

  const announce = (a: ActivitiesTable) => announceActivity(app.deps, a);

  app.get(
    '/communities/:communityId/activity-stream',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary:
          'Live changes of the activities in my scope and their sign-ups (server-sent events, type `activity`)',
        description: 'Send Accept: text/event-stream (EventSource does); other requests get 406.',
        params: Type.Object({ communityId: Id }),
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const filter = visibleRows(req, 'volunteers.read');
      return streamEvents(req, reply, [volunteersTopic(communityOf(req).id)], (e) => {
        if (e.type !== activityEventType) return false;
        const live = e.data as LiveActivity;
        return rowVisible(filter, { compoundId: live.compoundId, squadId: live.squadId });
      });
    },
  );

  app.post(
    '/communities/:communityId/activities/:activityId/publish',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Publish a draft: residents see it and may sign up',
        params: ActivityParams,
        response: { 200: ConsoleActivity },
      },
    },
    async (req) => {
      const a = await activityFor(req, db, communityOf(req).id, req.params.activityId, 'volunteers.manage');
      await move(db, a, 'publish', 'published');
      await announce(a);
      return detail(req, a.id);
    },
  );

  app.post(
    '/communities/:communityId/activities/:activityId/cancel',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Cancel the activity; everyone signed up is told',
        params: ActivityParams,
        response: { 200: ConsoleActivity },
      },
    },
    async (req) => {
      const a = await activityFor(req, db, communityOf(req).id, req.params.activityId, 'volunteers.manage');
      const told = await db.transaction().execute(async (trx) => {
        await move(trx, a, 'cancel', 'cancelled');
        const signedUp = await trx
          .selectFrom('activity_signups')
          .select('account_id')
          .where('community_id', '=', a.community_id)
          .where('activity_id', '=', a.id)
          .where('state', 'in', [...liveSignupStates])
          .execute();
        await audit(trx, a.community_id, {
          ...actor(req),
          action: 'activity.cancel',
          targetType: 'activity',
          targetId: a.id,
          before: { state: a.state },
          after: { state: 'cancelled', signedUp: signedUp.length },
        });
        return notify(
          app.deps,
          a.community_id,
          signedUp.map((s) => s.account_id),
          {
            kind: 'activity_cancelled',
            params: { title: a.title, when: shanghaiDateTime(a.starts_at) },
            link: `/activities/${a.id}`,
          },
          { trx },
        );
      });
      await told.publish();
      await announce(a);
      return detail(req, a.id);
    },
  );

  app.post(
    '/communities/:communityId/activities/:activityId/hold',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary:
          'Mark the activity held with its summary, photos and the number served; credits the volunteers checked in',
        params: ActivityParams,
        body: Type.Object(
          {
            summary: Text(5000),
            servedCount: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
            photoIds: Type.Optional(Type.Array(Id, { maxItems: 30, uniqueItems: true })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ConsoleActivity },
      },
    },
    async (req) => {
      const a = await activityFor(req, db, communityOf(req).id, req.params.activityId, 'volunteers.manage');
      const { summary, servedCount, photoIds } = req.body;
      await db.transaction().execute(async (trx) => {
        await move(trx, a, 'hold', 'held', { summary: summary.trim(), served_count: servedCount });
        if (photoIds?.length)
          await attachFiles(trx, a.community_id, photoIds, { type: 'activity', id: a.id }, req.account!.id, {
            imagesOnly: true,
          });
        await creditActivity(trx, { ...a, state: 'held' });
        // The number served is a public figure.
        await audit(trx, a.community_id, {
          ...actor(req),
          action: 'activity.hold',
          targetType: 'activity',
          targetId: a.id,
          before: { state: a.state, servedCount: a.served_count },
          after: { state: 'held', servedCount },
        });
      });
      await announce(a);
      return detail(req, a.id);
    },
  );

  app.get(
    '/communities/:communityId/activities/:activityId/signups',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'The sign-ups of an activity in the order they came; waiting list places shown',
        params: ActivityParams,
        querystring: ListQuery({ state: Type.Optional(StringEnum(signupStates)) }),
        response: { 200: Page(Signup) },
      },
    },
    async (req) => {
      const a = await activityFor(req, db, communityOf(req).id, req.params.activityId, 'volunteers.read');
      let query = db
        .selectFrom('activity_signups')
        .selectAll()
        .where('community_id', '=', a.community_id)
        .where('activity_id', '=', a.id);
      if (req.query.state) query = query.where('state', '=', req.query.state);
      if (req.query.q?.trim()) query = query.where(contains('name', req.query.q));
      const [page, waiting] = await Promise.all([
        paginate(query.orderBy('created_at', req.query.order ?? 'asc').orderBy('id'), req.query),
        db
          .selectFrom('activity_signups')
          .select(['id', 'state', 'position'])
          .where('community_id', '=', a.community_id)
          .where('activity_id', '=', a.id)
          .where('state', '=', 'waitlisted')
          .execute(),
      ]);
      const line = waitingList(waiting.map((w) => ({ ...w, state: w.state as SignupState }))).map(
        (w) => w.id,
      );
      return {
        ...page,
        items: page.items.map((s) => ({
          id: s.id,
          activityId: s.activity_id,
          personId: s.person_id,
          name: s.name,
          asVolunteer: s.as_volunteer === 1,
          state: s.state as SignupState,
          waitlistPlace: line.includes(s.id) ? line.indexOf(s.id) + 1 : null,
          note: s.note,
          decidedAt: s.decided_at,
          checkedInAt: s.checked_in_at,
          checkedInVia: s.checked_in_via as 'qr' | 'staff' | null,
          createdAt: s.created_at,
        })),
      };
    },
  );

  for (const [step, kind] of [
    ['approve', 'approve'],
    ['reject', 'reject'],
  ] as const)
    app.post(
      `/communities/:communityId/activities/:activityId/signups/:signupId/${step}`,
      {
        config: { access: access.community('volunteers.manage') },
        schema: {
          tags: ['volunteers'],
          summary:
            kind === 'approve'
              ? 'Approve a sign-up (筛选): confirmed if a place is free, else on the waiting list'
              : 'Reject a sign-up; a confirmed place it held goes to the first on the waiting list',
          params: SignupParams,
          response: { 200: ConsoleActivity },
        },
      },
      async (req) => {
        const a = await activityFor(req, db, communityOf(req).id, req.params.activityId, 'volunteers.manage');
        await requireSignup(a, req.params.signupId);
        await stepSignups(app.deps, a.community_id, a.id, {
          op: { kind, id: req.params.signupId },
          check: (held) => requireActivityStep(held, 'decide'),
          decidedBy: req.account!.id,
          tellTarget: true,
        });
        return detail(req, a.id);
      },
    );

  async function requireSignup(a: Pick<ActivitiesTable, 'community_id' | 'id'>, signupId: string) {
    const s = await db
      .selectFrom('activity_signups')
      .selectAll()
      .where('community_id', '=', a.community_id)
      .where('activity_id', '=', a.id)
      .where('id', '=', signupId)
      .executeTakeFirst();
    if (!s) throw new AppError(404, 'not_found');
    return s;
  }

  app.post(
    '/communities/:communityId/activities/:activityId/signups/:signupId/checkin',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Check a confirmed sign-up in at the door (代签到); a second time keeps the first',
        params: SignupParams,
        response: { 200: ConsoleActivity },
      },
    },
    async (req) => {
      const a = await activityFor(req, db, communityOf(req).id, req.params.activityId, 'volunteers.manage');
      requireActivityStep(a, 'checkin');
      const s = await requireSignup(a, req.params.signupId);
      if (s.state !== 'confirmed') throw new AppError(409, 'signup_state');
      await checkIn(db, a, s.id, 'staff');
      await announce(a);
      return detail(req, a.id);
    },
  );

  app.get(
    '/communities/:communityId/activities/:activityId/checkin-qr.svg',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'The check-in QR code (SVG) for the activity’s door',
        params: ActivityParams,
        produces: ['image/svg+xml'],
      },
    },
    async (req, reply) => {
      const a = await activityFor(req, db, communityOf(req).id, req.params.activityId, 'volunteers.manage');
      const svg = await qrSvg(`${req.protocol}://${req.host}${activityCheckinPath(a.checkin_token)}`);
      return reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(svg);
    },
  );

  app.get(
    '/communities/:communityId/activity-calendar',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary:
          'Activities by day for a compound (with the community-wide ones) or the community; up to 92 days',
        params: Type.Object({ communityId: Id }),
        querystring: Type.Object({ from: DateOnly, to: DateOnly, compoundId: Type.Optional(Id) }),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            days: Type.Array(Type.Object({ date: Type.String(), activities: Type.Array(Activity) })),
          }),
        },
      },
    },
    async (req) => {
      const { from, to, compoundId } = req.query;
      const { fromMs, toMs } = dayRange(from, to);
      if (toMs <= fromMs || toMs - fromMs > 92 * 86_400_000) throw fieldError(400, 'date_order', 'to');
      const filter = visibleRows(req, 'volunteers.read');
      let query = activityRows(db)
        .where('a.community_id', '=', communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'a.compound_id', squad: 'a.squad_id', grid: 's.grid_id' }),
        )
        .where('a.starts_at', '>=', fromMs)
        .where('a.starts_at', '<', toMs)
        .where('a.state', '!=', 'cancelled');
      if (compoundId)
        query = query.where((eb) =>
          eb.or([eb('a.compound_id', '=', compoundId), eb('a.compound_id', 'is', null)]),
        );
      const rows = await query.orderBy('a.starts_at').orderBy('a.id').limit(2000).execute();
      const views = await activityViews(db, rows, new Map(), Date.now());
      const days = new Map<string, Static<typeof Activity>[]>();
      for (const v of views) {
        const day = shanghaiDay(v.startsAt);
        days.set(day, [...(days.get(day) ?? []), v]);
      }
      return { from, to, days: [...days].map(([date, activities]) => ({ date, activities })) };
    },
  );
};

/**
 * Checks a confirmed sign-up in (by QR at the door or by staff); the first time stands. For an
 * activity already held, a volunteer checked in late is credited now.
 */
export async function checkIn(db: Db, a: ActivitiesTable, signupId: string, via: 'qr' | 'staff') {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('activity_signups')
      .set({ checked_in_at: Date.now(), checked_in_via: via, updated_at: Date.now() })
      .where('community_id', '=', a.community_id)
      .where('id', '=', signupId)
      .where('state', '=', 'confirmed')
      .where('checked_in_at', 'is', null)
      .execute();
    await creditActivity(trx, a, signupId);
  });
}
