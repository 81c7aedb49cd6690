import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addResident } from '../../src/modules/orders/orders.testkit';
import { api, body, setUpCareWorld, type CareWorld } from '../../src/modules/care/care.testkit';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { password } from '../support/world';

/**
 * 需要帮助 end to end, three people at once: 赵奶奶, in large-text mode on her phone, presses the help
 * button and confirms; 张志愿, paired with her, has his inbox open and sees the alarm arrive without
 * a reload, opens it and acknowledges; her status page, left open, shows who answered. At the desk
 * the grid worker's one page lists everyone on the grid's roster, the overdue one marked, the
 * alarm live beside it, and resolves it. Then the other care pages, each checked with axe and
 * photographed: the roster and a record, rounds, coverage, 党员联系户, settings, and on the phone
 * a party member's 走访 and the elder's own record.
 */
let b: BrowserTest;
let w: CareWorld;
let A: string;
/** 钱爷爷: on the roster with a pairing whose first greeting call fell due a fortnight ago. */
let lateRecordId: string;
const contexts: BrowserContext[] = [];
/** 张志愿's phone, left on his inbox while 赵奶奶 calls for help. */
let volunteer: Page;

/** Live updates and page loads take their time when the machine is busy: wait up to 15 s for them. */
const soon = { timeout: 15_000 };

beforeAll(async () => {
  b = await startBrowserTest();
  w = await setUpCareWorld(b);
  A = api(b.world.communityA);
  const staff = await b.as('communityStaff');
  const late = await addResident(b, '钱爷爷');
  lateRecordId = body<{ id: string }>(
    await staff.post(`${A}/care/records`, { personId: late.personId, kinds: ['empty_nest'] }),
    201,
  ).id;
  const threeWeeksAgo = new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10);
  body(
    await staff.post(`${A}/care/records/${lateRecordId}/pairings`, {
      personId: w.unpaired.personId,
      startsOn: threeWeeksAgo,
      callEveryDays: 7,
      visitEveryDays: 30,
    }),
    201,
  );
  // 赵奶奶 reads in large text (适老化), as she set it on her phone.
  body(await w.elder.client.patch('/api/v1/auth/me', { largeText: true }), 200);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await b?.stop();
});

async function open(kind: 'phone' | 'desktop', viewport?: { width: number; height: number }) {
  const context = viewport
    ? await b.browser.newContext({
        baseURL: b.baseUrl,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport,
        deviceScaleFactor: 4,
        isMobile: true,
        hasTouch: true,
      })
    : await b.context(kind);
  contexts.push(context);
  return context.newPage();
}

/** Logs in through a shell's login page with any phone of the care world. */
async function login(page: Page, phone: string, shell: 'resident' | 'console' = 'resident') {
  await page.goto(shell === 'console' ? '/console/login' : '/login');
  await page.locator('#login_phone').fill(phone);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

const visible = (page: Page, text: string | RegExp) => () => page.getByText(text).first().isVisible();

/** At 200 % text the page still fits the phone's width: nothing reaches past its right edge. */
const fitsWidth = (page: Page, width: number) =>
  page.evaluate(
    (w) =>
      Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)) <=
      w + 1,
    width,
  );

describe('需要帮助, from the elder’s phone to the volunteer’s and back', () => {
  let alarmId: string;
  let elder: Page;

  it('the paired volunteer sees his people, then waits with his inbox open', async () => {
    volunteer = await open('phone');
    await login(volunteer, w.paired.phone);
    const entry = volunteer.getByRole('button', { name: /^我的关爱对象/ });
    await expect.poll(() => entry.isVisible(), soon).toBe(true);
    await entry.click();
    await volunteer.waitForURL(/\/care-pairs$/);
    await expect.poll(visible(volunteer, '赵奶奶'), soon).toBe(true);
    await expect.poll(visible(volunteer, /下次电话问候/), soon).toBe(true);
    await b.expectAccessible(volunteer, 'my care pairs');
    await b.shot(volunteer, 'care-pairs-phone');

    await volunteer.getByRole('button', { name: /^赵奶奶/ }).click();
    await volunteer.waitForURL(/\/care\/pairs\/[\w-]+$/);
    await expect.poll(visible(volunteer, '注意：耳背，敲门要大声'), soon).toBe(true);
    // The son's number is masked until asked for, then whole, to call.
    await expect.poll(visible(volunteer, /^135\*{4}\d{4}$/), soon).toBe(true);
    await volunteer.getByRole('button', { name: '查看赵大儿子的完整号码' }).click();
    await expect
      .poll(() => volunteer.getByRole('link', { name: '给赵大儿子打电话' }).getAttribute('href'), soon)
      .toBe(`tel:${w.son.phone}`);
    await b.expectAccessible(volunteer, 'pair detail');
    await b.shot(volunteer, 'care-pair-detail-phone');

    await volunteer.goto('/inbox');
    await expect.poll(visible(volunteer, /您已与关爱对象 赵奶奶 结对/), soon).toBe(true);
  });

  it('the elder, in large text, presses 需要帮助 and confirms', async () => {
    elder = await open('phone');
    await login(elder, w.elder.phone);
    await expect
      .poll(() => elder.evaluate(() => document.documentElement.classList.contains('large-text')), soon)
      .toBe(true);
    const help = elder.getByRole('button', { name: /^需要帮助/ });
    await expect.poll(() => help.isVisible(), soon).toBe(true);
    const box = await help.boundingBox();
    // A large target: well over the 44 px minimum, across the page.
    expect(box!.height).toBeGreaterThanOrEqual(88);
    expect(box!.width).toBeGreaterThan(300);
    await b.expectAccessible(elder, 'home with the help button, large text');
    await b.shot(elder, 'care-help-home-large');

    // The first question can be turned down: nothing is sent.
    await help.click();
    const dialog = elder.getByRole('dialog', { name: '要呼叫帮助吗？' });
    await expect.poll(() => dialog.isVisible(), soon).toBe(true);
    // The focus starts on "no": Enter on a fresh dialog does not call for help.
    await expect.poll(() => elder.evaluate(() => document.activeElement?.textContent), soon).toBe('不用了');
    await expect.poll(() => dialog.getAttribute('data-armed'), soon).toBe('true');
    await b.expectAccessible(elder, 'help confirmation, large text');
    await b.shot(elder, 'care-help-confirm-large');
    await dialog.getByRole('button', { name: '不用了' }).click();
    await expect.poll(() => dialog.isVisible(), soon).toBe(false);
    expect(body<{ total: number }>(await w.elder.client.get('/api/v1/me/help-alarms'), 200).total).toBe(0);

    await help.click();
    await expect.poll(() => dialog.getAttribute('data-armed'), soon).toBe('true');
    await dialog.getByRole('button', { name: '是，马上呼叫' }).click();
    await elder.waitForURL(/\/help\/[\w-]+$/);
    alarmId = elder.url().split('/').pop()!;
    await expect.poll(visible(elder, '求助已发出，正在等人回应'), soon).toBe(true);
    const told = elder.getByRole('region', { name: '已通知' });
    await expect.poll(() => told.getByText('张志愿').isVisible(), soon).toBe(true);
    await expect(told.getByText('结对志愿者').isVisible()).resolves.toBe(true);
    await expect(told.getByText('赵大儿子').isVisible()).resolves.toBe(true);
    await expect(told.getByText('家人').isVisible()).resolves.toBe(true);
    await expect(told.getByText('网格员').isVisible()).resolves.toBe(true);
    await b.expectAccessible(elder, 'help status, waiting, large text');
    await b.shot(elder, 'care-help-status-open-large');
  });

  it('at 200 % text the button and the status page still fit the phone', async () => {
    // Half the CSS width at four device pixels each: what a 390 px phone shows zoomed to 200 %.
    const zoomed = await open('phone', { width: 195, height: 422 });
    await login(zoomed, w.elder.phone);
    const help = zoomed.getByRole('button', { name: /^需要帮助/ });
    await expect.poll(() => help.isVisible(), soon).toBe(true);
    expect(await fitsWidth(zoomed, 195)).toBe(true);
    await b.shot(zoomed, 'care-help-home-200');
    await zoomed.goto(`/help/${alarmId}`);
    await expect.poll(visible(zoomed, '求助已发出，正在等人回应'), soon).toBe(true);
    expect(await fitsWidth(zoomed, 195)).toBe(true);
    await b.shot(zoomed, 'care-help-status-200');
  });

  it('reaches the volunteer’s open inbox live; he acknowledges; the elder’s page shows who', async () => {
    // No reload: the stream brings it.
    const message = volunteer.getByRole('button', { name: /紧急求助：赵奶奶 需要帮助/ });
    await expect.poll(() => message.isVisible(), soon).toBe(true);
    await b.shot(volunteer, 'care-help-inbox-phone');
    await message.click();
    await volunteer.waitForURL(new RegExp(`/help/${alarmId}$`));
    await expect.poll(visible(volunteer, '赵奶奶 需要帮助，还没有人回应'), soon).toBe(true);
    await b.expectAccessible(volunteer, 'alarm, as the one alerted');
    await b.shot(volunteer, 'care-help-alerted-phone');
    await volunteer.getByRole('button', { name: '我已收到，马上处理' }).click();
    await expect.poll(visible(volunteer, '张志愿 已收到，正在处理'), soon).toBe(true);

    // 赵奶奶's page, left open, shows it without a reload.
    await expect.poll(visible(elder, '张志愿 已收到，正在处理'), soon).toBe(true);
    const told = elder.getByRole('region', { name: '已通知' });
    await expect.poll(() => told.getByText('✓ 已回应').count(), soon).toBe(1);
    await b.expectAccessible(elder, 'help status, acknowledged, large text');
    await b.shot(elder, 'care-help-status-acked-large');
  });

  it('the grid worker’s one page: everyone in the grid, the overdue marked, the alarm live', async () => {
    const desk = await open('desktop');
    await b.loginAs(desk, 'gridWorker', 'console');
    await desk.goto('/console/care/overview');
    const table = desk.locator('.care-overview-table');
    await expect.poll(() => table.getByText('钱爷爷').isVisible(), soon).toBe(true);
    const rows = table.locator('tbody tr.ant-table-row');
    // The open alarm first, then the overdue.
    await expect.poll(() => rows.nth(0).textContent(), soon).toMatch(/赵奶奶.*/);
    await expect(rows.nth(0).textContent()).resolves.toMatch(/！ 1 次求助未处理/);
    await expect(rows.nth(1).textContent()).resolves.toMatch(/⚠ 逾期.*钱爷爷.*王志愿/);
    await expect(desk.locator('[data-figure="total"] .ant-statistic-content').textContent()).resolves.toBe(
      '2',
    );
    await expect(desk.locator('[data-figure="overdue"] .ant-statistic-content').textContent()).resolves.toBe(
      '1',
    );
    const alarms = desk.getByRole('region', { name: /求助提醒/ });
    await expect.poll(() => alarms.getByText('赵奶奶 需要帮助').isVisible(), soon).toBe(true);
    await expect(alarms.getByText('张志愿 已回应').isVisible()).resolves.toBe(true);
    await b.expectAccessible(desk, 'grid care overview');
    await b.shot(desk, 'care-console-overview');

    // A record opens from the page; its contact phones are masked, whole on request.
    await table.getByRole('button', { name: '钱爷爷' }).click();
    const drawer = desk.getByRole('dialog', { name: '关爱对象：钱爷爷' });
    await expect
      .poll(
        () =>
          drawer
            .getByText(/已逾期 \d+ 天/)
            .first()
            .isVisible(),
        soon,
      )
      .toBe(true);
    await b.expectAccessible(desk, 'record drawer');
    await desk.keyboard.press('Escape');

    // Resolved at the desk; the alarm leaves the live list.
    await alarms.getByRole('button', { name: '处理完毕' }).click();
    const dialog = desk.getByRole('dialog', { name: /赵奶奶 的求助：处理完毕/ });
    await dialog.getByLabel('处理结果').fill('已上门，老人无大碍，已联系儿子');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => alarms.getByText('现在没有未处理的求助。').isVisible(), soon).toBe(true);
    await expect.poll(() => rows.nth(0).textContent(), soon).toMatch(/⚠ 逾期.*钱爷爷/);
    // The elder's page (it looks again every few seconds while unresolved) says it is dealt with.
    await expect.poll(visible(elder, '已处理完毕'), { timeout: 25_000 }).toBe(true);
    await b.shot(elder, 'care-help-status-resolved-large');
  });
});

describe('the other care pages', () => {
  it('the roster, a record with its contacts, pairing and log at the desk', async () => {
    const desk = await open('desktop');
    await b.loginAs(desk, 'communityStaff', 'console');
    await desk.goto('/console/care/records');
    await expect.poll(visible(desk, '钱爷爷'), soon).toBe(true);
    await expect(desk.getByRole('button', { name: '导出 Excel' }).isVisible()).resolves.toBe(true);
    await b.expectAccessible(desk, 'care roster');
    await b.shot(desk, 'care-console-roster');
    // Adding someone: the person, the kinds from the community's settings, contacts.
    await desk.getByRole('button', { name: '新增关爱对象' }).click();
    const create = desk.getByRole('dialog', { name: '新增关爱对象' });
    await create.getByRole('button', { name: '添加紧急联系人' }).click();
    await expect
      .poll(() => create.getByRole('group', { name: '第 1 位紧急联系人' }).isVisible(), soon)
      .toBe(true);
    await create.getByLabel('关爱类别').click();
    await expect.poll(() => desk.getByTitle('留守儿童').isVisible(), soon).toBe(true);
    await desk.keyboard.press('Escape');
    await b.expectAccessible(desk, 'new care record');
    await b.shot(desk, 'care-console-record-new');
    await create.getByRole('button', { name: '取消' }).click();

    await desk.getByRole('button', { name: '查看 赵奶奶' }).click();
    const drawer = desk.getByRole('dialog', { name: '关爱对象：赵奶奶' });
    await expect
      .poll(() => drawer.getByRole('cell', { name: '李邻居', exact: true }).isVisible(), soon)
      .toBe(true);
    await expect(drawer.getByText('139****1111').isVisible()).resolves.toBe(true);
    await drawer.getByRole('button', { name: '显示 李邻居 的完整号码' }).click();
    await expect.poll(() => drawer.getByText('13900001111').isVisible(), soon).toBe(true);
    // Staff log a contact a volunteer phoned in, with a need that becomes an order.
    await drawer.getByRole('button', { name: '记录联系' }).click();
    const log = desk.getByRole('dialog', { name: '记录与 赵奶奶 的联系' });
    await log.getByLabel('状况', { exact: true }).click();
    await desk.getByTitle('状况一般').click();
    await log.getByLabel('发现的需求').fill('降压药快吃完了，需要代购');
    await log.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => drawer.getByText('降压药快吃完了，需要代购').isVisible(), soon).toBe(true);
    await b.expectAccessible(desk, 'record drawer with log');
    await b.shot(desk, 'care-console-record');
    await drawer.getByRole('button', { name: '转为服务订单' }).click();
    const order = desk.getByRole('dialog', { name: '为 赵奶奶 下服务订单' });
    await order.getByLabel('服务类别').click();
    await desk.locator('.ant-select-dropdown .ant-select-item-option').first().click();
    await order.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => drawer.getByText('✓ 已转为服务订单').isVisible(), soon).toBe(true);
  });

  it('rounds, coverage, 党员联系户 and settings at the desk', async () => {
    const desk = await open('desktop');
    await b.loginAs(desk, 'gridWorker', 'console');
    await desk.goto('/console/care/visit-rounds');
    await desk.getByRole('button', { name: '新增' }).click();
    const form = desk.getByRole('dialog', { name: /敲门走访/ });
    await form.getByLabel('走访名称').fill('三季度敲门行动');
    await form.getByLabel('网格').click();
    await desk.getByTitle('第一网格').click();
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(visible(desk, '三季度敲门行动'), soon).toBe(true);
    await b.expectAccessible(desk, 'visit rounds');
    await b.shot(desk, 'care-console-rounds');
    await desk.getByRole('button', { name: '查看' }).first().click();
    const round = desk.getByRole('dialog', { name: '三季度敲门行动' });
    await expect.poll(() => round.getByText('钱爷爷家').isVisible(), soon).toBe(true);
    await round.getByRole('button', { name: '记录对 钱爷爷家 的走访' }).click();
    const visit = desk.getByRole('dialog', { name: '记录对 钱爷爷家 的走访' });
    await visit.getByLabel('走访结果').click();
    await desk.getByTitle('见到了').click();
    await visit.getByLabel('收集到的意见').fill('希望楼道加装扶手');
    await visit.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => round.getByText('希望楼道加装扶手').isVisible(), soon).toBe(true);
    await b.expectAccessible(desk, 'round drawer');
    await b.shot(desk, 'care-console-round');
    await desk.keyboard.press('Escape');

    await desk.goto('/console/care/visit-coverage');
    await expect.poll(visible(desk, /已走访 1 \/ \d+ 户/), soon).toBe(true);
    // The households still to knock on are listed (钱爷爷's is not among them any more).
    await expect.poll(visible(desk, '赵奶奶家'), soon).toBe(true);
    await expect(desk.getByText('钱爷爷家').count()).resolves.toBe(0);
    await b.expectAccessible(desk, 'visit coverage');
    await b.shot(desk, 'care-console-coverage');

    // Staff assign 党员联系户: the party member lives outside the grid worker's grid.
    const staff = await open('desktop');
    await b.loginAs(staff, 'communityStaff', 'console');
    await staff.goto('/console/care/contact-assignments');
    await staff.getByRole('button', { name: '新增' }).click();
    const assign = staff.getByRole('dialog', { name: /党员联系户/ });
    await assign.getByLabel('联系户').click();
    await staff.keyboard.type('赵奶奶');
    await staff.getByTitle(/赵奶奶家/).click();
    await assign.getByLabel('党员', { exact: true }).click();
    await staff.keyboard.type('张志愿');
    await staff.getByTitle(/张志愿/).click();
    await assign.getByRole('button', { name: '保存' }).click();
    await expect.poll(visible(staff, '⚠ 未走访'), soon).toBe(true);
    await b.expectAccessible(staff, 'contact assignments');
    await b.shot(staff, 'care-console-assignments');

    await staff.goto('/console/care/settings');
    await expect.poll(() => staff.getByLabel('无人回应多久后通知社区工作人员').inputValue(), soon).toBe('5');
    await b.expectAccessible(staff, 'care settings');
    await b.shot(staff, 'care-console-settings');
  });

  it('on the phone: a party member’s households and a visit; the elder’s own record', async () => {
    const member = await open('phone');
    await login(member, w.paired.phone);
    await member.goto('/my-households');
    await expect.poll(visible(member, '赵奶奶家'), soon).toBe(true);
    await expect(member.getByText('⚠ 本季度还未走访').isVisible()).resolves.toBe(true);
    await member.getByRole('button', { name: /^赵奶奶家/ }).click();
    await member.getByRole('radio', { name: '见到了' }).click();
    await member.getByLabel('发现的问题（可不填）').fill('卫生间灯不亮');
    await b.expectAccessible(member, 'visit form on the phone');
    await b.shot(member, 'care-visits-phone');
    await member.getByRole('button', { name: '保存走访记录' }).click();
    await expect.poll(visible(member, '✓ 本季度已走访'), soon).toBe(true);
    await expect.poll(visible(member, '问题：卫生间灯不亮'), soon).toBe(true);

    const elder = await open('phone');
    await login(elder, w.elder.phone);
    await elder.goto('/me');
    await elder.getByRole('button', { name: /^我的关爱信息/ }).click();
    await elder.waitForURL(/\/care$/);
    await expect.poll(visible(elder, '关爱原因：独居，高血压'), soon).toBe(true);
    await expect(elder.getByText('13900001111').isVisible()).resolves.toBe(true);
    await b.expectAccessible(elder, 'my care details, large text');
    await elder.getByRole('button', { name: '更正这些信息' }).click();
    await b.expectAccessible(elder, 'correcting my care details, large text');
    await b.shot(elder, 'care-mine-edit-large');
    await elder.getByRole('group', { name: '第 2 位紧急联系人' }).getByLabel('手机号').fill('13900002222');
    await elder.getByRole('button', { name: '保存' }).click();
    await expect.poll(visible(elder, '13900002222'), soon).toBe(true);
    await b.shot(elder, 'care-mine-large');
  });
});
