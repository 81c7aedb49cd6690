import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { errorCode, type Client } from '../../../test/support/client';
import { readBack } from '../roster/roster.testkit';
import { answer, api, body, giveCompany, setUpHomes, type SurveyWorld } from './surveys.testkit';

let t: TestContext;
let A: string;
let w: SurveyWorld;
let staff: Client;
let branch: Client;
let property: Client;
let companyA1: string;

interface Figures {
  satisfied: number | null;
  rated: number | null;
  rate: number | null;
  below: boolean;
}
interface RoundJson {
  id: string;
  surveyId: string;
  period: string;
  state: string;
  responses: number;
  overallRate: number | null;
  overall: Figures;
  items: ({ code: string } & Figures)[];
  below: string[];
  caseId: string | null;
  caseState: string | null;
}
interface CaseJson {
  id: string;
  state: string;
  below: string[];
  items: { index: number; title: string; state: string; note: string | null }[];
  itemsDone: number;
  reevaluationRoundId: string | null;
  reevaluation: { state: string; overallRate: number | null; below: string[] } | null;
  version: number;
  [key: string]: unknown;
}
const items = ['cleaning', 'security', 'greenery', 'repairs', 'attitude', 'fees'];
/** Every item rated `n` and the overall `overall`; cleaning `cleaning` when given. */
const ratings = (n: number, overall = n, cleaning = n) => ({
  ...Object.fromEntries(items.map((i) => [i, n])),
  cleaning,
  overall,
});

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  w = await setUpHomes(t);
  staff = await t.as('communityStaff');
  branch = await t.as('branch');
  property = await t.as('property');
  companyA1 = await giveCompany(t, t.world.compoundA1, '安居物业');
  await giveCompany(t, t.world.compoundA2, '乐家物业');
});
afterAll(() => t.close());

describe('evaluation settings', () => {
  it('start from the standard items and a 60% threshold; only community staff change them, audited', async () => {
    const s = body<{ items: { code: string }[]; thresholdPercent: number; cadence: string }>(
      await property.get(`${A}/evaluation-settings`),
      200,
    );
    expect(s.items.map((i) => i.code)).toEqual(items);
    expect(s).toMatchObject({ thresholdPercent: 60, cadence: 'quarterly' });
    expect(errorCode(await branch.patch(`${A}/evaluation-settings`, { thresholdPercent: 50 }), 403)).toBe(
      'forbidden',
    );
    expect(errorCode(await staff.patch(`${A}/evaluation-settings`, {}), 400)).toBe('validation');
    const twice = [
      { code: 'cleaning', nameZh: '保洁', nameEn: 'Cleaning' },
      { code: 'cleaning', nameZh: '卫生', nameEn: 'Hygiene' },
    ];
    expect(errorCode(await staff.patch(`${A}/evaluation-settings`, { items: twice }), 400)).toBe(
      'evaluation_items_repeat',
    );
    expect(
      errorCode(
        await staff.patch(`${A}/evaluation-settings`, {
          items: [{ code: 'overall', nameZh: '总体', nameEn: 'All' }],
        }),
        400,
      ),
    ).toBe('evaluation_item_reserved');
    body(await staff.patch(`${A}/evaluation-settings`, { thresholdPercent: 65 }), 200);
    body(await staff.patch(`${A}/evaluation-settings`, { thresholdPercent: 60 }), 200);
    const log = await t.deps.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'evaluation_settings.update')
      .execute();
    expect(log.map((l) => JSON.parse(l.after_json!).thresholdPercent)).toEqual([65, 60]);
  });
});

describe('a round below the threshold', () => {
  let round: RoundJson;
  let caseJson: CaseJson;

  it('opens for a compound with a property company, once per period', async () => {
    await t.deps.db
      .updateTable('compounds')
      .set({ property_company_id: null })
      .where('id', '=', t.world.compoundA2)
      .execute();
    expect(
      errorCode(await staff.post(`${A}/evaluation-rounds`, { compoundId: t.world.compoundA2 }), 409),
    ).toBe('evaluation_no_company');
    expect(
      errorCode(await branch.post(`${A}/evaluation-rounds`, { compoundId: t.world.compoundA2 }), 403),
    ).toBe('forbidden');
    expect(errorCode(await staff.post(`${A}/evaluation-rounds`, { compoundId: 'nope' }), 400)).toBe(
      'bad_reference',
    );
    expect(
      errorCode(
        await staff.post(`${A}/evaluation-rounds`, { compoundId: t.world.compoundA1, period: '2026Q5' }),
        400,
      ),
    ).toBe('validation');
    round = body<RoundJson>(
      await branch.post(`${A}/evaluation-rounds`, { compoundId: t.world.compoundA1, period: '2026Q4' }),
      201,
    );
    expect(round).toMatchObject({
      state: 'open',
      period: '2026Q4',
      responses: 0,
      overallRate: null,
      caseId: null,
    });
    const again = await branch.post(`${A}/evaluation-rounds`, {
      compoundId: t.world.compoundA1,
      period: '2026Q4',
    });
    expect(errorCode(again, 409)).toBe('evaluation_round_exists');
    const survey = body<{
      kind: string;
      anonymous: boolean;
      state: string;
      questions: { code: string; kind: string }[];
    }>(await branch.get(`${A}/surveys/${round.surveyId}`), 200);
    expect(survey).toMatchObject({ kind: 'property_evaluation', anonymous: true, state: 'open' });
    expect(survey.questions.map((q) => q.code)).toEqual([...items, 'overall', 'comment']);
  });

  it('residents of the compound rate it from their phones', async () => {
    const listed = body<{ items: { id: string; kind: string }[] }>(
      await w.a1[0]!.client.get('/api/v1/me/surveys'),
      200,
    );
    expect(listed.items.find((s) => s.id === round.surveyId)).toMatchObject({ kind: 'property_evaluation' });
    body(
      await answer(w.a1[0]!.client, round.surveyId, {
        answers: { ...ratings(5, 4, 2), comment: '垃圾清运不及时' },
      }),
      201,
    );
    body(await answer(w.a1[1]!.client, round.surveyId, { answers: ratings(4, 2, 1) }), 201);
    body(await answer(w.a1[2]!.client, round.surveyId, { answers: ratings(5, 2, 2) }), 201);
    expect(errorCode(await answer(w.a1[0]!.client, round.surveyId, { answers: ratings(5) }), 409)).toBe(
      'survey_already_answered',
    );
    // the survey closes through its round only
    expect(errorCode(await staff.post(`${A}/surveys/${round.surveyId}/close`), 409)).toBe(
      'survey_is_evaluation',
    );
    expect(body<RoundJson>(await branch.get(`${A}/evaluation-rounds/${round.id}`), 200).responses).toBe(3);
  });

  it('closes with rates stored, recomputable from the responses, and opens a case', async () => {
    const closed = body<{ round: RoundJson; case: CaseJson | null }>(
      await branch.post(`${A}/evaluation-rounds/${round.id}/close`),
      200,
    );
    round = closed.round;
    expect(round).toMatchObject({
      state: 'closed',
      responses: 3,
      overallRate: 0.3333,
      below: ['overall', 'cleaning'],
    });
    expect(round.overall).toEqual({ satisfied: 1, rated: 3, rate: 0.3333, below: true });
    expect(round.items.find((i) => i.code === 'cleaning')).toMatchObject({
      satisfied: 0,
      rated: 3,
      rate: 0,
      below: true,
    });
    expect(round.items.find((i) => i.code === 'security')).toMatchObject({
      satisfied: 3,
      rate: 1,
      below: false,
    });
    expect(closed.case).toMatchObject({ state: 'open', below: ['overall', 'cleaning'], items: [] });
    caseJson = closed.case!;
    expect(round).toMatchObject({ caseId: caseJson.id, caseState: 'open' });
    expect(errorCode(await branch.post(`${A}/evaluation-rounds/${round.id}/close`), 409)).toBe(
      'evaluation_round_closed',
    );

    // every stored figure equals what the responses give now
    const results = body<{
      questions: {
        code: string;
        satisfied: number | null;
        rated: number | null;
        satisfactionRate: number | null;
      }[];
    }>(await staff.get(`${A}/surveys/${round.surveyId}/results`), 200);
    for (const code of [...items, 'overall']) {
      const q = results.questions.find((x) => x.code === code)!;
      const stored = code === 'overall' ? round.overall : round.items.find((i) => i.code === code)!;
      expect({ satisfied: stored.satisfied, rated: stored.rated, rate: stored.rate }).toEqual({
        satisfied: q.satisfied,
        rated: q.rated,
        rate: q.satisfactionRate,
      });
    }
    const log = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', 'in', ['evaluation_round.close', 'evaluation_case.open'])
      .execute();
    expect(log).toEqual(
      expect.arrayContaining([
        { action: 'evaluation_round.close', target_id: round.id },
        { action: 'evaluation_case.open', target_id: caseJson.id },
      ]),
    );
  });

  it('shows the property company its own compound’s figures and case, never a response', async () => {
    body<RoundJson>(await property.get(`${A}/evaluation-rounds/${round.id}`), 200);
    body<CaseJson>(await property.get(`${A}/evaluation-cases/${caseJson.id}`), 200);
    const results = await property.get(`${A}/surveys/${round.surveyId}/results`);
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain('垃圾清运不及时');
    for (const h of w.a1) {
      expect(results.body).not.toContain(h.householdId);
      expect(results.body).not.toContain(h.accountId);
    }
    expect(errorCode(await property.get(`${A}/surveys/${round.surveyId}/responses`), 403)).toBe('forbidden');
    expect(
      errorCode(
        await property.post(`${A}/evaluation-cases/${caseJson.id}/talk`, { talkAt: Date.now() }),
        403,
      ),
    ).toBe('forbidden');
    // a round of a compound the company does not serve stays out of its sight
    await giveCompany(t, t.world.compoundA2, '乐家物业');
    const other = body<RoundJson>(
      await staff.post(`${A}/evaluation-rounds`, { compoundId: t.world.compoundA2, period: '2026Q4' }),
      201,
    );
    expect(errorCode(await property.get(`${A}/evaluation-rounds/${other.id}`), 404)).toBe('not_found');
    expect(errorCode(await property.get(`${A}/surveys/${other.surveyId}/results`), 404)).toBe('not_found');
    const visible = body<{ items: RoundJson[] }>(await property.get(`${A}/evaluation-rounds`), 200);
    expect(visible.items.map((r) => r.id)).toEqual([round.id]);
    const cases = body<{ items: CaseJson[] }>(await property.get(`${A}/evaluation-cases`), 200);
    expect(cases.items.map((c) => c.id)).toEqual([caseJson.id]);
  });

  it('runs the case: 约谈, rectification list, re-evaluation, resolved', async () => {
    const K = `${A}/evaluation-cases/${caseJson.id}`;
    expect(errorCode(await branch.post(`${K}/reevaluate`), 409)).toBe('evaluation_case_state');
    const talked = body<CaseJson>(
      await branch.post(`${K}/talk`, { talkAt: Date.UTC(2026, 11, 1, 2), minutes: '物业承诺整改' }),
      200,
    );
    expect(talked).toMatchObject({ state: 'talk_scheduled', talkMinutes: '物业承诺整改' });
    expect(
      errorCode(
        await branch.post(`${K}/items`, { title: '垃圾日产日清', itemCode: 'nope', dueDate: '2026-12-31' }),
        400,
      ),
    ).toBe('evaluation_item_unknown');
    body<CaseJson>(
      await branch.post(`${K}/items`, { title: '垃圾日产日清', itemCode: 'cleaning', dueDate: '2026-12-31' }),
      201,
    );
    const listed = body<CaseJson>(
      await branch.post(`${K}/items`, { title: '楼道每周清扫', dueDate: '2026-12-15' }),
      201,
    );
    expect(listed).toMatchObject({ state: 'rectifying', itemsDone: 0 });
    expect(listed.items.map((i) => i.index)).toEqual([0, 1]);
    expect(errorCode(await branch.post(`${K}/talk`, { talkAt: Date.now() }), 409)).toBe(
      'evaluation_case_state',
    );
    expect(errorCode(await branch.post(`${K}/items/5/done`, { note: '完成' }), 404)).toBe('not_found');
    const done = body<CaseJson>(await branch.post(`${K}/items/0/done`, { note: '已增加清运车次' }), 200);
    expect(done.items[0]).toMatchObject({ state: 'done', note: '已增加清运车次' });
    expect(errorCode(await branch.post(`${K}/items/0/done`, { note: '再次' }), 409)).toBe(
      'evaluation_case_item_done',
    );

    const re = body<{ case: CaseJson; round: RoundJson }>(await branch.post(`${K}/reevaluate`), 201);
    expect(re.case).toMatchObject({ state: 're_evaluating', reevaluationRoundId: re.round.id });
    expect(re.round).toMatchObject({ period: '2026Q4-R1', state: 'open' });
    expect(errorCode(await branch.post(`${K}/close`, { outcome: '整改完成' }), 409)).toBe(
      'evaluation_case_reevaluation_open',
    );
    for (const h of w.a1) body(await answer(h.client, re.round.surveyId, { answers: ratings(5, 4, 4) }), 201);
    const reClosed = body<{ round: RoundJson; case: CaseJson | null }>(
      await branch.post(`${A}/evaluation-rounds/${re.round.id}/close`),
      200,
    );
    // a re-evaluation reports to its case instead of opening another
    expect(reClosed).toMatchObject({ round: { overallRate: 1, below: [] }, case: null });
    const now = body<CaseJson>(await branch.get(K), 200);
    expect(now.reevaluation).toEqual({
      state: 'closed',
      period: '2026Q4-R1',
      responses: 3,
      overallRate: 1,
      below: [],
    });
    const closed = body<CaseJson>(
      await branch.post(`${K}/close`, { outcome: '复评满意率 100%，整改到位' }),
      200,
    );
    expect(closed).toMatchObject({ state: 'closed_resolved', outcome: '复评满意率 100%，整改到位' });
    expect(errorCode(await branch.post(`${K}/escalate`), 409)).toBe('evaluation_case_state');
    const steps = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', caseJson.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(steps.map((s) => s.action)).toEqual([
      'evaluation_case.open',
      'evaluation_case.talk',
      'evaluation_case.add_item',
      'evaluation_case.add_item',
      'evaluation_case.item_done',
      'evaluation_case.reevaluate',
      'evaluation_case.close',
    ]);
  });

  it('escalates a case as a proposal to replace the company, with what an assembly needs', async () => {
    const r = body<RoundJson>(
      await staff.post(`${A}/evaluation-rounds`, { compoundId: t.world.compoundA1, period: '2027Q1' }),
      201,
    );
    body(await answer(w.a1[0]!.client, r.surveyId, { answers: ratings(1) }), 201);
    const { case: k } = body<{ case: CaseJson }>(
      await staff.post(`${A}/evaluation-rounds/${r.id}/close`),
      200,
    );
    const esc = body<{
      case: CaseJson;
      proposal: {
        propertyCompany: { id: string; name: string };
        rounds: RoundJson[];
        suggestedMatter: string;
      };
    }>(await staff.post(`${A}/evaluation-cases/${k.id}/escalate`, {}), 200);
    expect(esc.case).toMatchObject({ state: 'escalated' });
    expect(esc.case.replacementProposedAt).toBeGreaterThan(0);
    expect(esc.proposal.propertyCompany).toEqual({ id: companyA1, name: '安居物业' });
    expect(esc.proposal.rounds.map((x) => x.period)).toEqual(['2027Q1', '2026Q4-R1', '2026Q4']);
    expect(esc.proposal.suggestedMatter).toContain('安居物业');
    expect(errorCode(await staff.patch(`${A}/evaluation-cases/${k.id}`, { assemblyId: 'nope' }), 400)).toBe(
      'bad_reference',
    );
  });

  it('keeps a round above the threshold without a case', async () => {
    const r = body<RoundJson>(
      await staff.post(`${A}/evaluation-rounds`, { compoundId: t.world.compoundA1, period: '2027Q2' }),
      201,
    );
    body(await answer(w.a1[0]!.client, r.surveyId, { answers: ratings(4) }), 201);
    const closed = body<{ round: RoundJson; case: CaseJson | null }>(
      await staff.post(`${A}/evaluation-rounds/${r.id}/close`),
      200,
    );
    expect(closed).toMatchObject({ round: { overallRate: 1, below: [], caseId: null }, case: null });
  });
});

describe('a property company’s record', () => {
  it('lists its rounds in the community, and the street’s companies for the street', async () => {
    const history = body<{ items: RoundJson[]; total: number }>(
      await staff.get(`${A}/property-companies/${companyA1}/evaluations`),
      200,
    );
    expect(history.items.map((r) => r.period)).toEqual(['2027Q2', '2027Q1', '2026Q4-R1', '2026Q4']);
    const street = await t.as('streetAdmin');
    const report = body<{
      companies: {
        name: string;
        rounds: number;
        roundsBelow: number;
        openCases: number;
        history: { period: string; communityName: string }[];
      }[];
    }>(await street.get(`/api/v1/streets/${t.world.streetS}/property-evaluations`), 200);
    const anju = report.companies.find((c) => c.name === '安居物业')!;
    expect(anju).toMatchObject({ rounds: 4, roundsBelow: 2, openCases: 0 });
    expect(anju.history[0]).toMatchObject({ period: '2027Q2', communityName: '甲社区' });
    expect(errorCode(await staff.get(`/api/v1/streets/${t.world.streetS}/property-evaluations`), 403)).toBe(
      'forbidden',
    );
  });

  it('exports rounds and cases as sheets in the desk’s words', async () => {
    const sheet = async (list: string, query = '') =>
      readBack(
        (
          await staff.get(
            `/api/v1/export?path=${encodeURIComponent(`/communities/${t.world.communityA}/${list}`)}${query}`,
          )
        ).rawPayload,
      );
    const rounds = await sheet('evaluation-rounds');
    expect(rounds[0]).toEqual([
      '评议期',
      '小区',
      '物业公司',
      '状态',
      '参评户数',
      '总体满意率',
      '整改线（%）',
      '低于整改线',
      '整改案件',
      '结束时间',
    ]);
    const cases = await sheet('evaluation-cases', '&state=escalated');
    expect(cases[0]![0]).toBe('评议期');
    expect(cases.slice(1).map((r) => r[3])).toContain('已提议更换物业');
  });
});
