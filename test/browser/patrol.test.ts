import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSquadMember, api, body, type Actor } from '../../src/modules/orders/orders.testkit';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { password } from '../support/world';

/**
 * 银发先锋 patrol the compound every morning: a squad volunteer starts the route on his phone, scans
 * the first point's QR (the camera opens its page), walks into the garage where the signal drops and
 * checks the second point by hand — it waits on the phone, "待上传 1 条" — comes back up, the scan
 * goes by itself, then reports a blocked fire lane with a photo at the last point and finishes. At the
 * desk the run is listed with its finding, and the finding is a service order on the dispatch board.
 * The console's route, checkpoint and duty pages are checked with axe and photographed too.
 */
let b: BrowserTest;
let runner: Actor;
let qr: string[];
const contexts: BrowserContext[] = [];

const soon = { timeout: 15_000 };

beforeAll(async () => {
  b = await startBrowserTest();
  runner = await addSquadMember(b, '张大爷', b.world.squadA);
  const staff = await b.as('communityStaff');
  const A = api(b.world.communityA);
  const route = body<{ id: string }>(
    await staff.post(`${A}/patrol-routes`, {
      compoundId: b.world.compoundA1,
      squadId: b.world.squadA,
      name: '甲一小区晨巡',
      schedule: { times: ['07:00'], weekdays: [1, 2, 3, 4, 5, 6, 7] },
    }),
    201,
  );
  qr = [];
  for (const [name, placeHint] of [
    ['东门岗亭', '东门入口'],
    ['地下车库', '负一层电梯口'],
    ['消防通道', '3 号楼北侧'],
  ])
    qr.push(
      body<{ qrToken: string }>(
        await staff.post(`${A}/patrol-routes/${route.id}/checkpoints`, { name, placeHint }),
        201,
      ).qrToken,
    );
  // A duty place with this week's shifts, for the duty pages.
  const place = body<{ id: string }>(
    await staff.post(`${A}/duty-places`, {
      name: '党群服务站',
      kind: 'station',
      shiftPattern: [
        { code: 'am', label: '上午', start: '08:30', end: '12:00' },
        { code: 'pm', label: '下午', start: '14:00', end: '17:30' },
      ],
    }),
    201,
  );
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  body(
    await staff.post(`${A}/duty-places/${place.id}/rotation`, {
      from: today,
      to: today,
      people: [runner.personId],
    }),
    201,
  );
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await b?.stop();
});

async function login(page: Page, phone: string, shell: 'resident' | 'console') {
  await page.goto(shell === 'console' ? '/console/login' : '/login');
  await page.locator('#login_phone').fill(phone);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

const visible = (page: Page, text: string | RegExp) => () => page.getByText(text).first().isVisible();
const toastsGone = (page: Page) => page.locator('.adm-toast-mask').waitFor({ state: 'detached' });

const photo = async () => ({
  name: 'fire-lane.png',
  mimeType: 'image/png',
  buffer: await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c0392b' } })
    .png()
    .toBuffer(),
});

describe('a patrol at phone size, with a scan made offline and a finding', () => {
  let phone: Page;
  let context: BrowserContext;
  let orderPath: string;

  it('the volunteer starts the route and scans the first point by its QR', async () => {
    context = await b.context('phone');
    contexts.push(context);
    phone = await context.newPage();
    await login(phone, runner.phone, 'resident');
    // Today's duty is on his home page.
    await expect.poll(visible(phone, '今日值班'), soon).toBe(true);
    await b.shot(phone, 'patrol-home-duty-phone');

    await phone.goto('/patrol');
    await expect.poll(visible(phone, '甲一小区晨巡'), soon).toBe(true);
    await b.expectAccessible(phone, 'patrol routes');
    await b.shot(phone, 'patrol-routes-phone');
    await phone.getByRole('button', { name: /开始.*甲一小区晨巡/ }).click();
    await phone.waitForURL(/\/patrol\/runs\/[\w-]+$/);
    await expect.poll(visible(phone, '已打卡 0 / 3 个点位'), soon).toBe(true);

    // The phone's camera opens the first point's QR code.
    await phone.goto(`/patrol/scan/${qr[0]}`);
    await phone.waitForURL(/\/patrol\/runs\/[\w-]+$/);
    await expect.poll(visible(phone, '已打卡 1 / 3 个点位'), soon).toBe(true);
    await toastsGone(phone);
    await b.expectAccessible(phone, 'patrol run');
    await b.shot(phone, 'patrol-run-phone');
  });

  it('without signal the second point waits on the phone, and goes once the signal is back', async () => {
    await context.setOffline(true);
    await expect.poll(visible(phone, /没有网络/), soon).toBe(true);
    await phone.getByRole('button', { name: '手动打卡：地下车库' }).click();
    await expect.poll(visible(phone, '待上传 1 条'), soon).toBe(true);
    await expect.poll(visible(phone, '已打卡，待上传'), soon).toBe(true);
    await expect.poll(visible(phone, '已打卡 2 / 3 个点位'), soon).toBe(true);
    await toastsGone(phone);
    await b.expectAccessible(phone, 'offline scan waiting');
    await b.shot(phone, 'patrol-offline-phone');
    // Still there after a reload of the page from the phone's storage… (no server needed to read it)
    expect(
      await phone.evaluate(() => JSON.parse(localStorage.getItem('gz-patrol-queue') ?? '[]').length),
    ).toBe(1);

    await context.setOffline(false);
    await expect.poll(visible(phone, '打卡都已上传'), soon).toBe(true);
    await expect.poll(() => phone.locator('.patrol-done').count(), soon).toBe(2);
    expect(await phone.evaluate(() => localStorage.getItem('gz-patrol-queue'))).toBe('[]');
  });

  it('he reports a blocked fire lane with a photo at the last point, and finishes', async () => {
    await phone.getByRole('button', { name: '在消防通道发现问题' }).click();
    await phone.getByLabel('什么问题').fill('消防通道被电动车堵住');
    await phone.getByLabel('从相册选').setInputFiles(await photo());
    await expect.poll(() => phone.locator('.photo-item.done').count(), soon).toBe(1);
    await b.expectAccessible(phone, 'finding form');
    await b.shot(phone, 'patrol-finding-phone');
    await phone.getByRole('button', { name: '提交问题（转为工单）' }).click();
    await expect.poll(visible(phone, '1 个问题已转为工单'), soon).toBe(true);
    await expect.poll(visible(phone, '已打卡 3 / 3 个点位'), soon).toBe(true);

    await phone.getByRole('button', { name: '结束巡逻' }).click();
    await expect.poll(visible(phone, '已完成'), soon).toBe(true);
    await toastsGone(phone);
    await b.expectAccessible(phone, 'patrol done');
    await b.shot(phone, 'patrol-done-phone');

    // In large-text mode (适老化) the run and the routes still fit the phone's width.
    body(await runner.client.patch('/api/v1/auth/me', { largeText: true }), 200);
    for (const [path, shot] of [
      [new URL(phone.url()).pathname, 'patrol-done-large-phone'],
      ['/patrol', 'patrol-routes-large-phone'],
    ] as const) {
      await phone.goto(path);
      await expect.poll(visible(phone, '甲一小区晨巡'), soon).toBe(true);
      await expect
        .poll(() => phone.evaluate(() => document.documentElement.classList.contains('large-text')))
        .toBe(true);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
        true,
      );
      await b.expectAccessible(phone, `${shot} large text`);
      await b.shot(phone, shot);
    }
  });

  it('at the desk the run shows its finding, and the finding is a service order', async () => {
    const desk = await (await b.context('desktop')).newPage();
    contexts.push(desk.context());
    await login(desk, b.world.phones.communityStaff, 'console');
    await desk.goto('/console/patrol-runs');
    const row = desk.getByRole('row', { name: /甲一小区晨巡/ });
    await expect.poll(() => row.textContent(), soon).toContain('张大爷');
    await expect.poll(() => row.textContent(), soon).toContain('已完成');
    await b.expectAccessible(desk, 'patrol runs');
    await b.shot(desk, 'console-patrol-runs');

    await row.getByRole('button', { name: '详情' }).click();
    const link = desk.getByRole('link', { name: '查看工单' });
    await expect.poll(() => link.isVisible(), soon).toBe(true);
    await b.expectAccessible(desk, 'patrol run drawer');
    await b.shot(desk, 'console-patrol-run');
    orderPath = (await link.getAttribute('href'))!;
    expect(orderPath).toMatch(/^\/console\/orders\/[\w-]+$/);
    await link.click();
    await desk.waitForURL(/\/console\/orders\/[\w-]+$/);
    await expect.poll(visible(desk, '消防通道被电动车堵住'), soon).toBe(true);
    await b.shot(desk, 'console-patrol-finding-order');
  });

  it('the route, checkpoint and duty pages at the desk', async () => {
    const desk = await (await b.context('desktop')).newPage();
    contexts.push(desk.context());
    await login(desk, b.world.phones.communityStaff, 'console');
    await desk.goto('/console/patrol-routes');
    await expect.poll(visible(desk, '甲一小区晨巡'), soon).toBe(true);
    await b.expectAccessible(desk, 'patrol routes');
    await b.shot(desk, 'console-patrol-routes');
    await desk
      .getByRole('row', { name: /甲一小区晨巡/ })
      .getByRole('button', { name: '点位', exact: true })
      .click();
    await expect.poll(visible(desk, '负一层电梯口'), soon).toBe(true);
    await b.expectAccessible(desk, 'checkpoints');
    // The fire lane is walked before the garage from now on.
    await desk.getByRole('button', { name: '消防通道上移' }).click();
    const names = () => desk.locator('.ant-drawer .ant-table-row td:nth-child(2)').allTextContents();
    await expect.poll(names, soon).toEqual(['东门岗亭', '消防通道', '地下车库']);
    await b.shot(desk, 'console-patrol-checkpoints');
    const [sheet] = await Promise.all([
      desk.waitForEvent('download'),
      desk.locator('.ant-drawer').getByRole('button', { name: '下载甲一小区晨巡的点位二维码' }).click(),
    ]);
    expect(sheet.suggestedFilename()).toMatch(/\.pdf$/);
    await desk.keyboard.press('Escape');

    for (const [path, text, shot] of [
      ['/console/duty-places', '党群服务站', 'console-duty-places'],
      ['/console/duty-roster', '张大爷', 'console-duty-roster'],
      ['/console/duty-swaps', '换班申请', 'console-duty-swaps'],
    ] as const) {
      await desk.goto(path);
      await expect.poll(visible(desk, text), soon).toBe(true);
      await b.expectAccessible(desk, path);
      await b.shot(desk, shot);
    }
    await desk.goto('/console/duty-roster');
    await desk.getByRole('button', { name: '轮流排班' }).click();
    await expect.poll(visible(desk, '党群服务站 · 轮流排班'), soon).toBe(true);
    await b.expectAccessible(desk, 'rotation dialog');
    await b.shot(desk, 'console-duty-rotation');
  });
});
