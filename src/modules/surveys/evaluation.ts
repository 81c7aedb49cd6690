import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { todayInShanghai } from '../../core/time';
import { cadences, periodOf, periodPattern } from './rules';
import {
  closeRound,
  evaluationSettings,
  loadCase,
  loadRound,
  openRound,
  Round,
  roundRows,
  roundView,
  Case,
  caseView,
} from './evaluationStore';
import { publishSurvey, reachOf, requireReach, whereReach } from './store';
import { Code } from './views';

/**
 * 物业评议: the community's items and threshold, and the rounds — one per compound and period, each
 * on an anonymous survey of the compound's households. Closing a round stores its figures and opens
 * a case when the overall rate or any item's is below the threshold.
 */

const tags = ['evaluation'];
const RoundParams = Type.Object({ communityId: Id, roundId: Id });

const Item = Type.Object({ code: Code, nameZh: Text(20), nameEn: Text(40) }, { additionalProperties: false });
const SettingsView = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() })),
  thresholdPercent: Type.Integer({ description: 'a rate below this (overall or any item) opens a case' }),
  cadence: StringEnum(cadences),
  updatedAt: Nullable(Type.Integer()),
});

export const evaluationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/evaluation-settings',
    {
      config: { access: access.community('surveys.read') },
      schema: {
        tags,
        summary: 'The evaluation items (评议项目), threshold and cadence',
        params: CommunityParams,
        response: { 200: SettingsView },
      },
    },
    async (req) => evaluationSettings(db, communityOf(req).id),
  );

  app.patch(
    '/communities/:communityId/evaluation-settings',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Change the items, threshold or cadence (rounds already open keep theirs)',
        params: CommunityParams,
        body: Type.Object(
          {
            items: Type.Optional(Type.Array(Item, { minItems: 1, maxItems: 20 })),
            thresholdPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            cadence: Type.Optional(StringEnum(cadences)),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SettingsView },
      },
    },
    async (req) => {
      // Settings apply to every compound: only a community-wide grant changes them.
      requireCan(req, 'surveys.manage', {});
      const { items, thresholdPercent, cadence } = req.body;
      const reserved = ['overall', 'comment'];
      if (items && new Set(items.map((i) => i.code)).size !== items.length)
        throw fieldError(400, 'evaluation_items_repeat', 'items');
      if (items?.some((i) => reserved.includes(i.code)))
        throw new AppError(400, 'evaluation_item_reserved', { code: reserved.join(', ') }, [
          { field: 'items' },
        ]);
      const communityId = communityOf(req).id;
      const before = await evaluationSettings(db, communityId);
      const after = {
        items:
          items?.map((i) => ({ code: i.code, nameZh: i.nameZh.trim(), nameEn: i.nameEn.trim() })) ??
          before.items,
        thresholdPercent: thresholdPercent ?? before.thresholdPercent,
        cadence: cadence ?? before.cadence,
      };
      const values = {
        items: JSON.stringify(after.items),
        threshold_percent: after.thresholdPercent,
        cadence: after.cadence,
        updated_by: req.account!.id,
        updated_at: Date.now(),
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('evaluation_settings')
          .values({ community_id: communityId, id: newId(), ...values })
          .onConflict((oc) => oc.columns(['community_id']).doUpdateSet(values))
          .execute();
        // The threshold decides which companies face a case: a public figure, audited.
        await audit(trx, communityId, {
          ...actor(req),
          action: 'evaluation_settings.update',
          targetType: 'evaluation_settings',
          targetId: communityId,
          before: { ...before, updatedAt: undefined },
          after,
        });
      });
      return evaluationSettings(db, communityId);
    },
  );

  app.get(
    '/communities/:communityId/evaluation-rounds',
    {
      config: { access: access.community('surveys.read') },
      schema: {
        tags,
        summary: 'Evaluation rounds in my reach, newest first; q searches the period and compound',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          propertyCompanyId: Type.Optional(Id),
          state: Type.Optional(StringEnum(['open', 'closed'] as const)),
          period: Type.Optional(Type.String({ maxLength: 16 })),
        }),
        response: { 200: Page(Round) },
      },
    },
    async (req) => {
      const reach = await reachOf(req, 'surveys.read');
      const { compoundId, propertyCompanyId, state, period, q } = req.query;
      let query = roundRows(db)
        .where('r.community_id', '=', communityOf(req).id)
        .where((eb) => whereReach(eb, reach, 'r.compound_id'));
      if (compoundId) query = query.where('r.compound_id', '=', compoundId);
      if (propertyCompanyId) query = query.where('r.property_company_id', '=', propertyCompanyId);
      if (state) query = query.where('r.state', '=', state);
      if (period) query = query.where('r.period', '=', period);
      if (q) query = query.where((eb) => eb.or([contains('r.period', q), contains('c.name', q)]));
      const page = await paginate(
        query.orderBy('r.created_at', req.query.order ?? 'desc').orderBy('r.id', req.query.order ?? 'desc'),
        req.query,
      );
      return { ...page, items: page.items.map(roundView) };
    },
  );

  app.post(
    '/communities/:communityId/evaluation-rounds',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Open a round for a compound: an anonymous survey of its households on the current items',
        description: 'period defaults to the current one by the cadence (2026Q4, 2026H2, 2026).',
        params: CommunityParams,
        body: Type.Object(
          { compoundId: Id, period: Type.Optional(Type.String({ pattern: periodPattern })) },
          { additionalProperties: false },
        ),
        response: { 201: Round },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const compound = await db
        .selectFrom('compounds')
        .select(['id', 'name', 'property_company_id'])
        .where('community_id', '=', communityId)
        .where('id', '=', req.body.compoundId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!compound) throw fieldError(400, 'bad_reference', 'compoundId', { what: 'compoundId' });
      requireCan(req, 'surveys.manage', { compoundId: compound.id });
      const companyId = compound.property_company_id;
      if (!companyId) throw new AppError(409, 'evaluation_no_company');
      const settings = await evaluationSettings(db, communityId);
      const period = req.body.period ?? periodOf(todayInShanghai(), settings.cadence);
      const roundId = await db.transaction().execute((trx) =>
        openRound(trx, {
          communityId,
          compound: { id: compound.id, name: compound.name, property_company_id: companyId },
          period,
          settings,
          reevaluatesCaseId: null,
          accountId: req.account!.id,
        }),
      );
      return reply.status(201).send(roundView(await loadRound(db, communityId, roundId)));
    },
  );

  app.get(
    '/communities/:communityId/evaluation-rounds/:roundId',
    {
      config: { access: access.community('surveys.read') },
      schema: { tags, summary: 'One round with its figures', params: RoundParams, response: { 200: Round } },
    },
    async (req) => {
      const round = await loadRound(db, communityOf(req).id, req.params.roundId);
      await requireReach(req, 'surveys.read', round.compound_id);
      return roundView(round);
    },
  );

  app.post(
    '/communities/:communityId/evaluation-rounds/:roundId/close',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Close a round: compute and store its rates; below the threshold a case opens',
        params: RoundParams,
        response: { 200: Type.Object({ round: Round, case: Nullable(Case) }) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const round = await loadRound(db, communityId, req.params.roundId);
      await requireReach(req, 'surveys.manage', round.compound_id);
      requireCan(req, 'surveys.manage', { compoundId: round.compound_id });
      const { caseId } = await closeRound(db, round, actor(req));
      await publishSurvey(app.deps, { community_id: communityId, id: round.survey_id });
      const today = todayInShanghai();
      return {
        round: roundView(await loadRound(db, communityId, round.id)),
        case: caseId ? caseView(await loadCase(db, communityId, caseId), today) : null,
      };
    },
  );
};
