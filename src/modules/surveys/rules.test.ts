import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  belowItems,
  belowThreshold,
  checkQuestions,
  decideSubmission,
  defaultEvaluationItems,
  evaluationFigures,
  evaluationQuestions,
  nextCaseState,
  periodOf,
  reevaluationPeriod,
  respondentKey,
  satisfactionRate,
  tallySurvey,
  validateAnswers,
  visibleQuestions,
  type Answers,
  type Question,
  type Stored,
} from './rules';

const q = (code: string, kind: Question['kind'], extra: Partial<Question> = {}): Question => ({
  code,
  kind,
  textZh: code,
  textEn: null,
  options:
    kind === 'single' || kind === 'multiple'
      ? [
          { value: 'yes', labelZh: '是' },
          { value: 'no', labelZh: '否' },
        ]
      : [],
  required: true,
  showIf: null,
  itemCode: null,
  ...extra,
});

// 是否养宠物 → 养了什么 (multiple) → 是否办证 (only for dogs); 满意度 rating → 不满意原因 (1–2 only)
const pets = q('pets', 'single');
const kinds = q('kinds', 'multiple', {
  options: [
    { value: 'dog', labelZh: '狗' },
    { value: 'cat', labelZh: '猫' },
  ],
  showIf: { question: 'pets', anyOf: ['yes'] },
});
const licence = q('licence', 'single', { showIf: { question: 'kinds', anyOf: ['dog'] } });
const rating = q('rating', 'rating');
const why = q('why', 'text', { showIf: { question: 'rating', anyOf: ['1', '2'] } });
const remark = q('remark', 'text', { required: false });
const survey = [pets, kinds, licence, rating, why, remark];
const codes = (list: Question[]) => list.map((x) => x.code);

describe('visibleQuestions (skip logic)', () => {
  it('shows unconditional questions and hides conditional ones until their condition holds', () => {
    expect(codes(visibleQuestions(survey, {}))).toEqual(['pets', 'rating', 'remark']);
    expect(codes(visibleQuestions(survey, { pets: 'no', rating: 5 }))).toEqual(['pets', 'rating', 'remark']);
  });

  it('follows chains: a condition on a hidden question is never met', () => {
    expect(codes(visibleQuestions(survey, { pets: 'yes', kinds: ['cat'] }))).toEqual([
      'pets',
      'kinds',
      'rating',
      'remark',
    ]);
    expect(codes(visibleQuestions(survey, { pets: 'yes', kinds: ['cat', 'dog'] }))).toContain('licence');
    // kinds still says dog, but pets changed to no: kinds is hidden, so licence is too
    expect(codes(visibleQuestions(survey, { pets: 'no', kinds: ['dog'] }))).not.toContain('licence');
  });

  it('matches a rating by its digit', () => {
    expect(codes(visibleQuestions(survey, { rating: 2 }))).toContain('why');
    expect(codes(visibleQuestions(survey, { rating: 3 }))).not.toContain('why');
  });

  it('property: every visible conditional question has a visible, matching condition', () => {
    const answer = fc.record({
      pets: fc.constantFrom('yes', 'no', ''),
      kinds: fc.subarray(['dog', 'cat']),
      rating: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(answer, (a) => {
        const shown = visibleQuestions(survey, a);
        for (const x of shown)
          if (x.showIf) {
            expect(codes(shown)).toContain(x.showIf.question);
            const v = (a as Answers)[x.showIf.question]!;
            const vs = Array.isArray(v) ? v : [String(v)];
            expect(vs.some((s) => x.showIf!.anyOf.includes(s))).toBe(true);
          }
      }),
    );
  });
});

describe('checkQuestions', () => {
  it('accepts a well-formed list', () => {
    expect(checkQuestions(survey)).toEqual([]);
  });

  it.each([
    ['a repeated code', [pets, { ...rating, code: 'pets' }], 1, 'code_repeated'],
    [
      'a choice with one option',
      [q('a', 'single', { options: [{ value: 'x', labelZh: 'x' }] })],
      0,
      'options_needed',
    ],
    [
      'options on a rating',
      [q('a', 'rating', { options: [{ value: 'x', labelZh: 'x' }] })],
      0,
      'options_not_allowed',
    ],
    [
      'a repeated option value',
      [
        q('a', 'single', {
          options: [
            { value: 'x', labelZh: 'x' },
            { value: 'x', labelZh: 'y' },
          ],
        }),
      ],
      0,
      'option_repeated',
    ],
    [
      'a condition on a later question',
      [licence, { ...kinds, showIf: null }],
      0,
      'condition_unknown_question',
    ],
    [
      'a condition on an unknown question',
      [q('a', 'text', { showIf: { question: 'zzz', anyOf: ['x'] } })],
      0,
      'condition_unknown_question',
    ],
    [
      'a condition on a text question',
      [remark, q('a', 'text', { showIf: { question: 'remark', anyOf: ['x'] } })],
      1,
      'condition_on_text',
    ],
    [
      'a condition on a value the question lacks',
      [pets, q('a', 'text', { showIf: { question: 'pets', anyOf: ['maybe'] } })],
      1,
      'condition_unknown_value',
    ],
    [
      'a condition with no values',
      [pets, q('a', 'text', { showIf: { question: 'pets', anyOf: [] } })],
      1,
      'condition_unknown_value',
    ],
    [
      'a rating condition outside 1–5',
      [rating, q('a', 'text', { showIf: { question: 'rating', anyOf: ['6'] } })],
      1,
      'condition_unknown_value',
    ],
  ] as const)('refuses %s', (_, list, index, problem) => {
    expect(checkQuestions(list as unknown as Question[])).toEqual([{ index, problem }]);
  });
});

describe('validateAnswers', () => {
  const ok = (a: Answers) => {
    const v = validateAnswers(survey, a);
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    return v.answers;
  };
  const problems = (a: Answers) => {
    const v = validateAnswers(survey, a);
    return v.ok ? [] : v.problems;
  };

  it('leaves an optional question coded like a built-in unanswered, not wrongly typed', () => {
    const odd = [q('constructor', 'text', { required: false }), pets];
    expect(validateAnswers(odd, { pets: 'no' })).toEqual({ ok: true, answers: { pets: 'no' } });
  });

  it('accepts complete answers and trims text', () => {
    expect(ok({ pets: 'no', rating: 4, remark: '  挺好 ' })).toEqual({
      pets: 'no',
      rating: 4,
      remark: '挺好',
    });
  });

  it('requires required questions only when they are shown', () => {
    expect(problems({ rating: 4 })).toEqual([{ question: 'pets', problem: 'required' }]);
    // kinds is required but hidden when pets is no
    expect(problems({ pets: 'no', rating: 4 })).toEqual([]);
    expect(problems({ pets: 'yes', rating: 4 })).toEqual([{ question: 'kinds', problem: 'required' }]);
    expect(problems({ pets: 'yes', kinds: [], rating: 4 })).toEqual([
      { question: 'kinds', problem: 'required' },
    ]);
    expect(problems({ pets: 'no', rating: 1 })).toEqual([{ question: 'why', problem: 'required' }]);
    expect(problems({ pets: 'no', rating: 1, why: '   ' })).toEqual([
      { question: 'why', problem: 'required' },
    ]);
  });

  it('drops answers to hidden questions', () => {
    expect(ok({ pets: 'no', kinds: ['dog'], licence: 'yes', rating: 5, why: '太吵' })).toEqual({
      pets: 'no',
      rating: 5,
    });
  });

  it('refuses values outside the options, wrong types, ratings outside 1–5 and unknown codes', () => {
    expect(problems({ pets: 'maybe', rating: 4 })).toEqual([{ question: 'pets', problem: 'not_an_option' }]);
    expect(problems({ pets: 'yes', kinds: ['dog', 'fish'], licence: 'yes', rating: 4 })).toEqual([
      { question: 'kinds', problem: 'not_an_option' },
    ]);
    expect(problems({ pets: 'yes', kinds: 'cat', rating: 4 })).toEqual([
      { question: 'kinds', problem: 'wrong_type' },
    ]);
    expect(problems({ pets: 'yes', kinds: ['dog', 'dog'], licence: 'no', rating: 4 })).toEqual([
      { question: 'kinds', problem: 'wrong_type' },
    ]);
    expect(problems({ pets: ['no'], rating: 4 })).toEqual([{ question: 'pets', problem: 'wrong_type' }]);
    expect(problems({ pets: 'no', rating: 6 })).toEqual([{ question: 'rating', problem: 'rating_range' }]);
    expect(problems({ pets: 'no', rating: 0 })).toEqual([{ question: 'rating', problem: 'rating_range' }]);
    expect(problems({ pets: 'no', rating: 4.5 })).toEqual([{ question: 'rating', problem: 'wrong_type' }]);
    expect(problems({ pets: 'no', rating: '4' })).toEqual([{ question: 'rating', problem: 'wrong_type' }]);
    expect(problems({ pets: 'no', rating: 4, remark: 7 })).toEqual([
      { question: 'remark', problem: 'wrong_type' },
    ]);
    expect(problems({ pets: 'no', rating: 4, remark: 'x'.repeat(1001) })).toEqual([
      { question: 'remark', problem: 'too_long' },
    ]);
    expect(problems({ pets: 'no', rating: 4, bogus: 'x' })).toEqual([
      { question: 'bogus', problem: 'unknown_question' },
    ]);
  });

  it('property: accepted answers only name visible questions and satisfy every shown required one', () => {
    const answer = fc.record(
      {
        pets: fc.constantFrom('yes', 'no', ''),
        kinds: fc.subarray(['dog', 'cat']),
        licence: fc.constantFrom('yes', 'no'),
        rating: fc.integer({ min: 0, max: 6 }),
        why: fc.string({ maxLength: 5 }),
        remark: fc.string({ maxLength: 5 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(answer, (a) => {
        const v = validateAnswers(survey, a);
        if (!v.ok) return;
        const shown = visibleQuestions(survey, v.answers);
        expect(Object.keys(v.answers).every((c) => codes(shown).includes(c))).toBe(true);
        for (const x of shown) if (x.required) expect(v.answers[x.code]).toBeDefined();
        // validating the accepted answers again accepts them unchanged
        expect(validateAnswers(survey, v.answers)).toEqual({ ok: true, answers: v.answers });
      }),
    );
  });
});

describe('satisfactionRate', () => {
  it('is the share of 4–5 ratings among valid ratings', () => {
    expect(satisfactionRate([5, 4, 3, 2, 1])).toEqual({ satisfied: 2, rated: 5, rate: 0.4 });
    expect(satisfactionRate([5, 5, 4])).toEqual({ satisfied: 3, rated: 3, rate: 1 });
    expect(satisfactionRate([1, 2, 3])).toEqual({ satisfied: 0, rated: 3, rate: 0 });
    expect(satisfactionRate([4, 1, 1])).toEqual({ satisfied: 1, rated: 3, rate: 0.3333 });
  });

  it('ignores missing and invalid ratings and is null when nobody rated', () => {
    expect(satisfactionRate([undefined, '5', 6, 0, 4.5, null, 4])).toEqual({
      satisfied: 1,
      rated: 1,
      rate: 1,
    });
    expect(satisfactionRate([])).toEqual({ satisfied: 0, rated: 0, rate: null });
  });

  it('compares with the threshold on the counts: exactly 60% is not below 60', () => {
    expect(belowThreshold(satisfactionRate([5, 5, 5, 1, 1]), 60)).toBe(false);
    expect(belowThreshold(satisfactionRate([5, 5, 1, 1, 1]), 60)).toBe(true);
    expect(belowThreshold(satisfactionRate([]), 60)).toBe(false);
  });

  it('property: the rate lies in [0,1] and matches the counts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 })), (ratings) => {
        const s = satisfactionRate(ratings);
        expect(s.rated).toBe(ratings.length);
        expect(s.satisfied).toBe(ratings.filter((r) => r >= 4).length);
        if (s.rate !== null) {
          expect(s.rate).toBeGreaterThanOrEqual(0);
          expect(s.rate).toBeLessThanOrEqual(1);
          expect(Math.abs(s.rate - s.satisfied / s.rated)).toBeLessThan(0.00006);
        } else expect(ratings).toEqual([]);
      }),
    );
  });
});

describe('tallySurvey', () => {
  it('counts options and ratings, averages ratings, lists texts without who wrote them', () => {
    const responses: Answers[] = [
      { pets: 'yes', kinds: ['dog', 'cat'], licence: 'yes', rating: 5, remark: '好' },
      { pets: 'yes', kinds: ['cat'], rating: 2, why: '吵' },
      { pets: 'no', rating: 4 },
    ];
    const t = tallySurvey(survey, responses);
    const by = (code: string) => t.find((x) => x.code === code)!;
    expect(by('pets')).toMatchObject({
      answered: 3,
      counts: [
        { value: 'yes', count: 2 },
        { value: 'no', count: 1 },
      ],
    });
    expect(by('kinds')).toMatchObject({
      answered: 2,
      counts: [
        { value: 'dog', count: 1 },
        { value: 'cat', count: 2 },
      ],
    });
    expect(by('rating')).toMatchObject({
      answered: 3,
      counts: [
        { value: '1', count: 0 },
        { value: '2', count: 1 },
        { value: '3', count: 0 },
        { value: '4', count: 1 },
        { value: '5', count: 1 },
      ],
      mean: 3.67,
      satisfied: 2,
      rated: 3,
      satisfactionRate: 0.6667,
    });
    expect(by('why')).toMatchObject({ answered: 1, texts: ['吵'], counts: [] });
    expect(by('remark').texts).toEqual(['好']);
    expect(by('pets').mean).toBeNull();
  });

  it('answers nothing for an empty survey', () => {
    expect(tallySurvey(survey, []).every((x) => x.answered === 0 && x.mean === null)).toBe(true);
  });

  it('property: option counts add up to the answers for single choice and ratings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ pets: fc.constantFrom('yes', 'no'), rating: fc.integer({ min: 1, max: 5 }) })),
        (responses) => {
          const t = tallySurvey(survey, responses);
          for (const code of ['pets', 'rating']) {
            const x = t.find((y) => y.code === code)!;
            expect(x.counts.reduce((a, c) => a + c.count, 0)).toBe(responses.length);
          }
        },
      ),
    );
  });
});

describe('property evaluation', () => {
  const items = defaultEvaluationItems;

  it('builds one required rating per item, an overall rating and an optional comment', () => {
    const questions = evaluationQuestions(items);
    expect(codes(questions)).toEqual([...items.map((i) => i.code), 'overall', 'comment']);
    expect(
      questions.slice(0, 6).every((x) => x.kind === 'rating' && x.required && x.itemCode === x.code),
    ).toBe(true);
    expect(questions[7]).toMatchObject({ kind: 'text', required: false });
    expect(checkQuestions(questions)).toEqual([]);
  });

  it('computes each item’s and the overall rate and says which fall below the threshold', () => {
    const all = (n: number, overall: number): Answers => ({
      ...Object.fromEntries(items.map((i) => [i.code, n])),
      overall,
    });
    const responses = [all(5, 5), all(4, 2), { ...all(5, 1), cleaning: 1 }];
    const f = evaluationFigures(items, responses);
    expect(f.responses).toBe(3);
    expect(f.overall).toEqual({ satisfied: 1, rated: 3, rate: 0.3333 });
    expect(f.items.find((i) => i.code === 'cleaning')).toEqual({
      code: 'cleaning',
      satisfied: 2,
      rated: 3,
      rate: 0.6667,
    });
    expect(belowItems(f, 60)).toEqual(['overall']);
    expect(belowItems(f, 70)).toEqual(['overall', 'cleaning']);
    expect(belowItems(evaluationFigures(items, []), 60)).toEqual([]);
  });

  it('names periods by cadence and numbers re-evaluations', () => {
    expect(periodOf('2026-11-25', 'quarterly')).toBe('2026Q4');
    expect(periodOf('2026-01-01', 'quarterly')).toBe('2026Q1');
    expect(periodOf('2026-06-30', 'half_yearly')).toBe('2026H1');
    expect(periodOf('2026-07-01', 'half_yearly')).toBe('2026H2');
    expect(periodOf('2026-07-01', 'yearly')).toBe('2026');
    expect(reevaluationPeriod('2026Q4', [])).toBe('2026Q4-R1');
    expect(reevaluationPeriod('2026Q4-R1', ['2026Q4-R1'])).toBe('2026Q4-R2');
  });
});

describe('one answer each', () => {
  const stored = (
    id: string,
    key: string,
    accountId: string | null,
    clientKey: string | null = null,
  ): Stored => ({
    id,
    respondentKey: key,
    accountId,
    clientKey,
  });

  it('stores a first answer, replays a repeat with the same key, refuses a second household answer', () => {
    const first = stored('r1', 'h:1', 'a1', 'k1');
    expect(decideSubmission([], { respondentKey: 'h:1', accountId: 'a1', clientKey: 'k1' })).toEqual({
      kind: 'insert',
    });
    expect(decideSubmission([first], { respondentKey: 'h:1', accountId: 'a1', clientKey: 'k1' })).toEqual({
      kind: 'replay',
      response: first,
    });
    expect(decideSubmission([first], { respondentKey: 'h:1', accountId: 'a2', clientKey: 'k1' })).toEqual({
      kind: 'answered',
      by: first,
    });
    expect(decideSubmission([first], { respondentKey: 'h:1', accountId: 'a1', clientKey: null })).toEqual({
      kind: 'answered',
      by: first,
    });
    expect(decideSubmission([first], { respondentKey: 'h:2', accountId: 'a3', clientKey: 'k1' })).toEqual({
      kind: 'insert',
    });
  });

  it('keys household surveys by household and person surveys by person (or account)', () => {
    expect(respondentKey({ householdId: 'h', personId: 'p' }, 'household')).toBe('h:h');
    expect(respondentKey({ householdId: 'h', personId: 'p' }, 'person')).toBe('p:p');
    expect(respondentKey({ accountId: 'a' }, 'person')).toBe('a:a');
    expect(() => respondentKey({ personId: 'p' }, 'household')).toThrow();
  });

  it('property: whatever members of whatever households submit, in any order, a household never answers twice', () => {
    // accounts 0–5 live in households 0–2 (account n in household n % 3); each may retry with a key
    const submission = fc.record({
      account: fc.integer({ min: 0, max: 5 }),
      clientKey: fc.option(fc.constantFrom('k1', 'k2'), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(submission, { maxLength: 30 }), (subs) => {
        const rows: Stored[] = [];
        for (const s of subs) {
          const sub = {
            respondentKey: `h:${s.account % 3}`,
            accountId: `a${s.account}`,
            clientKey: s.clientKey,
          };
          const d = decideSubmission(rows, sub);
          if (d.kind === 'insert') rows.push({ ...sub, id: `r${rows.length}` });
          if (d.kind === 'replay') expect(d.response.accountId).toBe(sub.accountId);
          if (d.kind === 'answered') expect(d.by.respondentKey).toBe(sub.respondentKey);
        }
        const households = rows.map((r) => r.respondentKey);
        expect(new Set(households).size).toBe(households.length);
        // every household that submitted has exactly one answer
        expect(new Set(households)).toEqual(new Set(subs.map((s) => `h:${s.account % 3}`)));
      }),
    );
  });
});

describe('evaluation cases', () => {
  it('walks the happy path: 约谈 → rectifying → re-evaluation → closed', () => {
    expect(nextCaseState('open', 'talk')).toBe('talk_scheduled');
    expect(nextCaseState('talk_scheduled', 'talk')).toBe('talk_scheduled');
    expect(nextCaseState('talk_scheduled', 'add_item')).toBe('rectifying');
    expect(nextCaseState('rectifying', 'add_item')).toBe('rectifying');
    expect(nextCaseState('rectifying', 'item_done')).toBe('rectifying');
    expect(nextCaseState('rectifying', 'reevaluate', 1)).toBe('re_evaluating');
    expect(nextCaseState('re_evaluating', 'item_done')).toBe('re_evaluating');
    expect(nextCaseState('re_evaluating', 'close')).toBe('closed_resolved');
  });

  it('refuses steps out of order and anything after the end', () => {
    expect(nextCaseState('rectifying', 'talk')).toBeNull();
    expect(nextCaseState('open', 'item_done')).toBeNull();
    expect(nextCaseState('open', 'reevaluate', 0)).toBeNull();
    expect(nextCaseState('rectifying', 'reevaluate', 0)).toBeNull();
    expect(nextCaseState('re_evaluating', 'add_item')).toBeNull();
    expect(nextCaseState('re_evaluating', 'reevaluate', 2)).toBeNull();
    for (const end of ['closed_resolved', 'escalated'] as const)
      for (const a of ['talk', 'add_item', 'item_done', 'reevaluate', 'close', 'escalate'] as const)
        expect(nextCaseState(end, a, 3)).toBeNull();
  });

  it('escalates (replacement proposal) from any open state', () => {
    for (const s of ['open', 'talk_scheduled', 'rectifying', 're_evaluating'] as const)
      expect(nextCaseState(s, 'escalate')).toBe('escalated');
  });
});
