import { Type, type Static } from 'typebox';
import type { SurveyQuestionsTable, SurveysTable } from '../../core/db/schema';
import { Id, Nullable, StringEnum, Text } from '../../core/http/schemas';
import {
  questionKinds,
  respondentKinds,
  surveyKinds,
  surveyStates,
  type Question,
  type RespondentKind,
  type SurveyKind,
  type SurveyState,
} from './rules';

/** The surveys module's wire shapes (camelCase) and the mappers from rows to them. */

export const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z][a-z0-9_]*$' });
const OptionValue = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });

export const OptionSchema = Type.Object(
  { value: OptionValue, labelZh: Text(60), labelEn: Type.Optional(Nullable(Text(100))) },
  { additionalProperties: false },
);

export const QuestionSchema = Type.Object(
  {
    code: Code,
    kind: StringEnum(questionKinds),
    textZh: Text(200),
    textEn: Type.Optional(Nullable(Text(300))),
    options: Type.Optional(Type.Array(OptionSchema, { maxItems: 30 })),
    required: Type.Optional(Type.Boolean()),
    showIf: Type.Optional(
      Nullable(
        Type.Object(
          {
            question: Code,
            anyOf: Type.Array(OptionValue, { minItems: 1, maxItems: 30 }),
          },
          {
            additionalProperties: false,
            description: 'skip logic (跳题): shown only when `question` was answered with one of `anyOf`',
          },
        ),
      ),
    ),
    itemCode: Type.Optional(Nullable(Code)),
  },
  { additionalProperties: false },
);
export type QuestionInput = Static<typeof QuestionSchema>;
export const QuestionList = Type.Array(QuestionSchema, { minItems: 1, maxItems: 100 });

export const QuestionView = Type.Object({
  code: Type.String(),
  kind: StringEnum(questionKinds),
  textZh: Type.String(),
  textEn: Nullable(Type.String()),
  options: Type.Array(
    Type.Object({ value: Type.String(), labelZh: Type.String(), labelEn: Nullable(Type.String()) }),
  ),
  required: Type.Boolean(),
  showIf: Nullable(Type.Object({ question: Type.String(), anyOf: Type.Array(Type.String()) })),
  itemCode: Nullable(Type.String()),
});

export const questionOf = (q: QuestionInput): Question => ({
  code: q.code,
  kind: q.kind,
  textZh: q.textZh.trim(),
  textEn: q.textEn?.trim() || null,
  options: (q.options ?? []).map((o) => ({
    value: o.value,
    labelZh: o.labelZh.trim(),
    labelEn: o.labelEn?.trim() || null,
  })),
  required: q.required ?? false,
  showIf: q.showIf ?? null,
  itemCode: q.itemCode ?? null,
});

export const questionFromRow = (r: SurveyQuestionsTable): Question => ({
  code: r.code,
  kind: r.kind as Question['kind'],
  textZh: r.text_zh,
  textEn: r.text_en,
  options: (JSON.parse(r.options) as Question['options']).map((o) => ({ ...o, labelEn: o.labelEn ?? null })),
  required: r.required === 1,
  showIf: r.show_if ? (JSON.parse(r.show_if) as Question['showIf']) : null,
  itemCode: r.item_code,
});

export const Audience = Type.Object(
  {
    compoundIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    buildingIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  },
  {
    additionalProperties: false,
    description: 'who may answer; null: everyone in the survey’s compound or community',
  },
);
export type Audience = Static<typeof Audience>;

/**
 * {questionCode: value}. Values are left untyped here on purpose: the server coerces types, and a
 * union would turn a rating 4 into "4" or an option "1" into 1. validateAnswers checks each kind.
 */
export const AnswersSchema = Type.Record(Type.String({ maxLength: 32 }), Type.Unknown(), {
  description: '{questionCode: value}: a choice’s value, an array of values, a rating 1–5 or text',
});

export const Survey = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Nullable(Type.String()),
  compoundName: Nullable(Type.String()),
  title: Type.String(),
  intro: Nullable(Type.String()),
  kind: StringEnum(surveyKinds),
  respondent: StringEnum(respondentKinds),
  anonymous: Type.Boolean(),
  resultsPublic: Type.Boolean({ description: 'residents may see the results once it is closed' }),
  state: StringEnum(surveyStates),
  accepting: Type.Boolean({ description: 'open, and within opensAt–closesAt: residents can answer now' }),
  opensAt: Nullable(Type.Integer()),
  closesAt: Nullable(Type.Integer()),
  audience: Nullable(Audience),
  openedAt: Nullable(Type.Integer()),
  closedAt: Nullable(Type.Integer()),
  responseCount: Type.Integer(),
  roundId: Nullable(Type.String({ description: 'the evaluation round, for a property evaluation survey' })),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  version: Type.Integer(),
});
export type SurveyView = Static<typeof Survey>;
export const SurveyDetail = Type.Object({ ...Survey.properties, questions: Type.Array(QuestionView) });

export interface SurveyRow extends SurveysTable {
  compound_name: string | null;
  response_count: number | string | null;
  round_id: string | null;
}

/** Whether residents can answer now: open, and inside its window. */
export const accepting = (s: SurveysTable, now = Date.now()) =>
  s.state === 'open' &&
  (s.opens_at === null || s.opens_at <= now) &&
  (s.closes_at === null || s.closes_at > now);

export const surveyView = (s: SurveyRow): SurveyView => ({
  id: s.id,
  communityId: s.community_id,
  compoundId: s.compound_id,
  compoundName: s.compound_name,
  title: s.title,
  intro: s.intro,
  kind: s.kind as SurveyKind,
  respondent: s.respondent as RespondentKind,
  anonymous: s.anonymous === 1,
  resultsPublic: s.results_public === 1,
  state: s.state as SurveyState,
  accepting: accepting(s),
  opensAt: s.opens_at,
  closesAt: s.closes_at,
  audience: s.audience ? (JSON.parse(s.audience) as Audience) : null,
  openedAt: s.opened_at,
  closedAt: s.closed_at,
  responseCount: Number(s.response_count ?? 0),
  roundId: s.round_id,
  createdAt: s.created_at,
  updatedAt: s.updated_at,
  version: s.version,
});

export const QuestionResult = Type.Object({
  code: Type.String(),
  kind: StringEnum(questionKinds),
  textZh: Type.String(),
  textEn: Nullable(Type.String()),
  itemCode: Nullable(Type.String()),
  answered: Type.Integer(),
  counts: Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() })),
  mean: Nullable(Type.Number()),
  satisfied: Nullable(Type.Integer()),
  rated: Nullable(Type.Integer()),
  satisfactionRate: Nullable(
    Type.Number({
      description: '满意率 = (满意 + 非常满意) / 有效评价: share 0–1 of 4–5 ratings among ratings given',
    }),
  ),
  texts: Type.Array(Type.String(), { description: 'text answers, sorted, never with who wrote them' }),
});

export const SurveyResults = Type.Object({
  surveyId: Type.String(),
  title: Type.String(),
  state: StringEnum(surveyStates),
  anonymous: Type.Boolean(),
  responses: Type.Integer(),
  byChannel: Type.Object({ online: Type.Integer(), paper: Type.Integer() }),
  questions: Type.Array(QuestionResult),
});

/** A question as the API shows it: every optional word present (null when missing). */
export const questionView = (q: Question): Static<typeof QuestionView> => ({
  ...q,
  textEn: q.textEn ?? null,
  options: q.options.map((o) => ({ value: o.value, labelZh: o.labelZh, labelEn: o.labelEn ?? null })),
});
