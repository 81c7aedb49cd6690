import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { can } from '../../core/access/policy';
import type {
  ActionItemsTable,
  DB,
  DecisionsTable,
  MeetingInviteesTable,
  MeetingsTable,
} from '../../core/db/schema';
import { communityOf, principalOf } from '../../core/http/access';
import { Nullable, StringEnum } from '../../core/http/schemas';
import { actionStates, isDueSoon, isOverdue, type ActionState } from './actionRules';
import { agendaOutcomes, meetingStates } from './meetingRules';
import { organisationKinds } from './invitees';
import { meetingScope } from './meetingStore';
import { checkinPath } from './qr';

/**
 * What the console sees of meetings and their action items. List items are flat (they export as
 * sheets); the detail nests the agenda with each item's decision and actions.
 */

export const followUpKinds = ['none', 'order', 'assembly_matter'] as const;

export const Meeting = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Nullable(Type.String({ description: 'null: a community-wide meeting' })),
  compoundName: Nullable(Type.String()),
  type: Type.String({ description: 'a code from the community’s meeting types' }),
  title: Type.String(),
  startsAt: Type.Integer(),
  endsAt: Nullable(Type.Integer()),
  place: Nullable(Type.String()),
  state: StringEnum(meetingStates),
  noticeSentAt: Nullable(Type.Integer()),
  invitedCount: Type.Integer({ description: 'invitees (organisations, people, named guests)' }),
  signedInCount: Type.Integer({ description: 'invitees who signed in' }),
  walkInCount: Type.Integer({ description: 'people who signed in without an invitation' }),
  agendaCount: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

export const Invitee = Type.Object({
  id: Type.String(),
  organisationKind: Nullable(StringEnum(organisationKinds)),
  organisationId: Nullable(Type.String()),
  personId: Nullable(Type.String()),
  accountId: Nullable(Type.String()),
  name: Type.String(),
  partyLabel: Nullable(Type.String({ description: 'e.g. 物业公司' })),
  invited: Type.Boolean({ description: 'false: a walk-in who signed in' }),
  signedInAt: Nullable(Type.Integer()),
  signedInVia: Nullable(StringEnum(['qr', 'staff'] as const)),
});

export const ActionItem = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  meetingId: Type.String(),
  meetingTitle: Type.String(),
  compoundId: Nullable(Type.String()),
  decisionId: Type.String(),
  topicId: Nullable(Type.String()),
  topicTitle: Nullable(Type.String()),
  title: Type.String(),
  ownerAccountId: Nullable(Type.String()),
  ownerName: Type.String(),
  dueDate: Type.String({ description: 'YYYY-MM-DD, Asia/Shanghai' }),
  state: StringEnum(actionStates),
  overdue: Type.Boolean({ description: 'open past the end of its due day' }),
  dueSoon: Type.Boolean({ description: 'open and due today or tomorrow' }),
  doneAt: Nullable(Type.Integer()),
  doneNote: Nullable(Type.String()),
  cancelledAt: Nullable(Type.Integer()),
  cancelReason: Nullable(Type.String()),
  photoIds: Type.Array(Type.String(), {
    description: 'evidence photos: GET /communities/:communityId/files/:id(?size=thumb)',
  }),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  version: Type.Integer(),
});

export const Decision = Type.Object({
  id: Type.String(),
  agendaItemId: Type.String(),
  topicId: Nullable(Type.String()),
  text: Type.String(),
  decidedBy: Type.String(),
  votesFor: Nullable(Type.Integer()),
  votesAgainst: Nullable(Type.Integer()),
  votesAbstain: Nullable(Type.Integer()),
  followUpKind: StringEnum(followUpKinds),
  followUpId: Nullable(Type.String({ description: 'the service order made, for kind order' })),
  createdBy: Type.String(),
  createdAt: Type.Integer(),
  actions: Type.Array(ActionItem),
});

export const AgendaItem = Type.Object({
  id: Type.String(),
  topicId: Nullable(Type.String({ description: 'null: an ad-hoc item' })),
  topicState: Nullable(Type.String()),
  title: Type.String(),
  position: Type.Integer(),
  outcome: StringEnum(agendaOutcomes),
  createdAt: Type.Integer(),
  decision: Nullable(Decision),
});

export const Attachment = Type.Object({
  id: Type.String(),
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  hasThumb: Type.Boolean(),
});

export const MeetingDetail = Type.Object({
  ...Meeting.properties,
  invitees: Type.Array(Invitee),
  agenda: Type.Array(AgendaItem),
  minutesHtml: Nullable(Type.String({ description: 'sanitised on write; safe to render as HTML' })),
  minutesUpdatedAt: Nullable(Type.Integer()),
  minutesUpdatedBy: Nullable(Type.String()),
  attachments: Type.Array(Attachment),
  checkinPath: Nullable(
    Type.String({ description: '/checkin/<token>: the sign-in page the QR code opens (managers only)' }),
  ),
});

/** Meetings with their compound's name and attendance counts, ready to filter and page. */
export function meetingRows(db: Kysely<DB>, communityId: string) {
  return db
    .selectFrom('meetings as m')
    .leftJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'm.community_id').onRef('c.id', '=', 'm.compound_id'),
    )
    .where('m.community_id', '=', communityId)
    .selectAll('m')
    .select('c.name as compound_name')
    .select((eb) => [
      eb
        .selectFrom('meeting_invitees as i')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('i.community_id', '=', 'm.community_id')
        .whereRef('i.meeting_id', '=', 'm.id')
        .where('i.invited', '=', 1)
        .as('invited_count'),
      eb
        .selectFrom('meeting_invitees as i')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('i.community_id', '=', 'm.community_id')
        .whereRef('i.meeting_id', '=', 'm.id')
        .where('i.invited', '=', 1)
        .where('i.signed_in_at', 'is not', null)
        .as('signed_in_count'),
      eb
        .selectFrom('meeting_invitees as i')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('i.community_id', '=', 'm.community_id')
        .whereRef('i.meeting_id', '=', 'm.id')
        .where('i.invited', '=', 0)
        .as('walk_in_count'),
      eb
        .selectFrom('agenda_items as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.community_id', '=', 'm.community_id')
        .whereRef('a.meeting_id', '=', 'm.id')
        .as('agenda_count'),
    ]);
}

export type MeetingRow = Awaited<ReturnType<ReturnType<typeof meetingRows>['executeTakeFirstOrThrow']>>;

export const meetingView = (m: MeetingRow) => ({
  id: m.id,
  communityId: m.community_id,
  compoundId: m.compound_id,
  compoundName: m.compound_name,
  type: m.type,
  title: m.title,
  startsAt: m.starts_at,
  endsAt: m.ends_at,
  place: m.place,
  state: m.state as (typeof meetingStates)[number],
  noticeSentAt: m.notice_sent_at,
  invitedCount: Number(m.invited_count ?? 0),
  signedInCount: Number(m.signed_in_count ?? 0),
  walkInCount: Number(m.walk_in_count ?? 0),
  agendaCount: Number(m.agenda_count ?? 0),
  createdBy: m.created_by,
  createdAt: m.created_at,
  updatedAt: m.updated_at,
});

export const inviteeView = (i: MeetingInviteesTable) => ({
  id: i.id,
  organisationKind: i.organisation_kind as (typeof organisationKinds)[number] | null,
  organisationId: i.organisation_id,
  personId: i.person_id,
  accountId: i.account_id,
  name: i.name,
  partyLabel: i.party_label,
  invited: i.invited === 1,
  signedInAt: i.signed_in_at,
  signedInVia: i.signed_in_via as 'qr' | 'staff' | null,
});

/** Action items with their meeting and topic, for lists (console, /me) and the meeting's detail. */
export function actionRows(db: Kysely<DB>) {
  return db
    .selectFrom('action_items as a')
    .innerJoin('decisions as d', (j) =>
      j.onRef('d.community_id', '=', 'a.community_id').onRef('d.id', '=', 'a.decision_id'),
    )
    .innerJoin('meetings as m', (j) =>
      j.onRef('m.community_id', '=', 'd.community_id').onRef('m.id', '=', 'd.meeting_id'),
    )
    .leftJoin('topics as t', (j) =>
      j.onRef('t.community_id', '=', 'a.community_id').onRef('t.id', '=', 'a.topic_id'),
    )
    .selectAll('a')
    .select([
      'd.meeting_id',
      'm.title as meeting_title',
      'm.compound_id',
      'm.created_by as meeting_created_by',
      't.title as topic_title',
      't.is_public as topic_is_public',
      'd.text as decision_text',
    ]);
}

export type ActionRow = Awaited<ReturnType<ReturnType<typeof actionRows>['executeTakeFirstOrThrow']>>;

/** Evidence photos of each item, by item id. */
export async function actionPhotos(
  db: Kysely<DB>,
  items: readonly Pick<ActionItemsTable, 'community_id' | 'id'>[],
): Promise<Map<string, string[]>> {
  const byItem = new Map<string, string[]>();
  if (!items.length) return byItem;
  const rows = await db
    .selectFrom('files')
    .select(['id', 'attached_id'])
    .where('community_id', 'in', [...new Set(items.map((i) => i.community_id))])
    .where('attached_type', '=', 'action_item')
    .where(
      'attached_id',
      'in',
      items.map((i) => i.id),
    )
    .where('removed_at', 'is', null)
    .orderBy('attached_at')
    .orderBy('id')
    .execute();
  for (const r of rows) byItem.set(r.attached_id!, [...(byItem.get(r.attached_id!) ?? []), r.id]);
  return byItem;
}

export function actionView(a: ActionRow, photos: Map<string, string[]>, now = Date.now()) {
  const clock = { state: a.state as ActionState, dueDate: a.due_date };
  return {
    id: a.id,
    communityId: a.community_id,
    meetingId: a.meeting_id,
    meetingTitle: a.meeting_title,
    compoundId: a.compound_id,
    decisionId: a.decision_id,
    topicId: a.topic_id,
    topicTitle: a.topic_title,
    title: a.title,
    ownerAccountId: a.owner_account_id,
    ownerName: a.owner_name,
    dueDate: a.due_date,
    state: clock.state,
    overdue: isOverdue(clock, now),
    dueSoon: isDueSoon(clock, now),
    doneAt: a.done_at,
    doneNote: a.done_note,
    cancelledAt: a.cancelled_at,
    cancelReason: a.cancel_reason,
    photoIds: photos.get(a.id) ?? [],
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    version: a.version,
  };
}

/** A page of action rows as the API shows them (one query for all their photos). */
export async function actionViews(db: Kysely<DB>, rows: readonly ActionRow[]) {
  const photos = await actionPhotos(db, rows);
  return rows.map((r) => actionView(r, photos));
}

const decisionView = (d: DecisionsTable, actions: ReturnType<typeof actionView>[]) => ({
  id: d.id,
  agendaItemId: d.agenda_item_id,
  topicId: d.topic_id,
  text: d.text,
  decidedBy: d.decided_by,
  votesFor: d.votes_for,
  votesAgainst: d.votes_against,
  votesAbstain: d.votes_abstain,
  followUpKind: d.follow_up_kind as (typeof followUpKinds)[number],
  followUpId: d.follow_up_id,
  createdBy: d.created_by,
  createdAt: d.created_at,
  actions,
});

/** The whole meeting: invitees, agenda with decisions and actions, minutes and attachments. */
export async function meetingDetail(
  db: Kysely<DB>,
  communityId: string,
  meetingId: string,
  options: { showCheckin: boolean },
) {
  const m = await meetingRows(db, communityId).where('m.id', '=', meetingId).executeTakeFirstOrThrow();
  const [invitees, agenda, decisions, actions, files] = await Promise.all([
    db
      .selectFrom('meeting_invitees')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('meeting_id', '=', meetingId)
      .orderBy('invited', 'desc')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('agenda_items as a')
      .leftJoin('topics as t', (j) =>
        j.onRef('t.community_id', '=', 'a.community_id').onRef('t.id', '=', 'a.topic_id'),
      )
      .selectAll('a')
      .select('t.state as topic_state')
      .where('a.community_id', '=', communityId)
      .where('a.meeting_id', '=', meetingId)
      .orderBy('a.position')
      .orderBy('a.id')
      .execute(),
    db
      .selectFrom('decisions')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('meeting_id', '=', meetingId)
      .execute(),
    actionRows(db)
      .where('a.community_id', '=', communityId)
      .where('d.meeting_id', '=', meetingId)
      .orderBy('a.created_at')
      .orderBy('a.id')
      .execute(),
    db
      .selectFrom('files')
      .select(['id', 'name', 'mime', 'size', 'has_thumb'])
      .where('community_id', '=', communityId)
      .where('attached_type', '=', 'meeting')
      .where('attached_id', '=', meetingId)
      .where('removed_at', 'is', null)
      .orderBy('attached_at')
      .orderBy('id')
      .execute(),
  ]);
  const actionList = await actionViews(db, actions);
  return {
    ...meetingView(m),
    invitees: invitees.map(inviteeView),
    agenda: agenda.map((a) => {
      const d = decisions.find((x) => x.agenda_item_id === a.id);
      return {
        id: a.id,
        topicId: a.topic_id,
        topicState: a.topic_state,
        title: a.title,
        position: a.position,
        outcome: a.outcome as (typeof agendaOutcomes)[number],
        createdAt: a.created_at,
        decision: d
          ? decisionView(
              d,
              actionList.filter((x) => x.decisionId === d.id),
            )
          : null,
      };
    }),
    minutesHtml: m.minutes_html,
    minutesUpdatedAt: m.minutes_updated_at,
    minutesUpdatedBy: m.minutes_updated_by,
    attachments: files.map((f) => ({
      id: f.id,
      name: f.name,
      mime: f.mime,
      size: f.size,
      hasThumb: f.has_thumb === 1,
    })),
    checkinPath: options.showCheckin ? checkinPath(m.checkin_token) : null,
  };
}

/** The meeting as the caller sees it: the sign-in link only for those who run it. */
export function meetingDetailFor(
  req: FastifyRequest,
  db: Kysely<DB>,
  meeting: Pick<MeetingsTable, 'id' | 'compound_id'>,
) {
  const community = communityOf(req);
  const showCheckin = can(principalOf(req), 'deliberation.manage', {
    ...meetingScope(meeting),
    communityId: community.id,
    streetId: community.streetId,
  });
  return meetingDetail(db, community.id, meeting.id, { showCheckin });
}
