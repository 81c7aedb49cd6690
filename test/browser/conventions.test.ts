import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids';
import {
  committeeMember,
  meetingDecision,
  twelveArticles,
} from '../../src/modules/conventions/conventions.testkit';
import { addResident, api, body } from '../../src/modules/orders/orders.testkit';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { settled } from '../support/settle';
import { password } from '../support/world';

/**
 * 居民公约 and 红黑榜 end to end: 陈阿姨 comments on article 3 of the draft from her phone; at the
 * desk the worker reads the opinion by article, answers it in public, compares the two drafts,
 * records the adoption by a meeting decision and publishes it; 陈阿姨 then pledges her household and
 * sees the public answer. A black-list entry about her household, reviewed twice and published, shows
 * on the public board by building and entrance only — never her name or room — and she appeals it.
 */
let b: BrowserTest;
let A: string;
let conventionId: string;
let resident: Awaited<ReturnType<typeof addResident>>;
let entryId: string;
const contexts: BrowserContext[] = [];
const soon = { timeout: 15_000 };
const suggestion = '建议写明晚上十点后遛狗也要牵绳。';

beforeAll(async () => {
  b = await startBrowserTest();
  A = api(b.world.communityA);
  resident = await addResident(b, '陈阿姨');
  const staff = await b.as('communityStaff');
  conventionId = body<{ id: string }>(
    await staff.post(`${A}/conventions`, {
      title: '甲一小区居民公约',
      compoundId: b.world.compoundA1,
      articles: twelveArticles,
      note: '初稿',
    }),
    201,
  ).id;
  // The second draft rewords article 3, so the versions have something to compare.
  const second = twelveArticles.map((a) =>
    a.number === 3 ? { ...a, text: '文明养犬，出门牵绳，主动避让行人，及时清理犬只粪便。' } : a,
  );
  body(
    await staff.post(`${A}/conventions/${conventionId}/versions`, { articles: second, note: '修改第3条' }),
    201,
  );
  body(await staff.post(`${A}/conventions/${conventionId}/consult`), 200);
  await meetingDecision(b, '通过《甲一小区居民公约》');
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await b?.stop();
});

async function open(kind: 'phone' | 'desktop') {
  const context = await b.context(kind);
  contexts.push(context);
  return context.newPage();
}

async function residentPhone() {
  const page = await open('phone');
  await page.goto('/login');
  await page.locator('#login_phone').fill(resident.phone);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: /登录/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  return page;
}

const visible = (page: Page | Locator, text: string | RegExp) => () =>
  page.getByText(text).first().isVisible();

/** Picks `option` in the antd select labelled `name` inside `within`. */
async function choose(page: Page, within: Page | Locator, name: string | RegExp, option: string) {
  const box = within.getByRole('combobox', { name });
  await expect
    .poll(
      async () => {
        await box.click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
          .first()
          .click({ timeout: 5000 });
        return box
          .locator(
            `xpath=ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]`,
          )
          .textContent();
      },
      { timeout: 20_000 },
    )
    .toContain(option);
}

describe('a convention from draft to pledge, and the red/black list', () => {
  it('the resident comments on an article from her phone', async () => {
    const page = await residentPhone();
    const entry = page.getByRole('button', { name: /^居民公约/ });
    await expect.poll(() => entry.isVisible(), soon).toBe(true);
    await entry.click();
    await page.getByRole('button', { name: /征求意见中.*甲一小区居民公约/ }).click();
    await page.waitForURL(/\/conventions\/[\w-]+$/);
    await expect.poll(visible(page, '公约草案正在征求意见，请对每一条发表您家的意见。'), soon).toBe(true);
    // The current draft: article 3 as reworded in the second version.
    await expect(visible(page, '文明养犬，出门牵绳，主动避让行人，及时清理犬只粪便。')()).resolves.toBe(true);

    const article = page.getByRole('article', { name: '第3条' });
    await article.getByRole('button', { name: '对第3条提意见' }).click();
    await article.getByRole('radio', { name: /建议修改/ }).click();
    await article.getByLabel('您的意见').fill(suggestion);
    await b.expectAccessible(page, 'opinion form');
    await b.shot(page, 'convention-opinion-phone');
    await article.getByRole('button', { name: '提交意见' }).click();
    await expect.poll(visible(article, /我家的意见 · ✎ 建议修改/), soon).toBe(true);
    await expect(visible(article, '邻居意见：同意 0 · 建议修改 1 · 不同意 0')()).resolves.toBe(true);
    await expect(visible(article, '社区还未答复')()).resolves.toBe(true);
    await b.expectAccessible(page, 'convention with my opinion');
  });

  it('at the desk: the opinion is answered, the drafts compared, the text adopted and published', async () => {
    const page = await open('desktop');
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto(`/console/conventions/${conventionId}?tab=opinions`);
    const row = page.getByRole('row', { name: new RegExp(suggestion) });
    await expect.poll(() => row.isVisible(), soon).toBe(true);
    await expect(row.getByRole('cell', { name: '第3条' }).isVisible()).resolves.toBe(true);
    await row.getByRole('button', { name: /答复意见/ }).click();
    const reply = page.getByRole('dialog', { name: '答复居民意见' });
    await reply.getByRole('textbox', { name: '答复' }).fill('已采纳，第3条将补充夜间遛狗牵绳的要求。');
    await reply.getByRole('switch', { name: '公开答复' }).click();
    await reply.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByText(/已采纳.*已公开/).isVisible(), soon).toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'opinions');
    await b.shot(page, 'convention-opinions-desk');

    await page.getByRole('tab', { name: /版本对比/ }).click();
    const changed = page.locator('.diff-article.changed');
    await expect.poll(() => changed.isVisible(), soon).toBe(true);
    await expect(changed.locator('ins').first().textContent()).resolves.toContain('主动避让行人');
    await b.expectAccessible(page, 'diff');
    await b.shot(page, 'convention-diff-desk');

    await page.getByRole('tab', { name: '覆盖情况' }).click();
    await expect.poll(visible(page, /1 \/ 1（100%）/), soon).toBe(true);

    await page.getByRole('tab', { name: '通过与发布' }).click();
    await choose(page, page, '议事会议', '甲一小区联席会议');
    await choose(page, page, '会议决议', '通过《甲一小区居民公约》');
    await page.getByRole('button', { name: '记录通过' }).click();
    const publish = page.getByRole('button', { name: '发布', exact: true });
    await expect.poll(() => publish.isVisible(), soon).toBe(true);
    await expect(visible(page, /议事会议决议 · 甲一小区联席会议/)()).resolves.toBe(true);
    await publish.click();
    await expect
      .poll(() => page.getByRole('button', { name: '下载打印版（PDF）' }).isVisible(), soon)
      .toBe(true);
    await expect.poll(visible(page, '✓ 已通过'), soon).toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'adopted and published');
    await b.shot(page, 'convention-adopted-desk');

    // The articles are read-only once adopted.
    await page.getByRole('tab', { name: /条款/ }).click();
    await expect.poll(visible(page, '公约已通过，条款不能再修改；修订请起草新公约。'), soon).toBe(true);
  });

  it('the resident pledges and reads the public answer', async () => {
    const page = await residentPhone();
    await page.goto(`/conventions/${conventionId}`);
    await expect.poll(visible(page, /本公约已于 .* 通过并发布。/), soon).toBe(true);
    await expect(visible(page, /社区答复：已采纳/)()).resolves.toBe(true);
    await page.getByRole('button', { name: '我家承诺遵守' }).click();
    await page.getByRole('button', { name: '确认承诺' }).click();
    await expect.poll(visible(page, /您家已于 .* 承诺遵守/), soon).toBe(true);
    await b.expectAccessible(page, 'pledged');
    await b.shot(page, 'convention-pledged-phone');

    // At the desk the pledge counts towards the building's coverage.
    const staff = await b.as('communityStaff');
    const coverage = body<{ pledged: number }>(
      await staff.get(`${A}/conventions/${conventionId}/coverage`),
      200,
    );
    expect(coverage.pledged).toBe(1);
  });

  it('the public red/black list names households only by building and entrance; the household appeals', async () => {
    const [branch, staff] = await Promise.all([b.as('branch'), b.as('communityStaff')]);
    entryId = body<{ id: string }>(
      await branch.post(`${A}/red-black`, {
        householdId: resident.householdId,
        list: 'black',
        title: '遛狗不牵绳',
        description: '多次在小区花园遛狗不牵绳，经劝导未改。',
        conventionId,
        articleNumber: 3,
      }),
      201,
    ).id;
    body(await branch.post(`${A}/red-black/${entryId}/review`, { approve: true }), 200);
    body(await staff.post(`${A}/red-black/${entryId}/review`, { approve: true }), 200);
    body(await staff.post(`${A}/red-black/${entryId}/publish`, { days: 30 }), 200);

    // Anyone, not logged in, on the public board.
    const board = await open('phone');
    await board.goto(`/board/${b.world.communityA}/red-black`);
    await board.getByRole('button', { name: /黑榜/ }).click();
    const card = board.getByRole('article', { name: '遛狗不牵绳' });
    await expect.poll(() => card.isVisible(), soon).toBe(true);
    await expect(card.textContent()).resolves.toContain('甲一小区 · 1栋1单元');
    await expect(card.textContent()).resolves.toContain('违反《甲一小区居民公约》第3条');
    const text = (await board.locator('body').textContent()) ?? '';
    expect(text).not.toContain('陈阿姨');
    expect(text).not.toContain('101');
    await b.expectAccessible(board, 'public red/black board');
    await b.shot(board, 'red-black-public-phone');

    // The household sees the entry about itself and appeals.
    const page = await residentPhone();
    await page.goto('/red-black');
    const mine = page.getByRole('article', { name: '遛狗不牵绳' }).first();
    await expect.poll(() => mine.isVisible(), soon).toBe(true);
    await mine.getByRole('button', { name: '我要申诉' }).click();
    await mine.getByLabel('申诉理由').fill('当天狗绳断了，已当场道歉并修好。');
    await mine.getByRole('button', { name: '提交申诉' }).click();
    await expect.poll(visible(mine, '社区正在处理您的申诉'), soon).toBe(true);
    await b.expectAccessible(page, 'my red/black page with an appeal');
    await b.shot(page, 'red-black-mine-phone');

    // At the desk the appeal waits, visibly open.
    const desk = await open('desktop');
    await b.loginAs(desk, 'communityStaff', 'console');
    await desk.goto('/console/appeals');
    const row = desk.getByRole('row', { name: /遛狗不牵绳/ });
    await expect.poll(() => row.isVisible(), soon).toBe(true);
    await expect(row.getByText(/待处理 · 已等待 0 天/).isVisible()).resolves.toBe(true);
    await settled(desk);
    await b.expectAccessible(desk, 'appeals');
    await b.shot(desk, 'red-black-appeals-desk');
    await desk.goto('/console/red-black');
    await expect
      .poll(() => desk.getByRole('row', { name: /遛狗不牵绳.*申诉中/ }).isVisible(), soon)
      .toBe(true);
    await settled(desk);
    await b.expectAccessible(desk, 'red/black list at the desk');
    await b.shot(desk, 'red-black-desk');

    // A reviewer's notification leads to the entry itself: both reviews, the period, the appeal.
    await desk.goto(`/console/red-black/${entryId}`);
    const drawer = desk.getByRole('dialog', { name: '遛狗不牵绳' });
    await expect
      .poll(() => drawer.getByText('当天狗绳断了，已当场道歉并修好。').isVisible(), soon)
      .toBe(true);
    await expect(drawer.getByText('1栋1单元', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(drawer.getByText(/^✓ branch/).isVisible()).resolves.toBe(true);
    await settled(desk);
    await b.expectAccessible(desk, 'red/black entry drawer');
    await b.shot(desk, 'red-black-entry-drawer');
  });

  it('a committee member acknowledges the 九不准; a breach is reported anonymously', async () => {
    // 陈阿姨 also serves on compound A1's owners' committee, beside 王委员.
    const other = await committeeMember(b, '王委员');
    await b.deps.db
      .insertInto('committee_members')
      .values({
        community_id: b.world.communityA,
        id: newId(),
        committee_id: other.committeeId,
        person_id: resident.personId,
        position: 'vice_chair',
        since: null,
        until: null,
        created_at: Date.now(),
        ended_at: null,
      })
      .execute();

    // The desk issues the rules, one per line, numbered or not.
    const desk = await open('desktop');
    await b.loginAs(desk, 'communityStaff', 'console');
    await desk.goto('/console/duty-rules');
    await desk.getByRole('button', { name: '新增' }).click();
    const form = desk.getByRole('dialog', { name: /新增/ });
    await choose(desk, form, /小区/, '甲一小区');
    await form
      .getByRole('textbox', { name: '条目' })
      .fill('1. 不准收受业主或物业的财物\n2. 不准泄露业主个人信息\n3. 不准擅自动用公共收益');
    await form.getByRole('button', { name: '保存' }).click();
    const row = desk.getByRole('row', { name: /业委会成员九不准/ });
    await expect.poll(() => row.isVisible(), soon).toBe(true);
    await expect(row.getByText('3 条').isVisible()).resolves.toBe(true);
    await expect(row.getByText('0 / 2 人已确认').isVisible()).resolves.toBe(true);

    const page = await residentPhone();
    const entry = page.getByRole('button', { name: /^业委会九不准/ });
    await expect.poll(() => entry.isVisible(), soon).toBe(true);
    await entry.click();
    await expect.poll(visible(page, '不准泄露业主个人信息'), soon).toBe(true);
    await page.getByRole('button', { name: '我已阅读并承诺遵守' }).click();
    await page.getByRole('button', { name: '确认承诺' }).click();
    await expect.poll(visible(page, /您已于 .* 确认/), soon).toBe(true);

    await page.getByRole('button', { name: '举报违反行为' }).click();
    await page.getByRole('radio', { name: /3\. 不准擅自动用公共收益/ }).click();
    await page.getByLabel('发生了什么').fill('听说停车费收入被挪去装修办公室。');
    await page.getByRole('switch', { name: '匿名举报' }).click();
    await expect.poll(visible(page, '匿名举报不保留您的任何信息，社区也无法回复您。'), soon).toBe(true);
    await b.expectAccessible(page, 'duty rules with a report');
    await b.shot(page, 'duty-rules-phone');
    await page.getByRole('button', { name: '提交举报' }).click();
    await expect.poll(() => page.getByRole('button', { name: '举报违反行为' }).isVisible(), soon).toBe(true);

    await desk.reload();
    await expect.poll(() => row.getByText('1 / 2 人已确认').isVisible(), soon).toBe(true);
    await row.getByRole('button', { name: /成员确认情况/ }).click();
    const drawer = desk.getByRole('dialog', { name: '业委会成员九不准' });
    await expect.poll(() => drawer.getByRole('row', { name: /陈阿姨.*✓/ }).isVisible(), soon).toBe(true);
    await expect(drawer.getByRole('row', { name: /王委员.*○ 未确认/ }).isVisible()).resolves.toBe(true);
    await settled(desk);
    await b.expectAccessible(desk, 'duty rule acknowledgements');
    await b.shot(desk, 'duty-rules-desk');

    await desk.goto('/console/duty-rule-reports');
    const report = desk.getByRole('row', { name: /停车费/ });
    await expect.poll(() => report.isVisible(), soon).toBe(true);
    await expect(report.getByText(/匿名/).isVisible()).resolves.toBe(true);
    await settled(desk);
    await b.expectAccessible(desk, 'duty rule reports');
    await b.shot(desk, 'duty-reports-desk');
  });
});
