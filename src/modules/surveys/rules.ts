/**
 * The questionnaire engine's rules, pure: which questions a respondent sees (skip logic, 跳题), whether
 * a set of answers is acceptable, how answers add up (per question, and the satisfaction rate of a
 * property evaluation, 满意率), who may answer once, and the life of an evaluation case (整改).
 */

export const questionKinds = ['single', 'multiple', 'rating', 'text'] as const;
export type QuestionKind = (typeof questionKinds)[number];
export const surveyKinds = ['general', 'property_evaluation'] as const;
export type SurveyKind = (typeof surveyKinds)[number];
export const respondentKinds = ['household', 'person'] as const;
export type RespondentKind = (typeof respondentKinds)[number];
export const surveyStates = ['draft', 'open', 'closed'] as const;
export type SurveyState = (typeof surveyStates)[number];
export const channels = ['online', 'paper'] as const;
export type Channel = (typeof channels)[number];

export interface Option {
  value: string;
  labelZh: string;
  labelEn?: string | null;
}
export interface ShowIf {
  question: string;
  anyOf: string[];
}
export interface Question {
  code: string;
  kind: QuestionKind;
  textZh: string;
  textEn?: string | null;
  options: Option[];
  required: boolean;
  showIf: ShowIf | null;
  itemCode: string | null;
}
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;

/** A rating is 1 (很不满意) to 5 (非常满意); 4 and 5 are satisfied. */
export const ratingValues = [1, 2, 3, 4, 5] as const;
export const satisfiedFrom = 4;
export const maxTextAnswer = 1000;

const answered = (value: AnswerValue | null | undefined): value is AnswerValue =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

/** The answer as the option values it picks (a rating as its digit). */
const picked = (value: AnswerValue | undefined): string[] =>
  !answered(value) ? [] : Array.isArray(value) ? value : [String(value)];

/**
 * The questions a respondent sees given their answers, in order: a question with a condition shows
 * when the question it names is itself shown and was answered with one of the values listed.
 */
export function visibleQuestions<Q extends Question>(questions: readonly Q[], answers: Answers): Q[] {
  const shown = new Set<string>();
  const out: Q[] = [];
  for (const q of questions) {
    const rule = q.showIf;
    if (
      rule &&
      !(
        shown.has(rule.question) &&
        picked(Object.hasOwn(answers, rule.question) ? answers[rule.question] : undefined).some((v) =>
          rule.anyOf.includes(v),
        )
      )
    )
      continue;
    shown.add(q.code);
    out.push(q);
  }
  return out;
}

export type QuestionProblem =
  | 'code_repeated'
  | 'options_needed'
  | 'options_not_allowed'
  | 'option_repeated'
  | 'condition_unknown_question'
  | 'condition_on_text'
  | 'condition_unknown_value';

/**
 * What is wrong with a question list, question by question (empty when it can be saved). A
 * condition names an earlier choice or rating question and values it can take, so skip logic never
 * loops or waits on an answer that cannot be given.
 */
export function checkQuestions(
  questions: readonly Question[],
): { index: number; problem: QuestionProblem }[] {
  const problems: { index: number; problem: QuestionProblem }[] = [];
  const earlier = new Map<string, Question>();
  questions.forEach((q, index) => {
    const problem = questionProblem(q, earlier);
    if (problem) problems.push({ index, problem });
    if (!earlier.has(q.code)) earlier.set(q.code, q);
  });
  return problems;
}

function questionProblem(q: Question, earlier: Map<string, Question>): QuestionProblem | null {
  if (earlier.has(q.code)) return 'code_repeated';
  const choice = q.kind === 'single' || q.kind === 'multiple';
  if (choice && q.options.length < 2) return 'options_needed';
  if (!choice && q.options.length) return 'options_not_allowed';
  if (new Set(q.options.map((o) => o.value)).size !== q.options.length) return 'option_repeated';
  if (!q.showIf) return null;
  const target = earlier.get(q.showIf.question);
  if (!target) return 'condition_unknown_question';
  if (target.kind === 'text') return 'condition_on_text';
  const possible = valuesOf(target);
  if (!q.showIf.anyOf.length || q.showIf.anyOf.some((v) => !possible.includes(v)))
    return 'condition_unknown_value';
  return null;
}

/** The values a choice or rating question can be answered with, as text. */
export const valuesOf = (q: Question): string[] =>
  q.kind === 'rating' ? ratingValues.map(String) : q.options.map((o) => o.value);

export type AnswerProblem =
  'required' | 'unknown_question' | 'wrong_type' | 'not_an_option' | 'rating_range' | 'too_long';

export type Validated =
  { ok: true; answers: Answers } | { ok: false; problems: { question: string; problem: AnswerProblem }[] };

/**
 * Checks a respondent's answers: every shown required question answered, each answer of the
 * question's kind and among its options (a rating 1–5). Answers to questions the skip logic hides
 * are dropped (the phone may have sent them before an earlier answer changed); codes the survey
 * does not have are refused. The accepted answers come back with blanks removed.
 */
export function validateAnswers(questions: readonly Question[], answers: Answers): Validated {
  const problems: { question: string; problem: AnswerProblem }[] = [];
  const codes = new Set(questions.map((q) => q.code));
  for (const code of Object.keys(answers))
    if (!codes.has(code)) problems.push({ question: code, problem: 'unknown_question' });
  const kept: Answers = {};
  for (const q of visibleQuestions(questions, answers)) {
    // Own keys only: a question coded like a built-in (`constructor`) is not answered by the prototype.
    const value = Object.hasOwn(answers, q.code) ? answers[q.code] : undefined;
    if (!answered(value)) {
      if (q.required) problems.push({ question: q.code, problem: 'required' });
      continue;
    }
    const problem = answerProblem(q, value);
    if (problem) problems.push({ question: q.code, problem });
    else kept[q.code] = typeof value === 'string' ? value.trim() : value;
  }
  return problems.length ? { ok: false, problems } : { ok: true, answers: kept };
}

function answerProblem(q: Question, value: AnswerValue): AnswerProblem | null {
  const options = q.options.map((o) => o.value);
  switch (q.kind) {
    case 'single':
      if (typeof value !== 'string') return 'wrong_type';
      return options.includes(value) ? null : 'not_an_option';
    case 'multiple':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return 'wrong_type';
      if (new Set(value).size !== value.length) return 'wrong_type';
      return value.every((v) => options.includes(v)) ? null : 'not_an_option';
    case 'rating':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'wrong_type';
      return value >= 1 && value <= 5 ? null : 'rating_range';
    case 'text':
      if (typeof value !== 'string') return 'wrong_type';
      if (!value.trim()) return 'required';
      return value.length > maxTextAnswer ? 'too_long' : null;
  }
}

export interface Satisfaction {
  /** answers of 4 or 5 (满意 + 非常满意) */
  satisfied: number;
  /** every valid rating (有效评价) */
  rated: number;
  /** satisfied / rated, 0–1 to four decimals; null when nobody rated */
  rate: number | null;
}

/** 满意率 = (满意 + 非常满意) / 有效评价: the share of 4–5 ratings among the ratings given. */
export function satisfactionRate(ratings: readonly unknown[]): Satisfaction {
  const valid = ratings.filter(
    (r): r is number => typeof r === 'number' && Number.isInteger(r) && r >= 1 && r <= 5,
  );
  const satisfied = valid.filter((r) => r >= satisfiedFrom).length;
  return {
    satisfied,
    rated: valid.length,
    rate: valid.length ? Math.round((satisfied / valid.length) * 10000) / 10000 : null,
  };
}

/** Below the threshold (a percentage), compared on the counts so no rounding decides it. */
export const belowThreshold = (s: Satisfaction, thresholdPercent: number): boolean =>
  s.rated > 0 && s.satisfied * 100 < thresholdPercent * s.rated;

export interface QuestionTally {
  code: string;
  kind: QuestionKind;
  textZh: string;
  textEn: string | null;
  itemCode: string | null;
  /** responses that answered it */
  answered: number;
  /** per option (or rating 1–5) in the question's order: how many picked it */
  counts: { value: string; count: number }[];
  /** ratings: the mean to two decimals, and the satisfaction figures */
  mean: number | null;
  satisfied: number | null;
  rated: number | null;
  satisfactionRate: number | null;
  /** text answers, never with who wrote them, in a stable order */
  texts: string[];
}

/** Per question: how many answered, counts per option or rating, mean and 满意率, text answers. */
export function tallySurvey(questions: readonly Question[], responses: readonly Answers[]): QuestionTally[] {
  return questions.map((q) => {
    const values = responses.map((r) => r[q.code]).filter(answered);
    const base = {
      code: q.code,
      kind: q.kind,
      textZh: q.textZh,
      textEn: q.textEn ?? null,
      itemCode: q.itemCode,
      answered: values.length,
      counts: [] as { value: string; count: number }[],
      mean: null as number | null,
      satisfied: null as number | null,
      rated: null as number | null,
      satisfactionRate: null as number | null,
      texts: [] as string[],
    };
    if (q.kind === 'text') return { ...base, texts: values.map(String).sort() };
    const counts = valuesOf(q).map((value) => ({
      value,
      count: values.filter((v) => picked(v).includes(value)).length,
    }));
    if (q.kind !== 'rating') return { ...base, counts };
    const s = satisfactionRate(values);
    const sum = values.reduce<number>((a, v) => a + (typeof v === 'number' ? v : 0), 0);
    return {
      ...base,
      counts,
      mean: s.rated ? Math.round((sum / s.rated) * 100) / 100 : null,
      satisfied: s.satisfied,
      rated: s.rated,
      satisfactionRate: s.rate,
    };
  });
}

// ---- property evaluation (物业评议) ----

export interface EvaluationItem {
  code: string;
  nameZh: string;
  nameEn: string;
}

export const defaultEvaluationItems: EvaluationItem[] = [
  { code: 'cleaning', nameZh: '保洁', nameEn: 'Cleaning' },
  { code: 'security', nameZh: '安保', nameEn: 'Security' },
  { code: 'greenery', nameZh: '绿化', nameEn: 'Greenery' },
  { code: 'repairs', nameZh: '维修', nameEn: 'Repairs' },
  { code: 'attitude', nameZh: '服务态度', nameEn: 'Attitude' },
  { code: 'fees', nameZh: '收费公开', nameEn: 'Fees transparency' },
];
export const defaultThresholdPercent = 60;
export const cadences = ['quarterly', 'half_yearly', 'yearly'] as const;
export type Cadence = (typeof cadences)[number];

/** The overall question's code in an evaluation survey; each item's question has the item's code. */
export const overallCode = 'overall';
export const commentCode = 'comment';

/** An evaluation survey's questions: one rating per item, an overall rating, then a comment. */
export function evaluationQuestions(items: readonly EvaluationItem[]): Question[] {
  const rating = (code: string, textZh: string, textEn: string, itemCode: string | null): Question => ({
    code,
    kind: 'rating',
    textZh,
    textEn,
    options: [],
    required: true,
    showIf: null,
    itemCode,
  });
  return [
    ...items.map((i) =>
      rating(
        i.code,
        `您对物业${i.nameZh}是否满意？`,
        `How satisfied are you with ${i.nameEn.toLowerCase()}?`,
        i.code,
      ),
    ),
    rating(
      overallCode,
      '您对物业服务的总体评价',
      'Overall, how satisfied are you with the property company?',
      null,
    ),
    {
      code: commentCode,
      kind: 'text',
      textZh: '您对物业服务还有什么意见和建议？',
      textEn: 'Anything else the property company should hear?',
      options: [],
      required: false,
      showIf: null,
      itemCode: null,
    },
  ];
}

export interface ItemRate extends Satisfaction {
  code: string;
}
export interface EvaluationFigures {
  responses: number;
  overall: Satisfaction;
  items: ItemRate[];
}

/** A round's rates, straight from its responses: the overall question's and each item's. */
export function evaluationFigures(
  items: readonly EvaluationItem[],
  responses: readonly Answers[],
): EvaluationFigures {
  return {
    responses: responses.length,
    overall: satisfactionRate(responses.map((r) => r[overallCode])),
    items: items.map((i) => ({ code: i.code, ...satisfactionRate(responses.map((r) => r[i.code])) })),
  };
}

/** What falls below the threshold: 'overall' and/or item codes. A case opens when any does. */
export function belowItems(figures: EvaluationFigures, thresholdPercent: number): string[] {
  return [
    ...(belowThreshold(figures.overall, thresholdPercent) ? [overallCode] : []),
    ...figures.items.filter((i) => belowThreshold(i, thresholdPercent)).map((i) => i.code),
  ];
}

/** The evaluation period containing a Shanghai date: 2026Q4, 2026H2 or 2026. */
export function periodOf(date: string, cadence: Cadence): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  if (cadence === 'yearly') return year;
  if (cadence === 'half_yearly') return `${year}H${month <= 6 ? 1 : 2}`;
  return `${year}Q${Math.ceil(month / 3)}`;
}
export const periodPattern = '^[0-9]{4}(Q[1-4]|H[12])?$';

/** A re-evaluation round's period: the case's round's period with the next -R number. */
export function reevaluationPeriod(period: string, existing: readonly string[]): string {
  const base = period.replace(/-R\d+$/, '');
  let n = 1;
  while (existing.includes(`${base}-R${n}`)) n++;
  return `${base}-R${n}`;
}

// ---- one answer each ----

export interface Submission {
  /** 'h:<household>' or 'p:<person>' */
  respondentKey: string;
  accountId: string | null;
  clientKey: string | null;
}
export interface Stored extends Submission {
  id: string;
}
export type Decision =
  { kind: 'insert' } | { kind: 'replay'; response: Stored } | { kind: 'answered'; by: Stored };

/**
 * What a submission does given the responses already stored: a repeat of the same account's
 * submission (same client key) gets the first response back; a household or person that has
 * already answered is refused, saying who answered; otherwise it is stored.
 */
export function decideSubmission(existing: readonly Stored[], s: Submission): Decision {
  if (s.clientKey) {
    const same = existing.find((e) => e.clientKey === s.clientKey && e.accountId === s.accountId);
    if (same) return { kind: 'replay', response: same };
  }
  const earlier = existing.find((e) => e.respondentKey === s.respondentKey);
  return earlier ? { kind: 'answered', by: earlier } : { kind: 'insert' };
}

export const respondentKey = (
  r: { householdId?: string | null; personId?: string | null; accountId?: string | null },
  kind: RespondentKind,
): string => {
  if (kind === 'household') {
    if (!r.householdId) throw new Error('household survey answered without a household');
    return `h:${r.householdId}`;
  }
  if (r.personId) return `p:${r.personId}`;
  if (r.accountId) return `a:${r.accountId}`;
  throw new Error('person survey answered without a person');
};

// ---- evaluation cases (整改) ----

export const caseStates = [
  'open',
  'talk_scheduled',
  'rectifying',
  're_evaluating',
  'closed_resolved',
  'escalated',
] as const;
export type CaseState = (typeof caseStates)[number];
export const caseActions = ['talk', 'add_item', 'item_done', 'reevaluate', 'close', 'escalate'] as const;
export type CaseAction = (typeof caseActions)[number];
export const finalCaseStates: readonly CaseState[] = ['closed_resolved', 'escalated'];

/**
 * The case's next state after an action, or null when the action is not possible now. 约谈 can be
 * (re)scheduled until rectification starts; the rectification list grows until re-evaluation; items
 * can be ticked off until the case ends; re-evaluation needs a list; closing or escalating ends it.
 */
export function nextCaseState(state: CaseState, action: CaseAction, itemCount = 0): CaseState | null {
  if (finalCaseStates.includes(state)) return null;
  switch (action) {
    case 'talk':
      return state === 'open' || state === 'talk_scheduled' ? 'talk_scheduled' : null;
    case 'add_item':
      return state === 're_evaluating' ? null : 'rectifying';
    case 'item_done':
      return state === 'rectifying' || state === 're_evaluating' ? state : null;
    case 'reevaluate':
      return state === 'rectifying' && itemCount > 0 ? 're_evaluating' : null;
    case 'close':
      return 'closed_resolved';
    case 'escalate':
      return 'escalated';
  }
}
