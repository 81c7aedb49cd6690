import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { rowVisible } from '../../core/access/policy';
import type { Deps } from '../../core/deps';
import type { DB, HelpAlarmsTable } from '../../core/db/schema';
import { paginate, whereVisible } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { streamEvents } from '../../core/http/sse';
import { newId } from '../../core/ids';
import type { Job } from '../../core/jobs';
import { notify, type NotifyKind } from '../notifications';
import { householdsOf } from '../orders/people';
import { familyOf, gridWorkersOf, pairedOf, staffOf } from './recipients';
import { careSettings } from './settings';
import { gridOf, householdPlace } from './store';

/**
 * 需要帮助: the big button in the resident's app. The alarm is always about the person who pressed it
 * (their own care record if they have one, else their household): it alerts at once the volunteers
 * paired with them, the grid worker of their building and the family they named, and community staff
 * when nobody acknowledges within the community's escalation time. Everything lands in its timeline.
 */

export const alarmStates = ['open', 'acknowledged', 'resolved'] as const;
type AlarmState = (typeof alarmStates)[number];
const reasons = ['paired', 'grid_worker', 'family', 'staff'] as const;
type Reason = (typeof reasons)[number];

export const helpTopic = (communityId: string) => `help:${communityId}`;
/** The live event on help:<communityId>: where the alarm is and what happened, no personal data. */
export const helpEventType = 'help_alarm';

/** A second press while an alarm is still unanswered finds that alarm instead of raising another. */
const repeatWindowMs = 10 * 60_000;

const HelpAlarmItem = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  state: StringEnum(alarmStates),
  name: Type.String({ description: 'who pressed the button' }),
  note: Nullable(Type.String()),
  recordId: Nullable(Type.String()),
  householdId: Nullable(Type.String()),
  compoundId: Nullable(Type.String()),
  buildingId: Nullable(Type.String()),
  buildingName: Nullable(Type.String()),
  roomNumber: Nullable(Type.String()),
  gridId: Nullable(Type.String()),
  raisedAt: Type.Integer(),
  acknowledgedAt: Nullable(Type.Integer()),
  acknowledgedByName: Nullable(Type.String()),
  escalatedAt: Nullable(Type.Integer()),
  resolvedAt: Nullable(Type.Integer()),
  resolveNote: Nullable(Type.String()),
});

const HelpAlarmDetail = Type.Object({
  ...HelpAlarmItem.properties,
  recipients: Type.Array(
    Type.Object({
      accountId: Type.String(),
      name: Type.String(),
      reason: StringEnum(reasons),
      notifiedAt: Type.Integer(),
    }),
  ),
  timeline: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      kind: StringEnum(['raised', 'acknowledged', 'escalated', 'resolved'] as const),
      actorName: Nullable(Type.String()),
      note: Nullable(Type.String()),
      at: Type.Integer(),
    }),
  ),
  raisedByMe: Type.Boolean(),
  alertedMe: Type.Boolean(),
});

type Db = Kysely<DB>;

function alarmRows(db: Db) {
  return db
    .selectFrom('help_alarms as a')
    .leftJoin('rooms as rm', (j) =>
      j.onRef('rm.community_id', '=', 'a.community_id').onRef('rm.id', '=', 'a.room_id'),
    )
    .leftJoin('buildings as b', (j) =>
      j.onRef('b.community_id', '=', 'a.community_id').onRef('b.id', '=', 'a.building_id'),
    )
    .leftJoin('accounts as ack', 'ack.id', 'a.acknowledged_by')
    .selectAll('a')
    .select(['rm.number as room_number', 'b.name as building_name', 'ack.display_name as ack_name']);
}
type AlarmRow = Awaited<ReturnType<ReturnType<typeof alarmRows>['executeTakeFirstOrThrow']>>;

const alarmItem = (a: AlarmRow) => ({
  id: a.id,
  communityId: a.community_id,
  state: a.state as AlarmState,
  name: a.name,
  note: a.note,
  recordId: a.record_id,
  householdId: a.household_id,
  compoundId: a.compound_id,
  buildingId: a.building_id,
  buildingName: a.building_name,
  roomNumber: a.room_number,
  gridId: a.grid_id,
  raisedAt: a.raised_at,
  acknowledgedAt: a.acknowledged_at,
  acknowledgedByName: a.ack_name,
  escalatedAt: a.escalated_at,
  resolvedAt: a.resolved_at,
  resolveNote: a.resolve_note,
});

const scopeOf = (a: Pick<HelpAlarmsTable, 'compound_id' | 'building_id' | 'grid_id'>) => ({
  compoundId: a.compound_id,
  buildingId: a.building_id,
  gridId: a.grid_id,
});

async function loadAlarm(db: Db, communityId: string, alarmId: string) {
  const row = await alarmRows(db)
    .where('a.community_id', '=', communityId)
    .where('a.id', '=', alarmId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

async function alarmDetail(db: Db, a: AlarmRow, accountId: string) {
  const [recipients, timeline] = await Promise.all([
    db
      .selectFrom('help_alarm_recipients as r')
      .innerJoin('accounts as ac', 'ac.id', 'r.account_id')
      .select(['r.account_id', 'ac.display_name', 'r.reason', 'r.notified_at'])
      .where('r.community_id', '=', a.community_id)
      .where('r.alarm_id', '=', a.id)
      .orderBy('r.notified_at')
      .orderBy('r.id')
      .execute(),
    db
      .selectFrom('help_alarm_events')
      .selectAll()
      .where('community_id', '=', a.community_id)
      .where('alarm_id', '=', a.id)
      .orderBy('seq')
      .execute(),
  ]);
  return {
    ...alarmItem(a),
    recipients: recipients.map((r) => ({
      accountId: r.account_id,
      name: r.display_name,
      reason: r.reason as Reason,
      notifiedAt: r.notified_at,
    })),
    timeline: timeline.map((e) => ({
      seq: e.seq,
      kind: e.kind as 'raised' | 'acknowledged' | 'escalated' | 'resolved',
      actorName: e.actor_name,
      note: e.note,
      at: e.at,
    })),
    raisedByMe: a.account_id === accountId,
    alertedMe: recipients.some((r) => r.account_id === accountId),
  };
}

/** Tells the alarm's recipients and adds them to it; those already told are not told again. */
async function alert(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  a: Pick<HelpAlarmsTable, 'community_id' | 'id' | 'name' | 'account_id'>,
  byReason: [Reason, string[]][],
  kind: NotifyKind,
  now: number,
) {
  const { db } = deps;
  const already = new Set(
    (
      await db
        .selectFrom('help_alarm_recipients')
        .select('account_id')
        .where('community_id', '=', a.community_id)
        .where('alarm_id', '=', a.id)
        .execute()
    ).map((r) => r.account_id),
  );
  already.add(a.account_id); // who pressed it is not told of their own alarm
  const fresh: { account_id: string; reason: Reason }[] = [];
  for (const [reason, ids] of byReason)
    for (const id of ids)
      if (!already.has(id)) {
        already.add(id);
        fresh.push({ account_id: id, reason });
      }
  if (!fresh.length) return [];
  const live = await db
    .selectFrom('accounts')
    .select('id')
    .where(
      'id',
      'in',
      fresh.map((f) => f.account_id),
    )
    .where('disabled_at', 'is', null)
    .execute();
  const told = fresh.filter((f) => live.some((l) => l.id === f.account_id));
  if (!told.length) return [];
  await db
    .insertInto('help_alarm_recipients')
    .values(
      told.map((f) => ({
        community_id: a.community_id,
        id: newId(),
        alarm_id: a.id,
        ...f,
        notified_at: now,
      })),
    )
    .execute();
  await notify(
    deps,
    a.community_id,
    told.map((f) => f.account_id),
    { kind, params: { name: a.name }, link: `/help/${a.id}` },
  );
  return told;
}

const publish = (deps: Pick<Deps, 'events'>, a: HelpAlarmsTable, event: string) =>
  deps.events.publish(helpTopic(a.community_id), helpEventType, {
    id: a.id,
    communityId: a.community_id,
    event,
    state: a.state,
    compoundId: a.compound_id,
    buildingId: a.building_id,
    gridId: a.grid_id,
    at: Date.now(),
  });

type Step = { kind: 'acknowledged' | 'escalated' | 'resolved'; note?: string | null };

/**
 * Adds one step to an alarm's timeline with the change it makes, if `allowed` still holds once the
 * step has the row: writers race on the alarm's version, and a loser looks again.
 */
async function step(
  db: Db,
  communityId: string,
  alarmId: string,
  actor: { accountId: string | null; name: string | null },
  s: Step,
  change: (a: HelpAlarmsTable) => Partial<HelpAlarmsTable> | null,
  now: number,
): Promise<{ before: HelpAlarmsTable; after: HelpAlarmsTable } | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('help_alarms')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('id', '=', alarmId)
        .executeTakeFirstOrThrow();
      const set = change(before);
      if (!set) return { done: null };
      const updated = await trx
        .updateTable('help_alarms')
        .set({ ...set, version: before.version + 1 })
        .where('community_id', '=', communityId)
        .where('id', '=', alarmId)
        .where('version', '=', before.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return undefined;
      await trx
        .insertInto('help_alarm_events')
        .values({
          community_id: communityId,
          id: newId(),
          alarm_id: alarmId,
          seq: before.version + 1,
          kind: s.kind,
          actor_account_id: actor.accountId,
          actor_name: actor.name,
          note: s.note ?? null,
          at: now,
        })
        .execute();
      return { done: { before, after: { ...before, ...set, version: before.version + 1 } } };
    });
    if (result) return result.done;
  }
  throw new AppError(409, 'help_alarm_changed');
}

/** An acknowledgement: the first one moves the alarm on; later ones by others go in the timeline too. */
async function acknowledge(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  a: AlarmRow,
  accountId: string,
  name: string,
) {
  const { db } = deps;
  if (a.state === 'resolved') throw new AppError(409, 'help_alarm_resolved');
  const earlier = await db
    .selectFrom('help_alarm_events')
    .select('id')
    .where('community_id', '=', a.community_id)
    .where('alarm_id', '=', a.id)
    .where('kind', '=', 'acknowledged')
    .where('actor_account_id', '=', accountId)
    .executeTakeFirst();
  if (earlier) return;
  const now = Date.now();
  const done = await step(
    db,
    a.community_id,
    a.id,
    { accountId, name },
    { kind: 'acknowledged' },
    (cur) => {
      if (cur.state === 'resolved') return null;
      return cur.state === 'open'
        ? { state: 'acknowledged', acknowledged_at: now, acknowledged_by: accountId }
        : {};
    },
    now,
  );
  if (!done) throw new AppError(409, 'help_alarm_resolved');
  if (done.before.state === 'open')
    await notify(deps, a.community_id, [a.account_id], {
      kind: 'help_acknowledged',
      params: { name },
      link: `/help/${a.id}`,
    });
  await publish(deps, done.after, 'acknowledged');
}

async function resolve(
  deps: Pick<Deps, 'db' | 'events'>,
  a: AlarmRow,
  accountId: string,
  name: string,
  note: string,
) {
  const now = Date.now();
  const text = note.trim();
  if (!text) throw fieldError(400, 'care_blank', 'note');
  const done = await step(
    deps.db,
    a.community_id,
    a.id,
    { accountId, name },
    { kind: 'resolved', note: text },
    (cur) =>
      cur.state === 'resolved'
        ? null
        : { state: 'resolved', resolved_at: now, resolved_by: accountId, resolve_note: text },
    now,
  );
  if (!done) throw new AppError(409, 'help_alarm_resolved');
  await publish(deps, done.after, 'resolved');
}

/** Who the caller is to the help button: their care record, or else their household. */
async function whereIsCaller(db: Db, accountId: string, householdId: string | undefined) {
  const records = await db
    .selectFrom('care_records as r')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'r.community_id').onRef('p.id', '=', 'r.person_id'),
    )
    .select([
      'r.community_id',
      'r.id',
      'r.person_id',
      'p.name',
      'r.household_id',
      'r.compound_id',
      'r.building_id',
      'r.room_id',
      'r.grid_id',
    ])
    .where('p.account_id', '=', accountId)
    .where('r.state', '=', 'active')
    .execute();
  const record = householdId ? records.find((r) => r.household_id === householdId) : records[0];
  if (record)
    return {
      communityId: record.community_id,
      recordId: record.id,
      personId: record.person_id,
      name: record.name,
      place: {
        household_id: record.household_id,
        compound_id: record.compound_id,
        building_id: record.building_id,
        room_id: record.room_id,
        grid_id: record.grid_id,
      },
    };
  const homes = await householdsOf(db, accountId);
  const home = householdId ? homes.find((h) => h.householdId === householdId) : homes[0];
  if (!home) return null;
  const place = await householdPlace(db, home.communityId, home.householdId);
  if (!place) return null;
  return {
    communityId: home.communityId,
    recordId: null,
    personId: home.personId,
    name: home.claimedName,
    place: {
      ...place,
      grid_id: place.grid_id ?? (await gridOf(db, home.communityId, place.compound_id, place.building_id)),
    },
  };
}

export const helpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const me = (req: FastifyRequest) => req.account!.id;

  /** An alarm the caller raised or was alerted to; 404 for anyone else. */
  async function myAlarm(req: FastifyRequest, alarmId: string, asResponder: boolean) {
    const a = await alarmRows(db).where('a.id', '=', alarmId).executeTakeFirst();
    if (!a) throw new AppError(404, 'not_found');
    const told = await db
      .selectFrom('help_alarm_recipients')
      .select('id')
      .where('community_id', '=', a.community_id)
      .where('alarm_id', '=', a.id)
      .where('account_id', '=', me(req))
      .executeTakeFirst();
    if (!told && (asResponder || a.account_id !== me(req))) throw new AppError(404, 'not_found');
    return a;
  }

  app.post(
    '/me/help',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary:
          '需要帮助: alert my paired volunteers, my grid worker and my family at once (staff if nobody answers)',
        body: Type.Object(
          {
            householdId: Type.Optional(Id),
            note: Type.Optional(Text(200)),
          },
          { additionalProperties: false },
        ),
        response: { 200: HelpAlarmDetail, 201: HelpAlarmDetail },
      },
    },
    async (req, reply) => {
      const caller = await whereIsCaller(db, me(req), req.body.householdId);
      if (!caller) throw new AppError(403, 'care_help_no_home');
      const now = Date.now();
      const recent = await db
        .selectFrom('help_alarms')
        .select('id')
        .where('community_id', '=', caller.communityId)
        .where('account_id', '=', me(req))
        .where('state', '!=', 'resolved')
        .where('raised_at', '>', now - repeatWindowMs)
        .orderBy('raised_at', 'desc')
        .executeTakeFirst();
      if (recent)
        return reply
          .status(200)
          .send(await alarmDetail(db, await loadAlarm(db, caller.communityId, recent.id), me(req)));

      const alarm: HelpAlarmsTable = {
        community_id: caller.communityId,
        id: newId(),
        account_id: me(req),
        person_id: caller.personId,
        record_id: caller.recordId,
        ...caller.place,
        name: caller.name,
        note: req.body.note?.trim() || null,
        state: 'open',
        raised_at: now,
        acknowledged_at: null,
        acknowledged_by: null,
        escalated_at: null,
        resolved_at: null,
        resolved_by: null,
        resolve_note: null,
        version: 1,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('help_alarms').values(alarm).execute();
        await trx
          .insertInto('help_alarm_events')
          .values({
            community_id: alarm.community_id,
            id: newId(),
            alarm_id: alarm.id,
            seq: 1,
            kind: 'raised',
            actor_account_id: me(req),
            actor_name: caller.name,
            note: alarm.note,
            at: now,
          })
          .execute();
      });
      const place = {
        communityId: alarm.community_id,
        compoundId: alarm.compound_id,
        buildingId: alarm.building_id,
        gridId: alarm.grid_id,
      };
      const told = await alert(
        app.deps,
        alarm,
        [
          ['paired', alarm.record_id ? await pairedOf(db, alarm.community_id, alarm.record_id) : []],
          ['grid_worker', await gridWorkersOf(db, place)],
          ['family', alarm.record_id ? await familyOf(db, alarm.community_id, alarm.record_id) : []],
        ],
        'help_alarm',
        now,
      );
      // Nobody near to tell: staff hear of it at once rather than after the wait.
      if (!told.length) await escalate(app.deps, alarm, now);
      await publish(app.deps, alarm, 'raised');
      return reply
        .status(201)
        .send(await alarmDetail(db, await loadAlarm(db, alarm.community_id, alarm.id), me(req)));
    },
  );

  app.get(
    '/me/help-alarms',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'Help alarms I raised or was alerted to, newest first',
        querystring: ListQuery({ state: Type.Optional(StringEnum(alarmStates)) }),
        response: { 200: Page(HelpAlarmItem) },
      },
    },
    async (req) => {
      let query = alarmRows(db).where((eb) =>
        eb.or([
          eb('a.account_id', '=', me(req)),
          eb.exists(
            eb
              .selectFrom('help_alarm_recipients as r')
              .select('r.id')
              .whereRef('r.community_id', '=', 'a.community_id')
              .whereRef('r.alarm_id', '=', 'a.id')
              .where('r.account_id', '=', me(req)),
          ),
        ]),
      );
      if (req.query.state) query = query.where('a.state', '=', req.query.state);
      const page = await paginate(
        query.orderBy('a.raised_at', req.query.order ?? 'desc').orderBy('a.id'),
        req.query,
      );
      return { ...page, items: page.items.map(alarmItem) };
    },
  );

  app.get(
    '/me/help-alarms/:alarmId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'One help alarm I raised or was alerted to, with who was told and its timeline',
        params: Type.Object({ alarmId: Id }),
        response: { 200: HelpAlarmDetail },
      },
    },
    async (req) => alarmDetail(db, await myAlarm(req, req.params.alarmId, false), me(req)),
  );

  app.post(
    '/me/help-alarms/:alarmId/ack',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'I have seen the alarm and am on it (those alerted)',
        params: Type.Object({ alarmId: Id }),
        response: { 200: HelpAlarmDetail },
      },
    },
    async (req) => {
      const a = await myAlarm(req, req.params.alarmId, true);
      await acknowledge(app.deps, a, me(req), req.account!.display_name);
      return alarmDetail(db, await loadAlarm(db, a.community_id, a.id), me(req));
    },
  );

  app.post(
    '/me/help-alarms/:alarmId/resolve',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'Close the alarm with what happened (those alerted)',
        params: Type.Object({ alarmId: Id }),
        body: Type.Object({ note: Text(500) }, { additionalProperties: false }),
        response: { 200: HelpAlarmDetail },
      },
    },
    async (req) => {
      const a = await myAlarm(req, req.params.alarmId, true);
      await resolve(app.deps, a, me(req), req.account!.display_name, req.body.note);
      return alarmDetail(db, await loadAlarm(db, a.community_id, a.id), me(req));
    },
  );

  // ---- console ----

  const AlarmParams = Type.Object({ communityId: Id, alarmId: Id });

  async function consoleAlarm(req: FastifyRequest, alarmId: string, action: 'care.read' | 'care.manage') {
    const a = await loadAlarm(db, communityOf(req).id, alarmId);
    requireCan(req, action, scopeOf(a));
    return a;
  }

  app.get(
    '/communities/:communityId/help-alarms',
    {
      config: { access: access.community('care.read') },
      schema: {
        tags: ['care'],
        summary: 'Help alarms in my scope, newest first',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(alarmStates)),
          open: Type.Optional(Type.Boolean({ description: 'true: not yet resolved' })),
          gridId: Type.Optional(Id),
        }),
        response: { 200: Page(HelpAlarmItem) },
      },
    },
    async (req) => {
      const q = req.query;
      let query = alarmRows(db)
        .where('a.community_id', '=', communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, visibleRows(req, 'care.read'), {
            compound: 'a.compound_id',
            building: 'a.building_id',
            grid: 'a.grid_id',
          }),
        );
      if (q.state) query = query.where('a.state', '=', q.state);
      if (q.open !== undefined) query = query.where('a.state', q.open ? '!=' : '=', 'resolved');
      if (q.gridId) query = query.where('a.grid_id', '=', q.gridId);
      const page = await paginate(query.orderBy('a.raised_at', q.order ?? 'desc').orderBy('a.id'), q);
      return { ...page, items: page.items.map(alarmItem) };
    },
  );

  app.get(
    '/communities/:communityId/help-alarms/events',
    {
      config: { access: access.community('care.read') },
      schema: {
        tags: ['care'],
        summary: 'Live help alarms in my scope (server-sent events, type help_alarm)',
        params: CommunityParams,
        produces: ['text/event-stream'],
      },
    },
    (req, reply) => {
      const filter = visibleRows(req, 'care.read');
      return streamEvents(req, reply, [helpTopic(communityOf(req).id)], (e) => {
        const d = e.data as { compoundId: string | null; buildingId: string | null; gridId: string | null };
        return rowVisible(filter, { compoundId: d.compoundId, buildingId: d.buildingId, gridId: d.gridId });
      });
    },
  );

  app.get(
    '/communities/:communityId/help-alarms/:alarmId',
    {
      config: { access: access.community('care.read') },
      schema: {
        tags: ['care'],
        summary: 'One help alarm with who was told and its timeline',
        params: AlarmParams,
        response: { 200: HelpAlarmDetail },
      },
    },
    async (req) => alarmDetail(db, await consoleAlarm(req, req.params.alarmId, 'care.read'), me(req)),
  );

  app.post(
    '/communities/:communityId/help-alarms/:alarmId/ack',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary: 'Acknowledge an alarm from the console',
        params: AlarmParams,
        response: { 200: HelpAlarmDetail },
      },
    },
    async (req) => {
      const a = await consoleAlarm(req, req.params.alarmId, 'care.manage');
      await acknowledge(app.deps, a, me(req), req.account!.display_name);
      return alarmDetail(db, await loadAlarm(db, a.community_id, a.id), me(req));
    },
  );

  app.post(
    '/communities/:communityId/help-alarms/:alarmId/resolve',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary: 'Resolve an alarm with what happened',
        params: AlarmParams,
        body: Type.Object({ note: Text(500) }, { additionalProperties: false }),
        response: { 200: HelpAlarmDetail },
      },
    },
    async (req) => {
      const a = await consoleAlarm(req, req.params.alarmId, 'care.manage');
      await resolve(app.deps, a, me(req), req.account!.display_name, req.body.note);
      return alarmDetail(db, await loadAlarm(db, a.community_id, a.id), me(req));
    },
  );
};

/** Calls community staff to an alarm, once: the conditional step makes two processes agree. */
async function escalate(deps: Pick<Deps, 'db' | 'config' | 'events'>, a: HelpAlarmsTable, now: number) {
  const done = await step(
    deps.db,
    a.community_id,
    a.id,
    { accountId: null, name: null },
    { kind: 'escalated' },
    (cur) => (cur.state === 'open' && cur.escalated_at === null ? { escalated_at: now } : null),
    now,
  );
  if (!done) return;
  await alert(deps, a, [['staff', await staffOf(deps.db, a.community_id)]], 'help_escalated', now);
  await publish(deps, done.after, 'escalated');
}

/** Escalates every alarm nobody has acknowledged within its community's escalation time. */
export const helpEscalationJob: Job = {
  name: 'care.help-escalation',
  everyMs: 30_000,
  async run(deps, now) {
    const waiting = await deps.db
      .selectFrom('help_alarms')
      .selectAll()
      .where('state', '=', 'open')
      .where('escalated_at', 'is', null)
      .where('raised_at', '<=', now - 60_000)
      .execute();
    const minutes = new Map<string, number>();
    for (const a of waiting) {
      if (!minutes.has(a.community_id))
        minutes.set(a.community_id, (await careSettings(deps.db, a.community_id)).escalateMinutes);
      if (a.raised_at + minutes.get(a.community_id)! * 60_000 <= now) await escalate(deps, a, now);
    }
  },
};
