import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB, SurveysTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, Nullable, Page, PageQuery, StringEnum } from '../../core/http/schemas';
import { respondentKey, type Answers, type RespondentKind } from './rules';
import {
  AlreadyAnswered,
  answeredError,
  homesOf,
  personOf,
  publishSurvey,
  questionsOf,
  requireGoodAnswers,
  saveResponse,
  surveyAsks,
  surveyResults,
  surveyRows,
} from './store';
import {
  accepting,
  AnswersSchema,
  QuestionView,
  questionView,
  Survey,
  SurveyResults,
  surveyView,
  type SurveyRow,
} from './views';

/**
 * Surveys from the phone: the open ones my households are asked, each answered once per household
 * (or per person), and the results once a survey is closed and its results published.
 */

type Db = Kysely<DB>;
const tags = ['surveys'];
const SurveyParams = Type.Object({ surveyId: Id });

const MyHousehold = Type.Object({
  householdId: Type.String(),
  name: Type.String(),
  answered: Type.Boolean({ description: 'this household (household survey) or I (person survey) answered' }),
});
const MySurvey = Type.Object({
  ...Survey.properties,
  answered: Type.Boolean({
    description: 'every household of mine it asks has answered (or I have, for a person survey)',
  }),
  resultsAvailable: Type.Boolean(),
  households: Type.Array(MyHousehold),
});
const MySurveyDetail = Type.Object({
  ...MySurvey.properties,
  questions: Type.Array(QuestionView),
  myAnswers: Nullable(AnswersSchema),
});
const MyResponse = Type.Object({
  id: Type.String(),
  surveyId: Type.String(),
  householdId: Nullable(Type.String()),
  answers: AnswersSchema,
  createdAt: Type.Integer(),
});

type Home = Awaited<ReturnType<typeof homesOf>>[number];

/** The survey's view for a resident: which of their households it asks and which have answered. */
async function mine(db: Db, accountId: string, survey: SurveyRow, homes: Home[]) {
  const asked = homes.filter((h) => h.communityId === survey.community_id && surveyAsks(survey, h));
  const kind = survey.respondent as RespondentKind;
  const personId = kind === 'person' ? await personOf(db, accountId, survey.community_id) : null;
  const keys = asked.map((h) => respondentKey({ householdId: h.householdId, personId, accountId }, kind));
  const answeredKeys = new Set(
    keys.length
      ? (
          await db
            .selectFrom('survey_responses')
            .select('respondent_key')
            .where('community_id', '=', survey.community_id)
            .where('survey_id', '=', survey.id)
            .where('respondent_key', 'in', keys)
            .execute()
        ).map((r) => r.respondent_key)
      : [],
  );
  const households = asked.map((h, i) => ({
    householdId: h.householdId,
    name: h.name,
    answered: answeredKeys.has(keys[i]!),
  }));
  return {
    ...surveyView(survey),
    answered: households.length > 0 && households.every((h) => h.answered),
    resultsAvailable: survey.state === 'closed' && survey.results_public === 1,
    households,
    asked,
    personId,
  };
}

/** The survey if it asks one of the account's households; 404 otherwise. */
async function visibleSurvey(db: Db, accountId: string, surveyId: string) {
  const homes = await homesOf(db, accountId);
  for (const communityId of new Set(homes.map((h) => h.communityId))) {
    const survey = await surveyRows(db, communityId)
      .where('s.id', '=', surveyId)
      .where('s.state', '!=', 'draft')
      .executeTakeFirst();
    if (!survey) continue;
    const view = await mine(db, accountId, survey as SurveyRow, homes);
    if (view.asked.length) return { survey: survey as SurveyRow, view };
  }
  throw new AppError(404, 'not_found');
}

const publicView = (v: Awaited<ReturnType<typeof mine>>) => {
  const { asked: _asked, personId: _personId, ...rest } = v;
  return rest;
};

export const surveyResidentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/me/surveys',
    {
      config: { access: access.session() },
      schema: {
        tags,
        summary: 'Surveys my households are asked: open ones I can answer now, or closed ones with results',
        querystring: Type.Object({
          ...PageQuery.properties,
          view: Type.Optional(StringEnum(['open', 'closed'] as const)),
        }),
        response: { 200: Page(MySurvey) },
      },
    },
    async (req) => {
      const accountId = req.account!.id;
      const homes = await homesOf(db, accountId);
      const closed = req.query.view === 'closed';
      const found: SurveyRow[] = [];
      for (const communityId of new Set(homes.map((h) => h.communityId))) {
        const compounds = [
          ...new Set(homes.filter((h) => h.communityId === communityId).map((h) => h.compoundId)),
        ];
        let query = surveyRows(db, communityId).where((eb) =>
          eb.or([eb('s.compound_id', 'is', null), eb('s.compound_id', 'in', compounds)]),
        );
        query = closed
          ? query.where('s.state', '=', 'closed').where('s.results_public', '=', 1)
          : query.where('s.state', '=', 'open');
        found.push(...((await query.execute()) as SurveyRow[]));
      }
      const now = Date.now();
      const listed = found
        .filter((s) => closed || accepting(s, now))
        .filter((s) => homes.some((h) => h.communityId === s.community_id && surveyAsks(s, h)))
        .sort(
          (a, b) =>
            (closed
              ? (b.closed_at ?? 0) - (a.closed_at ?? 0)
              : (a.closes_at ?? Infinity) - (b.closes_at ?? Infinity)) || (a.id < b.id ? -1 : 1),
        );
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      const slice = listed.slice((page - 1) * pageSize, page * pageSize);
      return {
        items: await Promise.all(slice.map(async (s) => publicView(await mine(db, accountId, s, homes)))),
        total: listed.length,
        page,
        pageSize,
      };
    },
  );

  app.get(
    '/me/surveys/:surveyId',
    {
      config: { access: access.session() },
      schema: {
        tags,
        summary: 'A survey to answer: its questions, my households it asks, and my answers if I gave them',
        params: SurveyParams,
        response: { 200: MySurveyDetail },
      },
    },
    async (req) => {
      const accountId = req.account!.id;
      const { survey, view } = await visibleSurvey(db, accountId, req.params.surveyId);
      const my = await db
        .selectFrom('survey_responses')
        .select('answers')
        .where('community_id', '=', survey.community_id)
        .where('survey_id', '=', survey.id)
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .executeTakeFirst();
      return {
        ...publicView(view),
        questions: (await questionsOf(db, survey.community_id, survey.id)).map(questionView),
        myAnswers: my ? (JSON.parse(my.answers) as Answers) : null,
      };
    },
  );

  app.post(
    '/me/surveys/:surveyId/responses',
    {
      config: { access: access.session() },
      schema: {
        tags,
        summary:
          'Answer a survey, once per household (or person); a retry with the same clientKey returns the first answer',
        description:
          'householdId is needed when the survey asks more than one of my households. A second answer for the ' +
          'same household is 409 survey_already_answered, saying who answered (masked) on named surveys.',
        params: SurveyParams,
        body: Type.Object(
          {
            householdId: Type.Optional(Id),
            answers: AnswersSchema,
            clientKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: MyResponse, 201: MyResponse },
      },
    },
    async (req, reply) => {
      const accountId = req.account!.id;
      const { survey, view } = await visibleSurvey(db, accountId, req.params.surveyId);
      const clientKey = req.body.clientKey ?? null;
      const show = (r: { id: string; household_id: string | null; answers: string; created_at: number }) => ({
        id: r.id,
        surveyId: survey.id,
        householdId: r.household_id,
        answers: JSON.parse(r.answers) as Answers,
        createdAt: r.created_at,
      });
      // A flaky phone's retry gets its first answer back, even after the survey has closed.
      if (clientKey) {
        const first = await db
          .selectFrom('survey_responses')
          .selectAll()
          .where('community_id', '=', survey.community_id)
          .where('survey_id', '=', survey.id)
          .where('account_id', '=', accountId)
          .where('client_key', '=', clientKey)
          .executeTakeFirst();
        if (first) return reply.status(200).send(show(first));
      }
      if (!accepting(survey)) throw new AppError(409, 'survey_not_open');
      const home = pickHome(view.asked, req.body.householdId, survey);
      const questions = await questionsOf(db, survey.community_id, survey.id);
      const answers = requireGoodAnswers(questions, req.body.answers as Answers);
      try {
        const { row, replay } = await saveResponse(db, survey, {
          householdId: home.householdId,
          personId: survey.respondent === 'person' ? view.personId : (home.personId ?? null),
          accountId,
          channel: 'online',
          enteredBy: null,
          answers,
          clientKey,
        });
        if (!replay) await publishSurvey(app.deps, survey);
        return reply.status(replay ? 200 : 201).send(show(row));
      } catch (err) {
        if (err instanceof AlreadyAnswered)
          throw await answeredError(db, survey, err.by, accountId, req.locale);
        throw err;
      }
    },
  );

  app.get(
    '/me/surveys/:surveyId/results',
    {
      config: { access: access.session() },
      schema: {
        tags,
        summary: 'A closed survey’s results, when they are published to residents',
        params: SurveyParams,
        response: { 200: SurveyResults },
      },
    },
    async (req) => {
      const { survey, view } = await visibleSurvey(db, req.account!.id, req.params.surveyId);
      if (!view.resultsAvailable) throw new AppError(409, 'survey_results_unavailable');
      return surveyResults(db, survey, req.locale);
    },
  );
};

/** Which of my households answers: the one named, or the only one asked. */
function pickHome(asked: Home[], householdId: string | undefined, survey: SurveysTable): Home {
  if (householdId) {
    const home = asked.find((h) => h.householdId === householdId);
    if (!home) throw fieldError(400, 'survey_outside_audience', 'householdId');
    return home;
  }
  // A person answers for themself: any household of theirs it asks places them.
  if (asked.length === 1 || survey.respondent === 'person') return asked[0]!;
  throw fieldError(400, 'survey_household_needed', 'householdId');
}
