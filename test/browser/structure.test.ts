import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { settled, withoutToasts } from '../support/settle';

/** The console's housing pages: buildings, entrances, rooms with their areas and owners, the owners' roll. */

let b: BrowserTest;
beforeAll(async () => {
  b = await startBrowserTest();
});
afterAll(() => b?.stop());

async function staffPage(): Promise<Page> {
  const context = await b.context('desktop');
  const page = await context.newPage();
  await b.loginAs(page, 'communityStaff', 'console');
  return page;
}

/** Opens an antd select by its accessible name (inside `within`) and picks the option with this text. */
async function choose(page: Page, within: Page | Locator, name: string, option: string) {
  await within.getByRole('combobox', { name, exact: true }).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

describe('rooms', () => {
  it('edits a room’s area: a bad value is refused beside the field in Chinese, a good one is listed', async () => {
    const page = await staffPage();
    await page.goto('/console/rooms');
    const row = page.getByRole('row', { name: /101/ });
    await expect.poll(() => row.getByRole('cell', { name: '89.57' }).isVisible()).toBe(true);
    await expect(row.getByRole('cell', { name: '不动产登记' }).isVisible()).resolves.toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'rooms list');

    await row.getByRole('button', { name: '编辑' }).click();
    const dialog = page.getByRole('dialog');
    const area = dialog.getByLabel('面积（m²）');
    await expect.poll(() => area.inputValue()).toBe('89.57');
    await area.fill('1.234');
    await dialog.getByRole('button', { name: '保存' }).click();
    const explain = dialog.locator('.ant-form-item-explain-error', { hasText: '最多保留两位小数' });
    await expect.poll(() => explain.isVisible()).toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'room edit with an error');
    await b.shot(page, 'console-room-area-error-desktop');

    await area.fill('92.5');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByRole('cell', { name: '92.50' }).isVisible()).toBe(true);
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await withoutToasts(page);
    await b.shot(page, 'console-rooms-desktop');

    // The change the owners' assembly counts is in the audit log, with before and after.
    const logged = await b.deps.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('target_id', '=', b.world.roomA1)
      .execute();
    expect(logged.map((l) => l.action)).toContain('room.area');
    await page.context().close();
  });

  it('adds a room in an entrance chosen by building, filtered by use', async () => {
    const page = await staffPage();
    await page.goto('/console/rooms');
    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, dialog, '楼栋', '甲一小区 1栋');
    await choose(page, dialog, '* 单元', '1单元');
    await dialog.getByLabel('房号').fill('102');
    await dialog.getByLabel('楼层').fill('1');
    await dialog.getByLabel('面积（m²）').fill('１００');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('row', { name: /102/ }).isVisible()).toBe(true);
    await expect(
      page.getByRole('row', { name: /102/ }).getByRole('cell', { name: '100.00' }).count(),
    ).resolves.toBe(1);

    await choose(page, page.getByRole('region', { name: '房屋' }), '用途', '车位');
    await expect.poll(() => page.getByRole('row', { name: /102/ }).count()).toBe(0);
    await page.context().close();
  });

  it('registers the developer as owner and voter, and the owners’ roll counts the room', async () => {
    const page = await staffPage();
    await page.goto('/console/rooms');
    const row = page.getByRole('row', { name: /101/ });
    await row.getByRole('button', { name: '产权' }).click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.getByText('尚未登记业主').isVisible()).toBe(true);
    await drawer.getByLabel('开发商（未售出或未交付）').check();
    await drawer.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => drawer.getByRole('cell', { name: /投票人/ }).isVisible()).toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'room owners');
    await b.shot(page, 'console-room-owners-desktop');

    await page.goto('/console/electorate');
    await expect
      .poll(() => page.getByRole('cell', { name: '开发商（未售出或未交付）' }).isVisible())
      .toBe(true);
    // One head for the developer, however many rooms it holds.
    await expect(page.locator('th:has-text("业主人数") + td').textContent()).resolves.toBe('1');
    await settled(page);
    await b.expectAccessible(page, 'electorate');
    await b.shot(page, 'console-electorate-desktop');
    await page.context().close();
  });
});

describe('buildings and entrances', () => {
  it('adds a building to the chosen compound and an entrance to it', async () => {
    const page = await staffPage();
    await page.goto('/console/buildings');
    await expect.poll(() => page.getByRole('cell', { name: '甲二小区' }).isVisible()).toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'buildings');
    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, dialog, '* 小区', '甲一小区');
    await dialog.getByLabel('楼栋名称').fill('2栋');
    await dialog.getByLabel('层数').fill('7');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '2栋' }).isVisible()).toBe(true);

    await page.goto('/console/entrances');
    await choose(page, page.getByRole('region', { name: '单元' }), '楼栋', '甲一小区 2栋');
    await expect.poll(() => page.getByRole('cell', { name: '1单元' }).count()).toBe(0);
    await page.getByRole('button', { name: '新增' }).click();
    // The building filtered by is where the new entrance goes.
    await page.getByRole('dialog').getByLabel('单元名称').fill('1单元');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('row', { name: /2栋.*1单元/ }).isVisible()).toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'entrances');
    await page.context().close();
  });
});

describe('large text', () => {
  it('shows the rooms page in large-text mode', async () => {
    const page = await staffPage();
    await page.goto('/console/rooms');
    await page.getByRole('switch', { name: '大字模式' }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.classList.contains('large-text')))
      .toBe(true);
    await expect
      .poll(() =>
        page
          .getByRole('cell', { name: /^\d+\.\d\d$/ })
          .first()
          .isVisible(),
      )
      .toBe(true);
    const size = await page
      .getByRole('cell', { name: /^\d+\.\d\d$/ })
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(18);
    await settled(page);
    await b.expectAccessible(page, 'rooms in large text');
    await b.shot(page, 'console-rooms-large-text-desktop');
    await page.context().close();
  });
});
