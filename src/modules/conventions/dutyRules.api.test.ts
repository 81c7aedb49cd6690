import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import { appealClock } from './appealClock';
import { addBuilding, addHome, api, auditOf, committeeMember, notificationsOf } from './conventions.testkit';
import { dayMs } from './rules';
import type { Home } from '../notices/notices.testkit';

/**
 * 九不准: the branch sets the duty rules of compound A1's committee members; each member
 * acknowledges them; residents report breaches (anonymously if they wish); the branch or staff —
 * never the committee — decide the reports with reasons, audited, and the clock nags when they wait.
 */

const nineRules = [
  '不准违规收取或使用业主共有资金',
  '不准接受物业公司及利益相关方的宴请和礼品',
  '不准擅自与物业公司签订或变更合同',
  '不准泄露业主个人信息',
  '不准以业委会名义从事营利活动',
  '不准拖欠物业费',
  '不准在小区内私搭乱建',
  '不准阻挠业主依法行使权利',
  '不准违规决定共有部分的使用和收益',
];

let t: TestContext;
let A: string;
let branch: Client;
let committeeRole: Client;
let wang: Awaited<ReturnType<typeof committeeMember>>;
let zhao: Awaited<ReturnType<typeof committeeMember>>;
let resident: Home;
let outsider: Home;
let ruleSetId: string;
let reportId: string;

interface RuleSetBody {
  id: string;
  version: number;
  current: boolean;
  members: { personId: string; name: string; acknowledgedAt: number | null }[];
}

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  branch = await t.as('branch');
  committeeRole = await t.as('committee');
  wang = await committeeMember(t, '王建国');
  zhao = await committeeMember(t, '赵丽华', wang.committeeId);
  resident = await addHome(t, {
    compoundId: t.world.compoundA1,
    buildingId: t.world.buildingA1,
    entranceId: t.world.entranceA1,
  });
  const a2 = await addBuilding(t, t.world.compoundA2, '5栋');
  outsider = await addHome(t, { compoundId: t.world.compoundA2, ...a2 });
});
afterAll(() => t.close());

describe('setting and acknowledging', () => {
  it('the branch sets the rules; the members are told', async () => {
    const s = body<RuleSetBody>(
      await branch.post(`${A}/duty-rules`, {
        compoundId: t.world.compoundA1,
        title: '业委会成员“九不准”',
        rules: nineRules,
      }),
      201,
    );
    expect(s).toMatchObject({ version: 1, current: true });
    ruleSetId = s.id;
    expect(await notificationsOf(t, wang.accountId, 'duty_rules_issued')).toHaveLength(1);
    expect(await auditOf(t, 'duty_rules.issued', s.id)).toHaveLength(1);
    expect(
      (await branch.post(`${A}/duty-rules`, { compoundId: t.world.compoundA1, title: 'x', rules: [] }))
        .statusCode,
    ).toBe(400);
    expect(
      (await branch.post(`${A}/duty-rules`, { compoundId: t.world.compoundA2, title: 'x', rules: ['y'] }))
        .statusCode,
    ).toBe(403);
  });

  it('a member acknowledges once; a non-member cannot', async () => {
    const mine = body<{
      items: { id: string; member: boolean; acknowledgedAt: number | null; members: { name: string }[] }[];
    }>(await wang.client.get('/api/v1/me/duty-rules'), 200);
    expect(mine.items).toEqual([
      expect.objectContaining({ id: ruleSetId, member: true, acknowledgedAt: null }),
    ]);
    expect(mine.items[0]!.members.map((m) => m.name).sort()).toEqual(['王*国', '赵*华'].sort());
    const url = `/api/v1/me/duty-rules/${ruleSetId}/ack`;
    const first = body<{ acknowledgedAt: number }>(await wang.client.post(url), 201);
    expect(body<{ acknowledgedAt: number }>(await wang.client.post(url), 200).acknowledgedAt).toBe(
      first.acknowledgedAt,
    );
    expect(errorCode(await resident.client.post(url), 403)).toBe('duty_rules_not_member');
    expect((await wang.client.post(`/api/v1/me/duty-rules/${newId()}/ack`)).statusCode).toBe(404);
    const seen = body<{ items: { member: boolean }[] }>(
      await resident.client.get('/api/v1/me/duty-rules'),
      200,
    );
    expect(seen.items).toEqual([expect.objectContaining({ member: false })]);
  });

  it('staff see who acknowledged; a new version asks everyone again', async () => {
    const s = body<RuleSetBody>(await branch.get(`${A}/duty-rules/${ruleSetId}`), 200);
    expect(s.members.find((m) => m.personId === wang.personId)!.acknowledgedAt).not.toBeNull();
    expect(s.members.find((m) => m.personId === zhao.personId)!.acknowledgedAt).toBeNull();
    const list = body<{ items: { id: string; members: number; acknowledged: number }[] }>(
      await branch.get(`${A}/duty-rules`),
      200,
    );
    expect(list.items.find((x) => x.id === ruleSetId)).toMatchObject({ members: 2, acknowledged: 1 });
    const v2 = body<RuleSetBody>(
      await branch.post(`${A}/duty-rules`, {
        compoundId: t.world.compoundA1,
        title: '九不准（修订）',
        rules: nineRules,
      }),
      201,
    );
    expect(v2.version).toBe(2);
    const current = body<{ items: { id: string; current: boolean }[] }>(
      await branch.get(`${A}/duty-rules?current=true`),
      200,
    );
    expect(current.items.map((x) => x.id)).toEqual([v2.id]);
    const mine = body<{ items: { id: string; acknowledgedAt: number | null }[] }>(
      await wang.client.get('/api/v1/me/duty-rules'),
      200,
    );
    expect(mine.items).toEqual([expect.objectContaining({ id: v2.id, acknowledgedAt: null })]);
    ruleSetId = v2.id;
  });
});

describe('reports of breaches', () => {
  it('a resident reports anonymously; bad rule numbers and unknown members are refused', async () => {
    const url = `/api/v1/me/duty-rules/${ruleSetId}/reports`;
    const r = body<{ id: string; anonymous: boolean }>(
      await resident.client.post(url, {
        memberPersonId: wang.personId,
        ruleIndex: 2,
        text: '中秋收了物业公司的购物卡',
        anonymous: true,
      }),
      201,
    );
    expect(r.anonymous).toBe(true);
    reportId = r.id;
    expect(errorCode(await resident.client.post(url, { ruleIndex: 10, text: 'x' }), 400)).toBe(
      'duty_rule_index',
    );
    expect(
      errorCode(await resident.client.post(url, { memberPersonId: newId(), ruleIndex: 1, text: 'x' }), 400),
    ).toBe('duty_report_member_unknown');
    expect(errorCode(await outsider.client.post(url, { ruleIndex: 1, text: '路过' }), 403)).toBe(
      'duty_report_not_allowed',
    );
    expect(await notificationsOf(t, t.world.accounts.branch, 'duty_report_filed')).toHaveLength(1);
    expect(await notificationsOf(t, t.world.accounts.committee, 'duty_report_filed')).toHaveLength(0);
  });

  it('staff see the report without the anonymous reporter; the committee cannot decide it', async () => {
    const list = body<{
      items: { id: string; reporterName: string | null; memberName: string; ruleText: string }[];
    }>(await branch.get(`${A}/duty-rule-reports?state=open`), 200);
    expect(list.items).toEqual([
      expect.objectContaining({
        id: reportId,
        reporterName: null,
        memberName: '王建国',
        ruleText: nineRules[1],
      }),
    ]);
    const raw = await t.deps.db
      .selectFrom('duty_rule_reports')
      .select('reporter_account_id')
      .where('id', '=', reportId)
      .executeTakeFirstOrThrow();
    expect(raw.reporter_account_id).toBeNull();
    const refused = await committeeRole.post(`${A}/duty-rule-reports/${reportId}/decide`, {
      uphold: false,
      text: '不成立',
    });
    expect(errorCode(refused, 403)).toBe('duty_report_decider');
  });

  it('the clock reminds the branch of a report waiting over a week, once', async () => {
    await t.deps.db
      .updateTable('duty_rule_reports')
      .set({ created_at: Date.now() - 9 * dayMs })
      .where('id', '=', reportId)
      .execute();
    await appealClock.run(t.deps, Date.now());
    await appealClock.run(t.deps, Date.now());
    expect(await notificationsOf(t, t.world.accounts.branch, 'duty_report_overdue')).toHaveLength(1);
    const aged = body<{ items: { ageDays: number }[] }>(
      await branch.get(`${A}/duty-rule-reports?state=open`),
      200,
    );
    expect(aged.items[0]!.ageDays).toBe(9);
  });

  it('the branch decides with reasons, audited, once', async () => {
    const d = body<{ state: string; decisionText: string }>(
      await branch.post(`${A}/duty-rule-reports/${reportId}/decide`, {
        uphold: true,
        text: '属实，责令退回并公开道歉',
      }),
      200,
    );
    expect(d).toMatchObject({ state: 'upheld', decisionText: '属实，责令退回并公开道歉' });
    expect(await auditOf(t, 'duty_rules.report_decided', reportId)).toHaveLength(1);
    expect(
      errorCode(
        await branch.post(`${A}/duty-rule-reports/${reportId}/decide`, { uphold: false, text: '改判' }),
        409,
      ),
    ).toBe('red_black_appeal_decided');
    expect(
      (await branch.post(`${A}/duty-rule-reports/${newId()}/decide`, { uphold: true, text: 'x' })).statusCode,
    ).toBe(404);
  });

  it('a named report’s reporter hears the decision', async () => {
    const r = body<{ id: string }>(
      await resident.client.post(`/api/v1/me/duty-rules/${ruleSetId}/reports`, {
        ruleIndex: 4,
        text: '在群里公开了业主电话',
      }),
      201,
    );
    body(
      await branch.post(`${A}/duty-rule-reports/${r.id}/decide`, {
        uphold: false,
        text: '经核实为业主本人公开',
      }),
      200,
    );
    expect(await notificationsOf(t, resident.accountId, 'duty_report_decided')).toHaveLength(1);
    const branchA2 = await t.holding('branch', 'compound', t.world.compoundA2);
    expect(body<{ items: unknown[] }>(await branchA2.get(`${A}/duty-rule-reports`), 200).items).toEqual([]);
    const exported = await branch.get(
      `/api/v1/export?path=${encodeURIComponent(`/communities/${t.world.communityA}/duty-rule-reports`)}`,
    );
    expect(exported.headers['x-export-rows']).toBe('2');
  });
});
