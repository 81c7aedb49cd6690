import type { FastifyRequest } from 'fastify';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Locale } from '../../core/config';
import type { DB, SurveyResponsesTable, SurveysTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { communityOf, principalOf, visibleRows } from '../../core/http/access';
import type { Action } from '../../core/access/roles';
import { can } from '../../core/access/policy';
import { newId } from '../../core/ids';
import { maskName } from '../../core/personal';
import type { MessageCode } from '../../core/i18n';
import {
  checkQuestions,
  decideSubmission,
  respondentKey,
  tallySurvey,
  validateAnswers,
  type Answers,
  type Channel,
  type Question,
  type RespondentKind,
  type Stored,
} from './rules';
import { questionFromRow, type Audience, type SurveyRow } from './views';
import { isUniqueViolation } from '../../core/db/constraints';

/** Surveys in the database: loading with their names and counts, scope, questions, responses. */

type Db = Kysely<DB>;

export { isUniqueViolation };

/** Surveys with their compound's name, how many answered, and the evaluation round they serve. */
export function surveyRows(db: Db, communityId: string) {
  return db
    .selectFrom('surveys as s')
    .leftJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 's.community_id').onRef('c.id', '=', 's.compound_id'),
    )
    .selectAll('s')
    .select((eb) => [
      'c.name as compound_name',
      eb
        .selectFrom('survey_responses as r')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('r.community_id', '=', 's.community_id')
        .whereRef('r.survey_id', '=', 's.id')
        .as('response_count'),
      eb
        .selectFrom('evaluation_rounds as er')
        .select('er.id')
        .whereRef('er.community_id', '=', 's.community_id')
        .whereRef('er.survey_id', '=', 's.id')
        .as('round_id'),
    ])
    .where('s.community_id', '=', communityId);
}

export async function loadSurvey(db: Db, communityId: string, surveyId: string): Promise<SurveyRow> {
  const row = await surveyRows(db, communityId).where('s.id', '=', surveyId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

export async function questionsOf(db: Db, communityId: string, surveyId: string): Promise<Question[]> {
  const rows = await db
    .selectFrom('survey_questions')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('survey_id', '=', surveyId)
    .orderBy('position')
    .execute();
  return rows.map(questionFromRow);
}

/** The first problem of a question list as a 400 the builder can point at; all of them in details. */
export function requireGoodQuestions(questions: readonly Question[]): void {
  const problems = checkQuestions(questions);
  const first = problems[0];
  if (!first) return;
  // Every problem has its own message: a problem added without one does not compile.
  const code: MessageCode = `survey_question_${first.problem}`;
  throw new AppError(
    400,
    code,
    { n: first.index + 1, code: questions[first.index]!.code },
    problems.map((p) => ({ field: `questions.${p.index}`, problem: p.problem })),
  );
}

/** The whole question list, replaced (a draft's questions change only as a whole). */
export async function replaceQuestions(
  trx: Db,
  communityId: string,
  surveyId: string,
  questions: readonly Question[],
): Promise<void> {
  await trx
    .deleteFrom('survey_questions')
    .where('community_id', '=', communityId)
    .where('survey_id', '=', surveyId)
    .execute();
  if (!questions.length) return;
  await trx
    .insertInto('survey_questions')
    .values(
      questions.map((q, position) => ({
        community_id: communityId,
        id: newId(),
        survey_id: surveyId,
        position,
        code: q.code,
        kind: q.kind,
        text_zh: q.textZh,
        text_en: q.textEn ?? null,
        options: JSON.stringify(q.options),
        required: q.required ? (1 as const) : (0 as const),
        show_if: q.showIf ? JSON.stringify(q.showIf) : null,
        item_code: q.itemCode,
      })),
    )
    .execute();
}

/** Answers checked against the questions: the first problem as a 400, every problem in details. */
export function requireGoodAnswers(questions: readonly Question[], answers: Answers): Answers {
  const v = validateAnswers(questions, answers);
  if (v.ok) return v.answers;
  const first = v.problems[0]!;
  const index = questions.findIndex((q) => q.code === first.question);
  const code: MessageCode = `survey_answer_${first.problem}`;
  throw new AppError(
    400,
    code,
    { n: index + 1, question: index >= 0 ? questions[index]!.textZh : first.question },
    v.problems.map((p) => ({ field: `answers.${p.question}`, problem: p.problem })),
  );
}

// ---- scope ----

/**
 * Which surveys (and evaluation rounds and cases) the caller reaches for `action`: every one with a
 * community or street grant; otherwise those of the compounds granted, and of the compounds their
 * buildings and grids lie in. Holders of building or grid grants (grid workers entering paper
 * answers door to door) also reach the community-wide surveys, which ask their households too.
 */
export type Reach = { all: true } | { all: false; compoundIds: string[]; communityWide: boolean };

export async function reachOf(req: FastifyRequest, action: Action): Promise<Reach> {
  const filter = visibleRows(req, action);
  if (filter.all) return { all: true };
  const { db } = req.server.deps;
  const communityId = communityOf(req).id;
  const compoundIds = new Set(filter.compoundIds);
  if (filter.buildingIds.length)
    for (const b of await db
      .selectFrom('buildings')
      .select('compound_id')
      .where('community_id', '=', communityId)
      .where('id', 'in', filter.buildingIds)
      .execute())
      compoundIds.add(b.compound_id);
  if (filter.gridIds.length)
    for (const g of await db
      .selectFrom('grids')
      .select('compound_id')
      .where('community_id', '=', communityId)
      .where('id', 'in', filter.gridIds)
      .execute())
      if (g.compound_id) compoundIds.add(g.compound_id);
  return {
    all: false,
    compoundIds: [...compoundIds],
    communityWide: filter.buildingIds.length > 0 || filter.gridIds.length > 0,
  };
}

/** A list's restriction to the reach, on its compound column (null: community-wide). */
export function whereReach<DBX, TB extends keyof DBX>(
  eb: ExpressionBuilder<DBX, TB>,
  reach: Reach,
  column: string,
): Expression<SqlBool> {
  if (reach.all) return sql<SqlBool>`1 = 1`;
  const ors: Expression<SqlBool>[] = [];
  if (reach.compoundIds.length) ors.push(eb(sql.ref(column), 'in', reach.compoundIds));
  if (reach.communityWide) ors.push(eb(sql.ref(column), 'is', null));
  return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
}

export const reaches = (reach: Reach, compoundId: string | null) =>
  reach.all || (compoundId === null ? reach.communityWide : reach.compoundIds.includes(compoundId));

/** 404 unless the caller reaches the compound for `action` (a row out of reach is not theirs to learn of). */
export async function requireReach(req: FastifyRequest, action: Action, compoundId: string | null) {
  if (!reaches(await reachOf(req, action), compoundId)) throw new AppError(404, 'not_found');
}

/** Whether the caller may do `action` at a place, as requireCan would say, without throwing. */
export function canAt(
  req: FastifyRequest,
  action: Action,
  where: { compoundId?: string | null; buildingId?: string | null },
) {
  const community = communityOf(req);
  return can(principalOf(req), action, { ...where, communityId: community.id, streetId: community.streetId });
}

// ---- who may answer ----

export interface Home {
  householdId: string;
  compoundId: string;
  buildingId: string;
  name: string;
}

/** Whether a household is among those the survey asks. */
export function surveyAsks(
  survey: Pick<SurveysTable, 'compound_id' | 'audience'>,
  home: Omit<Home, 'householdId' | 'name'>,
) {
  if (survey.compound_id && survey.compound_id !== home.compoundId) return false;
  if (!survey.audience) return true;
  const a = JSON.parse(survey.audience) as Audience;
  return !!a.compoundIds?.includes(home.compoundId) || !!a.buildingIds?.includes(home.buildingId);
}

/** The account's confirmed households in a community (入户绑定), with the person it is there. */
export async function homesOf(db: Db, accountId: string, communityId?: string) {
  let query = db
    .selectFrom('household_bindings as b')
    .innerJoin('households as h', (j) =>
      j.onRef('h.community_id', '=', 'b.community_id').onRef('h.id', '=', 'b.household_id'),
    )
    .select([
      'b.community_id as communityId',
      'h.id as householdId',
      'h.compound_id as compoundId',
      'h.building_id as buildingId',
      'h.name',
      'b.person_id as personId',
    ])
    .where('b.account_id', '=', accountId)
    .where('b.status', '=', 'confirmed')
    .where('h.closed_at', 'is', null);
  if (communityId) query = query.where('b.community_id', '=', communityId);
  return query.orderBy('b.requested_at').orderBy('b.id').execute();
}

/** The person the account is in the community: from a binding, else a people row linked to it. */
export async function personOf(db: Db, accountId: string, communityId: string): Promise<string | null> {
  const bound = (await homesOf(db, accountId, communityId)).find((h) => h.personId);
  if (bound?.personId) return bound.personId;
  const p = await db
    .selectFrom('people')
    .select('id')
    .where('community_id', '=', communityId)
    .where('account_id', '=', accountId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return p?.id ?? null;
}

// ---- responses: one each ----

const stored = (r: SurveyResponsesTable): Stored => ({
  id: r.id,
  respondentKey: r.respondent_key,
  accountId: r.account_id,
  clientKey: r.client_key,
});

export interface NewResponse {
  householdId: string | null;
  personId: string | null;
  accountId: string | null;
  channel: Channel;
  enteredBy: string | null;
  answers: Answers;
  clientKey: string | null;
}

/** Thrown when the household or person has answered already: carries the response that did. */
export class AlreadyAnswered extends Error {
  constructor(readonly by: SurveyResponsesTable) {
    super('survey already answered');
  }
}

/**
 * Stores a response unless its household (or person) has answered: a repeat of the same account's
 * submission with the same client key gets the first response back (replay), any other second
 * answer throws AlreadyAnswered. Two submissions at the same moment meet at the unique index on
 * (survey, respondent key); the loser re-reads and is answered as if it had come second.
 */
export async function saveResponse(
  db: Db,
  survey: Pick<SurveysTable, 'community_id' | 'id' | 'respondent'>,
  input: NewResponse,
  now = Date.now(),
): Promise<{ row: SurveyResponsesTable; replay: boolean }> {
  const key = respondentKey(input, survey.respondent as RespondentKind);
  const submission = { respondentKey: key, accountId: input.accountId, clientKey: input.clientKey };
  const existing = async () => {
    let query = db
      .selectFrom('survey_responses')
      .selectAll()
      .where('community_id', '=', survey.community_id)
      .where('survey_id', '=', survey.id);
    const { accountId, clientKey } = input;
    query = query.where((eb) =>
      eb.or([
        eb('respondent_key', '=', key),
        ...(accountId && clientKey
          ? [eb.and([eb('account_id', '=', accountId), eb('client_key', '=', clientKey)])]
          : []),
      ]),
    );
    return query.execute();
  };
  const decide = (rows: SurveyResponsesTable[]) => {
    const d = decideSubmission(rows.map(stored), submission);
    const find = (id: string) => rows.find((r) => r.id === id)!;
    if (d.kind === 'replay') return { row: find(d.response.id), replay: true };
    if (d.kind === 'answered') throw new AlreadyAnswered(find(d.by.id));
    return null;
  };
  const earlier = decide(await existing());
  if (earlier) return earlier;
  const row: SurveyResponsesTable = {
    community_id: survey.community_id,
    id: newId(),
    survey_id: survey.id,
    household_id: input.householdId,
    person_id: input.personId,
    account_id: input.accountId,
    respondent_key: key,
    channel: input.channel,
    entered_by: input.enteredBy,
    answers: JSON.stringify(input.answers),
    client_key: input.clientKey,
    created_at: now,
  };
  try {
    await db.insertInto('survey_responses').values(row).execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const twin = decide(await existing());
    if (twin) return twin;
    throw err;
  }
  return { row, replay: false };
}

/**
 * The 409 for a second answer, saying who answered without revealing more: "you", "a household
 * member 张*" (named surveys only), or "a paper form". An anonymous survey names nobody.
 */
export async function answeredError(
  db: Db,
  survey: Pick<SurveysTable, 'community_id' | 'anonymous'>,
  by: SurveyResponsesTable,
  accountId: string | null,
  locale: Locale,
): Promise<AppError> {
  const zh = locale === 'zh-CN';
  const said = (answeredBy: string, who: string, name: string | null = null) =>
    new AppError(409, 'survey_already_answered', { who }, { answeredBy, name });
  if (accountId && by.account_id === accountId) return said('you', zh ? '您本人' : 'you');
  if (by.channel === 'paper') return said('paper', zh ? '纸质问卷录入' : 'a paper form');
  if (survey.anonymous === 1 || !by.account_id)
    return said('member', zh ? '家庭成员' : 'a member of your household');
  const name = await answererName(db, by);
  return said('member', zh ? `家庭成员${name}` : `a member of your household (${name})`, name);
}

/** The answerer's name, masked (张*): their person, their claimed name in the household, or their account. */
async function answererName(db: Db, by: SurveyResponsesTable): Promise<string> {
  if (by.person_id) {
    const p = await db
      .selectFrom('people')
      .select('name')
      .where('community_id', '=', by.community_id)
      .where('id', '=', by.person_id)
      .executeTakeFirst();
    if (p) return maskName(p.name);
  }
  if (by.household_id && by.account_id) {
    const b = await db
      .selectFrom('household_bindings')
      .select('claimed_name')
      .where('community_id', '=', by.community_id)
      .where('household_id', '=', by.household_id)
      .where('account_id', '=', by.account_id)
      .executeTakeFirst();
    if (b) return maskName(b.claimed_name);
  }
  const a = await db
    .selectFrom('accounts')
    .select('display_name')
    .where('id', '=', by.account_id!)
    .executeTakeFirst();
  return maskName(a?.display_name ?? '');
}

// ---- results ----

const ratingWords: Record<string, Record<Locale, string>> = {
  '1': { 'zh-CN': '很不满意', en: 'Very dissatisfied' },
  '2': { 'zh-CN': '不满意', en: 'Dissatisfied' },
  '3': { 'zh-CN': '一般', en: 'Neutral' },
  '4': { 'zh-CN': '满意', en: 'Satisfied' },
  '5': { 'zh-CN': '非常满意', en: 'Very satisfied' },
};

/** The answers of a survey, and how many came through each channel. Never who gave them. */
export async function answersOf(db: Db, communityId: string, surveyId: string) {
  const rows = await db
    .selectFrom('survey_responses')
    .select(['answers', 'channel'])
    .where('community_id', '=', communityId)
    .where('survey_id', '=', surveyId)
    .execute();
  return {
    answers: rows.map((r) => JSON.parse(r.answers) as Answers),
    byChannel: {
      online: rows.filter((r) => r.channel === 'online').length,
      paper: rows.filter((r) => r.channel === 'paper').length,
    },
  };
}

/** A survey's results: per question counts (with labels in the reader's language), means, 满意率, texts. */
export async function surveyResults(db: Db, survey: SurveysTable, locale: Locale) {
  const questions = await questionsOf(db, survey.community_id, survey.id);
  const { answers, byChannel } = await answersOf(db, survey.community_id, survey.id);
  const label = (q: Question, value: string) => {
    if (q.kind === 'rating') return `${value} ${ratingWords[value]![locale]}`;
    const o = q.options.find((x) => x.value === value);
    return (locale === 'en' && o?.labelEn) || o?.labelZh || value;
  };
  return {
    surveyId: survey.id,
    title: survey.title,
    state: survey.state as 'draft' | 'open' | 'closed',
    anonymous: survey.anonymous === 1,
    responses: answers.length,
    byChannel,
    questions: tallySurvey(questions, answers).map((t, i) => ({
      ...t,
      counts: t.counts.map((c) => ({ ...c, label: label(questions[i]!, c.value) })),
    })),
  };
}

/** The text of a response's answers, question by question, in the reader's language (for the sheet). */
export function answersText(questions: readonly Question[], answers: Answers, locale: Locale): string {
  return questions
    .map((q, i) => ({ q, i, v: answers[q.code] }))
    .filter((x) => x.v !== undefined)
    .map(({ q, i, v }) => {
      const words = (Array.isArray(v) ? v : [String(v!)]).map((x) => {
        if (q.kind === 'text') return x;
        if (q.kind === 'rating') return `${x}（${ratingWords[x]?.[locale] ?? x}）`;
        const o = q.options.find((opt) => opt.value === x);
        return (locale === 'en' && o?.labelEn) || o?.labelZh || x;
      });
      const text = locale === 'en' && q.textEn ? q.textEn : q.textZh;
      return `${i + 1}. ${text}: ${words.join(locale === 'en' ? ', ' : '、')}`;
    })
    .join('\n');
}

// ---- live ----

export const surveysTopic = (communityId: string) => `surveys:${communityId}`;
/** Published after a survey's answers or state change: a results page updates its count without polling. */
export const surveyEventType = 'survey';
export interface SurveyEvent {
  surveyId: string;
  compoundId: string | null;
  state: string;
  responseCount: number;
}

/** Tells the console a survey changed (after commit), with its answer count now. */
export async function publishSurvey(
  deps: { db: Db; events: { publish(topic: string, type: string, data: unknown): Promise<void> } },
  survey: Pick<SurveysTable, 'community_id' | 'id'>,
): Promise<void> {
  const row = await loadSurvey(deps.db, survey.community_id, survey.id);
  const event: SurveyEvent = {
    surveyId: row.id,
    compoundId: row.compound_id,
    state: row.state,
    responseCount: Number(row.response_count ?? 0),
  };
  await deps.events.publish(surveysTopic(survey.community_id), surveyEventType, event);
}
