import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids';
import { maskName } from '../../core/personal';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { errorCode, type Client } from '../../../test/support/client';
import { openEventStream } from '../../../test/support/sse';
import { readBack } from '../roster/roster.testkit';
import {
  addResident,
  answer,
  api,
  body,
  claimedName,
  openSurvey,
  petQuestions,
  setUpHomes,
  type SurveyJson,
  type SurveyWorld,
} from './surveys.testkit';

let t: TestContext;
let A: string;
let w: SurveyWorld;
let staff: Client;
let branch: Client;
let property: Client;
let grid: Client;

interface Page<T> {
  items: T[];
  total: number;
}
interface ErrorJson {
  error: { code: string; message: string; details: { answeredBy: string; name: string | null } };
}

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  w = await setUpHomes(t);
  staff = await t.as('communityStaff');
  branch = await t.as('branch');
  property = await t.as('property');
  grid = await t.as('gridWorker');
});
afterAll(() => t.close());

describe('building a survey', () => {
  it('drafts with questions, refuses bad skip logic with the question’s number, and freezes questions once open', async () => {
    const draft = body<SurveyJson>(
      await branch.post(`${A}/surveys`, {
        title: '  养犬情况调查 ',
        respondent: 'household',
        compoundId: t.world.compoundA1,
      }),
      201,
    );
    expect(draft).toMatchObject({ title: '养犬情况调查', state: 'draft', kind: 'general', questions: [] });
    expect(errorCode(await branch.post(`${A}/surveys/${draft.id}/open`), 409)).toBe('survey_no_questions');

    const backwards = [petQuestions[0], petQuestions[2], petQuestions[1]];
    const bad = await branch.request('PUT', `${A}/surveys/${draft.id}/questions`, { questions: backwards });
    expect(errorCode(bad, 400)).toBe('survey_question_condition_unknown_question');
    expect(bad.json().error.message).toContain('第2题');

    const saved = body<SurveyJson>(
      await branch.request('PUT', `${A}/surveys/${draft.id}/questions`, { questions: petQuestions }),
      200,
    );
    expect(saved.questions.map((q) => q.code)).toEqual(['pets', 'kinds', 'licence', 'rating', 'remark']);
    expect(saved.version).toBe(draft.version + 1);

    const opened = body<SurveyJson>(await branch.post(`${A}/surveys/${draft.id}/open`), 200);
    expect(opened).toMatchObject({ state: 'open', accepting: true });
    expect(errorCode(await branch.post(`${A}/surveys/${draft.id}/open`), 409)).toBe('survey_not_draft');
    const late = await branch.request('PUT', `${A}/surveys/${draft.id}/questions`, {
      questions: petQuestions,
    });
    expect(errorCode(late, 409)).toBe('survey_not_draft');
    // anonymity cannot change once answers may exist; the title can
    expect(errorCode(await branch.patch(`${A}/surveys/${draft.id}`, { anonymous: true }), 409)).toBe(
      'survey_not_draft',
    );
    expect(
      body<SurveyJson>(await branch.patch(`${A}/surveys/${draft.id}`, { title: '养犬调查' }), 200).title,
    ).toBe('养犬调查');
    expect(
      errorCode(await branch.patch(`${A}/surveys/${draft.id}`, { title: 'x', version: opened.version }), 409),
    ).toBe('conflict');
  });

  it('refuses bad input with 400s and unknown ids with 404', async () => {
    expect(errorCode(await staff.post(`${A}/surveys`, { title: '无' }), 400)).toBe('validation');
    const badWindow = await staff.post(`${A}/surveys`, {
      title: '窗口',
      respondent: 'person',
      opensAt: 2_000,
      closesAt: 1_000,
    });
    expect(errorCode(badWindow, 400)).toBe('survey_closes_before_opens');
    const elsewhere = await staff.post(`${A}/surveys`, {
      title: '外区',
      respondent: 'person',
      audience: { buildingIds: [t.world.buildingA2] },
      compoundId: t.world.compoundA1,
    });
    expect(errorCode(elsewhere, 400)).toBe('bad_reference');
    expect(errorCode(await staff.get(`${A}/surveys/nope`), 404)).toBe('not_found');
    expect(errorCode(await staff.get(`${A}/surveys/nope/results`), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/surveys/nope/close`), 404)).toBe('not_found');
  });

  it('lets a branch build only in its own compound and never community-wide', async () => {
    const inA2 = await branch.post(`${A}/surveys`, {
      title: '甲二',
      respondent: 'household',
      compoundId: t.world.compoundA2,
    });
    expect(errorCode(inA2, 403)).toBe('forbidden');
    expect(
      errorCode(await branch.post(`${A}/surveys`, { title: '全社区', respondent: 'household' }), 403),
    ).toBe('forbidden');
    const a2 = await openSurvey(t, staff, { compoundId: t.world.compoundA2, title: '甲二小区问卷' });
    expect(errorCode(await branch.get(`${A}/surveys/${a2.id}`), 404)).toBe('not_found');
    expect(errorCode(await branch.post(`${A}/surveys/${a2.id}/close`), 404)).toBe('not_found');
    const list = body<Page<SurveyJson>>(await branch.get(`${A}/surveys?pageSize=200`), 200);
    expect(list.items.map((s) => s.id)).not.toContain(a2.id);
    expect(
      body<Page<SurveyJson>>(await staff.get(`${A}/surveys?compoundId=${t.world.compoundA2}`), 200).total,
    ).toBe(1);
    // community A's staff have no say in community B
    expect(errorCode(await staff.get(`${api(t.world.communityB)}/surveys`), 403)).toBe('forbidden');
  });
});

describe('answering', () => {
  let survey: SurveyJson;
  beforeAll(async () => {
    survey = await openSurvey(t, staff);
  });

  it('lists the open survey for residents it asks, not for others', async () => {
    const mine = body<Page<{ id: string; answered: boolean; households: unknown[] }>>(
      await w.a1[0]!.client.get('/api/v1/me/surveys'),
      200,
    );
    expect(mine.items.find((s) => s.id === survey.id)).toMatchObject({ answered: false });
    const other = body<Page<{ id: string }>>(await w.a2.client.get('/api/v1/me/surveys'), 200);
    expect(other.items.map((s) => s.id)).not.toContain(survey.id);
    expect(errorCode(await w.a2.client.get(`/api/v1/me/surveys/${survey.id}`), 404)).toBe('not_found');
    expect(errorCode(await answer(w.a2.client, survey.id, { answers: { pets: 'no', rating: 3 } }), 404)).toBe(
      'not_found',
    );
  });

  it('checks answers against the skip logic: required only when shown, hidden answers dropped', async () => {
    const home = w.a1[0]!;
    const missing = await answer(home.client, survey.id, { answers: { pets: 'yes', rating: 4 } });
    expect(errorCode(missing, 400)).toBe('survey_answer_required');
    expect(missing.json().error.message).toBe('请回答第2题：养了什么？');
    expect(errorCode(await answer(home.client, survey.id, { answers: { pets: 'no', rating: 9 } }), 400)).toBe(
      'survey_answer_rating_range',
    );
    expect(
      errorCode(await answer(home.client, survey.id, { answers: { pets: 'maybe', rating: 3 } }), 400),
    ).toBe('survey_answer_not_an_option');
    const saved = body<{ id: string; answers: Record<string, unknown>; householdId: string }>(
      await answer(home.client, survey.id, {
        answers: { pets: 'no', kinds: ['dog'], licence: 'no', rating: 2, remark: ' 晚上狗叫 ' },
        clientKey: 'first-try',
      }),
      201,
    );
    expect(saved.answers).toEqual({ pets: 'no', rating: 2, remark: '晚上狗叫' });
    expect(saved.householdId).toBe(home.householdId);
    // the phone retries: the same answer comes back, no second row
    const replay = body<{ id: string }>(
      await answer(home.client, survey.id, { answers: { pets: 'yes' }, clientKey: 'first-try' }),
      200,
    );
    expect(replay.id).toBe(saved.id);
    const detail = body<{ answered: boolean; myAnswers: unknown }>(
      await home.client.get(`/api/v1/me/surveys/${survey.id}`),
      200,
    );
    expect(detail).toMatchObject({ answered: true, myAnswers: saved.answers });
  });

  it('refuses a second answer for the household, saying who answered, masked', async () => {
    const home = w.a1[0]!;
    const again = await answer(home.client, survey.id, { answers: { pets: 'no', rating: 5 } });
    expect(errorCode(again, 409)).toBe('survey_already_answered');
    expect(again.json<ErrorJson>().error.details.answeredBy).toBe('you');
    const member = await addResident(t, home.householdId);
    const res = await answer(member.client, survey.id, { answers: { pets: 'no', rating: 5 } });
    const masked = maskName(await claimedName(t, home.accountId));
    expect(errorCode(res, 409)).toBe('survey_already_answered');
    expect(res.json<ErrorJson>().error).toMatchObject({
      message: `这份问卷已由家庭成员${masked}提交，每户（人）只能提交一次`,
      details: { answeredBy: 'member', name: masked },
    });
    expect(res.json<ErrorJson>().error.message).not.toContain(await claimedName(t, home.accountId));
  });

  it('concurrent submissions: one answer per household, one row per retried key', async () => {
    const home = w.a1[1]!;
    const members = [
      home.client,
      ...(await Promise.all([1, 2].map(() => addResident(t, home.householdId)))).map((m) => m.client),
    ];
    const results = await Promise.all(
      [...members, ...members].map((c, i) =>
        answer(c, survey.id, { answers: { pets: 'no', rating: 4 }, clientKey: `k-${i}` }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    // one member's flaky phone sends the same submission four times at once
    const other = w.a1[2]!;
    const same = await Promise.all(
      [0, 1, 2, 3].map(() =>
        answer(other.client, survey.id, { answers: { pets: 'no', rating: 5 }, clientKey: 'once' }),
      ),
    );
    expect(same.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(same.map((r) => r.json<{ id: string }>().id)).size).toBe(1);
    const rows = await t.deps.db
      .selectFrom('survey_responses')
      .select(['household_id'])
      .where('survey_id', '=', survey.id)
      .execute();
    expect(rows.map((r) => r.household_id).sort()).toEqual(
      [w.a1[0]!.householdId, home.householdId, other.householdId].sort(),
    );
  });

  it('tallies the results per question for staff and the compound’s property company, never who answered', async () => {
    const results = body<{
      responses: number;
      byChannel: { online: number; paper: number };
      questions: {
        code: string;
        counts: { value: string; label: string; count: number }[];
        texts: string[];
        satisfactionRate: number | null;
      }[];
    }>(await property.get(`${A}/surveys/${survey.id}/results`), 200);
    expect(results.responses).toBe(3);
    expect(results.byChannel).toEqual({ online: 3, paper: 0 });
    const rating = results.questions.find((q) => q.code === 'rating')!;
    expect(rating.counts.map((c) => c.count)).toEqual([0, 1, 0, 1, 1]);
    expect(rating.counts[4]!.label).toBe('5 非常满意');
    expect(rating.satisfactionRate).toBe(0.6667);
    expect(results.questions.find((q) => q.code === 'remark')!.texts).toEqual(['晚上狗叫']);
    // the property company never sees responses one by one
    expect(errorCode(await property.get(`${A}/surveys/${survey.id}/responses`), 403)).toBe('forbidden');
  });

  it('takes paper answers from the grid worker for the grid’s households, one each as online', async () => {
    const paperSurvey = await openSurvey(t, staff, { title: '纸质问卷', compoundId: null });
    const entry = (householdId?: string) =>
      grid.post(`${A}/surveys/${paperSurvey.id}/paper-responses`, {
        ...(householdId ? { householdId } : {}),
        answers: { pets: 'no', rating: 3 },
      });
    expect(errorCode(await entry(), 400)).toBe('survey_household_needed');
    expect(errorCode(await entry('nope'), 404)).toBe('not_found');
    body(await entry(w.a1[0]!.householdId), 201);
    const twice = await entry(w.a1[0]!.householdId);
    expect(errorCode(twice, 409)).toBe('survey_already_answered');
    expect(twice.json<ErrorJson>().error.details.answeredBy).toBe('paper');
    // compound A2 lies outside the grid
    expect(errorCode(await entry(w.a2.householdId), 403)).toBe('forbidden');
    // the household's resident finds it answered
    const online = await answer(w.a1[0]!.client, paperSurvey.id, { answers: { pets: 'no', rating: 5 } });
    expect(online.json<ErrorJson>().error.details.answeredBy).toBe('paper');
    // the grid worker cannot change or close a community-wide survey
    expect(errorCode(await grid.post(`${A}/surveys/${paperSurvey.id}/close`), 403)).toBe('forbidden');
  });

  it('shows residents the results once closed and published', async () => {
    const home = w.a1[0]!;
    expect(errorCode(await home.client.get(`/api/v1/me/surveys/${survey.id}/results`), 409)).toBe(
      'survey_results_unavailable',
    );
    body(await staff.patch(`${A}/surveys/${survey.id}`, { resultsPublic: true }), 200);
    const closed = body<SurveyJson>(await staff.post(`${A}/surveys/${survey.id}/close`), 200);
    expect(closed).toMatchObject({ state: 'closed', accepting: false, responseCount: 3 });
    expect(
      errorCode(await answer(w.a1[2]!.client, survey.id, { answers: { pets: 'no', rating: 1 } }), 409),
    ).toBe('survey_not_open');
    const results = body<{ responses: number }>(
      await home.client.get(`/api/v1/me/surveys/${survey.id}/results`),
      200,
    );
    expect(results.responses).toBe(3);
    const closedList = body<Page<{ id: string }>>(
      await home.client.get('/api/v1/me/surveys?view=closed'),
      200,
    );
    expect(closedList.items.map((s) => s.id)).toContain(survey.id);
  });
});

describe('person surveys', () => {
  it('take one answer from each person of a household, on line or on paper', async () => {
    const survey = await openSurvey(t, staff, { title: '居民健康调查', respondent: 'person' });
    const home = w.a1[2]!;
    const member = await addResident(t, home.householdId);
    body(await answer(home.client, survey.id, { answers: { pets: 'no', rating: 4 } }), 201);
    body(await answer(member.client, survey.id, { answers: { pets: 'no', rating: 3 } }), 201);
    const again = await answer(member.client, survey.id, { answers: { pets: 'no', rating: 5 } });
    expect(again.json<ErrorJson>().error.details.answeredBy).toBe('you');

    // a person on the roster, living in the household, answers on paper once
    const personId = newId();
    const now = Date.now();
    await t.deps.db
      .insertInto('people')
      .values({
        community_id: t.world.communityA,
        id: personId,
        name: '王大爷',
        phone_sealed: null,
        phone_hash: null,
        id_number_sealed: null,
        id_number_hash: null,
        gender: null,
        birth_year: 1948,
        political_status: 'masses',
        flags: '[]',
        account_id: null,
        notes: null,
        created_at: now,
        updated_at: now,
        archived_at: null,
      })
      .execute();
    await t.deps.db
      .insertInto('residencies')
      .values({
        community_id: t.world.communityA,
        id: newId(),
        household_id: home.householdId,
        person_id: personId,
        kind: 'family',
        relation: null,
        since: null,
        until: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const paper = (payload: Record<string, unknown>) =>
      grid.post(`${A}/surveys/${survey.id}/paper-responses`, {
        answers: { pets: 'no', rating: 5 },
        ...payload,
      });
    expect(errorCode(await paper({ householdId: home.householdId }), 400)).toBe('survey_person_needed');
    body(await paper({ personId }), 201);
    expect(errorCode(await paper({ personId }), 409)).toBe('survey_already_answered');
    const results = body<{ responses: number }>(await staff.get(`${A}/surveys/${survey.id}/results`), 200);
    expect(results.responses).toBe(3);
  });
});

describe('anonymity', () => {
  it('an anonymous survey’s results, responses and export never say who answered or when', async () => {
    const survey = await openSurvey(t, staff, { title: '匿名调查', anonymous: true });
    const [h0, h1] = w.a1;
    body(
      await answer(h0!.client, survey.id, { answers: { pets: 'no', rating: 2, remark: '楼下狗太多' } }),
      201,
    );
    body(await answer(h1!.client, survey.id, { answers: { pets: 'no', rating: 5 } }), 201);
    const member = await addResident(t, h0!.householdId);
    const dup = await answer(member.client, survey.id, { answers: { pets: 'no', rating: 4 } });
    expect(dup.json<ErrorJson>().error.details).toEqual({ answeredBy: 'member', name: null });

    const secrets = [h0!, h1!].flatMap((h) => [h.householdId, h.accountId]);
    const names = await Promise.all([h0!, h1!].map((h) => claimedName(t, h.accountId)));
    const responses = await staff.get(`${A}/surveys/${survey.id}/responses`);
    const list = body<Page<Record<string, unknown>>>(responses, 200);
    expect(list.total).toBe(2);
    for (const row of list.items)
      expect(row).toMatchObject({
        householdId: null,
        householdName: null,
        personName: null,
        createdAt: null,
      });
    const results = await staff.get(`${A}/surveys/${survey.id}/results`);
    const sheet = await staff.get(
      `/api/v1/export?path=${encodeURIComponent(`/communities/${t.world.communityA}/surveys/${survey.id}/responses`)}`,
    );
    expect(sheet.statusCode).toBe(200);
    const rows = await readBack(sheet.rawPayload);
    expect(rows[0]).toEqual(['序号', '方式', '提交时间', '户', '姓名', '答案']);
    expect(rows.slice(1).map((r) => r.slice(2, 5))).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    for (const text of [responses.body, results.body, JSON.stringify(rows)])
      for (const secret of [...secrets, ...names]) expect(text).not.toContain(secret);
    expect(JSON.stringify(rows)).toContain('楼下狗太多');
  });

  it('a named survey shows the household to staff who may read people there', async () => {
    const survey = await openSurvey(t, staff, { title: '实名调查' });
    body(await answer(w.a1[0]!.client, survey.id, { answers: { pets: 'no', rating: 4 } }), 201);
    const list = body<Page<{ householdName: string | null; createdAt: number | null }>>(
      await branch.get(`${A}/surveys/${survey.id}/responses`),
      200,
    );
    expect(list.items[0]!.householdName).toMatch(/^住户/);
    expect(list.items[0]!.createdAt).toBeGreaterThan(0);
    const sheet = await branch.get(
      `/api/v1/export?path=${encodeURIComponent(`/communities/${t.world.communityA}/surveys/${survey.id}/responses`)}`,
    );
    const rows = await readBack(sheet.rawPayload);
    expect(String(rows[1]![3])).toMatch(/^住户/);
    expect(String(rows[1]![5])).toContain('1. 您家是否养宠物？: 否');
  });
});

describe('live', () => {
  it('tells the console of answers in its reach as they come, with the count', async () => {
    const inA1 = await openSurvey(t, staff, { title: '实时甲一' });
    const inA2 = await openSurvey(t, staff, { title: '实时甲二', compoundId: t.world.compoundA2 });
    const stream = await openEventStream(branch, `${A}/surveys/events`);
    try {
      body(await answer(w.a2.client, inA2.id, { answers: { pets: 'no', rating: 3 } }), 201);
      body(await answer(w.a1[1]!.client, inA1.id, { answers: { pets: 'no', rating: 3 } }), 201);
      // the branch of A1 hears of its own compound's survey only
      const e = await stream.next('survey');
      expect(e.data).toEqual({
        surveyId: inA1.id,
        compoundId: t.world.compoundA1,
        state: 'open',
        responseCount: 1,
      });
    } finally {
      stream.close();
    }
  });
});

describe('the surveys list as a sheet', () => {
  it('has its own headers and words', async () => {
    const sheet = await staff.get(
      `/api/v1/export?path=${encodeURIComponent(`/communities/${t.world.communityA}/surveys`)}&state=open`,
    );
    const rows = await readBack(sheet.rawPayload);
    expect(rows[0]).toEqual([
      '标题',
      '小区',
      '类型',
      '作答单位',
      '匿名',
      '状态',
      '答卷数',
      '开始时间',
      '截止时间',
      '创建时间',
    ]);
    expect(rows.slice(1).every((r) => r[5] === '收集中')).toBe(true);
  });
});
