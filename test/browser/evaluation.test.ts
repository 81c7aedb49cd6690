import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addResident } from '../../src/modules/orders/orders.testkit';
import { api, body, giveCompany } from '../../src/modules/surveys/surveys.testkit';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { settled } from '../support/settle';
import { password } from '../support/world';

/**
 * 物业评议 end to end: 陈阿姨 reads in large text on her phone, finds the quarter's evaluation on her
 * home page, is stopped when she skips a question, rates every item 不满意 and sends it. At the
 * desk the community worker closes the round: the satisfaction rate is computed from her answer,
 * falls below the 60% standard, and a case (整改) opens; the case, the round and the survey's
 * results with their charts are checked with axe and photographed, the rounds page on a narrow window too.
 */
let b: BrowserTest;
let A: string;
let surveyId: string;
/** 陈阿姨's phone number, to log in with. */
let phone: string;
const contexts: BrowserContext[] = [];
const soon = { timeout: 15_000 };
const company = '好管家物业';

beforeAll(async () => {
  b = await startBrowserTest();
  A = api(b.world.communityA);
  await giveCompany(b, b.world.compoundA1, company);
  const resident = await addResident(b, '陈阿姨');
  body(await resident.client.patch('/api/v1/auth/me', { largeText: true }), 200);
  phone = resident.phone;
  const staff = await b.as('communityStaff');
  const round = body<{ surveyId: string }>(
    await staff.post(`${A}/evaluation-rounds`, { compoundId: b.world.compoundA1, period: '2026Q4' }),
    201,
  );
  surveyId = round.surveyId;
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

const visible = (page: Page, text: string | RegExp) => () => page.getByText(text).first().isVisible();

describe('物业评议, from a phone in large text to a case at the desk', () => {
  it('the resident answers the evaluation in large text', async () => {
    const page = await open('phone');
    await page.goto('/login');
    await page.locator('#login_phone').fill(phone);
    await page.locator('#login_password').fill(password);
    await page.getByRole('button', { name: /登录/ }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await expect
      .poll(() => page.evaluate(() => document.documentElement.classList.contains('large-text')), soon)
      .toBe(true);

    const entry = page.getByRole('button', { name: /^问卷与评议/ });
    await expect.poll(() => entry.isVisible(), soon).toBe(true);
    await expect.poll(visible(page, '有 1 份问卷等您填写'), soon).toBe(true);
    await entry.click();
    await page.waitForURL(/\/surveys$/);
    const card = page.getByRole('button', { name: /物业评议.*待填写/ });
    await expect.poll(() => card.isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'survey list, large text');
    await card.click();
    await page.waitForURL(/\/surveys\/[\w-]+$/);

    const questions = page.locator('fieldset.survey-question');
    await expect.poll(() => questions.count(), soon).toBe(8);
    await expect(visible(page, '匿名问卷：结果中不会出现您的姓名')()).resolves.toBe(true);
    // Big targets: every rating button is well over 44 px tall and nearly the phone's width.
    const first = questions.first().getByRole('radio', { name: /^很不满意/ });
    const box = await first.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(48);
    expect(box!.width).toBeGreaterThan(300);

    // Sending with a question left out says which one, beside it.
    await page.getByRole('button', { name: '提交问卷' }).click();
    await expect.poll(visible(page, '这一题还没有回答'), soon).toBe(true);

    for (let i = 0; i < 7; i++) {
      const q = questions.nth(i);
      await q.getByRole('radio', { name: /^不满意/ }).click();
      await expect
        .poll(() => q.getByRole('radio', { name: /^不满意/ }).getAttribute('aria-checked'))
        .toBe('true');
    }
    await questions.nth(7).locator('textarea').fill('垃圾清运不及时，电梯经常坏。');
    await expect.poll(visible(page, '这一题还没有回答')).toBe(false);
    await b.expectAccessible(page, 'evaluation answered, large text');
    await b.shot(page, 'evaluation-answer-phone-large');

    await page.getByRole('button', { name: '提交问卷' }).click();
    await expect.poll(visible(page, '提交成功，谢谢您的参与！'), soon).toBe(true);
    await b.expectAccessible(page, 'evaluation sent');
    await b.shot(page, 'evaluation-sent-phone-large');

    // Coming back later, the survey says it is answered and shows what was sent.
    await page.goto('/surveys');
    await expect.poll(visible(page, '✓ 已填写'), soon).toBe(true);
  });

  it('staff close the round; the rate is below the standard and a case opens', async () => {
    const page = await open('desktop');
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto('/console/evaluation-rounds');
    const row = page.getByRole('row', { name: new RegExp(company) });
    await expect.poll(() => row.isVisible(), soon).toBe(true);
    await expect.poll(() => row.getByRole('cell', { name: '1', exact: true }).isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'rounds, open');

    await row.getByRole('button', { name: '结束评议' }).click();
    const confirm = page.getByRole('dialog', { name: /结束 .* 2026Q4 的评议？/ });
    await expect.poll(() => confirm.isVisible(), soon).toBe(true);
    await confirm.getByRole('button', { name: '结束评议' }).click();

    // Her 不满意 on every item: nobody satisfied, 0% against the 60% standard, and a case.
    await expect.poll(() => row.getByText('0% ⚠ 低于 60%').isVisible(), soon).toBe(true);
    const caseLink = row.getByRole('link', { name: /待约谈/ });
    await expect.poll(() => caseLink.isVisible(), soon).toBe(true);
    // The pointer, left where the dialog's button was, would hover the case link: rest it aside.
    await page.mouse.move(0, 0);
    await settled(page);
    await b.expectAccessible(page, 'rounds, closed with a case');
    await b.shot(page, 'evaluation-rounds-closed');

    // The round's figures item by item, each said below the standard in words.
    await row.getByRole('button', { name: /查看 .* 2026Q4 评议/ }).click();
    const drawer = page.getByRole('dialog', { name: /2026Q4/ });
    await expect.poll(() => drawer.getByRole('cell', { name: '保洁' }).isVisible(), soon).toBe(true);
    await expect(drawer.getByRole('cell', { name: '0 / 1' }).first().isVisible()).resolves.toBe(true);
    await b.expectAccessible(page, 'round figures');
    await b.shot(page, 'evaluation-round-drawer');
    await page.keyboard.press('Escape');

    await caseLink.click();
    await page.waitForURL(/\/evaluation-cases\/[\w-]+$/);
    const caseDrawer = page.getByRole('dialog', { name: new RegExp(`${company}.*2026Q4`) });
    await expect.poll(() => caseDrawer.isVisible(), soon).toBe(true);
    await expect.poll(() => caseDrawer.getByText(/总体评价、保洁、安保/).isVisible(), soon).toBe(true);
    await expect(caseDrawer.getByText('尚未安排约谈。').isVisible()).resolves.toBe(true);
    await expect
      .poll(() => caseDrawer.getByRole('cell', { name: '2026Q4', exact: true }).isVisible(), soon)
      .toBe(true);
    await b.expectAccessible(page, 'case drawer');
    await b.shot(page, 'evaluation-case-drawer');

    // The case list behind it says the same.
    await page.keyboard.press('Escape');
    await page.waitForURL(/\/evaluation-cases$/);
    await expect
      .poll(() => page.getByRole('row', { name: new RegExp(`${company}.*待约谈`) }).isVisible(), soon)
      .toBe(true);
    await b.expectAccessible(page, 'case list');
    await b.shot(page, 'evaluation-cases');
  });

  it('the survey behind the round shows its results as charts and numbers', async () => {
    const page = await open('desktop');
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto(`/console/surveys/${surveyId}`);
    await expect
      .poll(() => page.getByRole('tab', { name: '结果', selected: true }).isVisible(), soon)
      .toBe(true);
    await expect.poll(visible(page, /满意率 0%/), soon).toBe(true);
    await expect.poll(() => page.locator('.figure-chart svg').first().isVisible(), soon).toBe(true);
    await expect(visible(page, '垃圾清运不及时，电梯经常坏。')()).resolves.toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'survey results');
    await b.shot(page, 'evaluation-survey-results');

    // On a narrow desk window the rounds page still fits: nothing runs off the side.
    await page.setViewportSize({ width: 760, height: 900 });
    await page.goto('/console/evaluation-rounds');
    await expect
      .poll(() => page.getByRole('row', { name: new RegExp(company) }).isVisible(), soon)
      .toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), soon)
      .toBe(true);
    await settled(page);
    await b.shot(page, 'evaluation-rounds-narrow');
  });

  it('the street sees the company’s record across its communities', async () => {
    const page = await open('desktop');
    await b.loginAs(page, 'streetAdmin', 'console');
    await page.goto('/console/evaluation-history');
    const row = page.getByRole('row', { name: new RegExp(company) });
    await expect.poll(() => row.isVisible(), soon).toBe(true);
    await expect(row.getByText('⚠ 1').isVisible()).resolves.toBe(true);
    await row.getByRole('button', { name: /展开|Expand/ }).click();
    await expect
      .poll(() => page.getByRole('cell', { name: '甲社区 甲一小区', exact: true }).isVisible(), soon)
      .toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'street record');
    await b.shot(page, 'evaluation-history-street');
  });
});
