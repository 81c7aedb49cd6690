import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import type { DB, DecisionsTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access, requireCan } from '../../core/http/access';
import { Id, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { announce } from '../orders/effects';
import { describeOrder, requireCategory, resolvePlace } from '../orders/intake';
import { createOrder } from '../orders/store';
import { ActionInput, insertActions, newActions, tellOwners } from './actionStore';
import { holdMeeting, meetingFor, requireStep } from './meetingStore';
import { MeetingDetail, meetingDetailFor } from './meetingViews';
import { filled } from './store';
import { actorOf, announceTopic, moveTopic, recordTopicEvent } from './trail';

/**
 * A decision (决议) on one agenda item: what was decided and by whom, the votes when there were any,
 * the action items (落实事项) that carry it out, and what it sets going elsewhere: a service order
 * for the property company or a squad, or a matter the owners' assembly must vote on. Its topic
 * becomes decided, and done at once when nothing is left to do.
 */

const Votes = Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 }));

const FollowUpInput = Type.Object(
  {
    kind: StringEnum(['order', 'assembly_matter'] as const, {
      description:
        'order: a service order is made now and linked; assembly_matter: recorded as needing an owners’ ' +
        'vote (the assembly matter itself is drafted in the assemblies console)',
    }),
    categoryId: Type.Optional(Id),
    description: Type.Optional(Text(1000)),
    compoundId: Type.Optional(Id),
    buildingId: Type.Optional(Id),
    placeText: Type.Optional(Text(100)),
  },
  { additionalProperties: false },
);

const DecisionInput = Type.Object(
  {
    text: Text(2000),
    decidedBy: Text(100),
    votesFor: Votes,
    votesAgainst: Votes,
    votesAbstain: Votes,
    actions: Type.Optional(Type.Array(ActionInput, { maxItems: 30 })),
    followUp: Type.Optional(FollowUpInput),
  },
  { additionalProperties: false },
);

export const decisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.post(
    '/communities/:communityId/meetings/:meetingId/agenda/:itemId/decision',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Record the decision on a pending agenda item, with its action items and follow-up',
        description:
          'The topic becomes decided (done at once when there are no action items). Owners with accounts ' +
          'are told of their items. followUp kind order makes a service order (channel walk_in) in the ' +
          'topic’s, the named or the meeting’s compound and links it as followUpId.',
        params: Type.Object({ communityId: Id, meetingId: Id, itemId: Id }),
        body: DecisionInput,
        response: { 201: MeetingDetail },
      },
    },
    async (req, reply) => {
      const { communityId } = req.params;
      const m = await meetingFor(req, db, communityId, req.params.meetingId, 'deliberation.manage');
      const item = await db
        .selectFrom('agenda_items as a')
        .leftJoin('topics as t', (j) =>
          j.onRef('t.community_id', '=', 'a.community_id').onRef('t.id', '=', 'a.topic_id'),
        )
        .select([
          'a.id',
          'a.topic_id',
          'a.title',
          'a.outcome',
          't.compound_id as topic_compound_id',
          't.building_id as topic_building_id',
          't.place_text as topic_place_text',
        ])
        .where('a.community_id', '=', communityId)
        .where('a.meeting_id', '=', m.id)
        .where('a.id', '=', req.params.itemId)
        .executeTakeFirst();
      if (!item) throw new AppError(404, 'not_found');
      requireStep(m, 'decide');
      if (item.outcome !== 'pending') throw new AppError(409, 'agenda_item_settled');
      const b = req.body;
      const text = filled(b.text, 'text');
      const decidedBy = filled(b.decidedBy, 'decidedBy');

      // A follow-up order is checked in full before anything is written, and made in the decision's transaction.
      const followUp = b.followUp;
      let order: Parameters<typeof createOrder>[1] | null = null;
      if (followUp?.kind === 'order') {
        if (!followUp.categoryId)
          throw fieldError(400, 'bad_reference', 'followUp/categoryId', { what: 'categoryId' });
        const compoundId = followUp.compoundId ?? item.topic_compound_id ?? m.compound_id;
        if (followUp.compoundId) requireCan(req, 'deliberation.manage', { compoundId: followUp.compoundId });
        const category = await requireCategory(db, communityId, followUp.categoryId);
        const place = await resolvePlace(db, communityId, null, compoundId, {
          place: 'public',
          buildingId:
            followUp.buildingId ?? (followUp.compoundId ? undefined : (item.topic_building_id ?? undefined)),
          placeText: (followUp.placeText ?? item.topic_place_text ?? item.title).slice(0, 100),
        });
        const recorder = await db
          .selectFrom('accounts')
          .select(['display_name', 'phone_sealed'])
          .where('id', '=', req.account!.id)
          .executeTakeFirstOrThrow();
        order = {
          ...(await describeOrder(db, communityId, category, place, {
            description: followUp.description?.trim() || text,
          })),
          requesterAccountId: null,
          requesterPersonId: null,
          // Whoever recorded the decision answers the squad's questions about it.
          contactName: recorder.display_name,
          contactPhoneSealed: recorder.phone_sealed,
          channel: 'walk_in',
          createdBy: req.account!.id,
          idempotencyKey: null,
          actor: { role: 'staff' },
        };
      }

      const now = Date.now();
      const actor = actorOf(req);
      const decision: DecisionsTable = {
        community_id: communityId,
        id: newId(),
        meeting_id: m.id,
        agenda_item_id: item.id,
        topic_id: item.topic_id,
        text,
        decided_by: decidedBy,
        votes_for: b.votesFor ?? null,
        votes_against: b.votesAgainst ?? null,
        votes_abstain: b.votesAbstain ?? null,
        follow_up_kind: followUp?.kind ?? 'none',
        follow_up_id: null,
        created_by: req.account!.id,
        created_at: now,
      };
      const actions = await newActions(db, decision, b.actions ?? [], (i) => `actions/${i}/`, now);
      /** Writes the decision and moves its topic; returns whether the topic is done at once. */
      const record = async (trx: Kysely<DB>, followUpId: string | null) => {
        await holdMeeting(trx, m, 'decide', now);
        const settled = await trx
          .updateTable('agenda_items')
          .set({ outcome: 'decided' })
          .where('community_id', '=', communityId)
          .where('id', '=', item.id)
          .where('outcome', '=', 'pending')
          .executeTakeFirst();
        if (Number(settled.numUpdatedRows) !== 1) throw new AppError(409, 'agenda_item_settled');
        await trx
          .insertInto('decisions')
          .values({ ...decision, follow_up_id: followUpId })
          .execute();
        if (!item.topic_id) {
          await insertActions(trx, actions, actor, now);
          return false;
        }
        await recordTopicEvent(
          trx,
          communityId,
          item.topic_id,
          'discussed',
          actor,
          { meetingId: m.id, meetingTitle: m.title, meetingType: m.type, startsAt: m.starts_at },
          now,
        );
        await moveTopic(trx, communityId, item.topic_id, 'decide', actor, now, {
          decisionId: decision.id,
          text,
          decidedBy,
          followUpKind: decision.follow_up_kind,
        });
        await insertActions(trx, actions, actor, now);
        if (actions.length) return false;
        await moveTopic(trx, communityId, item.topic_id, 'finish', actor, now, { decisionId: decision.id });
        return true;
      };

      let finished = false;
      if (order) {
        // One transaction: no order without its decision (a second clerk's 409 makes none), nor the reverse.
        const made = await createOrder(db, order, req.locale, now, async (trx, created) => {
          finished = await record(trx, created.after.id);
          return async () => {};
        });
        if (made.created) await announce(app.deps, made.created);
      } else finished = await db.transaction().execute((trx) => record(trx, null));
      // A topic finished at once is announced as done: its raiser hears once.
      if (item.topic_id)
        await announceTopic(app.deps, communityId, item.topic_id, finished ? 'done' : 'decided');
      await tellOwners(app.deps, actions);
      return reply.status(201).send(await meetingDetailFor(req, db, m));
    },
  );
};
