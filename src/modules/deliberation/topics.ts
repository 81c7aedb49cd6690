import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { Type } from 'typebox';
import type { Locale } from '../../core/config';
import type { DB, FilesTable, TopicEventsTable, TopicsTable } from '../../core/db/schema';
import { Id, Nullable, StringEnum, Text } from '../../core/http/schemas';
import { maskName } from '../../core/personal';
import { householdsOf } from '../orders/people';
import { boardStages, stageOf, topicStates, type TopicState } from './rules';
import { nameOf, type DeliberationSettings, type Named } from './settings';
import { filled } from './store';
import { actorRoles, type ActorRole } from './trail';

/**
 * How a topic reads to each kind of reader, and the queries behind it. Staff see names in full and
 * hidden comments; residents see their own name and words in full and their neighbours' masked
 * (张*丰); the public board sees every name masked and no account, person or order ids at all.
 */

export type Viewer = { kind: 'staff' } | { kind: 'resident'; accountId: string } | { kind: 'public' };

const prefix = '/api/v1';

export function topicRows(db: Kysely<DB>) {
  return db
    .selectFrom('topics as t')
    .leftJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 't.community_id').onRef('c.id', '=', 't.compound_id'),
    )
    .leftJoin('buildings as b', (j) =>
      j.onRef('b.community_id', '=', 't.community_id').onRef('b.id', '=', 't.building_id'),
    )
    .selectAll('t')
    .select(['c.name as compound_name', 'b.name as building_name']);
}
export type TopicRow = TopicsTable & { compound_name: string | null; building_name: string | null };

export async function topicRow(db: Kysely<DB>, communityId: string, topicId: string) {
  return topicRows(db)
    .where('t.community_id', '=', communityId)
    .where('t.id', '=', topicId)
    .executeTakeFirst();
}

/** Where a topic sits, for the scope checks: its compound (none: the whole community) and building. */
export const topicScope = (t: Pick<TopicsTable, 'compound_id' | 'building_id'>) => ({
  compoundId: t.compound_id,
  buildingId: t.building_id,
});

/** What a person types when raising a topic, from the phone or at the console. */
export const TopicInput = {
  category: Type.String({ minLength: 1, maxLength: 32 }),
  title: Text(60),
  body: Text(2000),
  placeText: Type.Optional(Text(100)),
  isPublic: Type.Optional(Type.Boolean({ default: true })),
  fileIds: Type.Optional(Type.Array(Id, { maxItems: 9 })),
};

/** Those fields as raiseTopic takes them: trimmed, blanks refused, public unless said otherwise. */
export function typedTopic(b: {
  category: string;
  title: string;
  body: string;
  placeText?: string;
  isPublic?: boolean;
  fileIds?: string[];
}) {
  return {
    category: b.category,
    title: filled(b.title, 'title'),
    body: filled(b.body, 'body'),
    placeText: b.placeText?.trim() || null,
    isPublic: b.isPublic ?? true,
    fileIds: b.fileIds ?? [],
  };
}

/** Whom a resident's lists and pages may show: their own topics, and public ones where they live. */
export interface ResidentReach {
  accountId: string;
  compounds: { communityId: string; compoundId: string }[];
  communityIds: string[];
}

export function residentSees(
  reach: ResidentReach,
  t: Pick<TopicsTable, 'community_id' | 'compound_id' | 'is_public' | 'raised_by_account_id'>,
) {
  if (t.raised_by_account_id === reach.accountId) return true;
  if (t.is_public !== 1) return false;
  return t.compound_id
    ? reach.compounds.some((c) => c.communityId === t.community_id && c.compoundId === t.compound_id)
    : reach.communityIds.includes(t.community_id);
}

/** The households an account lives in, and the reach they give it on topics. */
export async function residentReach(db: Kysely<DB>, accountId: string) {
  const households = await householdsOf(db, accountId);
  const reach: ResidentReach = {
    accountId,
    compounds: households.map((h) => ({ communityId: h.communityId, compoundId: h.compoundId })),
    communityIds: [...new Set(households.map((h) => h.communityId))],
  };
  return { households, reach };
}

/** The same rule as a filter on `topics as t`. */
export function whereNearby<D, T extends keyof D>(
  eb: ExpressionBuilder<D, T>,
  reach: ResidentReach,
): Expression<SqlBool> {
  const col = (c: string) => sql.ref(`t.${c}`);
  const places = [
    ...reach.compounds.map((c) =>
      eb.and([eb(col('community_id'), '=', c.communityId), eb(col('compound_id'), '=', c.compoundId)]),
    ),
    ...(reach.communityIds.length
      ? [eb.and([eb(col('community_id'), 'in', reach.communityIds), eb(col('compound_id'), 'is', null)])]
      : []),
  ];
  return places.length ? eb.and([eb(col('is_public'), '=', 1), eb.or(places)]) : sql<SqlBool>`1 = 0`;
}

export const Topic = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Nullable(Type.String({ description: 'null: a community-wide topic' })),
  compoundName: Nullable(Type.String()),
  buildingId: Nullable(Type.String()),
  buildingName: Nullable(Type.String()),
  category: Type.String(),
  categoryName: Type.String(),
  title: Type.String(),
  body: Type.String(),
  placeText: Nullable(Type.String()),
  raiserName: Type.String({ description: 'in full for staff and the raiser; masked (张*丰) for others' }),
  raisedByMe: Type.Boolean(),
  channel: StringEnum(['app', 'staff', 'order'] as const),
  sourceOrderId: Nullable(
    Type.String({ description: 'the order it came from: for staff and the raiser only (null for others)' }),
  ),
  state: StringEnum(topicStates),
  stage: Nullable(StringEnum(boardStages, { description: 'its column on the results board' })),
  supportCount: Type.Integer(),
  commentCount: Type.Integer(),
  isPublic: Type.Boolean(),
  acceptedAt: Nullable(Type.Integer()),
  scheduledAt: Nullable(Type.Integer()),
  decidedAt: Nullable(Type.Integer()),
  doneAt: Nullable(Type.Integer()),
  declinedAt: Nullable(Type.Integer()),
  declineReason: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  version: Type.Integer(),
});

const mine = (viewer: Viewer, accountId: string | null) =>
  viewer.kind === 'resident' && !!accountId && accountId === viewer.accountId;

/** A person's name as this viewer may see it. */
function shownName(viewer: Viewer, name: string, accountId: string | null) {
  return viewer.kind === 'staff' || mine(viewer, accountId) || !name ? name : maskName(name);
}

export function topicView(t: TopicRow, viewer: Viewer, settings: DeliberationSettings, locale: Locale) {
  return {
    id: t.id,
    communityId: t.community_id,
    compoundId: t.compound_id,
    compoundName: t.compound_name,
    buildingId: t.building_id,
    buildingName: t.building_name,
    category: t.category,
    categoryName: nameOf(settings.topicCategories, t.category, locale),
    title: t.title,
    body: t.body,
    placeText: t.place_text,
    raiserName: shownName(viewer, t.raiser_name, t.raised_by_account_id),
    raisedByMe: mine(viewer, t.raised_by_account_id),
    channel: t.channel as 'app' | 'staff' | 'order',
    // The raiser's own order: neighbours and the public learn nothing of it.
    sourceOrderId: viewer.kind === 'staff' || mine(viewer, t.raised_by_account_id) ? t.source_order_id : null,
    state: t.state as TopicState,
    stage: stageOf(t.state as TopicState),
    supportCount: t.support_count,
    commentCount: t.comment_count,
    isPublic: t.is_public === 1,
    acceptedAt: t.accepted_at,
    scheduledAt: t.scheduled_at,
    decidedAt: t.decided_at,
    doneAt: t.done_at,
    declinedAt: t.declined_at,
    declineReason: t.decline_reason,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    version: t.version,
  };
}

export const Photo = Type.Object({
  id: Type.String(),
  mime: Type.String(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  url: Type.String({ description: 'where this viewer reads the bytes' }),
  thumbUrl: Nullable(Type.String()),
});

const Rating = Type.Object({
  stars: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Nullable(Type.String()),
  raterName: Type.String({ description: 'masked except for staff and the rater' }),
  createdAt: Type.Integer(),
});

export const TopicDetail = Type.Object({
  ...Topic.properties,
  trail: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      kind: Type.String({
        description:
          'raised, supported_threshold, accepted, declined, scheduled, unscheduled, discussed, decided, ' +
          'action_added, action_done, action_cancelled, done, rated, linked_order, comment_hidden',
      }),
      actorName: Type.String({
        description:
          'empty for the system; for residents and the public, a resident’s name masked and staff by ' +
          'their role (社区工作人员, 小区党支部…)',
      }),
      actorRole: Nullable(
        StringEnum(actorRoles, { description: 'the capacity the actor acted in; null for the system' }),
      ),
      data: Type.Record(Type.String(), Type.Unknown()),
      at: Type.Integer(),
    }),
  ),
  comments: Type.Array(
    Type.Object({
      id: Type.String(),
      authorName: Type.String(),
      body: Type.String(),
      mine: Type.Boolean(),
      hidden: Type.Boolean({ description: 'hidden by staff: only staff see such comments' }),
      createdAt: Type.Integer(),
    }),
  ),
  photos: Type.Array(Photo),
  mySupport: Type.Boolean(),
  myRating: Nullable(
    Type.Object({ stars: Type.Integer(), comment: Nullable(Type.String()), createdAt: Type.Integer() }),
  ),
  ratings: Type.Array(Rating),
  ratingAverage: Nullable(Type.Number()),
  meeting: Nullable(
    Type.Object({
      id: Type.String(),
      type: Type.String(),
      typeName: Type.String(),
      title: Type.String(),
      startsAt: Type.Integer(),
      endsAt: Nullable(Type.Integer()),
      place: Nullable(Type.String()),
      state: Type.String(),
    }),
  ),
  decisions: Type.Array(
    Type.Object({
      id: Type.String(),
      meetingId: Type.String(),
      agendaItemId: Type.String(),
      text: Type.String(),
      decidedBy: Type.String(),
      votesFor: Nullable(Type.Integer()),
      votesAgainst: Nullable(Type.Integer()),
      votesAbstain: Nullable(Type.Integer()),
      followUpKind: Type.String(),
      createdAt: Type.Integer(),
    }),
  ),
  actions: Type.Array(
    Type.Object({
      id: Type.String(),
      decisionId: Type.String(),
      title: Type.String(),
      ownerName: Type.String({ description: 'masked for residents and the public' }),
      dueDate: Type.String(),
      state: Type.String(),
      doneAt: Nullable(Type.Integer()),
      doneNote: Nullable(Type.String()),
      photos: Type.Array(Photo),
    }),
  ),
});

/** How residents and the public see staff on a trail: by the role they acted in. */
const staffRoleNames: (Named & { code: Exclude<ActorRole, 'resident'> })[] = [
  { code: 'community_staff', nameZh: '社区工作人员', nameEn: 'Community staff' },
  { code: 'branch', nameZh: '小区党支部', nameEn: 'Party branch' },
  { code: 'committee', nameZh: '业委会', nameEn: 'Owners’ committee' },
  { code: 'street', nameZh: '街道', nameEn: 'Street office' },
  { code: 'staff', nameZh: '工作人员', nameEn: 'Staff' },
];

/** Steps only residents take, and those either an owner on the phone or staff may have taken. */
const residentKinds = new Set(['rated']);
const eitherKinds = new Set(['action_done', 'done']);

/**
 * The capacity a trail row's actor acted in: as recorded (actorRole, on rows since it was kept), or
 * else as its kind says — staff for console steps, a resident for a rating or a raise from the app; a
 * step either might have taken reads as a resident's, so no one's name shows unmasked.
 */
function trailRole(e: Pick<TopicEventsTable, 'kind' | 'actor_account_id'>, data: Record<string, unknown>) {
  if (!e.actor_account_id) return null;
  const recorded = data.actorRole;
  if (typeof recorded === 'string' && (actorRoles as readonly string[]).includes(recorded))
    return recorded as ActorRole;
  if (residentKinds.has(e.kind) || eitherKinds.has(e.kind)) return 'resident';
  if (e.kind === 'raised') return data.channel === 'app' ? 'resident' : 'staff';
  return 'staff';
}

/** Trail data keys that may name a person or an account: left out for anyone but staff. */
const privateKey = /(account|person|order)ids?$|phone|owner/i;

function trailData(json: string, viewer: Viewer): Record<string, unknown> {
  const data = JSON.parse(json) as Record<string, unknown>;
  if (viewer.kind === 'staff') return data;
  return Object.fromEntries(Object.entries(data).filter(([k]) => !privateKey.test(k)));
}

/** The photos the public board serves for a public topic: its own and its actions' evidence. */
const boardPhotoTypes = ['topic', 'action_item'];

/**
 * Photo addresses: a public topic's photos through the public board, so the same link works for
 * anyone; a non-public topic's, and the source order's (staff only), through the files route.
 */
export function photoView(t: Pick<TopicsTable, 'community_id' | 'id' | 'is_public'>, f: FilesTable) {
  const url =
    t.is_public === 1 && boardPhotoTypes.includes(f.attached_type ?? '')
      ? `${prefix}/public/communities/${t.community_id}/topics/${t.id}/files/${f.id}`
      : `${prefix}/communities/${t.community_id}/files/${f.id}`;
  return {
    id: f.id,
    mime: f.mime,
    width: f.width,
    height: f.height,
    url,
    thumbUrl: f.has_thumb === 1 ? `${url}?size=thumb` : null,
  };
}

/** Files attached to records of `type` among `ids`, oldest first. */
export async function attachedFiles(
  db: Kysely<DB>,
  communityId: string,
  type: string,
  ids: readonly string[],
) {
  if (!ids.length) return [];
  return db
    .selectFrom('files')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('attached_type', '=', type)
    .where('attached_id', 'in', [...ids])
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The topic with its whole story: trail, comments, photos, supports, ratings, meeting, decisions, actions. */
export async function topicDetail(
  db: Kysely<DB>,
  t: TopicRow,
  viewer: Viewer,
  settings: DeliberationSettings,
  locale: Locale,
) {
  const cid = t.community_id;
  const me = viewer.kind === 'resident' ? viewer.accountId : null;
  const [trail, comments, ratings, support, agenda, decisions, actions] = await Promise.all([
    db
      .selectFrom('topic_events')
      .selectAll()
      .where('community_id', '=', cid)
      .where('topic_id', '=', t.id)
      .orderBy('seq')
      .execute(),
    viewer.kind === 'public'
      ? []
      : db
          .selectFrom('topic_comments')
          .selectAll()
          .where('community_id', '=', cid)
          .where('topic_id', '=', t.id)
          .where((eb) => (viewer.kind === 'staff' ? sql<SqlBool>`1 = 1` : eb('hidden_at', 'is', null)))
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
    db
      .selectFrom('topic_ratings as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select(['r.account_id', 'r.stars', 'r.comment', 'r.created_at', 'a.display_name'])
      .where('r.community_id', '=', cid)
      .where('r.topic_id', '=', t.id)
      .orderBy('r.created_at')
      .orderBy('r.id')
      .execute(),
    me
      ? db
          .selectFrom('topic_supports')
          .select('id')
          .where('community_id', '=', cid)
          .where('topic_id', '=', t.id)
          .where('account_id', '=', me)
          .executeTakeFirst()
      : undefined,
    db
      .selectFrom('agenda_items as i')
      .innerJoin('meetings as m', (j) =>
        j.onRef('m.community_id', '=', 'i.community_id').onRef('m.id', '=', 'i.meeting_id'),
      )
      .selectAll('m')
      .where('i.community_id', '=', cid)
      .where('i.topic_id', '=', t.id)
      // The meeting that has it now or decided it; not one that deferred it or was cancelled.
      .where('i.outcome', '!=', 'deferred')
      .where('m.state', '!=', 'cancelled')
      .orderBy('m.starts_at', 'desc')
      .orderBy('m.id')
      .executeTakeFirst(),
    db
      .selectFrom('decisions')
      .selectAll()
      .where('community_id', '=', cid)
      .where('topic_id', '=', t.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('action_items')
      .selectAll()
      .where('community_id', '=', cid)
      .where('topic_id', '=', t.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const [photos, evidence] = await Promise.all([
    attachedFiles(db, cid, 'topic', [t.id]).then(async (own) =>
      // Staff also see the photos of the order the topic came from (residents' homes: not for neighbours).
      viewer.kind === 'staff' && t.source_order_id
        ? [...own, ...(await attachedFiles(db, cid, 'order', [t.source_order_id]))]
        : own,
    ),
    attachedFiles(
      db,
      cid,
      'action_item',
      actions.map((a) => a.id),
    ),
  ]);
  const mineRating = ratings.find((r) => me && r.account_id === me);
  return {
    ...topicView(t, viewer, settings, locale),
    trail: trail.map((e) => {
      const data = trailData(e.data, viewer);
      const role = trailRole(e, data);
      const byRole = viewer.kind !== 'staff' && role !== null && role !== 'resident';
      return {
        seq: e.seq,
        kind: e.kind,
        actorName: byRole
          ? nameOf(staffRoleNames, role, locale)
          : shownName(viewer, e.actor_name, e.actor_account_id),
        actorRole: role,
        data,
        at: e.at,
      };
    }),
    comments: comments.map((c) => ({
      id: c.id,
      authorName: shownName(viewer, c.author_name, c.account_id),
      body: c.body,
      mine: mine(viewer, c.account_id),
      hidden: c.hidden_at !== null,
      createdAt: c.created_at,
    })),
    photos: photos.map((f) => photoView(t, f)),
    mySupport: !!support,
    myRating: mineRating
      ? { stars: mineRating.stars, comment: mineRating.comment, createdAt: mineRating.created_at }
      : null,
    ratings: ratings.map((r) => ({
      stars: r.stars,
      comment: r.comment,
      raterName: shownName(viewer, r.display_name, r.account_id),
      createdAt: r.created_at,
    })),
    ratingAverage: ratings.length
      ? Math.round((ratings.reduce((n, r) => n + r.stars, 0) / ratings.length) * 10) / 10
      : null,
    meeting: agenda
      ? {
          id: agenda.id,
          type: agenda.type,
          typeName: nameOf(settings.meetingTypes, agenda.type, locale),
          title: agenda.title,
          startsAt: agenda.starts_at,
          endsAt: agenda.ends_at,
          place: agenda.place,
          state: agenda.state,
        }
      : null,
    decisions: decisions.map((d) => ({
      id: d.id,
      meetingId: d.meeting_id,
      agendaItemId: d.agenda_item_id,
      text: d.text,
      decidedBy: d.decided_by,
      votesFor: d.votes_for,
      votesAgainst: d.votes_against,
      votesAbstain: d.votes_abstain,
      followUpKind: d.follow_up_kind,
      createdAt: d.created_at,
    })),
    actions: actions.map((a) => ({
      id: a.id,
      decisionId: a.decision_id,
      title: a.title,
      ownerName: shownName(viewer, a.owner_name, a.owner_account_id),
      dueDate: a.due_date,
      state: a.state,
      doneAt: a.done_at,
      doneNote: a.done_note,
      photos: evidence.filter((f) => f.attached_id === a.id).map((f) => photoView(t, f)),
    })),
  };
}
