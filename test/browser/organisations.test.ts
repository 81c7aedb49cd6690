import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/client';
import { startBrowserTest, type BrowserTest } from '../support/browser';

/** The organisations of a community at a desk: grids, the party tree, owners' committees, property. */

let b: BrowserTest;
let admin: Client;
const ids: Record<string, string> = {};

async function created(res: { statusCode: number; body: string; json<T>(): T }): Promise<string> {
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json<{ id: string }>().id;
}

beforeAll(async () => {
  b = await startBrowserTest();
  admin = await b.as('communityAdmin');
  const c = `/api/v1/communities/${b.world.communityA}`;
  ids.worker = await created(await admin.post(`${c}/people`, { name: '王网格' }));
  // 一肩挑: the branch secretary, an owner in the compound, chairs its owners' committee.
  ids.secretary = await created(
    await admin.post(`${c}/people`, { name: '李书记', politicalStatus: 'party_member' }),
  );
  await created(await admin.post(`${c}/rooms/${b.world.roomA1}/owners`, { personId: ids.secretary }));
  ids.committee = await created(
    await admin.post(`${c}/party-orgs`, { kind: 'committee', name: '甲社区党委' }),
  );
  ids.branch = await created(
    await admin.post(`${c}/party-orgs`, {
      kind: 'branch',
      name: '甲一小区党支部',
      parentId: ids.committee,
      compoundId: b.world.compoundA1,
    }),
  );
  await created(
    await admin.post(`${c}/party-orgs/${ids.branch}/positions`, {
      personId: ids.secretary,
      position: 'secretary',
    }),
  );
  ids.term = await created(
    await admin.post(`${c}/owner-committees`, {
      compoundId: b.world.compoundA1,
      termNo: 1,
      status: 'serving',
    }),
  );
  await created(
    await admin.post(`${c}/owner-committees/${ids.term}/members`, {
      personId: ids.secretary,
      position: 'chair',
    }),
  );
});
afterAll(() => b?.stop());

async function adminPage(): Promise<Page> {
  const context = await b.context('desktop');
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await b.loginAs(page, 'communityAdmin', 'console');
  return page;
}

/**
 * Picks `option` in the antd select named `name` inside `within`, typing `search` first when given;
 * tries again when a list that refreshed under the click swallowed it.
 */
async function choose(page: Page, within: Locator, name: string, option: string, search?: string) {
  const box = within.getByRole('combobox', { name });
  const shown = box.locator('xpath=..');
  await expect
    .poll(
      async () => {
        await box.click();
        if (search) await box.fill(search);
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
          .first()
          .click({ timeout: 5000 });
        return shown.textContent();
      },
      { timeout: 20_000 },
    )
    .toContain(option);
}

/** Waits for antd's open and close animations, so axe measures colours at full opacity. */
async function settled(page: Page) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
}

/** Closes a drawer by clicking beside it, as people do (a toast may sit over its close button). */
async function closeDrawer(page: Page, drawer: Locator) {
  await page.mouse.click(40, 600);
  await visible(drawer).toBe(false);
}

async function accessible(page: Page, label: string) {
  await settled(page);
  await b.expectAccessible(page, label);
}

const visible = (l: Locator) => expect.poll(() => l.isVisible(), { timeout: 10_000 });

describe('grids', () => {
  it('creates a grid, moves a building into it and appoints a grid worker', async () => {
    const page = await adminPage();
    await page.goto('/console/grids');
    await visible(page.getByRole('cell', { name: '第一网格', exact: true })).toBe(true);
    await accessible(page, 'grids list');

    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('网格名称').fill('第二网格');
    await choose(page, dialog, '所属小区', '甲一小区');
    await dialog.getByRole('button', { name: '保存' }).click();
    await visible(page.getByRole('cell', { name: '第二网格', exact: true })).toBe(true);

    // 1栋 is in 第一网格: the API says so, naming the grid, and nothing moves.
    await page.getByRole('button', { name: '第二网格 详情' }).click();
    let drawer = page.getByRole('dialog', { name: '网格：第二网格' });
    await choose(page, drawer, '划入楼栋', '甲一小区 1栋');
    await drawer.getByRole('button', { name: '划入楼栋' }).click();
    await visible(page.getByText('该楼栋已属于网格“第一网格”，请先从原网格移出')).toBe(true);
    await closeDrawer(page, drawer);

    // Take it out of 第一网格, then put it in the new grid.
    await page.getByRole('button', { name: '第一网格 详情' }).click();
    drawer = page.getByRole('dialog', { name: '网格：第一网格' });
    await drawer.getByRole('button', { name: '移出 1栋' }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '移出' }).click();
    await visible(drawer.getByText('尚未划入楼栋')).toBe(true);
    await closeDrawer(page, drawer);

    await page.getByRole('button', { name: '第二网格 详情' }).click();
    drawer = page.getByRole('dialog', { name: '网格：第二网格' });
    await choose(page, drawer, '划入楼栋', '甲一小区 1栋');
    await drawer.getByRole('button', { name: '划入楼栋' }).click();
    await visible(drawer.getByRole('button', { name: '移出 1栋' })).toBe(true);

    // A grid worker is appointed from the people register by name.
    await choose(page, drawer, '人员', '王网格', '王网格');
    await drawer.getByRole('button', { name: '任命', exact: true }).click();
    const row = drawer.getByRole('row', { name: /王网格/ });
    await visible(row).toBe(true);
    await expect(row.getByRole('cell', { name: '网格员', exact: true }).count()).resolves.toBe(1);
    await accessible(page, 'grid drawer');
    await b.shot(page, 'console-grid-detail-desktop');

    const held = await b.deps.db
      .selectFrom('grid_workers')
      .innerJoin('grids', 'grids.id', 'grid_workers.grid_id')
      .select(['grids.name', 'grid_workers.role'])
      .where('grid_workers.person_id', '=', ids.worker!)
      .execute();
    expect(held).toEqual([{ name: '第二网格', role: 'worker' }]);
    await page.context().close();
  });
});

describe('party tree', () => {
  it('shows the tree with its officers, adds a building group and shows a secretary’s cross-appointments', async () => {
    const page = await adminPage();
    await page.goto('/console/party');
    const tree = page.getByRole('tree');
    await visible(tree.getByText('甲社区党委')).toBe(true);
    await visible(tree.getByText('书记 李书记')).toBe(true);

    await tree.getByText('甲一小区党支部').click();
    await page.getByRole('button', { name: '下设楼栋党小组' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('1栋党小组');
    await choose(page, dialog, '所在楼栋', '甲一小区 1栋');
    await dialog.getByRole('button', { name: '保存' }).click();
    await visible(tree.getByText('1栋党小组')).toBe(true);
    await accessible(page, 'party tree');
    await b.shot(page, 'console-party-tree-desktop');

    // The branch secretary also chairs the owners' committee: 一肩挑.
    await tree.getByText('甲一小区党支部').click();
    await page.getByRole('button', { name: '李书记' }).click();
    const positions = page.getByRole('dialog', { name: '李书记 的任职情况' });
    await visible(positions.getByText('一肩挑：甲一小区（支部书记兼业委会主任）')).toBe(true);
    await visible(positions.getByText('甲一小区党支部书记')).toBe(true);
    await visible(positions.getByText('交叉任职')).toBe(true);
    await accessible(page, 'cross-appointments');
    await b.shot(page, 'console-party-positions-desktop');
    await page.context().close();
  });
});

describe('owners’ committees and property', () => {
  it('refuses a committee member who owns no home there, with the API’s reason', async () => {
    const page = await adminPage();
    await page.goto('/console/owner-committees');
    const row = page.getByRole('row', { name: /甲一小区/ });
    await visible(row.getByText('履职中')).toBe(true);
    await accessible(page, 'committees list');
    await row.getByRole('button', { name: '成员' }).click();
    const drawer = page.getByRole('dialog', { name: '甲一小区 第1届业委会' });
    await visible(drawer.getByRole('row', { name: /李书记/ })).toBe(true);
    await choose(page, drawer, '人员', '王网格', '王网格');
    await drawer.getByRole('button', { name: '任命', exact: true }).click();
    await visible(drawer.getByRole('alert').getByText('王网格 不是本小区业主，不能担任业委会委员')).toBe(
      true,
    );
    await accessible(page, 'committee drawer');
    await page.context().close();
  });

  it('signs a compound up with a new company at 1.20 元/m², and shows compounds without one plainly', async () => {
    const page = await adminPage();
    await page.goto('/console/property');
    const a1 = page.getByRole('row', { name: /甲一小区/ }).first();
    await visible(a1.getByText('无物业')).toBe(true);

    await page
      .getByRole('row', { name: /甲二小区/ })
      .first()
      .getByRole('button', { name: '签订物业合同' })
      .click();
    const dialog = page.getByRole('dialog', { name: '签订物业合同' });
    await dialog.getByRole('button', { name: '登记新公司' }).click();
    const company = page.getByRole('dialog', { name: '登记新公司' });
    await company.getByLabel('公司名称').fill('湘安物业服务有限公司');
    await company.getByRole('button', { name: '保存' }).click();
    await visible(company).toBe(false);
    await dialog.getByLabel('物业费').fill('1.20');
    await accessible(page, 'contract form');
    await dialog.getByRole('button', { name: '保存' }).click();

    const a2 = page.getByRole('row', { name: /甲二小区/ }).first();
    await visible(a2.getByText('湘安物业服务有限公司')).toBe(true);
    await visible(a2.getByText('1.20 元/m²·月')).toBe(true);
    await accessible(page, 'property');
    await b.shot(page, 'console-property-desktop');
    const stored = await b.deps.db
      .selectFrom('property_contracts')
      .select('fee_fen_per_m2_month')
      .where('compound_id', '=', b.world.compoundA2)
      .executeTakeFirstOrThrow();
    expect(stored.fee_fen_per_m2_month).toBe(120);
    await page.context().close();
  });

  it('lists co-building units and squads, each page accessible, also in large-text mode', async () => {
    const page = await adminPage();
    await page.getByText('大字模式').click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.classList.contains('large-text')))
      .toBe(true);
    await page.goto('/console/squads');
    await visible(page.getByRole('cell', { name: '第一分队', exact: true })).toBe(true);
    await visible(page.getByRole('cell', { name: '维修服务', exact: true })).toBe(true);
    await accessible(page, 'squads');
    await page
      .getByRole('row', { name: /第一分队/ })
      .getByRole('button', { name: '成员' })
      .click();
    await visible(page.getByRole('dialog', { name: '第一分队' }).getByText('分队成员')).toBe(true);
    await accessible(page, 'squad drawer');
    await b.shot(page, 'console-squads-large-text');
    await page.goto('/console/cobuild-units');
    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('单位名称').fill('国网郴州供电公司');
    await choose(page, dialog, '类别', '水电气');
    await dialog.getByRole('button', { name: '保存' }).click();
    await visible(page.getByRole('cell', { name: '国网郴州供电公司', exact: true })).toBe(true);
    await visible(dialog).toBe(false);
    await accessible(page, 'cobuild units');
    await page.context().close();
  });
});
