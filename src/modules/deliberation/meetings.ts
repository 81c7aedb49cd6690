import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB, MeetingsTable } from '../../core/db/schema';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { attachFiles, registerFileAccess } from '../../core/files';
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
import { notify } from '../notifications';
import { dayStart } from '../orders/query';
import { actionItemRoutes } from './actionItems';
import { checkinRoutes } from './checkin';
import { decisionRoutes } from './decisions';
import { InviteesInput, inviteeRow, noticeAccounts, resolveInvitees } from './invitees';
import { meetingNext, meetingStates, type MeetingStep } from './meetingRules';
import {
  deferItems,
  findMeeting,
  holdMeeting,
  meetingFor,
  meetingScope,
  pendingItems,
  requireStep,
  shanghaiDateTime,
} from './meetingStore';
import { Meeting, MeetingDetail, meetingDetailFor, meetingRows, meetingView } from './meetingViews';
import { minutesMaxLength, sanitizeMinutes } from './minutes';
import { checkinPath } from './qr';
import { deliberationSettings } from './settings';
import { againOnClash, filled } from './store';
import { actorOf, announceTopic, moveTopic } from './trail';

/**
 * Meetings (议事会, 联席会议, 晚饭后议事…): planned with their invitees and agenda, announced to the
 * invitees, run (sign-in, decisions), closed with their minutes, or cancelled. Topics on the agenda
 * move with the meeting: scheduled when listed, back to the queue when removed, deferred or left
 * undecided when the meeting closes or is cancelled.
 */

export const MeetingParams = Type.Object({ communityId: Id, meetingId: Id });
const AgendaParams = Type.Object({ communityId: Id, meetingId: Id, itemId: Id });

const Instant = Type.Integer({
  minimum: 946_684_800_000,
  maximum: 4_102_444_800_000,
  description: 'epoch ms',
});

const MeetingFields = {
  type: Type.String({
    minLength: 1,
    maxLength: 32,
    description: 'a code from the community’s meeting types',
  }),
  title: Text(100),
  compoundId: Type.Optional(Nullable(Id)),
  startsAt: Instant,
  endsAt: Type.Optional(Nullable(Instant)),
  place: Type.Optional(Nullable(Text(100))),
  invitees: Type.Optional(InviteesInput),
};

const NoticeResult = Type.Object({
  noticeSentAt: Type.Integer(),
  notified: Type.Integer({ description: 'accounts told in the app' }),
  unreachable: Type.Array(Type.String(), {
    description: 'invitees with no account behind them (co-build units, named guests): phone them',
  }),
});

/** A fresh secret for the sign-in QR code. */
const checkinToken = () => randomBytes(24).toString('base64url');

export const meetingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const detail = (req: FastifyRequest, meeting: Pick<MeetingsTable, 'id' | 'compound_id'>) =>
    meetingDetailFor(req, db, meeting);

  async function requireMeetingType(communityId: string, type: string) {
    const { meetingTypes } = await deliberationSettings(db, communityId);
    if (!meetingTypes.some((t) => t.code === type))
      throw fieldError(400, 'meeting_type_unknown', 'type', { type });
  }

  async function requireCompound(communityId: string, compoundId: string) {
    const found = await db
      .selectFrom('compounds')
      .select('id')
      .where('community_id', '=', communityId)
      .where('id', '=', compoundId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!found) throw fieldError(400, 'bad_reference', 'compoundId', { what: 'compoundId' });
  }

  /** Adds items after the meeting's last one, in the order given. */
  async function appendAgenda(
    trx: Kysely<DB>,
    meeting: Pick<MeetingsTable, 'community_id' | 'id'>,
    items: readonly { topicId: string | null; title: string }[],
    now: number,
  ) {
    if (!items.length) return;
    const last = await trx
      .selectFrom('agenda_items')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('community_id', '=', meeting.community_id)
      .where('meeting_id', '=', meeting.id)
      .executeTakeFirst();
    const after = Number(last?.p ?? 0);
    await trx
      .insertInto('agenda_items')
      .values(
        items.map((item, i) => ({
          community_id: meeting.community_id,
          id: newId(),
          meeting_id: meeting.id,
          topic_id: item.topicId,
          title: item.title,
          position: after + i + 1,
          outcome: 'pending',
          created_at: now,
        })),
      )
      .execute();
  }

  /**
   * Puts topics on the meeting's agenda, moving each to scheduled. A topic must lie in the meeting's
   * compound (a community-wide meeting takes any) and be accepted.
   */
  async function listTopics(
    trx: Kysely<DB>,
    req: FastifyRequest,
    meeting: Pick<MeetingsTable, 'community_id' | 'id' | 'compound_id' | 'title'>,
    topicIds: readonly string[],
    now: number,
  ) {
    const items = [];
    for (const [i, topicId] of topicIds.entries()) {
      const field = topicIds.length > 1 ? `topicIds/${i}` : 'topicId';
      const topic = await trx
        .selectFrom('topics')
        .select(['id', 'title', 'compound_id'])
        .where('community_id', '=', meeting.community_id)
        .where('id', '=', topicId)
        .executeTakeFirst();
      if (!topic) throw fieldError(400, 'bad_reference', field, { what: 'topicId' });
      if (meeting.compound_id && topic.compound_id !== meeting.compound_id)
        throw fieldError(400, 'meeting_topic_scope', field);
      const listed = await trx
        .selectFrom('agenda_items')
        .select('id')
        .where('community_id', '=', meeting.community_id)
        .where('meeting_id', '=', meeting.id)
        .where('topic_id', '=', topic.id)
        .where('outcome', '=', 'pending')
        .executeTakeFirst();
      if (listed) throw fieldError(409, 'meeting_topic_listed', field);
      await moveTopic(trx, meeting.community_id, topic.id, 'schedule', actorOf(req), now, {
        meetingId: meeting.id,
        meetingTitle: meeting.title,
      });
      items.push({ topicId: topic.id, title: topic.title });
    }
    await appendAgenda(trx, meeting, items, now);
  }

  const announceAll = (communityId: string, topicIds: readonly string[], type: string) =>
    Promise.all(topicIds.map((id) => announceTopic(app.deps, communityId, id, type)));

  app.get(
    '/communities/:communityId/meetings',
    {
      config: { access: access.community('deliberation.read') },
      schema: {
        tags: ['deliberation'],
        summary: 'Meetings in scope, latest first by default; q searches title and place',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(meetingStates)),
          type: Type.Optional(Type.String({ maxLength: 32 })),
          compoundId: Type.Optional(Id),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
        }),
        response: { 200: Page(Meeting) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'deliberation.read');
      const q = req.query;
      let query = meetingRows(db, communityOf(req).id).where((eb) =>
        whereVisible(eb, filter, { compound: 'm.compound_id' }),
      );
      if (q.state) query = query.where('m.state', '=', q.state);
      if (q.type) query = query.where('m.type', '=', q.type);
      if (q.compoundId) query = query.where('m.compound_id', '=', q.compoundId);
      if (q.from) query = query.where('m.starts_at', '>=', dayStart(q.from));
      if (q.to) query = query.where('m.starts_at', '<', dayStart(q.to) + 86_400_000);
      if (q.q) {
        const text = q.q;
        query = query.where((eb) => eb.or([contains('m.title', text), contains('m.place', text)]));
      }
      const page = await paginate(query.orderBy('m.starts_at', q.order ?? 'desc').orderBy('m.id'), q);
      return { ...page, items: page.items.map(meetingView) };
    },
  );

  app.post(
    '/communities/:communityId/meetings',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Plan a meeting with its invitees; accepted topics named go on its agenda (scheduled)',
        params: CommunityParams,
        body: Type.Object(
          {
            ...MeetingFields,
            topicIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
          },
          { additionalProperties: false },
        ),
        response: { 201: MeetingDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const compoundId = b.compoundId ?? null;
      requireCan(req, 'deliberation.manage', compoundId ? { compoundId } : {});
      if (compoundId) await requireCompound(communityId, compoundId);
      await requireMeetingType(communityId, b.type);
      if (b.endsAt != null && b.endsAt < b.startsAt) throw fieldError(400, 'meeting_time_order', 'endsAt');
      const title = filled(b.title, 'title');
      const invitees = await resolveInvitees(db, communityId, b.invitees ?? []);
      const now = Date.now();
      const meeting: MeetingsTable = {
        community_id: communityId,
        id: newId(),
        compound_id: compoundId,
        type: b.type,
        title,
        starts_at: b.startsAt,
        ends_at: b.endsAt ?? null,
        place: b.place?.trim() || null,
        state: 'scheduled',
        notice_sent_at: null,
        checkin_token: checkinToken(),
        minutes_html: null,
        minutes_updated_at: null,
        minutes_updated_by: null,
        created_by: req.account!.id,
        created_at: now,
        updated_at: now,
      };
      const topicIds = b.topicIds ?? [];
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('meetings').values(meeting).execute();
        if (invitees.length)
          await trx
            .insertInto('meeting_invitees')
            .values(invitees.map((i) => inviteeRow(communityId, meeting.id, i)))
            .execute();
        await listTopics(trx, req, meeting, topicIds, now);
      });
      await announceAll(communityId, topicIds, 'scheduled');
      return reply.status(201).send(await detail(req, meeting));
    },
  );

  app.get(
    '/communities/:communityId/meetings/:meetingId',
    {
      config: { access: access.community('deliberation.read') },
      schema: {
        tags: ['deliberation'],
        summary:
          'One meeting: invitees with sign-in, agenda with decisions and actions, minutes, attachments',
        params: MeetingParams,
        response: { 200: MeetingDetail },
      },
    },
    async (req) => {
      const m = await meetingFor(req, db, req.params.communityId, req.params.meetingId, 'deliberation.read');
      return detail(req, m);
    },
  );

  app.patch(
    '/communities/:communityId/meetings/:meetingId',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Change a meeting still to come; invitees, when given, replace those not yet signed in',
        params: MeetingParams,
        body: Type.Partial(Type.Object(MeetingFields), { additionalProperties: false }),
        response: { 200: MeetingDetail },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const m = await meetingFor(req, db, communityId, req.params.meetingId, 'deliberation.manage');
      requireStep(m, 'edit');
      const b = req.body;
      if (b.compoundId !== undefined && b.compoundId !== m.compound_id) {
        requireCan(req, 'deliberation.manage', b.compoundId ? { compoundId: b.compoundId } : {});
        if (b.compoundId) {
          await requireCompound(communityId, b.compoundId);
          // The agenda's topics must still lie in the meeting's compound.
          const outside = await db
            .selectFrom('agenda_items as a')
            .innerJoin('topics as t', (j) =>
              j.onRef('t.community_id', '=', 'a.community_id').onRef('t.id', '=', 'a.topic_id'),
            )
            .select('a.id')
            .where('a.community_id', '=', communityId)
            .where('a.meeting_id', '=', m.id)
            .where((eb) => eb.or([eb('t.compound_id', 'is', null), eb('t.compound_id', '!=', b.compoundId!)]))
            .executeTakeFirst();
          if (outside) throw fieldError(400, 'meeting_topic_scope', 'compoundId');
        }
      }
      if (b.type !== undefined) await requireMeetingType(communityId, b.type);
      const startsAt = b.startsAt ?? m.starts_at;
      const endsAt = b.endsAt !== undefined ? b.endsAt : m.ends_at;
      if (endsAt != null && endsAt < startsAt) throw fieldError(400, 'meeting_time_order', 'endsAt');
      const title = b.title === undefined ? undefined : filled(b.title, 'title');
      const invitees = b.invitees ? await resolveInvitees(db, communityId, b.invitees) : null;
      const rewrite = () =>
        db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable('meetings')
            .set({
              ...(b.type !== undefined ? { type: b.type } : {}),
              ...(title ? { title } : {}),
              ...(b.compoundId !== undefined ? { compound_id: b.compoundId } : {}),
              starts_at: startsAt,
              ends_at: endsAt,
              ...(b.place !== undefined ? { place: b.place?.trim() || null } : {}),
              updated_at: Date.now(),
            })
            .where('community_id', '=', communityId)
            .where('id', '=', m.id)
            .where('state', '=', 'scheduled')
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) !== 1) throw new AppError(409, 'meeting_state');
          if (!invitees) return;
          // Who already signed in came, whatever the new list says.
          await trx
            .deleteFrom('meeting_invitees')
            .where('community_id', '=', communityId)
            .where('meeting_id', '=', m.id)
            .where('signed_in_at', 'is', null)
            .execute();
          const kept = await trx
            .selectFrom('meeting_invitees')
            .select(['organisation_id', 'person_id', 'account_id'])
            .where('community_id', '=', communityId)
            .where('meeting_id', '=', m.id)
            .execute();
          const keys = new Set(kept.flatMap((k) => [k.organisation_id, k.person_id, k.account_id]));
          const fresh = invitees.filter(
            (i) => ![i.organisation_id, i.person_id, i.account_id].some((k) => k && keys.has(k)),
          );
          if (fresh.length)
            await trx
              .insertInto('meeting_invitees')
              .values(fresh.map((i) => inviteeRow(communityId, m.id, i)))
              .execute();
        });
      // Someone scanning the QR code while the list is rewritten adds their row meanwhile; the retry keeps it.
      await againOnClash(rewrite);
      return detail(req, m);
    },
  );

  app.post(
    '/communities/:communityId/meetings/:meetingId/notice',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Send the meeting notice to every invitee with an account (again after a change)',
        params: MeetingParams,
        response: { 200: NoticeResult },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const m = await meetingFor(req, db, communityId, req.params.meetingId, 'deliberation.manage');
      requireStep(m, 'notice');
      const invitees = await db
        .selectFrom('meeting_invitees')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('meeting_id', '=', m.id)
        .execute();
      const { accountIds, unreachable } = await noticeAccounts(db, communityId, m.compound_id, invitees);
      const now = Date.now();
      await db
        .updateTable('meetings')
        .set({ notice_sent_at: now, updated_at: now })
        .where('community_id', '=', communityId)
        .where('id', '=', m.id)
        .execute();
      const sent = await notify(app.deps, communityId, accountIds, {
        kind: 'meeting_notice',
        params: { title: m.title, time: shanghaiDateTime(m.starts_at), place: m.place ?? '' },
        // The sign-in page: the resident app's page for a meeting (title, time, place, then 签到).
        link: checkinPath(m.checkin_token),
      });
      return { noticeSentAt: now, notified: sent.ids.length, unreachable };
    },
  );

  /** start, close, cancel: the meeting's own steps; closing and cancelling give undecided topics back. */
  for (const step of ['start', 'close', 'cancel'] as const satisfies readonly MeetingStep[]) {
    app.post(
      `/communities/:communityId/meetings/:meetingId/${step}`,
      {
        config: { access: access.community('deliberation.manage') },
        schema: {
          tags: ['deliberation'],
          summary: {
            start: 'Open the meeting (in progress): decisions can now be recorded',
            close:
              'Close the meeting (held); agenda items still pending are deferred, their topics back to the queue',
            cancel: 'Cancel a meeting still to come; its topics go back to the queue',
          }[step],
          params: MeetingParams,
          response: { 200: MeetingDetail },
        },
      },
      async (req) => {
        const { communityId } = req.params;
        const m = await meetingFor(req, db, communityId, req.params.meetingId, 'deliberation.manage');
        requireStep(m, step);
        const now = Date.now();
        const moved = await db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable('meetings')
            .set({ state: meetingNext[step]!, updated_at: now })
            .where('community_id', '=', communityId)
            .where('id', '=', m.id)
            .where('state', '=', m.state)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) !== 1) throw new AppError(409, 'meeting_state');
          if (step === 'start') return [];
          const pending = await pendingItems(trx, communityId, m.id);
          return (await deferItems(trx, communityId, pending, actorOf(req), m, now)).topics;
        });
        await announceAll(communityId, moved, 'unscheduled');
        return detail(req, m);
      },
    );
  }

  app.put(
    '/communities/:communityId/meetings/:meetingId/minutes',
    {
      config: { access: access.community('deliberation.manage') },
      // Up to this size a too-long text gets a 400 that says the limit, not a bare 413.
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['deliberation'],
        summary: `Save the minutes (会议纪要): HTML, cleaned on write; at most ${minutesMaxLength} characters`,
        params: MeetingParams,
        body: Type.Object({ html: Type.String() }, { additionalProperties: false }),
        response: { 200: MeetingDetail },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const m = await meetingFor(req, db, communityId, req.params.meetingId, 'deliberation.manage');
      requireStep(m, 'minutes');
      if (req.body.html.length > minutesMaxLength)
        throw fieldError(400, 'minutes_too_long', 'html', { max: minutesMaxLength });
      const now = Date.now();
      await db
        .updateTable('meetings')
        .set({
          minutes_html: sanitizeMinutes(req.body.html),
          minutes_updated_at: now,
          minutes_updated_by: req.account!.id,
          updated_at: now,
        })
        .where('community_id', '=', communityId)
        .where('id', '=', m.id)
        .execute();
      return detail(req, m);
    },
  );

  app.post(
    '/communities/:communityId/meetings/:meetingId/attachments',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Attach uploaded files (photos of the meeting, a signed sheet, a PDF) to the meeting',
        params: MeetingParams,
        body: Type.Object(
          { fileIds: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 200: MeetingDetail },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const m = await meetingFor(req, db, communityId, req.params.meetingId, 'deliberation.manage');
      requireStep(m, 'minutes');
      await db
        .transaction()
        .execute((trx) =>
          attachFiles(trx, communityId, req.body.fileIds, { type: 'meeting', id: m.id }, req.account!.id),
        );
      return detail(req, m);
    },
  );

  app.post(
    '/communities/:communityId/meetings/:meetingId/agenda',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Add an agenda item: an accepted topic (it becomes scheduled) or an ad-hoc title',
        params: MeetingParams,
        body: Type.Object(
          { topicId: Type.Optional(Id), title: Type.Optional(Text(100)) },
          { additionalProperties: false },
        ),
        response: { 201: MeetingDetail },
      },
    },
    async (req, reply) => {
      const { communityId } = req.params;
      const m = await meetingFor(req, db, communityId, req.params.meetingId, 'deliberation.manage');
      requireStep(m, 'agenda');
      const { topicId } = req.body;
      const title = req.body.title?.trim();
      if (!topicId === !title) throw fieldError(400, 'agenda_item_shape', topicId ? 'title' : 'topicId');
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await holdMeeting(trx, m, 'agenda', now);
        if (topicId) await listTopics(trx, req, m, [topicId], now);
        else await appendAgenda(trx, m, [{ topicId: null, title: title! }], now);
      });
      if (topicId) await announceAll(communityId, [topicId], 'scheduled');
      return reply.status(201).send(await detail(req, m));
    },
  );

  /** A pending agenda item of a meeting the caller manages, for removing or deferring. */
  async function pendingItem(
    req: FastifyRequest,
    params: { communityId: string; meetingId: string; itemId: string },
  ) {
    const m = await meetingFor(req, db, params.communityId, params.meetingId, 'deliberation.manage');
    requireStep(m, 'agenda');
    const item = await db
      .selectFrom('agenda_items')
      .select(['id', 'topic_id', 'outcome'])
      .where('community_id', '=', params.communityId)
      .where('meeting_id', '=', m.id)
      .where('id', '=', params.itemId)
      .executeTakeFirst();
    if (!item) throw new AppError(404, 'not_found');
    if (item.outcome !== 'pending') throw new AppError(409, 'agenda_item_settled');
    return { m, item };
  }

  app.delete(
    '/communities/:communityId/meetings/:meetingId/agenda/:itemId',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Take a pending item off the agenda; its topic goes back to the queue',
        params: AgendaParams,
        response: { 200: MeetingDetail },
      },
    },
    async (req) => {
      const { m, item } = await pendingItem(req, req.params);
      const { communityId } = req.params;
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await holdMeeting(trx, m, 'agenda', now);
        const removed = await trx
          .deleteFrom('agenda_items')
          .where('community_id', '=', communityId)
          .where('id', '=', item.id)
          .where('outcome', '=', 'pending')
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) !== 1) throw new AppError(409, 'agenda_item_settled');
        if (item.topic_id)
          await moveTopic(trx, communityId, item.topic_id, 'unschedule', actorOf(req), now, {
            meetingId: m.id,
            meetingTitle: m.title,
          });
      });
      if (item.topic_id) await announceAll(communityId, [item.topic_id], 'unscheduled');
      return detail(req, m);
    },
  );

  app.post(
    '/communities/:communityId/meetings/:meetingId/agenda/:itemId/defer',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Defer a pending item (另行研究); its topic goes back to the queue for another meeting',
        params: AgendaParams,
        response: { 200: MeetingDetail },
      },
    },
    async (req) => {
      const { m, item } = await pendingItem(req, req.params);
      const { communityId } = req.params;
      const now = Date.now();
      const { topics } = await db.transaction().execute(async (trx) => {
        await holdMeeting(trx, m, 'agenda', now);
        const deferred = await deferItems(trx, communityId, [item], actorOf(req), m, now);
        // Decided or deferred by someone else since it was read.
        if (!deferred.deferred) throw new AppError(409, 'agenda_item_settled');
        return deferred;
      });
      await announceAll(communityId, topics, 'unscheduled');
      return detail(req, m);
    },
  );

  await app.register(checkinRoutes);
  await app.register(decisionRoutes);
  await app.register(actionItemRoutes);

  // Files on a meeting (photos, signed sheets) are read by whoever may read the meeting.
  registerFileAccess(app, 'meeting', async (req, meetingId) => {
    const m = await findMeeting(db, communityOf(req).id, meetingId);
    requireCan(req, 'deliberation.read', meetingScope(m));
    return true;
  });
};
