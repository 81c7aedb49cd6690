import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Deps } from '../../core/deps';
import type { DB, TopicEventsTable, TopicsTable } from '../../core/db/schema';
import type { Role } from '../../core/access/roles';
import { AppError } from '../../core/errors';
import { principalOf } from '../../core/http/access';
import { newId } from '../../core/ids';
import { notify, type NotifyKind } from '../notifications';
import {
  applyTopicEvent,
  stampsOf,
  trailKindOf,
  type NoteKind,
  type TopicEvent,
  type TopicState,
} from './rules';

/**
 * The topic's trail (topic_events): every change of state and every step worth showing on the public
 * board (discussed, an action added or done, a rating, the order it came from) is one numbered row.
 * The topic's version is the last row's seq, so two writers racing on one topic cannot both move it.
 */

/**
 * In what capacity someone acted: as a resident (from the phone, /me), or in the console for the
 * community (社区工作人员), the compound's party branch (小区党支部), the owners' committee (业委会), the
 * street (街道), or other staff. Residents and the public see staff by this role, not by name.
 */
export const actorRoles = ['resident', 'community_staff', 'branch', 'committee', 'street', 'staff'] as const;
export type ActorRole = (typeof actorRoles)[number];

/** Who did it: their account (null for the system), the name the trail shows, and as what. */
export interface TrailActor {
  accountId: string | null;
  name: string;
  role?: ActorRole;
}

/** The grant a console caller acts under, most senior first. */
const consoleRoles: [Role[], ActorRole][] = [
  [['communityAdmin', 'communityStaff'], 'community_staff'],
  [['branch'], 'branch'],
  [['committee'], 'committee'],
  [['streetAdmin'], 'street'],
];

/** The capacity of the caller: staff on a community's console routes, a resident on their own (/me). */
function roleOf(req: FastifyRequest): ActorRole {
  const community = req.community;
  if (!community) return 'resident';
  const held = new Set(
    principalOf(req)
      .grants.filter(
        (g) => g.communityId === community.id || (g.kind === 'street' && g.streetId === community.streetId),
      )
      .map((g) => g.role),
  );
  return consoleRoles.find(([roles]) => roles.some((r) => held.has(r)))?.[1] ?? 'staff';
}

/** The logged-in caller as the trail names them (their display name; staff see it in full). */
export const actorOf = (req: FastifyRequest): TrailActor & { accountId: string } => ({
  accountId: req.account!.id,
  name: req.account!.display_name,
  role: roleOf(req),
});

/** A trail row's data as stored: the step's own fields, and the capacity its actor acted in. */
export const eventData = (actor: TrailActor, data: unknown): string =>
  JSON.stringify({ ...(data as object | null), ...(actor.role ? { actorRole: actor.role } : {}) });

export const deliberationTopic = (communityId: string) => `deliberation:${communityId}`;

/**
 * The topic, locked for the rest of the caller's transaction (a no-op write takes the row lock on
 * PostgreSQL; SQLite runs one transaction at a time), so trail writers queue rather than collide.
 */
export async function lockTopic(trx: Kysely<DB>, communityId: string, topicId: string): Promise<TopicsTable> {
  await trx
    .updateTable('topics')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('community_id', '=', communityId)
    .where('id', '=', topicId)
    .execute();
  const topic = await trx
    .selectFrom('topics')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', topicId)
    .executeTakeFirst();
  if (!topic) throw new AppError(404, 'topic_not_found');
  return topic;
}

/** Appends one row to the trail at the topic's next seq, moving the topic's version to it. */
async function append(
  trx: Kysely<DB>,
  topic: TopicsTable,
  kind: string,
  actor: TrailActor,
  data: unknown,
  columns: Partial<TopicsTable>,
  now: number,
): Promise<TopicsTable> {
  const seq = topic.version + 1;
  const updated = await trx
    .updateTable('topics')
    .set({ ...columns, version: seq, updated_at: now })
    .where('community_id', '=', topic.community_id)
    .where('id', '=', topic.id)
    .where('version', '=', topic.version)
    .executeTakeFirst();
  // Someone else's step landed first (on PostgreSQL the loser waits, then finds the version moved on).
  if (Number(updated.numUpdatedRows) !== 1) throw new AppError(409, 'topic_changed');
  const row: TopicEventsTable = {
    community_id: topic.community_id,
    id: newId(),
    topic_id: topic.id,
    seq,
    kind,
    actor_account_id: actor.accountId,
    actor_name: actor.name,
    data: eventData(actor, data),
    at: now,
  };
  await trx.insertInto('topic_events').values(row).execute();
  return { ...topic, ...columns, version: seq, updated_at: now };
}

/**
 * Moves the topic by one event of the state machine, or refuses (404 topic_not_found, 409 topic_state).
 * Call inside the caller's transaction; announce with `announceTopic` after it commits.
 */
export async function moveTopic(
  trx: Kysely<DB>,
  communityId: string,
  topicId: string,
  event: TopicEvent,
  actor: TrailActor,
  now = Date.now(),
  data: Record<string, unknown> = {},
): Promise<TopicsTable> {
  const topic = await lockTopic(trx, communityId, topicId);
  const step = applyTopicEvent(topic.state as TopicState, event);
  if (!step.ok) throw new AppError(409, step.code, {}, { state: topic.state, event });
  return append(
    trx,
    topic,
    trailKindOf[event],
    actor,
    { from: topic.state, ...data },
    { state: step.state, ...stampsOf(event, now) },
    now,
  );
}

/** A trail entry that leaves the topic where it is (discussed, action_added, rated, linked_order…). */
export async function recordTopicEvent(
  trx: Kysely<DB>,
  communityId: string,
  topicId: string,
  kind: NoteKind,
  actor: TrailActor,
  data: unknown,
  now = Date.now(),
): Promise<TopicsTable> {
  const topic = await lockTopic(trx, communityId, topicId);
  return append(trx, topic, kind, actor, data, {}, now);
}

export const topicEventType = 'topic';

/** The data of a live `topic` event. */
export interface LiveTopic {
  id: string;
  communityId: string;
  event: string;
  compoundId: string | null;
  buildingId: string | null;
  state: string;
  supportCount: number;
  commentCount: number;
  version: number;
  isPublic: boolean;
}

/** What the raiser is told when their topic moves (type = the trail kind just written). */
const raiserNotices: Partial<Record<string, NotifyKind>> = {
  accepted: 'topic_accepted',
  supported_threshold: 'topic_accepted',
  declined: 'topic_declined',
  decided: 'topic_decided',
  done: 'topic_done',
};

/** Where the resident app shows a topic. */
export const residentTopicLink = (topicId: string) => `/topics/${topicId}`;

/**
 * After the transaction commits: tells open pages (console lists, the resident's topic page, the
 * public board) that a topic changed, and tells its raiser when it was accepted, declined, decided or
 * done. `type` is the trail kind just written ('accepted', 'decided', 'scheduled', 'supported'…).
 * The live event carries no personal data: which topic, where, and its state.
 */
export async function announceTopic(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  communityId: string,
  topicId: string,
  type: string,
): Promise<void> {
  const t = await deps.db
    .selectFrom('topics')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', topicId)
    .executeTakeFirst();
  if (!t) return;
  const live: LiveTopic = {
    id: t.id,
    communityId,
    event: type,
    compoundId: t.compound_id,
    buildingId: t.building_id,
    state: t.state,
    supportCount: t.support_count,
    commentCount: t.comment_count,
    version: t.version,
    isPublic: t.is_public === 1,
  };
  await deps.events.publish(deliberationTopic(communityId), topicEventType, live);
  const kind = raiserNotices[type];
  if (kind && t.raised_by_account_id)
    await notify(deps, communityId, [t.raised_by_account_id], {
      kind,
      params: { title: t.title, reason: t.decline_reason ?? '' },
      link: residentTopicLink(t.id),
    });
}
