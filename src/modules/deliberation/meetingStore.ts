import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Action } from '../../core/access/roles';
import type { DB, MeetingsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { requireCan } from '../../core/http/access';
import { meetingStepAllowed, statesAllowing, type MeetingState, type MeetingStep } from './meetingRules';
import { moveTopic, type TrailActor } from './trail';

/**
 * What the meeting routes share: finding a meeting and checking the caller's scope on it, the step
 * its state allows, and giving agenda topics back to the queue.
 */

/** The scope a meeting sits in: its compound, or the whole community (needs a community-wide grant). */
export const meetingScope = (m: Pick<MeetingsTable, 'compound_id'>) =>
  m.compound_id ? { compoundId: m.compound_id } : {};

export async function findMeeting(db: Kysely<DB>, communityId: string, meetingId: string) {
  const row = await db
    .selectFrom('meetings')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', meetingId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/** The meeting, once the caller may do `action` on it (404 when it does not exist, 403 out of scope). */
export async function meetingFor(
  req: FastifyRequest,
  db: Kysely<DB>,
  communityId: string,
  meetingId: string,
  action: Action,
) {
  const meeting = await findMeeting(db, communityId, meetingId);
  requireCan(req, action, meetingScope(meeting));
  return meeting;
}

/** 409 unless the meeting's state allows the step (see meetingRules.ts). */
export function requireStep(m: Pick<MeetingsTable, 'state'>, step: MeetingStep): void {
  if (!meetingStepAllowed(m.state as MeetingState, step))
    throw new AppError(409, 'meeting_state', {}, { state: m.state, step });
}

/**
 * Inside the caller's transaction: re-checks that the meeting's state still allows the step and
 * holds its row (PostgreSQL), so closing or cancelling it cannot slip in between an agenda change or
 * a decision and its commit. 409 meeting_state when it has moved on.
 */
export async function holdMeeting(
  trx: Kysely<DB>,
  m: Pick<MeetingsTable, 'community_id' | 'id'>,
  step: MeetingStep,
  now: number,
): Promise<void> {
  const held = await trx
    .updateTable('meetings')
    .set({ updated_at: now })
    .where('community_id', '=', m.community_id)
    .where('id', '=', m.id)
    .where('state', 'in', [...statesAllowing(step)])
    .executeTakeFirst();
  if (Number(held.numUpdatedRows) !== 1) throw new AppError(409, 'meeting_state', {}, { step });
}

/**
 * Gives the topics of these agenda items back to the queue (accepted) and marks the items deferred:
 * the meeting will not decide them. Only items still pending are touched (one decided meanwhile
 * keeps its decision), and the topics moved are read back from them, not taken from `items`.
 * Returns how many were deferred and the topics moved, to announce after commit.
 */
export async function deferItems(
  trx: Kysely<DB>,
  communityId: string,
  items: readonly { id: string; topic_id: string | null }[],
  actor: TrailActor,
  meeting: Pick<MeetingsTable, 'id' | 'title'>,
  now: number,
): Promise<{ deferred: number; topics: string[] }> {
  if (!items.length) return { deferred: 0, topics: [] };
  const deferred = await trx
    .updateTable('agenda_items')
    .set({ outcome: 'deferred' })
    .where('community_id', '=', communityId)
    .where(
      'id',
      'in',
      items.map((i) => i.id),
    )
    .where('outcome', '=', 'pending')
    .returning(['id', 'topic_id'])
    .execute();
  const topics = deferred.flatMap((i) => (i.topic_id ? [i.topic_id] : []));
  for (const topicId of topics)
    await moveTopic(trx, communityId, topicId, 'unschedule', actor, now, {
      meetingId: meeting.id,
      meetingTitle: meeting.title,
    });
  return { deferred: deferred.length, topics };
}

/** The meeting's agenda items still waiting for a decision. */
export function pendingItems(trx: Kysely<DB>, communityId: string, meetingId: string) {
  return trx
    .selectFrom('agenda_items')
    .select(['id', 'topic_id'])
    .where('community_id', '=', communityId)
    .where('meeting_id', '=', meetingId)
    .where('outcome', '=', 'pending')
    .execute();
}

/**
 * An account that belongs in this community — it holds a grant here, is a person on its rolls, or is
 * a confirmed member of one of its households — with the name to show for it. Action owners,
 * invitees by account and people signing in must be such accounts.
 */
export async function communityAccount(db: Kysely<DB>, communityId: string, accountId: string) {
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'display_name'])
    .where('id', '=', accountId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!account) return null;
  const [grant, person, binding] = await Promise.all([
    db
      .selectFrom('grants')
      .select('id')
      .where('community_id', '=', communityId)
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst(),
    db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('community_id', '=', communityId)
      .where('account_id', '=', accountId)
      .where('archived_at', 'is', null)
      .executeTakeFirst(),
    db
      .selectFrom('household_bindings')
      .select(['claimed_name', 'person_id'])
      .where('community_id', '=', communityId)
      .where('account_id', '=', accountId)
      .where('status', '=', 'confirmed')
      .executeTakeFirst(),
  ]);
  if (!grant && !person && !binding) return null;
  return {
    id: account.id,
    name: person?.name ?? binding?.claimed_name ?? account.display_name,
    personId: person?.id ?? binding?.person_id ?? null,
  };
}

const shanghaiOffsetMs = 8 * 60 * 60 * 1000;

/** An instant as people in the community read it: 'YYYY-MM-DD HH:mm', Asia/Shanghai. */
export function shanghaiDateTime(ms: number): string {
  return new Date(ms + shanghaiOffsetMs).toISOString().slice(0, 16).replace('T', ' ');
}
