import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { SurveysTable } from '../../core/db/schema';
import { contains, paginate } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, communityOf, requireCan } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { streamEvents } from '../../core/http/sse';
import { todayInShanghai } from '../../core/time';
import { channels, respondentKinds, surveyKinds, surveyStates, type Answers, type Question } from './rules';
import {
  AlreadyAnswered,
  answeredError,
  answersText,
  canAt,
  loadSurvey,
  publishSurvey,
  questionsOf,
  reachOf,
  reaches,
  replaceQuestions,
  requireGoodAnswers,
  requireGoodQuestions,
  requireReach,
  saveResponse,
  surveyAsks,
  surveyResults,
  surveyRows,
  surveysTopic,
  type SurveyEvent,
  whereReach,
} from './store';
import {
  AnswersSchema,
  Audience,
  questionOf,
  QuestionList,
  questionView,
  Survey,
  SurveyDetail,
  SurveyResults,
  surveyView,
  type SurveyRow,
} from './views';

/**
 * The console's questionnaires: build (questions with skip logic, draft only), open and close, enter
 * paper answers door to door, read the results, list the responses. A named survey's responses show
 * who answered only to staff who may read people there; an anonymous survey's never do.
 */

const SurveyParams = Type.Object({ communityId: Id, surveyId: Id });
const tags = ['surveys'];

const SurveyInput = {
  title: Text(100),
  intro: Type.Optional(Nullable(Text(2000))),
  respondent: StringEnum(respondentKinds, { description: 'one answer per household, or per person' }),
  anonymous: Type.Optional(Type.Boolean({ description: 'results and exports never show who answered' })),
  resultsPublic: Type.Optional(Type.Boolean()),
  opensAt: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  closesAt: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  audience: Type.Optional(Nullable(Audience)),
};

const ResponseRow = Type.Object({
  no: Type.Integer({ description: 'number in this list' }),
  channel: StringEnum(channels),
  createdAt: Nullable(Type.Integer({ description: 'null for an anonymous survey' })),
  householdId: Nullable(Type.String()),
  householdName: Nullable(Type.String({ description: 'named surveys, to staff who may read people there' })),
  personName: Nullable(Type.String()),
  answers: AnswersSchema,
  answersText: Type.String({ description: 'the answers as text, question by question (the sheet’s column)' }),
});

export const surveyConsoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** The survey, if the caller reaches it for `action`; 404 otherwise. */
  async function reached(req: FastifyRequest, action: 'surveys.read' | 'surveys.manage', surveyId: string) {
    const survey = await loadSurvey(db, communityOf(req).id, surveyId);
    await requireReach(req, action, survey.compound_id);
    return survey;
  }

  /** The survey, for a change by someone managing its whole compound (or the community). */
  async function managed(req: FastifyRequest, surveyId: string) {
    const survey = await reached(req, 'surveys.manage', surveyId);
    requireCan(req, 'surveys.manage', { compoundId: survey.compound_id });
    return survey;
  }

  async function detail(survey: SurveysTable) {
    const row = await loadSurvey(db, survey.community_id, survey.id);
    return {
      ...surveyView(row),
      questions: (await questionsOf(db, survey.community_id, survey.id)).map(questionView),
    };
  }

  function requireWindow(opensAt: number | null, closesAt: number | null) {
    if (opensAt !== null && closesAt !== null && closesAt <= opensAt)
      throw fieldError(400, 'survey_closes_before_opens', 'closesAt');
  }

  /** Audience ids must be this community's, and inside the survey's compound when it has one. */
  async function requireAudience(communityId: string, compoundId: string | null, audience: Audience | null) {
    if (!audience) return;
    const compounds = audience.compoundIds ?? [];
    const buildings = audience.buildingIds ?? [];
    if (!compounds.length && !buildings.length) throw fieldError(400, 'survey_audience_empty', 'audience');
    if (compounds.length) {
      let q = db
        .selectFrom('compounds')
        .select('id')
        .where('community_id', '=', communityId)
        .where('id', 'in', compounds);
      if (compoundId) q = q.where('id', '=', compoundId);
      if ((await q.execute()).length !== new Set(compounds).size)
        throw fieldError(400, 'bad_reference', 'audience.compoundIds', { what: 'audience.compoundIds' });
    }
    if (buildings.length) {
      let q = db
        .selectFrom('buildings')
        .select('id')
        .where('community_id', '=', communityId)
        .where('id', 'in', buildings);
      if (compoundId) q = q.where('compound_id', '=', compoundId);
      if ((await q.execute()).length !== new Set(buildings).size)
        throw fieldError(400, 'bad_reference', 'audience.buildingIds', { what: 'audience.buildingIds' });
    }
  }

  app.get(
    '/communities/:communityId/surveys',
    {
      config: { access: access.community('surveys.read') },
      schema: {
        tags,
        summary: 'Surveys in my reach, newest first; q searches the title',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(surveyStates)),
          kind: Type.Optional(StringEnum(surveyKinds)),
          compoundId: Type.Optional(Id),
        }),
        response: { 200: Page(Survey) },
      },
    },
    async (req) => {
      const reach = await reachOf(req, 'surveys.read');
      const { state, kind, compoundId, q } = req.query;
      let query = surveyRows(db, communityOf(req).id).where((eb) => whereReach(eb, reach, 's.compound_id'));
      if (state) query = query.where('s.state', '=', state);
      if (kind) query = query.where('s.kind', '=', kind);
      if (compoundId) query = query.where('s.compound_id', '=', compoundId);
      if (q) query = query.where(contains('s.title', q));
      const page = await paginate(
        query.orderBy('s.created_at', req.query.order ?? 'desc').orderBy('s.id', req.query.order ?? 'desc'),
        req.query,
      );
      return { ...page, items: page.items.map((s) => surveyView(s as SurveyRow)) };
    },
  );

  app.post(
    '/communities/:communityId/surveys',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Draft a survey for a compound, or for the whole community (compoundId null)',
        params: CommunityParams,
        body: Type.Object(
          { ...SurveyInput, compoundId: Type.Optional(Nullable(Id)), questions: Type.Optional(QuestionList) },
          { additionalProperties: false },
        ),
        response: { 201: SurveyDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const compoundId = b.compoundId ?? null;
      requireCan(req, 'surveys.manage', { compoundId });
      if (compoundId) {
        const c = await db
          .selectFrom('compounds')
          .select('id')
          .where('community_id', '=', communityId)
          .where('id', '=', compoundId)
          .executeTakeFirst();
        if (!c) throw fieldError(400, 'bad_reference', 'compoundId', { what: 'compoundId' });
      }
      const questions = (b.questions ?? []).map(questionOf);
      requireGoodQuestions(questions);
      requireWindow(b.opensAt ?? null, b.closesAt ?? null);
      await requireAudience(communityId, compoundId, b.audience ?? null);
      const title = b.title.trim();
      if (!title) throw fieldError(400, 'survey_title_blank', 'title');
      const now = Date.now();
      const row: SurveysTable = {
        community_id: communityId,
        id: newId(),
        compound_id: compoundId,
        title,
        intro: b.intro?.trim() || null,
        kind: 'general',
        respondent: b.respondent,
        anonymous: b.anonymous ? 1 : 0,
        results_public: b.resultsPublic ? 1 : 0,
        state: 'draft',
        opens_at: b.opensAt ?? null,
        closes_at: b.closesAt ?? null,
        audience: b.audience ? JSON.stringify(b.audience) : null,
        opened_at: null,
        closed_at: null,
        created_by: req.account!.id,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('surveys').values(row).execute();
        await replaceQuestions(trx, communityId, row.id, questions);
      });
      return reply.status(201).send(await detail(row));
    },
  );

  app.get(
    '/communities/:communityId/surveys/events',
    {
      config: { access: access.community('surveys.read') },
      schema: {
        tags,
        summary: 'Surveys in my reach answered, opened or closed, live (server-sent events, type survey)',
        description: 'Each event: {surveyId, compoundId, state, responseCount}.',
        params: CommunityParams,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const reach = await reachOf(req, 'surveys.read');
      return streamEvents(req, reply, [surveysTopic(communityOf(req).id)], (e) =>
        reaches(reach, (e.data as SurveyEvent).compoundId),
      );
    },
  );

  app.get(
    '/communities/:communityId/surveys/:surveyId',
    {
      config: { access: access.community('surveys.read') },
      schema: {
        tags,
        summary: 'A survey with its questions',
        params: SurveyParams,
        response: { 200: SurveyDetail },
      },
    },
    async (req) => detail(await reached(req, 'surveys.read', req.params.surveyId)),
  );

  app.patch(
    '/communities/:communityId/surveys/:surveyId',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary:
          'Change a survey: its words and window any time; respondent, anonymity and audience only in draft',
        params: SurveyParams,
        body: Type.Object(
          {
            ...Type.Partial(Type.Object(SurveyInput)).properties,
            version: Type.Optional(
              Type.Integer({ description: 'the version read: 409 if it changed since' }),
            ),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SurveyDetail },
      },
    },
    async (req) => {
      const survey = await managed(req, req.params.surveyId);
      const b = req.body;
      if (b.version !== undefined && b.version !== survey.version)
        throw new AppError(409, 'conflict', { detail: 'survey changed meanwhile' });
      const draftOnly = b.respondent !== undefined || b.anonymous !== undefined || b.audience !== undefined;
      // Anonymity decided once answers exist would expose them: only a draft changes it.
      if (draftOnly && survey.state !== 'draft') throw new AppError(409, 'survey_not_draft');
      const opensAt = b.opensAt !== undefined ? b.opensAt : survey.opens_at;
      const closesAt = b.closesAt !== undefined ? b.closesAt : survey.closes_at;
      requireWindow(opensAt, closesAt);
      if (b.audience !== undefined)
        await requireAudience(survey.community_id, survey.compound_id, b.audience);
      const title = b.title?.trim();
      if (b.title !== undefined && !title) throw fieldError(400, 'survey_title_blank', 'title');
      const done = await db
        .updateTable('surveys')
        .set({
          ...(title ? { title } : {}),
          ...(b.intro !== undefined ? { intro: b.intro?.trim() || null } : {}),
          ...(b.respondent ? { respondent: b.respondent } : {}),
          ...(b.anonymous !== undefined ? { anonymous: b.anonymous ? 1 : 0 } : {}),
          ...(b.resultsPublic !== undefined ? { results_public: b.resultsPublic ? 1 : 0 } : {}),
          ...(b.audience !== undefined ? { audience: b.audience ? JSON.stringify(b.audience) : null } : {}),
          opens_at: opensAt,
          closes_at: closesAt,
          updated_at: Date.now(),
          version: survey.version + 1,
        })
        .where('community_id', '=', survey.community_id)
        .where('id', '=', survey.id)
        .where('version', '=', survey.version)
        .executeTakeFirst();
      if (!done.numUpdatedRows) throw new AppError(409, 'conflict', { detail: 'survey changed meanwhile' });
      return detail(survey);
    },
  );

  app.put(
    '/communities/:communityId/surveys/:surveyId/questions',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Replace the whole question list (draft only)',
        description:
          'A condition (showIf) names an earlier single, multiple or rating question and values it can take.',
        params: SurveyParams,
        body: Type.Object({ questions: QuestionList }, { additionalProperties: false }),
        response: { 200: SurveyDetail },
      },
    },
    async (req) => {
      const survey = await managed(req, req.params.surveyId);
      if (survey.state !== 'draft') throw new AppError(409, 'survey_not_draft');
      const questions = req.body.questions.map(questionOf);
      requireGoodQuestions(questions);
      await db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('surveys')
          .set({ updated_at: Date.now(), version: survey.version + 1 })
          .where('community_id', '=', survey.community_id)
          .where('id', '=', survey.id)
          .where('state', '=', 'draft')
          .where('version', '=', survey.version)
          .executeTakeFirst();
        if (!done.numUpdatedRows) throw new AppError(409, 'conflict', { detail: 'survey changed meanwhile' });
        await replaceQuestions(trx, survey.community_id, survey.id, questions);
      });
      return detail(survey);
    },
  );

  /** Moves a survey from one state to the next, once (a second click finds it moved: 409). */
  async function move(survey: SurveysTable, from: 'draft' | 'open', set: Partial<SurveysTable>) {
    const done = await db
      .updateTable('surveys')
      .set({ ...set, updated_at: Date.now(), version: survey.version + 1 })
      .where('community_id', '=', survey.community_id)
      .where('id', '=', survey.id)
      .where('state', '=', from)
      .executeTakeFirst();
    if (!done.numUpdatedRows) throw new AppError(409, 'invalid_state', { detail: survey.state });
    await publishSurvey(app.deps, survey);
    return detail(survey);
  }

  app.post(
    '/communities/:communityId/surveys/:surveyId/open',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Open a draft for answers',
        params: SurveyParams,
        response: { 200: SurveyDetail },
      },
    },
    async (req) => {
      const survey = await managed(req, req.params.surveyId);
      if (survey.state !== 'draft') throw new AppError(409, 'survey_not_draft');
      if (!(await questionsOf(db, survey.community_id, survey.id)).length)
        throw new AppError(409, 'survey_no_questions');
      const now = Date.now();
      if (survey.closes_at !== null && survey.closes_at <= now)
        throw fieldError(409, 'survey_closes_in_past', 'closesAt');
      return move(survey, 'draft', { state: 'open', opened_at: now });
    },
  );

  app.post(
    '/communities/:communityId/surveys/:surveyId/close',
    {
      config: { access: access.community('surveys.manage') },
      schema: { tags, summary: 'Stop taking answers', params: SurveyParams, response: { 200: SurveyDetail } },
    },
    async (req) => {
      const survey = await managed(req, req.params.surveyId);
      // An evaluation's figures are computed when its round closes: close the round instead.
      if (survey.kind === 'property_evaluation') throw new AppError(409, 'survey_is_evaluation');
      if (survey.state !== 'open') throw new AppError(409, 'survey_not_open');
      return move(survey, 'open', { state: 'closed', closed_at: Date.now() });
    },
  );

  app.post(
    '/communities/:communityId/surveys/:surveyId/paper-responses',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary: 'Enter a paper answer (纸质问卷) for a household or a person: one answer each, as online',
        params: SurveyParams,
        body: Type.Object(
          { householdId: Type.Optional(Id), personId: Type.Optional(Id), answers: AnswersSchema },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            surveyId: Type.String(),
            channel: StringEnum(channels),
            answers: AnswersSchema,
          }),
        },
      },
    },
    async (req, reply) => {
      const survey = await reached(req, 'surveys.manage', req.params.surveyId);
      if (survey.state !== 'open') throw new AppError(409, 'survey_not_open');
      const communityId = survey.community_id;
      const { householdId, personId } = req.body;
      const household = survey.respondent === 'household';
      if (household ? !householdId : !personId)
        throw new AppError(400, household ? 'survey_household_needed' : 'survey_person_needed', {}, [
          { field: household ? 'householdId' : 'personId' },
        ]);
      // Where the answer comes from: the household, or the person's current home.
      let home: { id: string; compound_id: string; building_id: string } | undefined;
      if (household) {
        home = await db
          .selectFrom('households')
          .select(['id', 'compound_id', 'building_id'])
          .where('community_id', '=', communityId)
          .where('id', '=', householdId!)
          .where('closed_at', 'is', null)
          .executeTakeFirst();
        if (!home) throw new AppError(404, 'not_found');
      } else {
        const person = await db
          .selectFrom('people')
          .select('id')
          .where('community_id', '=', communityId)
          .where('id', '=', personId!)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (!person) throw new AppError(404, 'not_found');
        const today = todayInShanghai();
        home = await db
          .selectFrom('residencies as r')
          .innerJoin('households as h', (j) =>
            j.onRef('h.community_id', '=', 'r.community_id').onRef('h.id', '=', 'r.household_id'),
          )
          .select(['h.id', 'h.compound_id', 'h.building_id'])
          .where('r.community_id', '=', communityId)
          .where('r.person_id', '=', personId!)
          .where((eb) => eb.or([eb('r.until', 'is', null), eb('r.until', '>=', today)]))
          .where('h.closed_at', 'is', null)
          .orderBy('r.created_at')
          .executeTakeFirst();
      }
      // A grid worker enters answers for the households of their grid's buildings.
      requireCan(req, 'surveys.manage', {
        compoundId: home?.compound_id ?? survey.compound_id,
        buildingId: home?.building_id,
      });
      if (
        home
          ? !surveyAsks(survey, { compoundId: home.compound_id, buildingId: home.building_id })
          : survey.audience
      )
        throw new AppError(400, 'survey_outside_audience', {}, [
          { field: household ? 'householdId' : 'personId' },
        ]);
      const questions = await questionsOf(db, communityId, survey.id);
      const answers = requireGoodAnswers(questions, req.body.answers as Answers);
      try {
        const { row } = await saveResponse(db, survey, {
          householdId: home?.id ?? null,
          personId: personId ?? null,
          accountId: null,
          channel: 'paper',
          enteredBy: req.account!.id,
          answers,
          clientKey: null,
        });
        return reply
          .status(201)
          .send({ id: row.id, surveyId: survey.id, channel: 'paper' as const, answers });
      } catch (err) {
        if (err instanceof AlreadyAnswered) throw await answeredError(db, survey, err.by, null, req.locale);
        throw err;
      }
    },
  );

  app.get(
    '/communities/:communityId/surveys/:surveyId/results',
    {
      config: { access: access.community('surveys.read') },
      schema: {
        tags,
        summary: 'Results: per question counts, means, 满意率 and text answers — never who answered',
        params: SurveyParams,
        response: { 200: SurveyResults },
      },
    },
    async (req) => surveyResults(db, await reached(req, 'surveys.read', req.params.surveyId), req.locale),
  );

  app.get(
    '/communities/:communityId/surveys/:surveyId/responses',
    {
      config: { access: access.community('surveys.manage') },
      schema: {
        tags,
        summary:
          'The responses one by one (export); who answered only on named surveys, to staff who may read people',
        description:
          'For an anonymous survey no row carries a household, a person, a time or an id, and rows come in ' +
          'the order of their answers, not of their arrival.',
        params: SurveyParams,
        querystring: ListQuery({ channel: Type.Optional(StringEnum(channels)) }),
        response: { 200: Page(ResponseRow) },
      },
    },
    async (req) => {
      const survey = await managed(req, req.params.surveyId);
      const anonymous = survey.anonymous === 1;
      let query = db
        .selectFrom('survey_responses as r')
        .leftJoin('households as h', (j) =>
          j.onRef('h.community_id', '=', 'r.community_id').onRef('h.id', '=', 'r.household_id'),
        )
        .leftJoin('people as p', (j) =>
          j.onRef('p.community_id', '=', 'r.community_id').onRef('p.id', '=', 'r.person_id'),
        )
        .select([
          'r.id',
          'r.channel',
          'r.created_at',
          'r.answers',
          'r.household_id',
          'h.name as household_name',
          'h.compound_id',
          'h.building_id',
          'p.name as person_name',
        ])
        .where('r.community_id', '=', survey.community_id)
        .where('r.survey_id', '=', survey.id);
      if (req.query.channel) query = query.where('r.channel', '=', req.query.channel);
      if (req.query.q) query = query.where(contains('r.answers', req.query.q));
      const ordered = anonymous
        ? query.orderBy(sql`r.answers`).orderBy('r.id')
        : query.orderBy('r.created_at', req.query.order ?? 'asc').orderBy('r.id', req.query.order ?? 'asc');
      const page = await paginate(ordered, req.query);
      const questions: Question[] = await questionsOf(db, survey.community_id, survey.id);
      const offset = ((page.page ?? 1) - 1) * page.pageSize;
      return {
        ...page,
        items: page.items.map((r, i) => {
          const answers = JSON.parse(r.answers) as Answers;
          const named =
            !anonymous &&
            canAt(req, 'people.read', {
              compoundId: r.compound_id ?? survey.compound_id,
              buildingId: r.building_id,
            });
          return {
            no: offset + i + 1,
            channel: r.channel as 'online' | 'paper',
            createdAt: anonymous ? null : r.created_at,
            householdId: named ? r.household_id : null,
            householdName: named ? r.household_name : null,
            personName: named ? r.person_name : null,
            answers,
            answersText: answersText(questions, answers, req.locale),
          };
        }),
      };
    },
  );
};
