import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messyRows, readBack, workbook } from '../../src/modules/roster/roster.testkit';
import { startBrowserTest, type BrowserTest } from '../support/browser';

/** 花名册导入 in the console, and a list exported to Excel from its page. */

let b: BrowserTest;
beforeAll(async () => {
  b = await startBrowserTest();
});
afterAll(() => b?.stop());

async function staffPage(locale = 'zh-CN'): Promise<Page> {
  const context = await b.context('desktop', locale);
  const page = await context.newPage();
  await b.loginAs(page, 'communityStaff', 'console');
  return page;
}

async function chooseCompound(page: Page, label: string, name: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name })
    .first()
    .click();
}

describe('roster import', () => {
  it('uploads a messy sheet, shows its problems, excludes the bad rows and imports the rest', async () => {
    const page = await staffPage();
    await page.goto('/console/roster-import');
    await expect
      .poll(() => page.getByRole('heading', { name: '花名册导入', level: 2 }).isVisible())
      .toBe(true);
    await chooseCompound(page, '导入到哪个小区', '甲一小区');

    // The template downloads with its Chinese name.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载模板' }).click(),
    ]);
    expect(template.suggestedFilename()).toBe('花名册模板-甲一小区.xlsx');
    const [templateHeader] = await readBack(fs.readFileSync((await template.path())!));
    expect(templateHeader).toContain('身份证号');

    const { rows, merges } = messyRows();
    await page.locator('input[type=file]').setInputFiles({
      name: '甲一小区花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await workbook(rows, merges),
    });
    const problems = page.getByRole('table').filter({ hasText: '说明' });
    await expect.poll(() => problems.getByRole('row', { name: /I7/ }).isVisible()).toBe(true);
    await expect(problems.getByRole('row', { name: /I7/ }).textContent()).resolves.toContain(
      '电话“12345”不是有效的手机号',
    );
    await expect(problems.getByRole('row', { name: /J9/ }).textContent()).resolves.toContain('校验位不对');
    await expect(problems.getByRole('row', { name: /E12/ }).textContent()).resolves.toContain(
      '与第 3 行是同一房屋',
    );
    // Errors are said in words, not by colour alone.
    await expect(problems.getByRole('row', { name: /A10/ }).textContent()).resolves.toContain('错误');
    await expect(page.getByText('6 行有错误').isVisible()).resolves.toBe(true);

    const importButton = page.getByRole('button', { name: '导入', exact: true });
    await expect(importButton.isDisabled()).resolves.toBe(true);
    await b.expectAccessible(page, 'roster preview with problems');
    await b.shot(page, 'console-roster-preview-desktop');

    await page.getByRole('checkbox', { name: /排除有错误的 6 行/ }).check();
    await importButton.click();
    await expect.poll(() => page.getByText('导入完成').first().isVisible(), { timeout: 20_000 }).toBe(true);
    await expect(page.getByText('已导入 5 行。').isVisible()).resolves.toBe(true);
    await b.expectAccessible(page, 'roster import done');
    await b.shot(page, 'console-roster-done-desktop');

    const created = await b.deps.db
      .selectFrom('rooms')
      .select('number')
      .where('compound_id', '=', b.world.compoundA1)
      .execute();
    expect(created.map((r) => r.number).sort()).toEqual(['101', '101', '102', '301']);
    await page.context().close();
  });

  it('reads well in large-text mode, on a narrow window, and in English', async () => {
    await b.deps.db
      .updateTable('accounts')
      .set({ large_text: 1 })
      .where('id', '=', b.world.accounts.communityAdmin)
      .execute();
    const context = await b.context('phone', 'en');
    const page = await context.newPage();
    await b.loginAs(page, 'communityAdmin', 'console');
    await page.goto('/console/roster-import');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Roster import', level: 2 }).isVisible())
      .toBe(true);
    await chooseCompound(page, 'Compound to import into', '甲二小区');
    const { rows, merges } = messyRows();
    await page.locator('input[type=file]').setInputFiles({
      name: 'roster.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await workbook(rows.slice(0, 9), merges),
    });
    await expect
      .poll(() => page.getByText('Phone “12345” is not a valid mobile number').isVisible())
      .toBe(true);
    const fontSize = await page.evaluate(() => getComputedStyle(document.body).fontSize);
    expect(fontSize).toBe('18px');
    // Nothing pushes the page wider than the phone: the problems table scrolls inside its own region.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await b.expectAccessible(page, 'roster preview, large text, English');
    await b.shot(page, 'console-roster-preview-large-phone');
    await context.close();
  });
});

describe('export', () => {
  it('downloads the list on screen, with its filter, as .xlsx', async () => {
    const page = await staffPage();
    await page.goto('/console/compounds');
    await expect.poll(() => page.getByRole('cell', { name: '甲一小区' }).isVisible()).toBe(true);
    const search = page.locator('input[aria-label="搜索"]');
    await search.fill('甲二');
    await search.press('Enter');
    await expect.poll(() => page.getByRole('cell', { name: '甲一小区' }).count()).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^小区-\d{8}\.xlsx$/);
    const [header, ...rows] = await readBack(fs.readFileSync((await download.path())!));
    expect(header).toEqual(expect.arrayContaining(['名称', '建成年份', '创建时间']));
    expect(rows.map((r) => r[header!.indexOf('名称')])).toEqual(['甲二小区']);
    await expect.poll(() => page.getByText(/已下载 小区-/).isVisible()).toBe(true);
    await b.shot(page, 'console-export-desktop');
    await page.context().close();
  });
});
