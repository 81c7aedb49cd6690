import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addResident, api } from '../../src/modules/deliberation/deliberation.testkit';
import { planMeeting, startMeeting, type MeetingJson } from '../../src/modules/deliberation/meetings.testkit';
import { body, type Client } from '../support/client';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { password } from '../support/world';

/**
 * 有事大家议 on residents' phones, one topic through the whole loop: a resident raises it with a
 * photo; two neighbours support it until it reaches the threshold, one of them comments; the desk
 * (driven through the API here) puts it on a meeting that decides with an action item for that
 * neighbour, who marks it done with a photo on his phone; the resident, whose page stayed open,
 * sees each step arrive, reads the trail and rates it. Then anyone, logged out, reads the results
 * board — counts and the whole trail, names masked — also in large text and in English. And the
 * meeting's QR code signs a resident in after logging in. Every page is checked with axe.
 */
let b: BrowserTest;
type Resident = Awaited<ReturnType<typeof addResident>>;
let raiser: Resident;
let neighbours: [Resident, Resident];
let staff: Client;

beforeAll(async () => {
  b = await startBrowserTest();
  raiser = await addResident(b, '赵大妈');
  neighbours = [await addResident(b, '钱大爷'), await addResident(b, '孙阿姨')];
  staff = await b.as('communityStaff');
  // Two supports put a topic on the agenda queue in this community.
  body(await staff.patch(`${api(b.world.communityA)}/deliberation-settings`, { supportThreshold: 2 }), 200);
});
afterAll(() => b?.stop());

/** Live updates and page loads take their time when the machine is busy: wait up to 15 s. */
const soon = { timeout: 15_000 };

async function login(page: Page, phone: string) {
  await page.locator('#login_phone').fill(phone);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** A photo as a phone's album hands it over. */
const photo = async (name: string, background: string) => ({
  name,
  mimeType: 'image/png',
  buffer: await sharp({ create: { width: 320, height: 240, channels: 3, background } })
    .png()
    .toBuffer(),
});

/** Waits for the phone's toasts to fade, so screenshots and axe see the page under them. */
const toastsGone = (page: Page) => page.locator('.adm-toast-mask').waitFor({ state: 'detached' });

/** Every picture on the page has loaded (a broken link has no natural width). */
const picturesLoaded = (page: Page) =>
  page.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0));

const count = (page: Page, stage: string) => page.locator(`[data-count="${stage}"] dd`).textContent();

const title = '3栋门口电动车乱停，挡住消防通道';

describe('a topic through the whole loop', () => {
  const contexts: BrowserContext[] = [];
  let mine: Page;
  let topicId = '';
  let meeting: MeetingJson;
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });
  const phone = async (locale?: string) => {
    const context = await b.context('phone', locale);
    contexts.push(context);
    return context.newPage();
  };

  it('a resident raises a topic with a photo on her phone', async () => {
    mine = await phone();
    await mine.goto('/login');
    await login(mine, raiser.phone);
    await mine.getByRole('button', { name: /^有事大家议/ }).click();
    await mine.waitForURL(/\/topics$/);
    await expect.poll(() => mine.getByText(/身边还没有议题/).isVisible(), soon).toBe(true);
    await mine.getByRole('button', { name: '我要提议题' }).click();
    await mine.waitForURL(/\/topics\/new$/);
    await expect.poll(() => mine.getByRole('option', { name: '停车交通' }).isVisible(), soon).toBe(true);
    // Sending with nothing filled in says what is missing, beside the fields.
    await mine.getByRole('button', { name: '提交议题' }).click();
    await expect.poll(() => mine.getByText('请选择一类').isVisible(), soon).toBe(true);
    await expect(mine.getByText('请写上标题').isVisible()).resolves.toBe(true);
    await mine.getByRole('option', { name: '停车交通' }).click();
    await mine.getByLabel('议题标题').fill(title);
    await mine.getByLabel('具体情况').fill('晚上电动车停满门口，老人推轮椅出不去，着火了消防车也进不来');
    await mine.getByLabel('具体位置（可不填）').fill('3栋东侧消防通道');
    await mine.getByLabel('从相册选').setInputFiles(await photo('bikes.png', '#3a7bd5'));
    await expect.poll(() => mine.getByText('✓ 已上传').isVisible(), soon).toBe(true);
    await b.expectAccessible(mine, 'raise a topic');
    await b.shot(mine, 'topics-new-phone');
    await mine.getByRole('button', { name: '提交议题' }).click();
    // The new topic's page: /topics/new itself matches the pattern, so wait until it is left.
    await mine.waitForURL((url) => /\/topics\/[\w-]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    topicId = mine.url().split('/').pop()!;
    await expect.poll(() => mine.getByRole('heading', { name: title }).isVisible(), soon).toBe(true);
    await expect(mine.getByText('征集附议').first().isVisible()).resolves.toBe(true);
    await expect.poll(() => mine.getByText('0 人附议 · 再有 2 人附议即可上会').isVisible(), soon).toBe(true);
    // Her own name in full to herself; she cannot support her own topic.
    await expect(mine.getByText('赵大妈 提出了议题').isVisible()).resolves.toBe(true);
    await expect(mine.getByRole('button', { name: /附议/ }).count()).resolves.toBe(0);
    await expect(mine.getByRole('img', { name: '查看第 1 张照片大图' }).count()).resolves.toBe(1);
    await expect.poll(() => picturesLoaded(mine), soon).toBe(true);
    await toastsGone(mine);
    await b.expectAccessible(mine, 'my topic, just raised');
    await b.shot(mine, 'topics-detail-raised-phone');
  });

  it('two neighbours support it until it reaches the threshold, and one comments', async () => {
    const page = await phone();
    await page.goto('/login');
    await login(page, neighbours[0].phone);
    await page.goto('/topics');
    const row = page.getByRole('button', { name: new RegExp(title) });
    await expect.poll(() => row.isVisible(), soon).toBe(true);
    await expect(row.textContent()).resolves.toMatch(/征集附议.*0 人附议/);
    await b.expectAccessible(page, 'topics near me');
    await b.shot(page, 'topics-list-phone');
    await row.click();
    // Neighbours see the raiser's name masked.
    await expect.poll(() => page.getByText('赵*妈 提出了议题').isVisible(), soon).toBe(true);
    await page.getByRole('button', { name: '附议，我也关心这件事' }).click();
    await expect.poll(() => page.getByText('您已附议').isVisible(), soon).toBe(true);
    await expect(page.getByText('1 人附议 · 再有 1 人附议即可上会').isVisible()).resolves.toBe(true);
    await page.getByLabel('我想说').fill('同意，晚上推婴儿车也过不去');
    await page.getByRole('button', { name: '发表留言' }).click();
    await expect.poll(() => page.getByText('同意，晚上推婴儿车也过不去').isVisible(), soon).toBe(true);
    await toastsGone(page);
    await b.expectAccessible(page, 'supported and commented');
    await b.shot(page, 'topics-detail-supported-phone');

    // The second neighbour supports from her phone (through the API): the threshold is reached, and
    // the raiser's open page moves on by itself.
    body(await neighbours[1].client.post(`/api/v1/me/topics/${topicId}/support`, {}), 200);
    await expect.poll(() => mine.getByText('待上会').first().isVisible(), soon).toBe(true);
    await expect.poll(() => mine.getByText('附议达到 2 人，列入待议').isVisible(), soon).toBe(true);
    await expect(mine.getByText('同意，晚上推婴儿车也过不去').isVisible()).resolves.toBe(true);
    await expect(mine.getByText('钱*爷', { exact: false }).first().isVisible()).resolves.toBe(true);
  });

  it('the meeting QR code signs a neighbour in, after she logs in', async () => {
    meeting = await planMeeting(b, staff, {
      title: '3栋停车议事会',
      topicIds: [topicId],
      place: '3栋架空层',
    });
    expect(meeting.checkinPath).toMatch(/^\/checkin\//);
    const page = await phone();
    await page.goto(meeting.checkinPath!);
    await page.waitForURL(/\/login\?next=/);
    await login(page, neighbours[1].phone);
    await page.waitForURL((url) => url.pathname === meeting.checkinPath);
    await expect
      .poll(() => page.getByRole('heading', { name: '3栋停车议事会' }).isVisible(), soon)
      .toBe(true);
    await expect(page.getByText('3栋架空层').isVisible()).resolves.toBe(true);
    await b.expectAccessible(page, 'check-in');
    await b.shot(page, 'topics-checkin-phone');
    await page.getByRole('button', { name: '签到' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), soon).toMatch(/已签到/);
    await b.shot(page, 'topics-checkin-done-phone');
    const listed = body<MeetingJson>(
      await staff.get(`${api(b.world.communityA)}/meetings/${meeting.id}`),
      200,
    ).invitees.find((i) => i.accountId === neighbours[1].accountId);
    expect(listed?.signedInVia).toBe('qr');
  });

  it('the meeting decides with an action item; its owner marks it done with a photo on his phone', async () => {
    const A = api(b.world.communityA);
    await startMeeting(b, staff, meeting.id);
    const item = meeting.agenda.find((i) => i.topicId === topicId)!;
    body(
      await staff.post(`${A}/meetings/${meeting.id}/agenda/${item.id}/decision`, {
        text: '3栋东侧划出电动车停放区，消防通道装隔离桩',
        decidedBy: '五方联席一致通过',
        votesFor: 9,
        votesAgainst: 0,
        votesAbstain: 1,
        actions: [{ title: '安装隔离桩', ownerAccountId: neighbours[0].accountId, dueDate: '2099-12-31' }],
      }),
      201,
    );
    // The raiser's open page shows the decision as it is taken.
    await expect.poll(() => mine.getByText('已决议，办理中').first().isVisible(), soon).toBe(true);
    await expect
      .poll(() => mine.getByText('3栋东侧划出电动车停放区，消防通道装隔离桩').first().isVisible(), soon)
      .toBe(true);

    const page = await phone();
    await page.goto('/login');
    await login(page, neighbours[0].phone);
    const entry = page.getByRole('button', { name: /^我的事项/ });
    await expect.poll(() => entry.textContent(), soon).toMatch(/有 1 件待办事项/);
    await b.expectAccessible(page, 'home with the deliberation entries');
    await b.shot(page, 'topics-home-phone');
    await entry.click();
    await page.waitForURL(/\/actions$/);
    await expect.poll(() => page.getByText('安装隔离桩').isVisible(), soon).toBe(true);
    await expect(page.getByText('会议：3栋停车议事会').isVisible()).resolves.toBe(true);
    await b.expectAccessible(page, 'my action items');
    await page.getByRole('button', { name: '已办好：安装隔离桩' }).click();
    await page.getByRole('button', { name: '确认办好' }).click();
    await expect.poll(() => page.getByText('请写写办理情况').isVisible(), soon).toBe(true);
    await page.getByLabel('办理情况').fill('隔离桩 6 根已装好，停放区画线完成');
    await page.getByLabel('从相册选').setInputFiles(await photo('posts.png', '#d5a13a'));
    await expect.poll(() => page.getByText('✓ 已上传').isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'action done form');
    await b.shot(page, 'topics-action-done-form-phone');
    await page.getByRole('button', { name: '确认办好' }).click();
    await expect.poll(() => page.getByText('已完成').first().isVisible(), soon).toBe(true);
    await expect.poll(() => page.getByRole('img', { name: '查看第 1 张照片大图' }).count(), soon).toBe(1);
    await toastsGone(page);
    await b.shot(page, 'topics-actions-phone');
  });

  it('the resident sees the whole trail arrive and rates the outcome', async () => {
    await expect.poll(() => mine.getByText('已办结').first().isVisible(), soon).toBe(true);
    await expect
      .poll(() => mine.getByRole('heading', { name: '给办理结果打分' }).isVisible(), soon)
      .toBe(true);
    const steps = await mine.locator('.timeline-step .timeline-text').allTextContents();
    expect(steps).toEqual([
      '赵大妈 提出了议题',
      '附议达到 2 人，列入待议',
      expect.stringMatching(/将议题列入“3栋停车议事会”议程$/),
      '“3栋停车议事会”讨论了此议题',
      '会议作出决议（五方联席一致通过）',
      '落实事项：安装隔离桩，期限 2099-12-31',
      '钱*爷 完成了“安装隔离桩”',
      '议题办结',
    ]);
    // The evidence photo shows under the action.
    await expect(mine.getByRole('list', { name: '完成照片' }).getByRole('img').count()).resolves.toBe(1);
    await mine.getByRole('radio', { name: '5 星，非常满意' }).click();
    await mine.getByLabel('想说的话（可不填）').fill('门口终于通了，谢谢大家');
    await b.expectAccessible(mine, 'rate the outcome');
    await b.shot(mine, 'topics-rate-phone');
    await mine.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => mine.getByText('您的评价：', { exact: false }).isVisible(), soon).toBe(true);
    await expect.poll(() => mine.getByText('赵大妈 评价了办理结果').isVisible(), soon).toBe(true);
    await toastsGone(mine);
    await expect.poll(() => picturesLoaded(mine), soon).toBe(true);
    await b.shot(mine, 'topics-detail-done-phone');
  });

  it('anyone, logged out, reads the results board: counts and the whole trail, names masked', async () => {
    const page = await phone();
    await page.goto(`/board/${b.world.communityA}`);
    await expect.poll(() => page.getByRole('heading', { name: '议事公示栏' }).isVisible(), soon).toBe(true);
    expect(page.url()).not.toMatch(/login/);
    await expect.poll(() => count(page, 'done'), soon).toBe('1');
    expect([
      await count(page, 'raised'),
      await count(page, 'discussed'),
      await count(page, 'decided'),
    ]).toEqual(['0', '0', '0']);
    await expect(page.getByText('共 1 个议题').isVisible()).resolves.toBe(true);
    await b.expectAccessible(page, 'results board');
    await b.shot(page, 'topics-board-phone');
    await page.getByRole('button', { name: new RegExp(title) }).click();
    await page.waitForURL(new RegExp(`/board/${b.world.communityA}/topics/${topicId}$`));
    await expect.poll(() => page.getByText('赵*妈 提出了议题').isVisible(), soon).toBe(true);
    await expect(page.getByText('钱*爷 完成了“安装隔离桩”').isVisible()).resolves.toBe(true);
    await expect(page.getByText('赵*妈 评价了办理结果').isVisible()).resolves.toBe(true);
    await expect(page.getByText('门口终于通了，谢谢大家').isVisible()).resolves.toBe(true);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const name of ['赵大妈', '钱大爷', '孙阿姨']) expect(text).not.toContain(name);
    // Comments stay among neighbours; the photos show without a session.
    expect(text).not.toContain('同意，晚上推婴儿车也过不去');
    await expect.poll(() => page.locator('.photo-thumbs img').count(), soon).toBe(2);
    await expect.poll(() => picturesLoaded(page), soon).toBe(true);
    await b.expectAccessible(page, 'results board, one trail');
    await b.shot(page, 'topics-board-trail-phone');
  });

  it('the board and the resident pages read well in large text and in English', async () => {
    const page = await phone('en');
    await page.addInitScript(() => localStorage.setItem('gz-large-text', '1'));
    await page.goto(`/board/${b.world.communityA}?compoundId=${b.world.compoundA1}`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Results board' }).isVisible(), soon)
      .toBe(true);
    await expect.poll(() => count(page, 'done'), soon).toBe('1');
    await expect(
      page.evaluate(() => document.documentElement.classList.contains('large-text')),
    ).resolves.toBe(true);
    await b.expectAccessible(page, 'board, large text, English');
    await b.shot(page, 'topics-board-large-en');
    await page.getByRole('button', { name: new RegExp(title) }).click();
    await expect.poll(() => page.getByText('The topic is done').isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'board trail, large text, English');
    await b.shot(page, 'topics-board-trail-large-en');

    // The raiser, in large text (her own setting) and English.
    body(await raiser.client.patch('/api/v1/auth/me', { largeText: true, locale: 'en' }), 200);
    const own = await phone('en');
    await own.goto('/login');
    await login(own, raiser.phone);
    await own.goto(`/topics/${topicId}`);
    await expect.poll(() => own.getByText('Your rating:', { exact: false }).isVisible(), soon).toBe(true);
    await b.expectAccessible(own, 'my topic, large text, English');
    await b.shot(own, 'topics-detail-large-en');
    await own.goto('/topics/new');
    await expect
      .poll(() => own.getByRole('option', { name: 'Parking and traffic' }).isVisible(), soon)
      .toBe(true);
    await b.expectAccessible(own, 'raise a topic, large text, English');
    await b.shot(own, 'topics-new-large-en');
  });
});
