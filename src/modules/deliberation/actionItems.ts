import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../core/db/schema';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Page, StringEnum, Text } from '../../core/http/schemas';
import { todayInShanghai } from '../../core/time';
import { actionStates } from './actionRules';
import {
  ActionInput,
  actionItemView,
  completeAction,
  insertActions,
  newActions,
  tellOwners,
} from './actionStore';
import { meetingScope } from './meetingStore';
import { ActionItem, actionRows, actionViews, type ActionRow } from './meetingViews';
import { takesActions, type TopicState } from './rules';
import { attachedFiles, Photo, photoView } from './topics';
import { actorOf, announceTopic, lockTopic } from './trail';

/**
 * Action items (落实事项) tracked to the end: staff follow them in the console, owners with accounts
 * see theirs on the phone and mark them done with photos of the work. When a topic's last open item is
 * done or cancelled, and at least one was done, the topic is done (解民忧). A decided topic whose
 * items were all cancelled gets new ones through its decision.
 */

const DoneInput = Type.Object(
  {
    note: Text(1000),
    fileIds: Type.Optional(
      Type.Array(Id, { maxItems: 9, uniqueItems: true, description: 'photos uploaded first' }),
    ),
  },
  { additionalProperties: false },
);
const CancelInput = Type.Object({ reason: Text(500) }, { additionalProperties: false });

const ItemParams = Type.Object({ communityId: Id, itemId: Id });

/** An item as its owner sees it on the phone: what the meeting decided, and the photos as addresses. */
const MyActionItem = Type.Object({
  ...ActionItem.properties,
  decisionText: Type.String({ description: 'the decision this item carries out' }),
  photos: Type.Array(Photo, { description: 'evidence photos, as on the topic’s page' }),
});

async function myActionViews(db: Kysely<DB>, rows: readonly ActionRow[]) {
  const communities = [...new Set(rows.map((r) => r.community_id))];
  const files = (
    await Promise.all(
      communities.map((communityId) =>
        attachedFiles(
          db,
          communityId,
          'action_item',
          rows.filter((r) => r.community_id === communityId).map((r) => r.id),
        ),
      ),
    )
  ).flat();
  const views = await actionViews(db, rows);
  return rows.map((r, i) => {
    // The topic's own addresses (the public board's for a public topic); an ad-hoc item's, the files route.
    const topic = { community_id: r.community_id, id: r.topic_id ?? '', is_public: r.topic_is_public ?? 0 };
    return {
      ...views[i]!,
      decisionText: r.decision_text,
      photos: files.filter((f) => f.attached_id === r.id).map((f) => photoView(topic, f)),
    };
  });
}

export const actionItemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** 404 for an unknown item, 403 for one outside the caller's compounds. */
  async function requireManageable(req: FastifyRequest, communityId: string, itemId: string) {
    const row = await actionRows(db)
      .where('a.community_id', '=', communityId)
      .where('a.id', '=', itemId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    requireCan(req, 'deliberation.manage', meetingScope(row));
  }

  app.get(
    '/communities/:communityId/action-items',
    {
      config: { access: access.community('deliberation.read') },
      schema: {
        tags: ['deliberation'],
        summary: 'Action items in scope, earliest due first; overdue=true lists those running late',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(actionStates)),
          overdue: Type.Optional(Type.Boolean()),
          topicId: Type.Optional(Id),
          meetingId: Type.Optional(Id),
          ownerAccountId: Type.Optional(Id),
        }),
        response: { 200: Page(ActionItem) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'deliberation.read');
      const q = req.query;
      let query = actionRows(db)
        .where('a.community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, filter, { compound: 'm.compound_id' }));
      if (q.state) query = query.where('a.state', '=', q.state);
      if (q.overdue !== undefined) {
        // Late: open past its due day (Shanghai), as the item's own overdue flag says.
        const today = todayInShanghai();
        query = q.overdue
          ? query.where('a.state', '=', 'open').where('a.due_date', '<', today)
          : query.where((eb) => eb.or([eb('a.state', '!=', 'open'), eb('a.due_date', '>=', today)]));
      }
      if (q.topicId) query = query.where('a.topic_id', '=', q.topicId);
      if (q.meetingId) query = query.where('d.meeting_id', '=', q.meetingId);
      if (q.ownerAccountId) query = query.where('a.owner_account_id', '=', q.ownerAccountId);
      if (q.q) {
        const text = q.q;
        query = query.where((eb) => eb.or([contains('a.title', text), contains('a.owner_name', text)]));
      }
      const page = await paginate(
        query
          .orderBy('a.due_date', q.order ?? 'asc')
          .orderBy('a.created_at')
          .orderBy('a.id'),
        q,
      );
      return { ...page, items: await actionViews(db, page.items) };
    },
  );

  app.post(
    '/communities/:communityId/decisions/:decisionId/action-items',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Add an action item to a decision (after the meeting, or when every item was cancelled)',
        description:
          'Its topic must still be decided (409 topic_state once done). The owner is told as for the ' +
          'items made with the decision, and the topic’s trail gets action_added.',
        params: Type.Object({ communityId: Id, decisionId: Id }),
        body: ActionInput,
        response: { 201: ActionItem },
      },
    },
    async (req, reply) => {
      const { communityId, decisionId } = req.params;
      const decision = await db
        .selectFrom('decisions as d')
        .innerJoin('meetings as m', (j) =>
          j.onRef('m.community_id', '=', 'd.community_id').onRef('m.id', '=', 'd.meeting_id'),
        )
        .select(['d.community_id', 'd.id', 'd.topic_id', 'm.compound_id'])
        .where('d.community_id', '=', communityId)
        .where('d.id', '=', decisionId)
        .executeTakeFirst();
      if (!decision) throw new AppError(404, 'not_found');
      requireCan(req, 'deliberation.manage', meetingScope(decision));
      const now = Date.now();
      const actions = await newActions(db, decision, [req.body], () => '', now);
      await db.transaction().execute(async (trx) => {
        if (decision.topic_id) {
          // Under the topic's lock: a last item finishing the topic at this moment is seen.
          const topic = await lockTopic(trx, communityId, decision.topic_id);
          if (!takesActions(topic.state as TopicState))
            throw new AppError(409, 'topic_state', {}, { state: topic.state });
        }
        await insertActions(trx, actions, actorOf(req), now);
      });
      if (decision.topic_id) await announceTopic(app.deps, communityId, decision.topic_id, 'action_added');
      await tellOwners(app.deps, actions);
      return reply.status(201).send(await actionItemView(db, communityId, actions[0]!.id));
    },
  );

  for (const step of ['done', 'cancel'] as const) {
    app.post(
      `/communities/:communityId/action-items/:itemId/${step}`,
      {
        config: { access: access.community('deliberation.manage') },
        schema: {
          tags: ['deliberation'],
          summary:
            step === 'done'
              ? 'Mark an action item done, with a note and photos of the work'
              : 'Cancel an action item, with the reason',
          params: ItemParams,
          body: step === 'done' ? DoneInput : CancelInput,
          response: { 200: ActionItem },
        },
      },
      async (req) => {
        const { communityId, itemId } = req.params;
        await requireManageable(req, communityId, itemId);
        const body = req.body as { note?: string; reason?: string; fileIds?: string[] };
        return completeAction(app.deps, {
          communityId,
          itemId,
          step,
          text: body.note ?? body.reason ?? '',
          fileIds: body.fileIds ?? [],
          actor: actorOf(req),
        });
      },
    );
  }

  app.get(
    '/me/action-items',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Action items I own, in every community, earliest due first',
        querystring: ListQuery({ state: Type.Optional(StringEnum(actionStates)) }),
        response: { 200: Page(MyActionItem) },
      },
    },
    async (req) => {
      let query = actionRows(db).where('a.owner_account_id', '=', req.account!.id);
      if (req.query.state) query = query.where('a.state', '=', req.query.state);
      if (req.query.q) query = query.where(contains('a.title', req.query.q));
      const page = await paginate(
        query.orderBy('a.due_date', req.query.order ?? 'asc').orderBy('a.id'),
        req.query,
      );
      return { ...page, items: await myActionViews(db, page.items) };
    },
  );

  app.post(
    '/me/action-items/:itemId/done',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Mark my action item done, with a note and photos (uploaded to its community first)',
        params: Type.Object({ itemId: Id }),
        body: DoneInput,
        response: { 200: ActionItem },
      },
    },
    async (req) => {
      const mine = await db
        .selectFrom('action_items')
        .select('community_id')
        .where('id', '=', req.params.itemId)
        .where('owner_account_id', '=', req.account!.id)
        .executeTakeFirst();
      if (!mine) throw new AppError(404, 'not_found');
      return completeAction(app.deps, {
        communityId: mine.community_id,
        itemId: req.params.itemId,
        step: 'done',
        text: req.body.note,
        fileIds: req.body.fileIds ?? [],
        actor: actorOf(req),
        owner: req.account!.id,
      });
    },
  );
};
