import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { contains, paginate } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan } from '../../core/http/access';
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
import { todayInShanghai } from '../../core/time';
import { caseStates, reevaluationPeriod } from './rules';
import {
  Case,
  caseRows,
  caseView,
  evaluationSettings,
  loadCase,
  openRound,
  requireStep,
  Round,
  roundRows,
  roundView,
  stepCase,
  type CaseRow,
  type StoredItem,
} from './evaluationStore';
import { reachOf, requireReach, whereReach } from './store';
import { Code } from './views';

/**
 * 整改 cases of a property company after a round below the threshold: the talk (约谈) and its
 * minutes, the rectification list with due dates, a re-evaluation round, and the end — resolved, or
 * escalated as a proposal to replace the company (an owners' assembly matter). Every step audited.
 */

const tags = ['evaluation'];
const CaseParams = Type.Object({ communityId: Id, caseId: Id });

export const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const today = () => todayInShanghai();

  async function reached(req: FastifyRequest, action: 'surveys.read' | 'surveys.manage', caseId: string) {
    const k = await loadCase(db, communityOf(req).id, caseId);
    await requireReach(req, action, k.compound_id);
    return k;
  }
  async function managed(req: FastifyRequest, caseId: string) {
    const k = await reached(req, 'surveys.manage', caseId);
    requireCan(req, 'surveys.manage', { compoundId: k.compound_id });
    return k;
  }
  const fresh = async (k: CaseRow) => caseView(await loadCase(db, k.community_id, k.id), today());

  app.get(
    '/communities/:communityId/evaluation-cases',
    {
      config: { access: access.community('surveys.read') },
      schema: {
        tags,
        summary: 'Evaluation cases (整改) in my reach, newest first; q searches the compound and company',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(caseStates)),
          compoundId: Type.Optional(Id),
          propertyCompanyId: Type.Optional(Id),
        }),
        response: { 200: Page(Case) },
      },
    },
    async (req) => {
      const reach = await reachOf(req, 'surveys.read');
      const { state, compoundId, propertyCompanyId, q } = req.query;
      let query = caseRows(db)
        .where('k.community_id', '=', communityOf(req).id)
        .where((eb) => whereReach(eb, reach, 'k.compound_id'));
      if (state) query = query.where('k.state', '=', state);
      if (compoundId) query = query.where('k.compound_id', '=', compoundId);
      if (propertyCompanyId) query = query.where('k.property_company_id', '=', propertyCompanyId);
      if (q) query = query.where((eb) => eb.or([contains('c.name', q), contains('pc.name', q)]));
      const page = await paginate(
        query.orderBy('k.created_at', req.query.order ?? 'desc').orderBy('k.id', req.query.order ?? 'desc'),
        req.query,
      );
      const t = today();
      return { ...page, items: page.items.map((k) => caseView(k, t)) };
    },
  );

  app.get(
    '/communities/:communityId/evaluation-cases/:caseId',
    {
      config: { access: access.community('surveys.read') },
      schema: { tags, summary: 'One case', params: CaseParams, response: { 200: Case } },
    },
    async (req) => caseView(await reached(req, 'surveys.read', req.params.caseId), today()),
  );

  app.patch(
    '/communities/:communityId/evaluation-cases/:caseId',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Record the talk’s minutes, or link the owners’ assembly that decides a replacement',
        params: CaseParams,
        body: Type.Object(
          {
            talkMinutes: Type.Optional(Nullable(Text(5000))),
            assemblyId: Type.Optional(Nullable(Id)),
            version: Type.Optional(Type.Integer()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Case },
      },
    },
    async (req) => {
      const k = await managed(req, req.params.caseId);
      const { talkMinutes, assemblyId, version } = req.body;
      if (version !== undefined && version !== k.version)
        throw new AppError(409, 'conflict', { detail: 'evaluation case changed meanwhile' });
      if (assemblyId) {
        if (k.state !== 'escalated') throw new AppError(409, 'evaluation_case_state', { state: k.state });
        const a = await db
          .selectFrom('assemblies')
          .select('id')
          .where('community_id', '=', k.community_id)
          .where('id', '=', assemblyId)
          .executeTakeFirst();
        if (!a) throw fieldError(400, 'bad_reference', 'assemblyId', { what: 'assemblyId' });
      }
      await stepCase(
        db,
        k,
        'update',
        {
          ...(talkMinutes !== undefined ? { talk_minutes: talkMinutes?.trim() || null } : {}),
          ...(assemblyId !== undefined ? { assembly_id: assemblyId } : {}),
        },
        actor(req),
      );
      return fresh(k);
    },
  );

  app.post(
    '/communities/:communityId/evaluation-cases/:caseId/talk',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Schedule (or move) the talk with the property company (约谈), with minutes once held',
        params: CaseParams,
        body: Type.Object(
          { talkAt: Type.Integer({ minimum: 0 }), minutes: Type.Optional(Nullable(Text(5000))) },
          { additionalProperties: false },
        ),
        response: { 200: Case },
      },
    },
    async (req) => {
      const k = await managed(req, req.params.caseId);
      const state = requireStep(k, 'talk');
      const minutes = req.body.minutes?.trim();
      await stepCase(
        db,
        k,
        'talk',
        {
          state,
          talk_at: req.body.talkAt,
          ...(minutes !== undefined ? { talk_minutes: minutes || null } : {}),
        },
        actor(req),
      );
      return fresh(k);
    },
  );

  app.post(
    '/communities/:communityId/evaluation-cases/:caseId/items',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Add an item to the rectification list (整改清单) with its due date',
        params: CaseParams,
        body: Type.Object(
          { title: Text(200), itemCode: Type.Optional(Nullable(Code)), dueDate: DateOnly },
          { additionalProperties: false },
        ),
        response: { 201: Case },
      },
    },
    async (req, reply) => {
      const k = await managed(req, req.params.caseId);
      const state = requireStep(k, 'add_item');
      const title = req.body.title.trim();
      if (!title) throw fieldError(400, 'evaluation_case_item_blank', 'title');
      const itemCode = req.body.itemCode ?? null;
      if (itemCode) {
        const round = await roundRows(db)
          .where('r.community_id', '=', k.community_id)
          .where('r.id', '=', k.round_id)
          .executeTakeFirstOrThrow();
        if (!roundView(round).items.some((i) => i.code === itemCode))
          throw fieldError(400, 'evaluation_item_unknown', 'itemCode', { code: itemCode });
      }
      const items = JSON.parse(k.items) as StoredItem[];
      const item: StoredItem = {
        title,
        itemCode,
        dueDate: req.body.dueDate,
        state: 'open',
        doneAt: null,
        note: null,
      };
      await stepCase(db, k, 'add_item', { state, items: JSON.stringify([...items, item]) }, actor(req));
      return reply.status(201).send(await fresh(k));
    },
  );

  app.post(
    '/communities/:communityId/evaluation-cases/:caseId/items/:index/done',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Tick off an item of the rectification list, saying what was done',
        params: Type.Object({
          communityId: Id,
          caseId: Id,
          index: Type.Integer({ minimum: 0, maximum: 999 }),
        }),
        body: Type.Object({ note: Text(1000) }, { additionalProperties: false }),
        response: { 200: Case },
      },
    },
    async (req) => {
      const k = await managed(req, req.params.caseId);
      const items = JSON.parse(k.items) as StoredItem[];
      const item = items[req.params.index];
      if (!item) throw new AppError(404, 'not_found');
      const state = requireStep(k, 'item_done');
      if (item.state === 'done') throw new AppError(409, 'evaluation_case_item_done');
      const note = req.body.note.trim();
      if (!note) throw fieldError(400, 'evaluation_case_note_blank', 'note');
      items[req.params.index] = { ...item, state: 'done', doneAt: Date.now(), note };
      await stepCase(db, k, 'item_done', { state, items: JSON.stringify(items) }, actor(req));
      return fresh(k);
    },
  );

  app.post(
    '/communities/:communityId/evaluation-cases/:caseId/reevaluate',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Open a re-evaluation round (复评) for the compound, linked to the case',
        params: CaseParams,
        response: { 201: Type.Object({ case: Case, round: Round }) },
      },
    },
    async (req, reply) => {
      const k = await managed(req, req.params.caseId);
      const state = requireStep(k, 'reevaluate');
      const compound = await db
        .selectFrom('compounds')
        .select(['id', 'name'])
        .where('community_id', '=', k.community_id)
        .where('id', '=', k.compound_id)
        .executeTakeFirstOrThrow();
      const periods = await db
        .selectFrom('evaluation_rounds')
        .select('period')
        .where('community_id', '=', k.community_id)
        .where('compound_id', '=', k.compound_id)
        .execute();
      const settings = await evaluationSettings(db, k.community_id);
      let roundId = '';
      // The company evaluated again is the one the case is about, even if the compound has changed since.
      await stepCase(db, k, 'reevaluate', { state }, actor(req), async (trx) => {
        roundId = await openRound(trx, {
          communityId: k.community_id,
          compound: { id: compound.id, name: compound.name, property_company_id: k.property_company_id },
          period: reevaluationPeriod(
            k.period,
            periods.map((p) => p.period),
          ),
          settings,
          reevaluatesCaseId: k.id,
          accountId: req.account!.id,
        });
        await trx
          .updateTable('evaluation_cases')
          .set({ reevaluation_round_id: roundId })
          .where('community_id', '=', k.community_id)
          .where('id', '=', k.id)
          .execute();
      });
      const round = await roundRows(db)
        .where('r.community_id', '=', k.community_id)
        .where('r.id', '=', roundId)
        .executeTakeFirstOrThrow();
      return reply.status(201).send({ case: await fresh(k), round: roundView(round) });
    },
  );

  app.post(
    '/communities/:communityId/evaluation-cases/:caseId/close',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Close the case as resolved, with its outcome (not while its re-evaluation is still open)',
        params: CaseParams,
        body: Type.Object({ outcome: Text(2000) }, { additionalProperties: false }),
        response: { 200: Case },
      },
    },
    async (req) => {
      const k = await managed(req, req.params.caseId);
      const state = requireStep(k, 'close');
      if (k.re_state === 'open') throw new AppError(409, 'evaluation_case_reevaluation_open');
      const outcome = req.body.outcome.trim();
      if (!outcome) throw fieldError(400, 'evaluation_case_outcome_blank', 'outcome');
      await stepCase(db, k, 'close', { state, outcome, closed_at: Date.now() }, actor(req));
      return fresh(k);
    },
  );

  app.post(
    '/communities/:communityId/evaluation-cases/:caseId/escalate',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary:
          'Escalate: propose replacing the property company; returns what opening an owners’ assembly needs',
        params: CaseParams,
        body: Type.Object({ outcome: Type.Optional(Text(2000)) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            case: Case,
            proposal: Type.Object({
              propertyCompany: Type.Object({ id: Type.String(), name: Type.String() }),
              compound: Type.Object({ id: Type.String(), name: Type.String() }),
              rounds: Type.Array(Round, {
                description: 'the company’s rounds in this compound, newest first',
              }),
              suggestedMatter: Type.String({ description: 'a matter title for the assembly (拟表决事项)' }),
            }),
          }),
        },
      },
    },
    async (req) => {
      const k = await managed(req, req.params.caseId);
      const state = requireStep(k, 'escalate');
      const now = Date.now();
      const outcome = req.body.outcome?.trim() || null;
      await stepCase(
        db,
        k,
        'escalate',
        { state, replacement_proposed_at: now, closed_at: now, ...(outcome ? { outcome } : {}) },
        actor(req),
      );
      const rounds = await roundRows(db)
        .where('r.community_id', '=', k.community_id)
        .where('r.compound_id', '=', k.compound_id)
        .where('r.property_company_id', '=', k.property_company_id)
        .orderBy('r.created_at', 'desc')
        .orderBy('r.id', 'desc')
        .execute();
      return {
        case: await fresh(k),
        proposal: {
          propertyCompany: { id: k.property_company_id, name: k.company_name },
          compound: { id: k.compound_id, name: k.compound_name },
          rounds: rounds.map(roundView),
          suggestedMatter:
            req.locale === 'en'
              ? `Replace the property company ${k.company_name} of ${k.compound_name}`
              : `关于更换${k.compound_name}物业服务企业（${k.company_name}）的决定`,
        },
      };
    },
  );
};
