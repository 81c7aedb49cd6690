import sharp from 'sharp';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addResident, api, body, uploadPhoto } from '../../src/modules/orders/orders.testkit';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { settled } from '../support/settle';

/**
 * 有事大家议 at the desk, one topic through the whole loop: a resident raises it with a photo and two
 * neighbours support it (through the API: the phone pages have their own test); community staff
 * accept it in the console and put it on a new joint meeting with the party committee and a
 * neighbour invited; on the day they sign the neighbour in, keep minutes — where neither an <img
 * onerror> nor a <script> ever runs, typed or sent raw — record the decision with an action item
 * for the neighbour, and close the meeting; the action is marked done with a photo; and the public
 * trail shows every step in order. Also: an escalated order becomes a topic from its drawer. Every
 * console page is checked with axe and photographed, and the meeting page on a narrow window.
 */
let b: BrowserTest;
type Resident = Awaited<ReturnType<typeof addResident>>;
let raiser: Resident;
let neighbours: [Resident, Resident];
let A: string;

beforeAll(async () => {
  b = await startBrowserTest();
  A = api(b.world.communityA);
  raiser = await addResident(b, '赵大妈');
  neighbours = [await addResident(b, '钱大爷'), await addResident(b, '孙阿姨')];
  // The community's party committee, to invite as an organisation.
  const staff = await b.as('communityStaff');
  body(await staff.post(`${A}/party-orgs`, { kind: 'committee', name: '甲社区党委' }), 201);
});
afterAll(() => b?.stop());

/** Page loads, saves and refetches take their time when the machine is busy: wait up to 15 s. */
const soon = { timeout: 15_000 };

/** A photo of the finished work, as a file chooser hands it over. */
const photo = async () => ({
  name: 'lines.png',
  mimeType: 'image/png',
  buffer: await sharp({ create: { width: 320, height: 240, channels: 3, background: '#2e7d32' } })
    .png()
    .toBuffer(),
});

/** A day in Shanghai, `days` from today, as the date pickers take it. */
const shanghaiDay = (days = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const tomorrow = () => shanghaiDay(1);

/** Picks an option of an antd select once its dropdown has finished opening (typing first, if given). */
async function pick(page: Page, field: Locator, option: string | RegExp, typed?: string) {
  if (typed) await field.fill(typed);
  else await field.click();
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option });
  await item.first().waitFor();
  await settled(page);
  await item.first().click();
}

const title = '3栋门口电动车乱停，挡住消防通道';
const action = '东侧空地划线，设电动车停放区';
const safeText = '会议决定在东侧空地划出电动车停放区';

describe('the deliberation loop at the desk', () => {
  let topicId = '';
  let meetingId = '';

  it('staff accept a raised topic and put it on a new meeting with invitees', async () => {
    const photoId = await uploadPhoto(b, raiser.client);
    topicId = body<{ id: string }>(
      await raiser.client.post('/api/v1/me/topics', {
        category: 'parking',
        title,
        body: '晚上电动车停满楼道口，消防车进不来，老人出门也绕不开。',
        placeText: '3栋北门',
        fileIds: [photoId],
      }),
      201,
    ).id;
    body(await neighbours[0].client.post(`/api/v1/me/topics/${topicId}/support`), 200);
    body(
      await neighbours[1].client.post(`/api/v1/me/topics/${topicId}/comments`, {
        body: '楼上那家天天堵门，拉黑他',
      }),
      201,
    );

    const context = await b.context('desktop');
    const page = await context.newPage();
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto('/console/topics');
    await expect.poll(() => page.getByRole('cell', { name: title }).first().isVisible(), soon).toBe(true);
    await expect
      .poll(() => page.getByRole('cell', { name: '附议 1 / 10' }).first().isVisible(), soon)
      .toBe(true);
    // A neighbour supports it while the desk looks: the list follows without a reload.
    body(await neighbours[1].client.post(`/api/v1/me/topics/${topicId}/support`), 200);
    await expect
      .poll(() => page.getByRole('cell', { name: '附议 2 / 10' }).first().isVisible(), soon)
      .toBe(true);
    await expect(page.getByRole('cell', { name: '待受理' }).first().isVisible()).resolves.toBe(true);
    await b.expectAccessible(page, 'topics list');
    await b.shot(page, 'deliberation-console-topics');

    // The drawer: the need, its photo, its trail; accept it onto the queue.
    await page.getByRole('button', { name: `查看议题：${title}` }).click();
    const drawer = page.getByRole('dialog', { name: title });
    await expect.poll(() => drawer.getByRole('img', { name: '第 1 张照片' }).isVisible(), soon).toBe(true);
    await expect(drawer.getByText('赵大妈 提出议题').isVisible()).resolves.toBe(true);
    await b.expectAccessible(page, 'topic drawer');
    await b.shot(page, 'deliberation-console-topic-drawer');
    // A comment that names and shames goes out of residents' view; it stays on file, marked.
    await drawer.getByRole('button', { name: '隐藏 孙阿姨 的留言' }).click();
    await page.getByRole('button', { name: '隐藏', exact: true }).click();
    await expect.poll(() => drawer.getByText('已隐藏', { exact: true }).isVisible(), soon).toBe(true);
    await expect(drawer.getByRole('button', { name: '隐藏 孙阿姨 的留言' }).count()).resolves.toBe(0);
    await drawer.getByRole('button', { name: '受理', exact: true }).click();
    await expect.poll(() => drawer.getByText('communityStaff 受理，进入待上会').isVisible(), soon).toBe(true);

    // Put it on a meeting: none planned yet, so a new one, with the topic already on its agenda.
    await drawer.getByRole('button', { name: '列入会议' }).click();
    const schedule = page.getByRole('dialog', { name: '列入会议议程' });
    await expect.poll(() => schedule.getByText('还没有待召开的会议').isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'schedule dialog');
    await schedule.getByRole('button', { name: '新建会议并列入' }).click();
    await page.waitForURL(/\/console\/meetings\?new=1&topicId=/);
    const form = page.getByRole('dialog', { name: '新建会议' });
    await expect.poll(() => form.getByText(title).isVisible(), soon).toBe(true);
    await form.getByLabel('会议名称').fill('3栋停车问题联席会议');
    // This morning: the meeting is held today, so today's figures count it.
    await form.getByLabel('开始时间').fill(`${shanghaiDay()} 09:00`);
    await form.getByLabel('开始时间').press('Enter');
    await form.getByLabel('地点').fill('社区党群服务中心二楼');
    await pick(page, form.getByLabel('邀请组织'), '甲社区党委');
    await pick(page, form.getByLabel('邀请个人'), /^钱大爷/, '钱大爷');
    await page.keyboard.press('Escape');
    await b.expectAccessible(page, 'new meeting form');
    await b.shot(page, 'deliberation-console-meeting-form');
    await form.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/console\/meetings\/[\w-]+$/);
    meetingId = page.url().split('/').pop()!;

    // Prepared: the agenda holds the topic; the notice goes to those with accounts.
    await expect
      .poll(() => page.getByRole('heading', { name: '3栋停车问题联席会议' }).isVisible(), soon)
      .toBe(true);
    await expect(page.getByRole('link', { name: title }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('应到 2 人').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: '发送会议通知' }).click();
    // 钱大爷 is told in his app; the party committee has nobody with an account yet: phone it.
    const told = page.getByRole('dialog', { name: '已通知 1 人' });
    await expect.poll(() => told.getByText('请电话通知：甲社区党委').isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'notice sent');
    await told.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByText(/已发通知/).isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'meeting, preparing');
    await b.shot(page, 'deliberation-console-meeting-prepare');
    await context.close();
  });

  it('on the day: sign-in, minutes where no script runs, a decision with an action, close', async () => {
    const context = await b.context('desktop');
    const page = await context.newPage();
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto(`/console/meetings/${meetingId}`);
    await page.getByRole('button', { name: '开始会议' }).click();
    // In session, the page turns to meeting-day mode: QR code, sign-in, agenda, minutes.
    const qr = page.getByRole('img', { name: '“3栋停车问题联席会议”签到二维码' });
    await expect.poll(() => qr.isVisible(), soon).toBe(true);
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth), soon)
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: '为 钱大爷 代签到' }).click();
    await expect
      .poll(() => page.getByText('已签到 1 人，应到 2 人（含列席 0 人）').isVisible(), soon)
      .toBe(true);
    await expect(page.getByText(/签到（代签）/).isVisible()).resolves.toBe(true);

    // Minutes in the editor (loaded only now): the would-be attacks typed in are just words.
    await page.getByRole('button', { name: '编辑纪要' }).click();
    const editor = page.getByRole('textbox', { name: '会议纪要正文' });
    await expect.poll(() => editor.isVisible(), soon).toBe(true);
    await editor.click();
    await page.getByRole('button', { name: '小标题' }).click();
    await page.keyboard.type('议定事项');
    await page.keyboard.press('Enter');
    await page.keyboard.type(`${safeText}。有人在群里贴了 <script>window.__xss=2</script>`);
    await b.expectAccessible(page, 'minutes editor');
    await b.shot(page, 'deliberation-console-minutes-editor');
    await page.getByRole('button', { name: '保存纪要' }).click();
    const minutes = page.getByTestId('minutes');
    await expect.poll(() => minutes.getByRole('heading', { name: '议定事项' }).isVisible(), soon).toBe(true);
    await expect(minutes.textContent()).resolves.toContain('<script>window.__xss=2</script>');

    // The same attacks sent raw, as a tampered client would: the server keeps the words only.
    const clerk = await b.as('communityStaff');
    body(
      await clerk.request('PUT', `${A}/meetings/${meetingId}/minutes`, {
        html:
          `<h2>议定事项</h2><p>${safeText}</p>` +
          '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>' +
          '<p onclick="window.__xss=3">散会</p>',
      }),
      200,
    );
    await page.reload();
    await expect.poll(() => minutes.getByText(safeText).isVisible(), soon).toBe(true);
    await expect(minutes.getByText('散会').isVisible()).resolves.toBe(true);
    await expect(minutes.locator('img, script, [onclick], [onerror]').count()).resolves.toBe(0);
    await minutes.getByText('散会').click();
    await expect(page.evaluate(() => (window as { __xss?: number }).__xss)).resolves.toBeUndefined();

    // A photo of the meeting goes in as an attachment.
    const attachments = page.getByRole('region', { name: '附件' });
    await attachments.locator('input[type=file]').setInputFiles({ ...(await photo()), name: 'meeting.png' });
    await expect
      .poll(() => attachments.getByRole('link', { name: 'meeting.png' }).isVisible(), soon)
      .toBe(true);

    // The decision, with an action for the neighbour (who has an account, so he is told).
    await page.getByRole('button', { name: `记录决定：${title}` }).click();
    const decision = page.getByRole('dialog', { name: '记录决定' });
    await decision.getByLabel('决定内容').fill('东侧空地划线设停放区，物业一周内完成，楼道口不再停车。');
    await decision.getByRole('button', { name: '添加落实事项' }).click();
    await decision.getByLabel('做什么').fill(action);
    await pick(page, decision.getByLabel('负责人'), '钱大爷');
    await decision.getByLabel('完成期限').fill(tomorrow());
    await decision.getByLabel('完成期限').press('Enter');
    await b.expectAccessible(page, 'decision form');
    await b.shot(page, 'deliberation-console-decision');
    await decision.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => page.getByText(`负责人 钱大爷，${tomorrow()} 前完成`).isVisible(), soon)
      .toBe(true);
    await expect(page.getByText('已决定').first().isVisible()).resolves.toBe(true);
    await b.expectAccessible(page, 'meeting day');
    await b.shot(page, 'deliberation-console-meeting-day');

    // On a narrow window nothing runs off the side.
    await page.setViewportSize({ width: 760, height: 900 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), soon)
      .toBe(true);
    await settled(page);
    await b.shot(page, 'deliberation-console-meeting-narrow');
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.getByRole('button', { name: '结束会议' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByText('已召开').first().isVisible(), soon).toBe(true);
    await context.close();
  });

  it('the action is done with a photo, the topic is done, and the public trail tells it in order', async () => {
    const context = await b.context('desktop');
    const page = await context.newPage();
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto('/console/meetings');
    await expect
      .poll(() => page.getByRole('link', { name: '3栋停车问题联席会议' }).isVisible(), soon)
      .toBe(true);
    await expect(page.getByRole('cell', { name: '1 / 2（列席 0）' }).first().isVisible()).resolves.toBe(true);
    await b.expectAccessible(page, 'meetings list');
    await b.shot(page, 'deliberation-console-meetings');
    await page.goto('/console/action-items');
    await expect.poll(() => page.getByRole('cell', { name: action }).first().isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'action items');
    await b.shot(page, 'deliberation-console-actions');
    await page.getByRole('button', { name: `完成：${action}` }).click();
    const done = page.getByRole('dialog', { name: '标记完成' });
    await done.getByLabel('完成情况').fill('停放区已划线，立了指示牌');
    await done.locator('input[type=file]').setInputFiles(await photo());
    await expect.poll(() => done.getByRole('link', { name: 'lines.png' }).isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'action done form');
    await done.getByRole('button', { name: '保存' }).click();
    // Done items leave the "in hand" list.
    await expect.poll(() => page.getByRole('cell', { name: action }).count(), soon).toBe(0);

    // The topic's drawer: done, with the evidence photo.
    await page.goto(`/console/topics/${topicId}`);
    const drawer = page.getByRole('dialog', { name: title });
    await expect.poll(() => drawer.getByText('已办结').first().isVisible(), soon).toBe(true);
    await expect(drawer.getByRole('list', { name: `“${action}”的完成照片` }).isVisible()).resolves.toBe(true);

    // The figures count it.
    await page.goto('/console/deliberation-figures');
    const figure = (key: string) =>
      page.locator(`[data-figure="${key}"] .ant-statistic-content`).textContent();
    await expect.poll(() => figure('meetings'), soon).toBe('1');
    await expect.poll(() => figure('doneActions'), soon).toBe('1');
    expect(await figure('attendance')).toBe('50%');
    await expect
      .poll(() => page.getByRole('cell', { name: '停车交通' }).first().isVisible(), soon)
      .toBe(true);
    await b.expectAccessible(page, 'figures');
    await b.shot(page, 'deliberation-console-figures');
    await page.getByRole('button', { name: '议事设置' }).click();
    const settings = page.getByRole('dialog', { name: '议事设置' });
    await expect.poll(() => settings.getByLabel('附议门槛').inputValue(), soon).toBe('10');
    await b.expectAccessible(page, 'settings');
    await context.close();

    // Each list exports as a sheet, with what the caller may see (the lists' export buttons call this).
    const desk = await b.as('communityStaff');
    for (const list of ['topics', 'meetings', 'action-items']) {
      const sheet = await desk.get(`/api/v1/export?path=${encodeURIComponent(`${A.slice(7)}/${list}`)}`);
      expect(sheet.statusCode, `${list}: ${sheet.body.slice(0, 200)}`).toBe(200);
      expect(sheet.headers['content-type']).toContain('spreadsheetml');
    }

    // Anyone, logged out, reads the trail: each step once, in the order it happened.
    const trail = body<{ state: string; trail: { kind: string }[]; actions: { photos: unknown[] }[] }>(
      await b.anonymous().get(`/api/v1/public/communities/${b.world.communityA}/topics/${topicId}`),
      200,
    );
    expect(trail.state).toBe('done');
    const kinds = trail.trail.map((e) => e.kind);
    const steps = [
      'raised',
      'accepted',
      'scheduled',
      'discussed',
      'decided',
      'action_added',
      'action_done',
      'done',
    ];
    const at = steps.map((k) => kinds.indexOf(k));
    expect(
      at.every((i) => i >= 0),
      kinds.join(),
    ).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(trail.actions[0]!.photos).toHaveLength(1);
  });

  it('an escalated order becomes a topic from its drawer, and each links to the other', async () => {
    const categories = body<{ items: { id: string; code: string }[] }>(
      await raiser.client.get(`${A}/order-categories?pageSize=50`),
      200,
    ).items;
    const order = body<{ id: string }>(
      await raiser.client.post('/api/v1/me/orders', {
        categoryId: categories.find((c) => c.code === 'utilities_repair')!.id,
        description: '小区路灯坏了一排，晚上黑漆漆的，修了几次又坏',
        place: 'public',
        placeText: '2栋到3栋之间',
      }),
      201,
    );
    const staff = await b.as('communityStaff');
    body(
      await staff.post(`${A}/orders/${order.id}/escalate`, {
        to: 'community',
        reason: '线路老化，要大家商量改造',
      }),
      200,
    );

    const context = await b.context('desktop');
    const page = await context.newPage();
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto(`/console/orders/${order.id}`);
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('button', { name: '转为议题' }).click();
    await expect.poll(() => drawer.getByRole('link', { name: '查看议题' }).isVisible(), soon).toBe(true);
    await expect(drawer.getByRole('button', { name: '转为议题' }).count()).resolves.toBe(0);
    await b.expectAccessible(page, 'order drawer with its topic');
    await drawer.getByRole('link', { name: '查看议题' }).click();
    await page.waitForURL(/\/console\/topics\/[\w-]+$/);
    const topic = page.getByRole('dialog', { name: /^小区路灯坏了一排/ });
    await expect.poll(() => topic.getByRole('link', { name: '由求助订单转来' }).isVisible(), soon).toBe(true);
    await expect(topic.getByText('待受理').first().isVisible()).resolves.toBe(true);
    await expect(topic.getByText('communityStaff 把求助订单转为议题').isVisible()).resolves.toBe(true);
    await b.shot(page, 'deliberation-console-topic-from-order');

    // 代为提出: a topic for someone who phoned, with no record, for the whole community.
    await page.goto('/console/topics');
    await page.getByRole('button', { name: '代为提出议题' }).click();
    const raise = page.getByRole('dialog', { name: '代为提出议题' });
    await raise.getByLabel('提出人姓名').fill('周师傅');
    await pick(page, raise.getByLabel('类别'), '环境卫生');
    await raise.getByLabel('议题', { exact: true }).fill('垃圾站夏天味道太大');
    await raise.getByLabel('具体情况').fill('垃圾站离3栋太近，夏天晚上窗户都不敢开');
    await b.expectAccessible(page, 'raise for someone');
    await raise.getByRole('button', { name: '保存' }).click();
    const raised = page.getByRole('dialog', { name: '垃圾站夏天味道太大' });
    await expect.poll(() => raised.getByText('communityStaff 代为提出议题').isVisible(), soon).toBe(true);
    await expect(raised.getByText('全社区').isVisible()).resolves.toBe(true);
    await expect(raised.getByText('周师傅').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('reads in large text and in English, and stays usable on a narrow window', async () => {
    const staff = await b.as('communityStaff');
    body(await staff.patch('/api/v1/auth/me', { locale: 'en', largeText: true }), 200);
    try {
      const context = await b.context('desktop', 'en');
      const page = await context.newPage();
      await b.loginAs(page, 'communityStaff', 'console');
      await page.goto(`/console/meetings/${meetingId}`);
      await expect.poll(() => page.getByRole('heading', { name: 'Agenda' }).isVisible(), soon).toBe(true);
      await expect(page.getByText('Decided').first().isVisible()).resolves.toBe(true);
      await expect(page.getByText(`${'钱大爷'}, due ${tomorrow()}`).isVisible()).resolves.toBe(true);
      await b.expectAccessible(page, 'meeting, large text, English');
      await b.shot(page, 'deliberation-console-meeting-large-en');
      await page.setViewportSize({ width: 760, height: 900 });
      await page.goto('/console/topics');
      await expect.poll(() => page.getByRole('cell', { name: title }).first().isVisible(), soon).toBe(true);
      await expect(page.getByRole('cell', { name: 'Done' }).first().isVisible()).resolves.toBe(true);
      await settled(page);
      await b.expectAccessible(page, 'topics, large text, English, narrow');
      await b.shot(page, 'deliberation-console-topics-large-en-narrow');
      await context.close();
    } finally {
      body(await staff.patch('/api/v1/auth/me', { locale: 'zh-CN', largeText: false }), 200);
    }
  });
});
