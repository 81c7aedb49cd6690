import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addResident,
  api,
  body,
  publishedActivity,
  tokenOf,
  type ActivityJson,
} from '../../src/modules/volunteers/volunteers.testkit';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { password } from '../support/world';

/**
 * 自主报名+筛选 end to end: the squad leader's screened activity (an art troupe's rehearsal); a
 * resident signs up on her phone and waits; the leader approves her at the desk; she is told she has
 * a place, and at the door scans the check-in QR and checks in; the console's list shows her checked
 * in. Then the other volunteer pages, each checked with axe and photographed: 我的志愿 with the
 * profile form, joining a squad, and on the console the volunteers, campaigns with their QR, join
 * requests, service records, figures, the calendar, settings, and a narrow desk window.
 */
let b: BrowserTest;
let activity: ActivityJson;
let resident: { phone: string; personId: string };
/** The campaign's sign-up page (/recruit/<token>), made on the console test. */
let campaignPath: string;
const contexts: BrowserContext[] = [];

/** Page loads take their time when the machine is busy: wait up to 15 s for them. */
const soon = { timeout: 15_000 };

beforeAll(async () => {
  b = await startBrowserTest();
  const leader = await b.as('squadLeader');
  activity = await publishedActivity(b, leader, {
    title: '文艺队排练',
    signupMode: 'screened',
    capacity: 12,
    description: '选拔合唱队员，欢迎有基础的居民报名。',
  });
  resident = await addResident(b, '王阿姨');
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await b?.stop();
});

async function open(kind: 'phone' | 'desktop', locale?: string) {
  const context = await b.context(kind, locale);
  contexts.push(context);
  return context.newPage();
}

async function login(page: Page, phone: string, shell: 'resident' | 'console') {
  await page.goto(shell === 'console' ? '/console/login' : '/login');
  await page.locator('#login_phone').fill(phone);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** A small photo of the rehearsal, as a desk computer would hand it over. */
const photo = async () => ({
  name: 'rehearsal.png',
  mimeType: 'image/png',
  buffer: await sharp({ create: { width: 320, height: 240, channels: 3, background: '#8e44ad' } })
    .png()
    .toBuffer(),
});

const visible = (page: Page, text: string | RegExp) => () => page.getByText(text).first().isVisible();
const toastsGone = (page: Page) => page.locator('.adm-toast-mask').waitFor({ state: 'detached' });

describe('a screened activity, from sign-up to the door', () => {
  let phone: Page;

  it('the resident finds the activity from her home page and signs up; she waits for the leader', async () => {
    phone = await open('phone');
    await login(phone, resident.phone, 'resident');
    const entry = phone.getByRole('button', { name: /^社区活动/ });
    await expect.poll(() => entry.isVisible(), soon).toBe(true);
    await b.shot(phone, 'volunteers-home-phone');
    await entry.click();
    await phone.waitForURL(/\/activities$/);
    await expect.poll(visible(phone, '文艺队排练'), soon).toBe(true);
    await b.expectAccessible(phone, 'activity list');
    await b.shot(phone, 'activities-phone');

    await phone.getByRole('button', { name: /文艺队排练/ }).click();
    await phone.waitForURL(/\/activities\/[\w-]+$/);
    await expect.poll(visible(phone, '自主报名 + 筛选'), soon).toBe(true);
    await expect.poll(visible(phone, '已报 0 / 共 12 人'), soon).toBe(true);
    await b.expectAccessible(phone, 'activity detail');
    await b.shot(phone, 'activity-detail-phone');

    await phone.getByLabel('备注（可不填）').fill('学过五年声乐');
    await phone.getByRole('button', { name: '报名', exact: true }).click();
    await expect.poll(visible(phone, /待审核/), soon).toBe(true);
    await expect.poll(visible(phone, '组织者审核后会通知您。'), soon).toBe(true);
    await toastsGone(phone);
    await b.expectAccessible(phone, 'signed up, pending');
    await b.shot(phone, 'activity-pending-phone');
  });

  it('the squad leader approves her in the console', async () => {
    const desk = await open('desktop');
    await login(desk, b.world.phones.squadLeader, 'console');
    await desk.goto('/console/activities');
    const row = desk.getByRole('row', { name: /文艺队排练/ });
    await expect.poll(() => row.isVisible(), soon).toBe(true);
    await expect.poll(() => row.textContent(), soon).toContain('待审 1');
    await b.expectAccessible(desk, 'activities list');
    await b.shot(desk, 'console-activities');

    await desk.getByRole('button', { name: '管理活动：文艺队排练' }).click();
    await desk.waitForURL(/\/console\/activities\/[\w-]+$/);
    const signup = desk.getByRole('row', { name: /王阿姨/ });
    await expect.poll(() => signup.textContent(), soon).toContain('学过五年声乐');
    await expect.poll(() => signup.textContent(), soon).toContain('待审核');
    await b.expectAccessible(desk, 'activity drawer');
    await b.shot(desk, 'console-activity-signups');

    await desk.getByRole('button', { name: '通过王阿姨的报名', exact: true }).click();
    await expect.poll(() => signup.textContent(), soon).toContain('已确认');
    await expect.poll(visible(desk, /已确认 1 \/ 名额 12/), soon).toBe(true);
    await b.shot(desk, 'console-activity-approved');
  });

  it('she sees her place, then checks in at the door with the QR page; the console shows it', async () => {
    await phone.reload();
    await expect.poll(visible(phone, '报名成功'), soon).toBe(true);
    await expect.poll(visible(phone, '到场后扫门口的签到二维码签到。'), soon).toBe(true);

    // The QR at the door opens the check-in page in her phone's browser.
    await phone.goto(`/checkin/a/${tokenOf(activity)}`);
    await expect.poll(visible(phone, '活动签到'), soon).toBe(true);
    await b.expectAccessible(phone, 'check-in page');
    await b.shot(phone, 'activity-checkin-phone');
    await phone.getByRole('button', { name: '签到', exact: true }).click();
    await expect.poll(visible(phone, /^✓ 已签到 ·/), soon).toBe(true);
    await b.expectAccessible(phone, 'checked in');
    await b.shot(phone, 'activity-checked-in-phone');

    const staff = await b.as('squadLeader');
    const signups = body<{
      items: { name: string; checkedInAt: number | null; checkedInVia: string | null }[];
    }>(await staff.get(`${api(b.world.communityA)}/activities/${activity.id}/signups`), 200);
    expect(signups.items).toEqual([expect.objectContaining({ name: '王阿姨', checkedInVia: 'qr' })]);
    expect(signups.items[0]!.checkedInAt).toBeGreaterThan(0);
  });
  it('the leader records it held, with a summary, the number served and a photo', async () => {
    const desk = await open('desktop');
    await login(desk, b.world.phones.squadLeader, 'console');
    await desk.goto(`/console/activities/${activity.id}`);
    await desk.getByRole('button', { name: '登记举办情况' }).click();
    const dialog = desk.getByRole('dialog', { name: /活动总结/ });
    await dialog.getByLabel('活动总结').fill('合唱队选出 8 名队员，下周起每周三排练。');
    await expect.poll(() => dialog.getByLabel('服务居民人数').inputValue(), soon).toBe('1');
    await dialog.locator('input[type="file"]').setInputFiles(await photo());
    await expect
      .poll(
        () =>
          dialog
            .locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)')
            .count(),
        soon,
      )
      .toBe(1);
    await b.expectAccessible(desk, 'hold dialog');
    await b.shot(desk, 'console-activity-hold');
    await dialog.getByRole('button', { name: '登记举办情况' }).click();
    await expect.poll(visible(desk, '合唱队选出 8 名队员，下周起每周三排练。'), soon).toBe(true);
    await expect
      .poll(() => desk.getByRole('img', { name: '文艺队排练 第 1 张照片' }).isVisible(), soon)
      .toBe(true);
    await b.expectAccessible(desk, 'held activity');
    await b.shot(desk, 'console-activity-held');
  });
});

describe('the other volunteer pages', () => {
  it('我的志愿 on the phone: hours, the profile form, joining a squad', async () => {
    const phone = await open('phone');
    await login(phone, resident.phone, 'resident');
    await phone.goto('/volunteer');
    await expect.poll(visible(phone, '登记成为志愿者'), soon).toBe(true);
    await b.expectAccessible(phone, 'my volunteering');
    await phone.getByText('理发', { exact: true }).click();
    await phone.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(visible(phone, '我的志愿者档案'), soon).toBe(true);
    await toastsGone(phone);
    await b.shot(phone, 'my-volunteering-phone');

    await phone.goto('/volunteer/squads');
    await expect.poll(visible(phone, '第一分队'), soon).toBe(true);
    await phone.getByRole('button', { name: '申请加入第一分队' }).click();
    await phone.getByLabel('想对队长说的话（可不填）').fill('会理发，周末有空');
    await phone.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(visible(phone, '申请已提交，等待队长审核'), soon).toBe(true);
    await toastsGone(phone);
    await b.expectAccessible(phone, 'join squads');
    await b.shot(phone, 'join-squads-phone');
  });

  it('the console pages at the desk, and one in a narrow window and in English', async () => {
    const staff = await b.as('communityStaff');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    campaignPath = body<{ signupPath: string }>(
      await staff.post(`${api(b.world.communityA)}/campaigns`, {
        title: '招募理发志愿者',
        body: '每月一次为社区老人义务理发。',
        squadId: b.world.squadA,
        skillsWanted: ['haircut'],
        startsOn: today,
        endsOn: '2099-12-31',
      }),
      201,
    ).signupPath;
    const desk = await open('desktop');
    await login(desk, b.world.phones.communityStaff, 'console');
    const heading = (title: string) => desk.getByRole('heading', { level: 2, name: title });

    // The join request she sent from her phone: approved at the desk.
    await desk.goto('/console/squad-join-requests');
    const request = desk.getByRole('row', { name: /王阿姨/ });
    await expect.poll(() => request.textContent(), soon).toContain('会理发，周末有空');
    await b.expectAccessible(desk, 'join requests');
    await b.shot(desk, 'console-join-requests');
    await desk.getByRole('button', { name: '通过王阿姨的申请', exact: true }).click();
    await desk.getByRole('dialog').getByRole('button', { name: '通过', exact: true }).click();
    await expect.poll(() => request.isVisible(), soon).toBe(false);

    // The campaign's poster link and QR code.
    await desk.goto('/console/volunteer-campaigns');
    await expect.poll(visible(desk, '招募理发志愿者'), soon).toBe(true);
    await desk.getByRole('button', { name: '招募理发志愿者的链接与二维码' }).click();
    const qr = desk.getByRole('img', { name: '招募理发志愿者的报名二维码' });
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), soon)
      .toBe(true);
    await expect.poll(visible(desk, /\/recruit\/[\w-]+$/), soon).toBe(true);
    await b.expectAccessible(desk, 'campaign QR');
    await b.shot(desk, 'console-campaign-qr');
    await desk.keyboard.press('Escape');

    // A manual entry (补录) for her, which the service records and her page then count.
    await desk.goto('/console/service-entries');
    await expect.poll(() => heading('服务记录').isVisible(), soon).toBe(true);
    await desk.getByRole('button', { name: '新增' }).click();
    const form = desk.getByRole('dialog');
    await form.getByLabel('人员').fill('王阿姨');
    await desk.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '王阿姨' }).click();
    await form.getByLabel('日期').fill(today);
    await form.getByLabel('日期').press('Enter');
    await form.getByLabel('时长（小时）').fill('2');
    await form.getByLabel('说明').fill('为 3 位老人义务理发');
    await form.getByRole('button', { name: '保存' }).click();
    const entry = desk.getByRole('row', { name: /为 3 位老人义务理发/ });
    await expect.poll(() => entry.textContent(), soon).toContain('补录');
    await b.expectAccessible(desk, 'service entries');
    await b.shot(desk, 'console-service-entries');

    for (const [path, title, shot] of [
      ['/console/volunteers', '志愿者', 'console-volunteers'],
      ['/console/volunteer-figures', '志愿统计', 'console-volunteer-figures'],
      ['/console/activity-calendar', '活动日历', 'console-activity-calendar'],
      ['/console/volunteer-settings', '志愿设置', 'console-volunteer-settings'],
    ] as const) {
      await desk.goto(path);
      await expect.poll(() => heading(title).isVisible(), soon).toBe(true);
      await b.expectAccessible(desk, path);
      await b.shot(desk, shot);
    }
    // Her 2 hours on the figures page lead to the rows behind them.
    await desk.goto('/console/volunteer-figures');
    await desk.getByRole('link', { name: /^服务时长（小时） 2：查看明细$/ }).click();
    await desk.waitForURL(/\/console\/service-entries\?/);
    await expect.poll(visible(desk, '为 3 位老人义务理发'), soon).toBe(true);

    const narrow = await b.browser.newContext({
      baseURL: b.baseUrl,
      locale: 'en',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 820, height: 900 },
    });
    contexts.push(narrow);
    const page = await narrow.newPage();
    await login(page, b.world.phones.squadLeader, 'console');
    await page.goto('/console/activities');
    await expect.poll(visible(page, '文艺队排练'), soon).toBe(true);
    await b.expectAccessible(page, 'activities narrow');
    await b.shot(page, 'console-activities-narrow-en');
  });

  it('a poster’s QR opens the campaign to anyone; signing up asks to log in and comes back', async () => {
    const neighbour = await addResident(b, '李师傅');
    const phone = await open('phone');
    await phone.goto(campaignPath);
    await expect.poll(visible(phone, '招募理发志愿者'), soon).toBe(true);
    await expect.poll(visible(phone, '每月一次为社区老人义务理发。'), soon).toBe(true);
    await b.expectAccessible(phone, 'recruit page, logged out');
    await b.shot(phone, 'recruit-phone');
    await phone.getByRole('button', { name: '登录后报名' }).click();
    await phone.waitForURL(/\/login\?next=/);
    await phone.locator('#login_phone').fill(neighbour.phone);
    await phone.locator('#login_password').fill(password);
    await phone.getByRole('button', { name: /登录/ }).click();
    await phone.waitForURL(/\/recruit\//);
    await phone.locator('.adm-selector-item', { hasText: '理发' }).click();
    await phone.getByRole('button', { name: '提交报名' }).click();
    await expect.poll(visible(phone, '报名已提交，队长审核后会通知您。'), soon).toBe(true);
    await b.expectAccessible(phone, 'recruit sent');
    await b.shot(phone, 'recruit-sent-phone');
  });
});
