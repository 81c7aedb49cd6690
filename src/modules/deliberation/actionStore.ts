import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import type { Deps } from '../../core/deps';
import type { ActionItemsTable, DB, DecisionsTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { attachFiles } from '../../core/files';
import { DateOnly, Id, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { todayInShanghai } from '../../core/time';
import { notify } from '../notifications';
import { actionStepAllowed, nextActionState, type ActionState, type ActionStep } from './actionRules';
import { communityAccount } from './meetingStore';
import { actionRows, actionViews } from './meetingViews';
import { topicFinished } from './rules';
import { filled } from './store';
import { announceTopic, lockTopic, moveTopic, recordTopicEvent, type TrailActor } from './trail';

/**
 * Action items (落实事项) in the database: made with a decision or added to it later, then done or
 * cancelled one by one. Each write is one transaction; owners and pages hear after it commits.
 */

/** An action item as the console names it: what, whose, by which day. */
export const ActionInput = Type.Object(
  {
    title: Text(200),
    ownerAccountId: Type.Optional(Id),
    ownerName: Type.Optional(Text(40)),
    dueDate: DateOnly,
  },
  { additionalProperties: false },
);
export type ActionInput = Static<typeof ActionInput>;

/**
 * Open items for a decision, checked in full before anything is written: a title, a due date from
 * today on, and an owner — an account of this community (told in the app) or a name only. `at(i)`
 * is the body path of the i-th input ('actions/0/', or '' for a single item), for the errors.
 */
export async function newActions(
  db: Kysely<DB>,
  decision: Pick<DecisionsTable, 'community_id' | 'id' | 'topic_id'>,
  inputs: readonly ActionInput[],
  at: (i: number) => string,
  now: number,
): Promise<ActionItemsTable[]> {
  const today = todayInShanghai(now);
  const items: ActionItemsTable[] = [];
  for (const [i, a] of inputs.entries()) {
    const title = filled(a.title, `${at(i)}title`);
    if (a.dueDate < today) throw fieldError(400, 'action_due_past', `${at(i)}dueDate`);
    const account = a.ownerAccountId
      ? await communityAccount(db, decision.community_id, a.ownerAccountId)
      : null;
    if (a.ownerAccountId && !account)
      throw fieldError(400, 'bad_reference', `${at(i)}ownerAccountId`, { what: 'ownerAccountId' });
    const ownerName = a.ownerName?.trim() || account?.name;
    if (!ownerName) throw fieldError(400, 'action_owner_required', `${at(i)}ownerName`);
    items.push({
      community_id: decision.community_id,
      id: newId(),
      decision_id: decision.id,
      topic_id: decision.topic_id,
      title,
      owner_account_id: account?.id ?? null,
      owner_name: ownerName,
      due_date: a.dueDate,
      state: 'open',
      done_at: null,
      done_note: null,
      cancelled_at: null,
      cancel_reason: null,
      reminded_at: null,
      overdue_notified_at: null,
      created_at: now,
      updated_at: now,
      version: 1,
    });
  }
  return items;
}

/** Inside the caller's transaction: the items, each with an `action_added` entry on its topic's trail. */
export async function insertActions(
  trx: Kysely<DB>,
  actions: readonly ActionItemsTable[],
  actor: TrailActor,
  now: number,
): Promise<void> {
  if (!actions.length) return;
  await trx
    .insertInto('action_items')
    .values([...actions])
    .execute();
  for (const a of actions)
    if (a.topic_id)
      await recordTopicEvent(
        trx,
        a.community_id,
        a.topic_id,
        'action_added',
        actor,
        { actionId: a.id, title: a.title, ownerName: a.owner_name, dueDate: a.due_date },
        now,
      );
}

/** After commit: each owner with an account hears of their item. */
export async function tellOwners(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  actions: readonly ActionItemsTable[],
): Promise<void> {
  for (const a of actions)
    if (a.owner_account_id)
      await notify(deps, a.community_id, [a.owner_account_id], {
        kind: 'action_assigned',
        params: { title: a.title, due: a.due_date },
        link: `/action-items/${a.id}`,
      });
}

/** One item as the API shows it. */
export async function actionItemView(db: Kysely<DB>, communityId: string, itemId: string) {
  const row = await actionRows(db)
    .where('a.community_id', '=', communityId)
    .where('a.id', '=', itemId)
    .executeTakeFirstOrThrow();
  return (await actionViews(db, [row]))[0]!;
}

export interface Completion {
  communityId: string;
  itemId: string;
  step: ActionStep;
  /** The done note or the reason for cancelling. */
  text: string;
  fileIds: readonly string[];
  actor: TrailActor & { accountId: string };
  /** Only this owner's item (the /me route); otherwise any, the caller having checked scope. */
  owner?: string;
}

/**
 * Marks one open item done or cancelled, once: two people pressing at once race on the item's
 * version and one of them gets 409. Writers on one topic queue on its row, so the last item's
 * completion always sees the others and finishes the topic.
 */
export async function completeAction(deps: Pick<Deps, 'db' | 'config' | 'events'>, c: Completion) {
  const { db } = deps;
  const now = Date.now();
  const text = filled(c.text, c.step === 'done' ? 'note' : 'reason');
  const result = await db.transaction().execute(async (trx) => {
    const find = () =>
      trx
        .selectFrom('action_items')
        .selectAll()
        .where('community_id', '=', c.communityId)
        .where('id', '=', c.itemId)
        .executeTakeFirst();
    let item = await find();
    if (!item || (c.owner && item.owner_account_id !== c.owner)) throw new AppError(404, 'not_found');
    if (item.topic_id) {
      await lockTopic(trx, c.communityId, item.topic_id);
      item = (await find())!;
    }
    if (!actionStepAllowed(item.state as ActionState)) throw new AppError(409, 'action_state');
    const updated = await trx
      .updateTable('action_items')
      .set({
        state: nextActionState(c.step),
        ...(c.step === 'done'
          ? { done_at: now, done_note: text }
          : { cancelled_at: now, cancel_reason: text }),
        updated_at: now,
        version: item.version + 1,
      })
      .where('community_id', '=', c.communityId)
      .where('id', '=', item.id)
      .where('version', '=', item.version)
      .where('state', '=', 'open')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError(409, 'action_changed');
    await attachFiles(
      trx,
      c.communityId,
      c.fileIds,
      { type: 'action_item', id: item.id },
      c.actor.accountId,
      {
        imagesOnly: true,
      },
    );
    if (!item.topic_id) return { topicId: null, finished: false };
    await recordTopicEvent(
      trx,
      c.communityId,
      item.topic_id,
      c.step === 'done' ? 'action_done' : 'action_cancelled',
      c.actor,
      { actionId: item.id, title: item.title, ...(c.step === 'done' ? { note: text } : { reason: text }) },
      now,
    );
    const [topic, siblings] = await Promise.all([
      trx
        .selectFrom('topics')
        .select('state')
        .where('community_id', '=', c.communityId)
        .where('id', '=', item.topic_id)
        .executeTakeFirstOrThrow(),
      trx
        .selectFrom('action_items')
        .select('state')
        .where('community_id', '=', c.communityId)
        .where('topic_id', '=', item.topic_id)
        .execute(),
    ]);
    const finished = topic.state === 'decided' && topicFinished(siblings);
    if (finished) await moveTopic(trx, c.communityId, item.topic_id, 'finish', c.actor, now);
    return { topicId: item.topic_id, finished };
  });
  if (result.topicId)
    await announceTopic(deps, c.communityId, result.topicId, result.finished ? 'done' : `action_${c.step}`);
  return actionItemView(db, c.communityId, c.itemId);
}
