import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addResident, api, body } from '../../src/modules/orders/orders.testkit';
import { giveCompany } from '../../src/modules/surveys/surveys.testkit';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { settled } from '../support/settle';
import { password } from '../support/world';

/**
 * 问卷 from the desk to the phone and back: the worker builds a questionnaire with skip logic (the
 * dog's name is asked only of households that keep one), publishes it and types in a paper answer;
 * 陈阿姨 answers on her phone, the skipped question appearing only when she says yes; the results
 * count both answers, online and paper.
 */
let b: BrowserTest;
let resident: Awaited<ReturnType<typeof addResident>>;
let surveyPath: string;
const contexts: BrowserContext[] = [];
const soon = { timeout: 15_000 };

beforeAll(async () => {
  b = await startBrowserTest();
  resident = await addResident(b, '陈阿姨');
  const staff = await b.as('communityStaff');
  body(
    await staff.post(`${api(b.world.communityA)}/households`, { roomId: b.world.roomA1, name: '老李家' }),
    201,
  );
  // A round to list on the evaluation page, read in English at the end.
  await giveCompany(b, b.world.compoundA1, '好管家物业');
  body(
    await staff.post(`${api(b.world.communityA)}/evaluation-rounds`, {
      compoundId: b.world.compoundA1,
      period: '2026Q4',
    }),
    201,
  );
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

describe('a questionnaire with skip logic, online and on paper', () => {
  it('the worker builds the questions, with skip logic, and publishes', async () => {
    const page = await open('desktop');
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto('/console/surveys');
    await page.getByRole('button', { name: '新增' }).click();
    const form = page.getByRole('dialog', { name: /新增/ });
    await form.getByRole('textbox', { name: /问卷标题/ }).fill('养犬情况调查');
    await choose(page, form, /范围/, '甲一小区');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByRole('button', { name: '打开问卷：养犬情况调查' }).click();
    await page.waitForURL(/\/surveys\/[\w-]+$/);
    surveyPath = new URL(page.url()).pathname.replace('/console', '');

    await page.getByRole('button', { name: '添加单选题' }).click();
    await page.getByRole('textbox', { name: '第1题 题目（中文）' }).fill('您家是否养狗？');
    await page.getByRole('textbox', { name: '第1题 选项1 选项（中文）' }).fill('是');
    await page.getByRole('textbox', { name: '第1题 选项2 选项（中文）' }).fill('否');
    await page.getByRole('button', { name: '添加文字题' }).click();
    await page.getByRole('textbox', { name: '第2题 题目（中文）' }).fill('您家的狗叫什么名字？');
    await choose(page, page, '第2题 跳题依据的题目', '第1题 您家是否养狗？');
    await choose(page, page, '第2题 选择回答', '是');
    await page.getByRole('button', { name: '添加满意度评分题' }).click();
    await page.getByRole('textbox', { name: '第3题 题目（中文）' }).fill('您对小区养犬管理是否满意？');
    await settled(page);
    await b.expectAccessible(page, 'survey builder');
    await b.shot(page, 'survey-builder');
    await page.getByRole('button', { name: '保存题目' }).click();
    await expect.poll(() => page.getByRole('tab', { name: '题目（3）' }).isVisible(), soon).toBe(true);

    await page.getByRole('button', { name: '发布问卷' }).click();
    await page
      .getByRole('dialog', { name: '发布“养犬情况调查”？' })
      .getByRole('button', { name: '发布问卷' })
      .click();
    await expect.poll(() => page.getByText('● 收集中').isVisible(), soon).toBe(true);
    // Published: the questions are read-only now.
    await page.getByRole('tab', { name: '题目（3）' }).click();
    await expect.poll(() => page.getByText('问卷已发布，题目不能再修改。').isVisible(), soon).toBe(true);
  });

  it('a paper answer is typed in for 老李家, with the same skip logic', async () => {
    const page = await open('desktop');
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto(`/console${surveyPath}?tab=paper`);
    await choose(page, page, /答卷家庭/, '老李家');
    await page.getByRole('radio', { name: '是' }).check();
    await expect.poll(() => page.getByText('您家的狗叫什么名字？').isVisible(), soon).toBe(true);
    await page.getByRole('radio', { name: '否' }).check();
    // 否: the dog's name is not asked.
    await expect.poll(() => page.getByText('您家的狗叫什么名字？').isVisible(), soon).toBe(false);
    await page.locator('label', { hasText: '4 满意' }).click();
    await expect.poll(() => page.getByRole('radio', { name: '4 满意' }).isChecked()).toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'paper entry');
    await b.shot(page, 'survey-paper-entry');
    await page.getByRole('button', { name: '录入这份答卷' }).click();
    await expect.poll(() => page.getByText('答卷已录入').isVisible(), soon).toBe(true);
  });

  it('the resident answers on her phone: the dog’s name appears once she says yes', async () => {
    const page = await open('phone');
    await page.goto('/login');
    await page.locator('#login_phone').fill(resident.phone);
    await page.locator('#login_password').fill(password);
    await page.getByRole('button', { name: /登录/ }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.goto('/surveys');
    await page.getByRole('button', { name: /养犬情况调查/ }).click();
    const questions = page.locator('fieldset.survey-question');
    await expect.poll(() => questions.count(), soon).toBe(2);
    await page.getByRole('radio', { name: '否' }).click();
    await expect.poll(() => questions.count()).toBe(2);
    await page.getByRole('radio', { name: '是' }).click();
    await expect.poll(() => questions.count(), soon).toBe(3);
    await questions.nth(1).locator('textarea').fill('旺财');
    await page.getByRole('radio', { name: /^非常满意/ }).click();
    await b.expectAccessible(page, 'survey with skip logic');
    await b.shot(page, 'survey-answer-phone');
    await page.getByRole('button', { name: '提交问卷' }).click();
    await expect.poll(() => page.getByText('提交成功，谢谢您的参与！').isVisible(), soon).toBe(true);
  });

  it('the results count both answers, online and paper', async () => {
    const page = await open('desktop');
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto(`/console${surveyPath}?tab=results`);
    await expect.poll(() => page.getByText('线上').isVisible(), soon).toBe(true);
    const totals = page.locator('.survey-results .ant-descriptions').first();
    await expect
      .poll(() => totals.textContent(), soon)
      .toMatch(/答卷总数\s*:?\s*2.*线上\s*:?\s*1.*纸质\s*:?\s*1/);
    await expect(page.getByText('旺财').isVisible()).resolves.toBe(true);
    await expect(page.getByText(/满意率 100%/).isVisible()).resolves.toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'survey results');
    await b.shot(page, 'survey-results');
  });

  it('reads in English and large text on a narrow desk window', async () => {
    const staff = await b.as('communityStaff');
    body(await staff.patch('/api/v1/auth/me', { locale: 'en', largeText: true }), 200);
    try {
      const context = await b.context('desktop', 'en');
      contexts.push(context);
      const page = await context.newPage();
      await page.setViewportSize({ width: 760, height: 900 });
      await b.loginAs(page, 'communityStaff', 'console');
      for (const [path, text, name] of [
        [
          `${surveyPath}?tab=questions`,
          'The survey is published: its questions can no longer change.',
          'questions',
        ],
        [`${surveyPath}?tab=results`, 'Satisfaction rate = (satisfied + very satisfied)', 'results'],
        ['/evaluation-rounds', '好管家物业', 'rounds'],
        ['/conventions', "Residents' conventions", 'conventions'],
        ['/red-black', 'Red/black list', 'red-black'],
        ['/duty-rules', 'Committee duty rules', 'duty-rules'],
      ] as const) {
        await page.goto(`/console${path}`);
        await expect.poll(() => page.getByText(text).first().isVisible(), soon).toBe(true);
        await expect
          .poll(
            () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
            soon,
          )
          .toBe(true);
        await settled(page);
        await b.expectAccessible(page, `${name}, English, large text, narrow`);
        await b.shot(page, `survey-console-${name}-en-large-narrow`);
      }
    } finally {
      body(await staff.patch('/api/v1/auth/me', { locale: 'zh-CN', largeText: false }), 200);
    }
  });
});
