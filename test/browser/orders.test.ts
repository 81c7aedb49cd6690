import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  body,
  placeOrder,
  setUpOrderWorld,
  type OrderWorld,
} from '../../src/modules/orders/orders.testkit';
import { artifacts, startBrowserTest, type BrowserTest } from '../support/browser';
import { settled } from '../support/settle';
import { password } from '../support/world';

/**
 * 居民点单 → 分队下单 → 党员接单 → 评价, across three people at once: a resident orders with a photo on
 * her phone, the squad leader assigns it at the desk, a party member accepts and resolves it on his
 * phone, the resident rates it; meanwhile the console's figures page, left open, counts it. Every
 * page is checked with axe and photographed; then the same pages in large text and in English.
 */
let b: BrowserTest;
let ow: OrderWorld;

beforeAll(async () => {
  b = await startBrowserTest();
  ow = await setUpOrderWorld(b);
});
afterAll(() => b?.stop());

/** Logs in through a shell's login page with any phone of the order world. */
async function login(page: Page, phone: string, shell: 'resident' | 'console') {
  await page.goto(shell === 'console' ? '/console/login' : '/login');
  await page.locator('#login_phone').fill(phone);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** A small photo of a leaking pipe, as a phone's album would hand it over. */
const photo = async () => ({
  name: 'leak.png',
  mimeType: 'image/png',
  buffer: await sharp({ create: { width: 320, height: 240, channels: 3, background: '#3a7bd5' } })
    .png()
    .toBuffer(),
});

/** Live updates and page loads take their time when the machine is busy: wait up to 15 s for them. */
const soon = { timeout: 15_000 };

/** Waits for the phone's toasts ("已提交") to fade, so screenshots show the page under them. */
const toastsGone = (page: Page) => page.locator('.adm-toast-mask').waitFor({ state: 'detached' });

const figure = (page: Page, key: string) =>
  page.locator(`[data-figure="${key}"] .ant-statistic-content`).textContent();

describe('the whole loop, three people at once', () => {
  it('a resident orders with a photo, the leader assigns, a party member resolves, the resident rates; the figures follow', async () => {
    const [member] = ow.members;

    // Community staff keep the figures page open at the desk: nothing yet in the period.
    const deskContext = await b.context('desktop');
    const desk = await deskContext.newPage();
    await b.loginAs(desk, 'communityStaff', 'console');
    await desk.goto('/console/order-figures');
    await expect.poll(() => figure(desk, 'total'), soon).toBe('0');
    await b.expectAccessible(desk, 'figures, empty');

    // The resident asks for help on her phone.
    const residentContext = await b.context('phone');
    const resident = await residentContext.newPage();
    await login(resident, ow.resident.phone, 'resident');
    await resident.getByRole('button', { name: /^我要求助/ }).click();
    await resident.waitForURL(/\/orders\/new$/);
    await expect.poll(() => resident.getByRole('radio', { name: '水电维修' }).isVisible(), soon).toBe(true);
    await b.expectAccessible(resident, 'new order form');
    // Sending with nothing filled in says what is missing, beside the fields.
    await resident.getByRole('button', { name: '提交求助' }).click();
    await expect.poll(() => resident.getByText('请选择一类').isVisible(), soon).toBe(true);
    await resident.getByRole('radio', { name: '水电维修' }).click();
    await resident.getByLabel('具体情况').fill('厨房水管接头漏水，地上都是水');
    await resident.getByLabel('从相册选').setInputFiles(await photo());
    await expect.poll(() => resident.getByText('✓ 已上传').isVisible(), soon).toBe(true);
    await resident.getByRole('button', { name: '工作日晚上' }).click();
    await expect(resident.getByLabel('什么时候家里有人').inputValue()).resolves.toBe('工作日晚上');
    await b.shot(resident, 'orders-new-phone');
    await resident.getByRole('button', { name: '提交求助' }).click();
    await resident.waitForURL(/\/orders\/[\w-]+$/);
    const orderId = resident.url().split('/').pop()!;
    await expect.poll(() => resident.getByText('待派单').first().isVisible(), soon).toBe(true);
    await expect.poll(() => resident.getByText('赵大妈 提交了求助').isVisible(), soon).toBe(true);
    await expect(resident.getByRole('img', { name: '查看第 1 张照片大图' }).count()).resolves.toBe(1);
    await b.expectAccessible(resident, 'my order, just sent');
    await toastsGone(resident);
    await b.shot(resident, 'orders-detail-sent-phone');

    // The desk sees it on the compound plan, live, and the plan opens the board on that building.
    await desk.goto('/console/order-plan');
    await expect
      .poll(() => desk.getByRole('button', { name: /1栋.*进行中 1 单/ }).isVisible(), soon)
      .toBe(true);
    await b.expectAccessible(desk, 'compound plan');
    await b.shot(desk, 'orders-console-plan');
    await desk.getByRole('button', { name: /1栋.*进行中 1 单/ }).click();
    await desk.waitForURL(/\/console\/orders\?.*buildingId=/);
    await expect.poll(() => desk.getByText('楼栋：1栋').isVisible(), soon).toBe(true);
    await expect.poll(() => desk.getByText('厨房水管接头漏水，地上都是水').isVisible(), soon).toBe(true);
    await desk.goto('/console/order-figures');
    await expect.poll(() => figure(desk, 'total'), soon).toBe('1');

    // The squad leader dispatches from the desk to the member whose skills fit.
    const leaderContext = await b.context('desktop');
    const leader = await leaderContext.newPage();
    await b.loginAs(leader, 'squadLeader', 'console');
    await leader.goto('/console/orders');
    await expect.poll(() => leader.getByText('厨房水管接头漏水，地上都是水').isVisible(), soon).toBe(true);
    await b.expectAccessible(leader, 'dispatch board');
    await b.shot(leader, 'orders-console-board');
    await leader.getByRole('button', { name: /^查看：水电维修/ }).click();
    const drawer = leader.getByRole('dialog');
    await expect
      .poll(() => drawer.getByRole('button', { name: '指派给 张水电' }).isVisible(), soon)
      .toBe(true);
    await expect.poll(() => drawer.getByText('✓ 水电').isVisible(), soon).toBe(true);
    await b.expectAccessible(leader, 'order drawer with proposal');
    await b.shot(leader, 'orders-console-drawer');
    // The drawer scrolls by itself: photograph the window once the proposal is in view.
    await drawer.getByRole('heading', { name: '派单' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await leader.screenshot({ path: path.join(artifacts, 'orders-console-drawer-proposal.png') });
    await drawer.getByRole('button', { name: '指派给 张水电' }).click();
    await expect.poll(() => drawer.getByText(/指派给 张水电$/).isVisible(), soon).toBe(true);

    // The resident sees it move without reloading, with who assigned it to whom by name.
    await expect.poll(() => resident.getByText('已指派').first().isVisible(), soon).toBe(true);
    await expect.poll(() => resident.getByText('李队长 指派给 张水电').isVisible(), soon).toBe(true);

    // The party member accepts and resolves on his phone; the door and number show once it is his.
    const memberContext = await b.context('phone');
    const phone = await memberContext.newPage();
    await login(phone, member.phone, 'resident');
    await phone.getByRole('button', { name: /^志愿服务/ }).click();
    await phone.waitForURL(/\/tasks$/);
    await expect.poll(() => phone.getByText('厨房水管接头漏水，地上都是水').isVisible(), soon).toBe(true);
    await b.expectAccessible(phone, 'my tasks');
    await b.shot(phone, 'orders-tasks-phone');
    await phone.getByRole('button', { name: /厨房水管接头漏水/ }).click();
    await phone.waitForURL(new RegExp(`/tasks/${orderId}$`));
    await expect.poll(() => phone.getByText('接单后这里显示门牌和联系电话。').isVisible(), soon).toBe(true);
    await phone.getByRole('button', { name: '接单', exact: true }).click();
    const call = phone.getByRole('link', { name: `拨打 ${ow.resident.phone}` });
    await expect.poll(() => call.isVisible(), soon).toBe(true);
    await expect(call.getAttribute('href')).resolves.toBe(`tel:${ow.resident.phone}`);
    await expect.poll(() => phone.getByText('1栋 1单元 101').first().isVisible(), soon).toBe(true);
    await toastsGone(phone);
    await b.expectAccessible(phone, 'task accepted');
    await b.shot(phone, 'orders-task-accepted-phone');
    await phone.getByRole('button', { name: '办结', exact: true }).click();
    await phone.getByLabel('办理情况').fill('已更换接头和生料带，试水不漏');
    await phone.getByRole('spinbutton').fill('1.5');
    await b.expectAccessible(phone, 'resolve form');
    await phone.getByRole('button', { name: '确认办结' }).click();
    await expect.poll(() => phone.getByText('张水电 办结，用时 1 小时 30 分钟').isVisible(), soon).toBe(true);
    // Resolved: the number is no longer his to see.
    await expect.poll(() => call.count(), soon).toBe(0);

    // The resident confirms and rates.
    await expect
      .poll(() => resident.getByRole('heading', { name: '确认并评价' }).isVisible(), soon)
      .toBe(true);
    await resident.getByRole('radio', { name: '5 星，非常满意' }).click();
    await resident.getByLabel('想说的话（可不填）').fill('张师傅来得很快，修得很好');
    await b.expectAccessible(resident, 'rate');
    await b.shot(resident, 'orders-rate-phone');
    await resident.getByRole('button', { name: '确认解决并提交评价' }).click();
    await expect.poll(() => resident.getByText('已完成').first().isVisible(), soon).toBe(true);
    await expect.poll(() => resident.getByText('赵大妈 确认完成，评价 5 星').isVisible(), soon).toBe(true);
    await toastsGone(resident);
    await b.shot(resident, 'orders-detail-closed-phone');

    // Community staff log the return visit (回访) from the board's drawer.
    await desk.goto(`/console/orders/${orderId}`);
    const visit = desk.getByRole('dialog');
    await visit.getByRole('button', { name: '回访' }).click();
    const form = desk.getByRole('dialog', { name: '回访' });
    await form.getByLabel('满意', { exact: true }).check();
    await form.getByLabel('回访记录').fill('电话回访，赵大妈说水管不漏了');
    await b.expectAccessible(desk, 'return visit');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => visit.getByText('communityStaff 回访：居民满意').isVisible(), soon).toBe(true);
    await desk.goto('/console/order-figures');

    // The figures page has counted it all.
    await expect.poll(() => figure(desk, 'households'), soon).toBe('1');
    await expect.poll(() => figure(desk, 'satisfaction'), soon).toBe('100%');
    expect(await figure(desk, 'hours')).toBe('1.5');
    expect(await figure(desk, 'total')).toBe('1');
    await expect.poll(() => desk.getByRole('cell', { name: '水电维修' }).isVisible(), soon).toBe(true);
    await b.expectAccessible(desk, 'figures after the loop');
    await b.shot(desk, 'orders-console-figures');

    for (const c of [deskContext, residentContext, leaderContext, memberContext]) await c.close();
  });
});

describe('the desk', () => {
  it('orders for a caller who phoned (代客下单), and keeps the categories with their clocks', async () => {
    const context = await b.context('desktop');
    const page = await context.newPage();
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto('/console/orders');
    await page.getByRole('button', { name: '代客下单' }).click();
    const modal = page.getByRole('dialog', { name: '代客下单（电话或上门）' });
    // Pick from a dropdown once it has finished opening: a click mid-animation can miss.
    const pick = async (label: string, option: string | RegExp, typed?: string) => {
      const field = modal.getByLabel(label);
      if (typed) await field.fill(typed);
      else await field.click();
      const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option });
      await item.first().waitFor();
      await settled(page);
      await item.first().click();
    };
    await pick('住户', '赵大妈家', '赵大妈');
    await expect.poll(() => modal.getByLabel('哪位打来的').isVisible(), soon).toBe(true);
    await pick('哪位打来的', /^赵大妈/);
    await pick('类别', /^管道疏通$/);
    await modal.getByLabel('情况').fill('卫生间下水慢，电话里说有异味');
    await b.expectAccessible(page, '代客下单 form');
    await b.shot(page, 'orders-console-intake');
    await modal.getByRole('button', { name: '保存' }).click();
    const drawer = page.getByRole('dialog', { name: /管道疏通 · 赵大妈/ });
    await expect.poll(() => drawer.getByText('电话', { exact: true }).isVisible(), soon).toBe(true);
    await expect
      .poll(() => page.getByRole('cell', { name: '卫生间下水慢，电话里说有异味' }).isVisible())
      .toBe(true);
    // The caller follows it in her own app.
    const mine = body<{ items: { description: string; channel: string }[] }>(
      await ow.resident.client.get('/api/v1/me/orders?pageSize=50'),
      200,
    );
    expect(mine.items.find((o) => o.description.startsWith('卫生间下水慢'))?.channel).toBe('phone');

    await page.goto('/console/order-categories');
    await expect.poll(() => page.getByRole('cell', { name: '水电维修' }).isVisible(), soon).toBe(true);
    const row = page.getByRole('row', { name: /水电维修/ });
    await expect(row.textContent()).resolves.toMatch(/30 分钟.*1 天/);
    await b.expectAccessible(page, 'categories');
    await b.shot(page, 'orders-console-categories');
    await context.close();
  });
});

describe('the squad board', () => {
  it('a member sees their load against the cap before taking, and hands an order to a named colleague', async () => {
    const [, barber] = ow.members;
    const staff = await b.as('communityStaff');
    const A = api(b.world.communityA);
    body(await staff.patch(`${A}/order-settings`, { openCap: 1 }), 200);

    // Nothing waits for him yet, and he has no household: the home page still offers his squad's pages.
    const context = await b.context('phone');
    const page = await context.newPage();
    await login(page, barber.phone, 'resident');
    const entry = page.getByRole('button', { name: /^志愿服务/ });
    await expect.poll(() => entry.textContent(), soon).toMatch(/第一分队 · 已接 0 \/ 上限 1/);
    await b.shot(page, 'orders-home-volunteer-phone');

    for (const description of ['楼道灯不亮了', '门口下水道堵了'])
      body(
        await ow.leader.client.post(`${A}/orders/${(await placeOrder(ow, { description })).id}/publish`, {}),
        200,
      );
    await entry.click();
    await page.getByRole('option', { name: /^抢单板/ }).click();
    await expect.poll(() => page.getByText('楼道灯不亮了').isVisible(), soon).toBe(true);
    await expect(page.getByText('门口下水道堵了').isVisible()).resolves.toBe(true);
    await expect.poll(() => page.getByText('已接 0 / 上限 1').isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'squad board');
    await b.shot(page, 'orders-board-phone');
    await page.getByRole('button', { name: '抢单：水电维修' }).first().click();
    await page.waitForURL(/\/tasks\/[\w-]+$/);
    await expect.poll(() => page.getByText('王理发 抢单，开始处理').isVisible(), soon).toBe(true);
    const taken = page.url();

    // At the cap the board says so before he tries, and the remaining order waits for someone else.
    await page.goto('/tasks?tab=board');
    await expect.poll(() => page.getByText('已接 1 / 上限 1').isVisible(), soon).toBe(true);
    await expect.poll(() => page.getByRole('status').textContent(), soon).toMatch(/已到上限/);
    const grab = page.getByRole('button', { name: '抢单：水电维修' });
    await expect.poll(() => grab.count(), soon).toBe(1);
    await expect(grab.isDisabled()).resolves.toBe(true);
    await b.expectAccessible(page, 'squad board at the cap');
    await b.shot(page, 'orders-board-cap-phone');

    // He hands the one he took to the colleague whose skills fit, picking him by name.
    await page.goto(taken);
    await page.getByRole('button', { name: '转单', exact: true }).click();
    await page.getByRole('radio', { name: /^张水电 · 水电、管道 · 手上 0 单/ }).click();
    await page.getByLabel('转单原因').fill('水管的活张师傅更在行');
    await b.expectAccessible(page, 'transfer form');
    await b.shot(page, 'orders-transfer-phone');
    await page.getByRole('button', { name: '转给 张水电' }).click();
    await expect.poll(() => page.getByText('王理发 转单给 张水电').isVisible(), soon).toBe(true);
    await page.goto('/tasks?tab=board');
    await expect.poll(() => page.getByText('已接 0 / 上限 1').isVisible(), soon).toBe(true);
    await expect
      .poll(() => page.getByRole('button', { name: '抢单：水电维修' }).isDisabled(), soon)
      .toBe(false);
    await context.close();
    body(await staff.patch(`${A}/order-settings`, { openCap: 3 }), 200);
  });
});

describe('a public place', () => {
  it('a resident names a building of her compound instead of describing the spot', async () => {
    const context = await b.context('phone');
    const page = await context.newPage();
    await login(page, ow.resident.phone, 'resident');
    await page.goto('/orders/new');
    await page.getByRole('radio', { name: '环境卫生' }).click();
    await page.getByLabel('具体情况').fill('楼下垃圾桶满了没人清');
    await page.getByRole('radio', { name: '甲一小区的公共区域' }).click();
    // Neither a building nor the words: the form asks for one of them.
    await page.getByRole('button', { name: '提交求助' }).click();
    await expect.poll(() => page.getByText('请选择楼栋或写明具体位置').isVisible(), soon).toBe(true);
    const buildings = page.getByRole('group', { name: '在哪栋楼（可不选）' });
    await buildings.getByText('1栋', { exact: true }).click();
    await expect.poll(() => page.getByText('具体位置（可不填）').isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'public place with a building');
    await b.shot(page, 'orders-new-public-place-phone');
    await page.getByRole('button', { name: '提交求助' }).click();
    await page.waitForURL(/\/orders\/[\w-]+$/);
    await expect.poll(() => page.getByText('甲一小区 · 1栋').first().isVisible(), soon).toBe(true);
    await context.close();
  });
});

describe('a flaky phone network', () => {
  it('a reply lost on the way and a second press make one order, not two', async () => {
    const context = await b.context('phone');
    const page = await context.newPage();
    await login(page, ow.resident.phone, 'resident');
    await page.goto('/orders/new');
    await page.getByRole('radio', { name: '其他' }).click();
    await page.getByLabel('具体情况').fill('单元门禁坏了，刷卡没反应');
    // The server takes the first submission, but its answer never reaches the phone.
    let dropped = 0;
    await page.route('**/api/v1/me/orders', async (route) => {
      if (route.request().method() !== 'POST' || dropped++) return route.fallback();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: '提交求助' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), soon).toContain('网络连接失败');
    await page.getByRole('button', { name: '提交求助' }).click();
    await page.waitForURL(/\/orders\/[\w-]+$/);
    const mine = body<{ items: { description: string }[] }>(
      await ow.resident.client.get('/api/v1/me/orders?pageSize=100'),
      200,
    );
    expect(mine.items.filter((o) => o.description === '单元门禁坏了，刷卡没反应')).toHaveLength(1);
    expect(dropped).toBe(2);
    await context.close();
  });
});

describe('large text and English', () => {
  it('the order form and an order read large on a phone, in English too', async () => {
    const { client } = ow.resident;
    expect((await client.patch('/api/v1/auth/me', { largeText: true })).statusCode).toBe(200);
    const context = await b.context('phone', 'en');
    const page = await context.newPage();
    await login(page, ow.resident.phone, 'resident');
    await page.goto('/orders/new');
    await expect
      .poll(() => page.getByRole('radio', { name: 'Water and electrics repair' }).isVisible())
      .toBe(true);
    const sizes = await page.evaluate(() => {
      const cell = document.querySelector('.category-cell')!;
      return {
        text: parseFloat(getComputedStyle(cell).fontSize),
        target: cell.getBoundingClientRect().height,
      };
    });
    expect(sizes.text).toBeGreaterThanOrEqual(18);
    expect(sizes.target).toBeGreaterThanOrEqual(44);
    await b.expectAccessible(page, 'new order, large text');
    await b.shot(page, 'orders-new-large-text-phone');

    expect((await client.patch('/api/v1/auth/me', { locale: 'en' })).statusCode).toBe(200);
    await page.goto('/orders');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'My requests' }).isVisible(), soon).toBe(true);
    await page.getByRole('option', { name: 'All', exact: true }).click();
    await page.getByText('厨房水管接头漏水，地上都是水').click();
    await expect.poll(() => page.getByText('Completed').first().isVisible(), soon).toBe(true);
    await expect.poll(() => page.getByText('赵大妈 confirmed it, 5 stars').isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'order detail, large text, English');
    await b.shot(page, 'orders-detail-large-text-en-phone');
    await context.close();
    expect((await client.patch('/api/v1/auth/me', { locale: 'zh-CN', largeText: false })).statusCode).toBe(
      200,
    );
  });

  it('the dispatch board and its drawer in large text at the desk', async () => {
    const leader = ow.leader.client;
    expect((await leader.patch('/api/v1/auth/me', { largeText: true })).statusCode).toBe(200);
    const context = await b.context('desktop');
    const page = await context.newPage();
    await b.loginAs(page, 'squadLeader', 'console');
    await page.goto('/console/orders');
    await expect.poll(() => page.getByText('楼道灯不亮了').isVisible(), soon).toBe(true);
    await page
      .getByRole('button', { name: /^查看：水电维修/ })
      .first()
      .click();
    await expect.poll(() => page.getByRole('dialog').getByText('办理经过').isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'board drawer, large text');
    await b.shot(page, 'orders-console-drawer-large-text');
    await context.close();
    expect((await leader.patch('/api/v1/auth/me', { largeText: false })).statusCode).toBe(200);
  });
});
