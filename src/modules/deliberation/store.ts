import type { Kysely } from 'kysely';
import type { DB, TopicEventsTable, TopicsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { attachFiles } from '../../core/files';
import { newId } from '../../core/ids';
import { openStates, type TopicState } from './rules';
import { eventData, lockTopic, moveTopic, recordTopicEvent, type TrailActor } from './trail';
import { againOnClash, isUniqueViolation } from '../../core/db/constraints';

/**
 * Topics in the database: raising one (from the phone, by staff on someone's behalf, or from an
 * order), supports (附议) counted on the row, comments and ratings. Each write is one transaction;
 * the caller announces it (announceTopic) once it has committed.
 */

/** The system, as the trail names it (the client shows the step, not a person). */
export const systemActor: TrailActor = { accountId: null, name: '' };

export { againOnClash, isUniqueViolation };

/**
 * 400 topic_blank unless the text has something besides spaces; returns it trimmed. `field` is the
 * body path (`actions/0/title`); the message names its last part.
 */
export function filled(text: string, field: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new AppError(400, 'topic_blank', { field: field.split('/').pop()! }, [{ field }]);
  return trimmed;
}

export interface NewTopic {
  communityId: string;
  compoundId: string | null;
  buildingId: string | null;
  category: string;
  title: string;
  body: string;
  placeText: string | null;
  raisedByAccountId: string | null;
  raisedByPersonId: string | null;
  raiserName: string;
  channel: 'app' | 'staff' | 'order';
  sourceOrderId: string | null;
  isPublic: boolean;
  /** Photos uploaded by `actor` to attach to the topic. */
  fileIds: readonly string[];
  /** Who raised it (the resident, or the staff member acting for someone). */
  actor: TrailActor;
}

export async function raiseTopic(db: Kysely<DB>, input: NewTopic, now = Date.now()): Promise<TopicsTable> {
  const topic: TopicsTable = {
    community_id: input.communityId,
    id: newId(),
    compound_id: input.compoundId,
    building_id: input.buildingId,
    category: input.category,
    title: input.title,
    body: input.body,
    place_text: input.placeText,
    raised_by_account_id: input.raisedByAccountId,
    raised_by_person_id: input.raisedByPersonId,
    raiser_name: input.raiserName,
    channel: input.channel,
    source_order_id: input.sourceOrderId,
    state: 'raised',
    support_count: 0,
    comment_count: 0,
    is_public: input.isPublic ? 1 : 0,
    accepted_at: null,
    scheduled_at: null,
    decided_at: null,
    done_at: null,
    declined_at: null,
    decline_reason: null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  const raised: TopicEventsTable = {
    community_id: input.communityId,
    id: newId(),
    topic_id: topic.id,
    seq: 1,
    kind: 'raised',
    actor_account_id: input.actor.accountId,
    actor_name: input.actor.name,
    data: eventData(input.actor, { channel: input.channel }),
    at: now,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      await trx.insertInto('topics').values(topic).execute();
      await trx.insertInto('topic_events').values(raised).execute();
      if (input.fileIds.length && input.actor.accountId)
        await attachFiles(
          trx,
          input.communityId,
          input.fileIds,
          { type: 'topic', id: topic.id },
          input.actor.accountId,
          {
            imagesOnly: true,
          },
        );
      if (!input.sourceOrderId) return topic;
      // The order points back at its topic; an order becomes a topic once.
      const linked = await trx
        .updateTable('orders')
        .set({ deliberation_topic_id: topic.id })
        .where('community_id', '=', input.communityId)
        .where('id', '=', input.sourceOrderId)
        .where('deliberation_topic_id', 'is', null)
        .executeTakeFirst();
      if (Number(linked.numUpdatedRows) !== 1) throw new AppError(409, 'order_has_topic');
      return recordTopicEvent(
        trx,
        input.communityId,
        topic.id,
        'linked_order',
        input.actor,
        { orderId: input.sourceOrderId },
        now,
      );
    });
  } catch (err) {
    // Two clicks at once on "make it a topic": the unique index on source_order_id stops the second.
    if (input.sourceOrderId && isUniqueViolation(err)) throw new AppError(409, 'order_has_topic');
    throw err;
  }
}

const requireOpen = (t: Pick<TopicsTable, 'state'>) => {
  if (!openStates.includes(t.state as TopicState)) throw new AppError(409, 'topic_closed');
};

/**
 * 附议: one support per account, counted on the topic. Supporting twice changes nothing. The support
 * that reaches the community's threshold moves a raised topic to the agenda queue, once: the count
 * is bumped under the topic's lock, so concurrent supports each see the count they made, and none
 * lands on a topic declined or decided meanwhile.
 * Returns the trail kind to announce, or null when nothing changed.
 */
export async function supportTopic(
  db: Kysely<DB>,
  topic: TopicsTable,
  accountId: string,
  threshold: number,
  now = Date.now(),
): Promise<string | null> {
  if (topic.raised_by_account_id === accountId) throw new AppError(409, 'topic_own_support');
  const cid = topic.community_id;
  return db.transaction().execute(async (trx) => {
    const locked = await lockTopic(trx, cid, topic.id);
    requireOpen(locked);
    const inserted = await trx
      .insertInto('topic_supports')
      .values({ community_id: cid, id: newId(), topic_id: topic.id, account_id: accountId, created_at: now })
      .onConflict((oc) => oc.columns(['community_id', 'topic_id', 'account_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
    await trx
      .updateTable('topics')
      .set((eb) => ({ support_count: eb('support_count', '+', 1), updated_at: now }))
      .where('community_id', '=', cid)
      .where('id', '=', topic.id)
      .execute();
    const supports = locked.support_count + 1;
    if (locked.state !== 'raised' || supports < threshold) return 'supported';
    await moveTopic(trx, cid, topic.id, 'threshold', systemActor, now, { supports, threshold });
    return 'supported_threshold';
  });
}

/** Withdraws the account's support (the topic stays where it is). Returns whether there was one. */
export async function withdrawSupport(
  db: Kysely<DB>,
  topic: TopicsTable,
  accountId: string,
  now = Date.now(),
): Promise<boolean> {
  const cid = topic.community_id;
  return db.transaction().execute(async (trx) => {
    requireOpen(await lockTopic(trx, cid, topic.id));
    const deleted = await trx
      .deleteFrom('topic_supports')
      .where('community_id', '=', cid)
      .where('topic_id', '=', topic.id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) return false;
    await trx
      .updateTable('topics')
      .set((eb) => ({ support_count: eb('support_count', '-', 1), updated_at: now }))
      .where('community_id', '=', cid)
      .where('id', '=', topic.id)
      .execute();
    return true;
  });
}

export async function addComment(
  db: Kysely<DB>,
  topic: TopicsTable,
  author: { accountId: string; name: string },
  body: string,
  now = Date.now(),
): Promise<string> {
  if (topic.state === 'declined') throw new AppError(409, 'topic_closed');
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('topic_comments')
      .values({
        community_id: topic.community_id,
        id,
        topic_id: topic.id,
        account_id: author.accountId,
        author_name: author.name,
        body,
        created_at: now,
        hidden_at: null,
        hidden_by: null,
      })
      .execute();
    await trx
      .updateTable('topics')
      .set((eb) => ({ comment_count: eb('comment_count', '+', 1), updated_at: now }))
      .where('community_id', '=', topic.community_id)
      .where('id', '=', topic.id)
      .execute();
  });
  return id;
}

/** Staff hide a comment (abuse, personal data): kept, with who and when, but no longer shown or counted. */
export async function hideComment(
  db: Kysely<DB>,
  topic: TopicsTable,
  commentId: string,
  actor: TrailActor & { accountId: string },
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const hidden = await trx
      .updateTable('topic_comments')
      .set({ hidden_at: now, hidden_by: actor.accountId })
      .where('community_id', '=', topic.community_id)
      .where('topic_id', '=', topic.id)
      .where('id', '=', commentId)
      .where('hidden_at', 'is', null)
      .executeTakeFirst();
    if (Number(hidden.numUpdatedRows) !== 1) {
      const exists = await trx
        .selectFrom('topic_comments')
        .select('id')
        .where('community_id', '=', topic.community_id)
        .where('topic_id', '=', topic.id)
        .where('id', '=', commentId)
        .executeTakeFirst();
      if (!exists) throw new AppError(404, 'topic_comment_not_found');
      return; // hidden already
    }
    await trx
      .updateTable('topics')
      .set((eb) => ({ comment_count: eb('comment_count', '-', 1) }))
      .where('community_id', '=', topic.community_id)
      .where('id', '=', topic.id)
      .execute();
    await recordTopicEvent(trx, topic.community_id, topic.id, 'comment_hidden', actor, { commentId }, now);
  });
}

/** 暖民心: a resident rates the outcome of a done topic, once (1–5 stars), on the trail. */
export async function rateTopic(
  db: Kysely<DB>,
  topic: TopicsTable,
  rater: TrailActor & { accountId: string },
  stars: number,
  comment: string | null,
  now = Date.now(),
): Promise<void> {
  if (topic.state !== 'done') throw new AppError(409, 'topic_not_done');
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('topic_ratings')
      .values({
        community_id: topic.community_id,
        id: newId(),
        topic_id: topic.id,
        account_id: rater.accountId,
        stars,
        comment,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['community_id', 'topic_id', 'account_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw new AppError(409, 'topic_rated');
    await recordTopicEvent(trx, topic.community_id, topic.id, 'rated', rater, { stars }, now);
  });
}
