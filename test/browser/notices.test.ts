import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids';
import { todayInShanghai } from '../../src/core/time';
import {
  addEntrance,
  addHome,
  pageCount,
  pdfCharacters,
  pdfSquares,
  pdfStreams,
  type Home,
} from '../../src/modules/notices/notices.testkit';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { settled, withoutToasts } from '../support/settle';

/**
 * 公告 and 整改告知书 through both shells. A community worker writes a notice to one building at the
 * desk and publishes it; a resident of that building sees it marked unread on the phone, opens it,
 * and the desk's read receipts show that household read and the building's others not (the
 * door-knock list, exported). Then a corridor-clutter campaign: notices to every household and to a
 * stairwell, delivery recorded, a household answers 已整改 with a photo from the printed QR's page,
 * staff check one done and one not (a second notice follows), record the campaign's figures, and
 * print: the PDF is rendered by Chromium's own viewer in the print preview and looked at as an
 * image (a white A4 page, text on it, the QR code's dark block where the page puts it), and read
 * for its pages, Chinese characters and QR modules.
 */
let b: BrowserTest;
let homes: Home[];
let desk: Page;
let phone: Page;
const contexts: BrowserContext[] = [];

/** Live updates and page loads take their time when the machine is busy: wait up to 15 s for them. */
const soon = { timeout: 15_000 };
const visible = (page: Page | Locator, text: string | RegExp) => () =>
  page.getByText(text).first().isVisible();

/** A day `n` days ahead on the Shanghai calendar, 'YYYY-MM-DD' (deadlines may not lie in the past). */
const daysAhead = (n: number) => todayInShanghai(Date.now() + n * 86_400_000);

/** A photo of a cleared stairwell, as a phone's album would hand it over. */
const photo = async (name: string) => ({
  name,
  mimeType: 'image/png',
  buffer: await sharp({ create: { width: 320, height: 240, channels: 3, background: '#8a9a5b' } })
    .png()
    .toBuffer(),
});

/** Opens a select and picks the option, once the dropdown has finished sliding in. */
async function choose(page: Page, select: Locator, option: string) {
  await select.click();
  await settled(page);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).click();
  await settled(page);
}

/** In an open place tree (TreeSelect), opens each place on `path` and ticks (or picks) the last. */
async function pickInTree(page: Page, path: string[], tick: boolean) {
  await settled(page);
  const dropdown = page.locator('.ant-select-dropdown:visible');
  for (const name of path.slice(0, -1)) {
    const node = dropdown.locator('.ant-select-tree-treenode', { hasText: name }).last();
    await node.waitFor(soon);
    if (!(await node.getAttribute('class'))?.includes('treenode-switcher-open'))
      await node.locator('.ant-select-tree-switcher').click();
  }
  const leaf = dropdown
    .locator('.ant-select-tree-treenode', {
      has: page.locator('.ant-select-tree-title', { hasText: path.at(-1)! }),
    })
    .last();
  await leaf.waitFor(soon);
  if (tick) await leaf.locator('.ant-select-tree-checkbox').click();
  else await leaf.locator('.ant-select-tree-node-content-wrapper').click();
}

/** Types a date into an antd DatePicker and confirms it. */
async function pickDate(input: Locator, day: string) {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

/**
 * The print preview as an image, looked at: the viewer's white page is found, and its ink counted —
 * over the page, and in the lower-left block where the printed notice puts its QR code, which is
 * about half black. Tofu or a blank page would not pass; neither would a viewer that never drew.
 */
async function lookAtPrintedPage(frame: Locator) {
  const png = await frame.screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const i = (y * info.width + x) * 3;
    return (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
  };
  // The page: the widest run of white rows in the middle column, then its left and right edges.
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < info.height; y++) {
    let white = 0;
    for (let x = Math.floor(info.width * 0.4); x < info.width * 0.6; x++) if (at(x, y) > 245) white++;
    if (white > info.width * 0.1) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  const mid = Math.floor((top + bottom) / 2);
  let left = Math.floor(info.width / 2);
  let right = left;
  while (left > 0 && at(left - 1, mid) > 200) left--;
  while (right < info.width - 1 && at(right + 1, mid) > 200) right++;
  const ink = (x0: number, y0: number, x1: number, y1: number) => {
    let dark = 0;
    let all = 0;
    for (let y = Math.floor(y0); y < y1; y++)
      for (let x = Math.floor(x0); x < x1; x++) {
        all++;
        if (at(x, y) < 100) dark++;
      }
    return dark / Math.max(all, 1);
  };
  const width = right - left;
  const height = bottom - top;
  return {
    width,
    height,
    /** Ink over the upper half: the title and the notice's text. */
    text: ink(left, top, right, top + height / 2),
    /** The QR code's block: 64 pt in from the left, in the page's lower part (print.ts). */
    qr: ink(left + width * 0.1, top + height * 0.6, left + width * 0.28, top + height * 0.78),
  };
}

beforeAll(async () => {
  b = await startBrowserTest();
  const A1 = {
    compoundId: b.world.compoundA1,
    buildingId: b.world.buildingA1,
    entranceId: b.world.entranceA1,
  };
  homes = [await addHome(b, A1, '301'), await addHome(b, A1, '302'), await addHome(b, A1, '401')];
  // A household in the other compound: no notice to building A1 reaches it.
  const entranceA2 = await addEntrance(b, b.world.buildingA2, '1单元');
  await addHome(
    b,
    { compoundId: b.world.compoundA2, buildingId: b.world.buildingA2, entranceId: entranceA2 },
    '501',
  );
  // The world's resident lives in 301: the phone logs in as them.
  await b.deps.db
    .insertInto('household_bindings')
    .values({
      community_id: b.world.communityA,
      id: newId(),
      household_id: homes[0]!.householdId,
      account_id: b.world.accounts.resident,
      invitation_id: null,
      claimed_name: '王阿姨',
      kind: 'owner',
      relation: null,
      status: 'confirmed',
      person_id: null,
      requested_at: Date.now(),
      decided_by: null,
      decided_at: Date.now(),
      reason: null,
    })
    .execute();
  const deskContext = await b.context('desktop');
  const phoneContext = await b.context('phone');
  contexts.push(deskContext, phoneContext);
  desk = await deskContext.newPage();
  phone = await phoneContext.newPage();
  await b.loginAs(desk, 'communityStaff', 'console');
  await b.loginAs(phone, 'resident', 'resident');
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await b?.stop();
});

describe('公告: written at the desk, read on the phone, receipts back at the desk', () => {
  const title = '关于3月15日1栋停水的通知';

  it('staff write a notice to building 1栋 of 甲一小区 and publish it', async () => {
    await desk.goto('/console/notices');
    await expect.poll(() => desk.getByRole('heading', { name: '公告' }).isVisible(), soon).toBe(true);
    await b.expectAccessible(desk, 'notices, empty');

    await desk.getByRole('button', { name: '写公告' }).click();
    const drawer = desk.getByRole('dialog', { name: '写公告' });
    await drawer.locator('#notice_title').fill(title);
    // Saving without a place or text says what is missing, beside the fields.
    await drawer.getByRole('button', { name: '保存并发布' }).click();
    await expect.poll(visible(drawer, '请至少选择一个发送范围'), soon).toBe(true);

    await drawer.locator('#notice_targets').click();
    await pickInTree(desk, ['甲一小区', '1栋'], true);
    await desk.keyboard.press('Escape');
    const targets = drawer.locator('.ant-select', { has: desk.locator('#notice_targets') });
    await expect.poll(() => targets.textContent(), soon).toContain('甲一小区 1栋');

    const editor = drawer.getByRole('textbox', { name: '正文' });
    await editor.waitFor(soon);
    await editor.click();
    await desk.keyboard.type('因管道检修，3月15日 8:00–12:00 停水，请提前储水。');
    await desk.keyboard.press('Enter');
    await drawer.getByRole('button', { name: '加粗' }).click();
    await desk.keyboard.type('不便之处，敬请谅解。');
    await expect
      .poll(() => drawer.getByRole('button', { name: '加粗' }).getAttribute('aria-pressed'), soon)
      .toBe('true');
    await settled(desk);
    await b.expectAccessible(desk, 'notice editor');
    await b.shot(desk, 'notices-editor-desktop');

    await drawer.getByRole('button', { name: '保存并发布' }).click();
    await expect.poll(visible(desk, '已发布，住户已收到通知'), soon).toBe(true);
    const row = desk.locator('tr', { hasText: title });
    await expect.poll(visible(row, '已发布'), soon).toBe(true);
    await expect.poll(visible(row, '已读 0 / 3 户'), soon).toBe(true);
    await expect.poll(visible(row, '甲一小区 1栋'), soon).toBe(true);
    await withoutToasts(desk);
    await b.expectAccessible(desk, 'notices list');
    await b.shot(desk, 'notices-list-desktop');
  });

  it('a resident of 1栋 sees it unread on the phone, opens it, and it is read', async () => {
    await phone.goto('/');
    const entry = phone.getByRole('button', { name: /^公告/ });
    await expect.poll(() => entry.textContent(), soon).toContain('1 条未读');
    await b.expectAccessible(phone, 'home with the notices entry');
    await b.shot(phone, 'notices-home-phone');

    await entry.click();
    await phone.waitForURL(/\/notices$/);
    const item = phone.getByRole('button', { name: new RegExp(title) });
    await expect.poll(() => item.textContent(), soon).toContain('未读');
    await b.expectAccessible(phone, 'my notices, unread');
    await b.shot(phone, 'notices-list-phone');

    await item.click();
    await phone.waitForURL(/\/notices\/[\w-]+$/);
    await expect.poll(() => phone.getByRole('heading', { name: title }).isVisible(), soon).toBe(true);
    await expect.poll(visible(phone, /请提前储水/), soon).toBe(true);
    // The server's cleaned HTML is shown as HTML: the bold words are bold.
    await expect
      .poll(() => phone.locator('.notice-body strong').textContent(), soon)
      .toBe('不便之处，敬请谅解。');
    await b.expectAccessible(phone, 'a notice');
    await b.shot(phone, 'notices-detail-phone');

    await phone.getByRole('button', { name: /公告/ }).first().click();
    await phone.waitForURL(/\/notices$/);
    await expect.poll(() => item.textContent(), soon).toContain('✓ 已读');
    await expect.poll(visible(phone, '公告都已读过。'), soon).toBe(true);
    await phone.goto('/');
    await expect
      .poll(() => phone.getByRole('button', { name: /^公告/ }).textContent(), soon)
      .toContain('公告都已读过');
  });

  it('in large text (适老化) the notice still reads and passes axe', async () => {
    // The resident's own setting, as the Me page saves it.
    const resident = await b.as('resident');
    expect((await resident.patch('/api/v1/auth/me', { largeText: true })).statusCode).toBe(200);
    await phone.goto('/notices');
    await expect
      .poll(() => phone.evaluate(() => document.documentElement.classList.contains('large-text')), soon)
      .toBe(true);
    await phone.getByRole('button', { name: new RegExp(title) }).click();
    await expect.poll(visible(phone, /请提前储水/), soon).toBe(true);
    const size = await phone
      .locator('.notice-body')
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(18);
    await b.expectAccessible(phone, 'a notice, large text');
    await b.shot(phone, 'notices-detail-large-phone');
    expect((await resident.patch('/api/v1/auth/me', { largeText: false })).statusCode).toBe(200);
  });

  it('the receipts show 301 read and the building’s other households not, as a list to export', async () => {
    await desk.goto('/console/notices');
    await desk.locator('tr', { hasText: title }).getByRole('button', { name: '阅读情况' }).click();
    await desk.waitForURL(/\/console\/notices\/[\w-]+$/);
    const figure = (name: string) =>
      desk.locator(`[data-figure="${name}"] .ant-statistic-content-value`).textContent();
    await expect.poll(() => figure('audience'), soon).toBe('3');
    await expect.poll(() => figure('read'), soon).toBe('1');
    await expect.poll(() => figure('unread'), soon).toBe('2');
    // The list opens on the households that have not read it: the door-knock round's list.
    const rows = desk.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), soon).toBe(2);
    expect(await rows.allTextContents()).toEqual([
      expect.stringMatching(/302.*住户302.*未读/),
      expect.stringMatching(/401.*住户401.*未读/),
    ]);
    await b.expectAccessible(desk, 'notice receipts');
    await b.shot(desk, 'notices-receipts-desktop');

    const show = (name: string) =>
      desk.locator('.ant-radio-button-wrapper', { hasText: new RegExp(`^${name}$`) });
    await show('已读').click();
    await expect.poll(() => rows.count(), soon).toBe(1);
    await expect.poll(() => rows.first().textContent(), soon).toMatch(/住户301.*✓ 已读/);

    await show('未读').click();
    await expect.poll(() => rows.count(), soon).toBe(2);
    const download = desk.waitForEvent('download');
    await desk.getByRole('button', { name: '导出 Excel' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
  });
});

describe('整改告知书: a campaign from the notices to the printed PDF', () => {
  const title = '1栋楼道堆物清理';
  let campaignUrl: string;

  it('staff start a campaign for 楼道堆物 over 1栋', async () => {
    await desk.goto('/console/rectifications');
    await expect.poll(() => desk.getByRole('heading', { name: '整改告知书' }).isVisible(), soon).toBe(true);
    await b.expectAccessible(desk, 'campaigns, empty');
    await desk.getByRole('button', { name: '新增' }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByLabel('整改事项').fill(title);
    await choose(desk, dialog.locator('#resource_kind'), '楼道堆物');
    await dialog.getByLabel('存在的问题').fill('1栋楼道内堆放杂物、电动车，堵塞消防通道。');
    await dialog.getByLabel('整改要求').fill('请自行清理楼道内的个人物品，电动车停放到车棚。');
    await dialog.getByLabel('依据').fill('《中华人民共和国消防法》第二十八条');
    await dialog.getByLabel('发出单位').fill('甲社区居民委员会');
    await pickDate(dialog.locator('#resource_deadline'), daysAhead(14));
    await dialog.locator('#resource_targets').click();
    await pickInTree(desk, ['甲一小区', '1栋'], true);
    await desk.keyboard.press('Escape');
    await settled(desk);
    await b.expectAccessible(desk, 'new campaign form');
    await b.shot(desk, 'rectification-new-desktop');
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = desk.locator('tr', { hasText: title });
    await expect.poll(visible(row, '进行中'), soon).toBe(true);
    await row.getByRole('button', { name: title }).click();
    await desk.waitForURL(/\/console\/rectifications\/[\w-]+$/);
    campaignUrl = new URL(desk.url()).pathname;
    await expect.poll(() => desk.getByRole('heading', { name: title }).isVisible(), soon).toBe(true);
  });

  it('issues notices to every household and posts one in the stairwell; records a delivery', async () => {
    await desk.getByRole('button', { name: '发告知书' }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByRole('button', { name: '添加张贴位置' }).click();
    await dialog.locator('#issue_places_0_place').click();
    await pickInTree(desk, ['甲一小区', '1栋', '1单元'], false);
    await dialog.getByLabel('第 1 处具体地点').fill('1单元楼道');
    await settled(desk);
    await b.expectAccessible(desk, 'issue dialog');
    await dialog.getByRole('button', { name: '发出' }).click();
    await expect.poll(visible(desk, '已发出 4 份告知书，跳过 0 户（已发过）'), soon).toBe(true);
    const rows = desk.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), soon).toBe(4);
    await expect.poll(visible(rows.nth(3), '公共位置（张贴）'), soon).toBe(true);

    await rows.first().getByRole('button', { name: '登记送达' }).click();
    await desk.getByRole('menuitem', { name: '已张贴在门上' }).click();
    await expect.poll(visible(rows.first(), /已张贴 ·/), soon).toBe(true);
  });

  it('the household opens the notice the QR code leads to and answers 已整改 with a photo', async () => {
    const mine = await b.deps.db
      .selectFrom('rectification_notices')
      .select('id')
      .where('household_id', '=', homes[0]!.householdId)
      .executeTakeFirstOrThrow();
    await phone.goto(`/rectifications/${mine.id}`);
    await expect.poll(() => phone.getByRole('heading', { name: '整改告知书' }).isVisible(), soon).toBe(true);
    await expect.poll(visible(phone, /请自行清理楼道内的个人物品/), soon).toBe(true);
    await expect.poll(visible(phone, '还有 14 天'), soon).toBe(true);
    await expect.poll(visible(phone, '○ 待整改'), soon).toBe(true);
    await b.expectAccessible(phone, 'a rectification notice');
    await b.shot(phone, 'rectification-notice-phone');

    // Sending without a photo says one is needed.
    await phone.getByRole('button', { name: '已整改，提交' }).click();
    await expect.poll(visible(phone, '请至少拍一张整改后的照片'), soon).toBe(true);
    await phone.locator('input[type=file][multiple]').setInputFiles(await photo('cleared.png'));
    await expect.poll(visible(phone, '✓ 已上传'), soon).toBe(true);
    await phone.getByLabel('说明（可不填）').fill('杂物已清走，电动车已推到车棚');
    await phone.getByRole('button', { name: '已整改，提交' }).click();
    await expect.poll(visible(phone, '✉ 已回复，待核查'), soon).toBe(true);
    await expect.poll(visible(phone, '工作人员会上门核查，请稍候。'), soon).toBe(true);
    await expect.poll(() => phone.getByRole('img', { name: /第 1 张/ }).isVisible(), soon).toBe(true);
    await settled(phone);
    await b.expectAccessible(phone, 'rectification notice, replied');
    await b.shot(phone, 'rectification-replied-phone');

    await phone.goto('/rectifications');
    await expect.poll(visible(phone, title), soon).toBe(true);
    await b.expectAccessible(phone, 'my rectification notices');
  });

  it('staff check one done and one not (a second notice follows) and record the figures', async () => {
    await desk.goto(campaignUrl);
    const rows = desk.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(visible(rows.first(), '已回复待核查'), soon).toBe(true);
    // Opening it in the app counted as delivered for the household that read it.
    await expect.poll(visible(rows.first(), /已张贴 ·/), soon).toBe(true);

    await rows.first().getByRole('button', { name: '第 1 号' }).click();
    const drawer = desk.getByRole('dialog', { name: /第 1 号告知书/ });
    await expect.poll(visible(drawer, /回复已整改/), soon).toBe(true);
    await expect.poll(() => drawer.getByRole('img', { name: '第 1 张照片' }).isVisible(), soon).toBe(true);
    await b.expectAccessible(desk, 'rectification notice drawer');
    await drawer.getByRole('button', { name: '核查' }).click();
    let dialog = desk.getByRole('dialog', { name: /核查第 1 号/ });
    await dialog.locator('input[type=file]').setInputFiles(await photo('checked.png'));
    await expect.poll(visible(dialog, 'checked.png'), soon).toBe(true);
    await dialog.getByLabel('情况说明').fill('楼道已清空');
    await dialog.getByRole('button', { name: '保存核查' }).click();
    await expect.poll(visible(desk, '核查已保存'), soon).toBe(true);
    await desk.locator('.ant-drawer-close').click();
    await expect.poll(visible(rows.first(), '✓ 已整改'), soon).toBe(true);

    await rows.nth(1).getByRole('button', { name: '核查' }).click();
    dialog = desk.getByRole('dialog', { name: /核查第 2 号/ });
    await dialog.locator('.ant-radio-wrapper', { hasText: '未整改' }).click();
    await choose(desk, dialog.locator('#check_nextStep'), '二次告知');
    await pickDate(dialog.locator('#check_deadline'), daysAhead(21));
    await settled(desk);
    await b.expectAccessible(desk, 'check dialog, not done');
    await dialog.getByRole('button', { name: '保存核查' }).click();
    await expect.poll(visible(rows.nth(1), '未整改'), soon).toBe(true);
    await expect.poll(() => rows.count(), soon).toBe(5);
    await expect.poll(visible(rows.nth(4), '第 2 次告知'), soon).toBe(true);

    await desk.getByRole('button', { name: '填写成效' }).click();
    dialog = desk.getByRole('dialog', { name: '整改成效' });
    for (const [i, [label, value, unit]] of [
      ['清理单元', '5', '个'],
      ['清运垃圾', '8', '车'],
    ].entries()) {
      await dialog.getByRole('button', { name: '添加一项' }).click();
      await dialog.getByLabel(`第 ${i + 1} 项名称`).fill(label!);
      await dialog.getByLabel(`第 ${i + 1} 项数量`).fill(value!);
      await dialog.getByLabel(`第 ${i + 1} 项单位`).fill(unit!);
    }
    await settled(desk);
    await b.expectAccessible(desk, 'figures dialog');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(visible(desk, '成效已保存'), soon).toBe(true);
    const figure = (name: string) => desk.locator(`[data-figure="${name}"]`).textContent();
    await expect.poll(() => figure('figure-0'), soon).toBe('清理单元5个');
    await expect.poll(() => figure('figure-1'), soon).toBe('清运垃圾8车');
    await expect.poll(() => figure('done'), soon).toBe('已整改1');
    await expect.poll(() => figure('notDone'), soon).toBe('未整改1');
    await expect.poll(() => figure('secondNotices'), soon).toBe('二次告知1');
    await withoutToasts(desk);
    await b.expectAccessible(desk, 'campaign page');
    await b.shot(desk, 'rectification-campaign-desktop');
  });

  it('prints: the batch PDF, rendered in the print preview, shows a notice with its QR code', async () => {
    await desk.getByRole('button', { name: '打印告知书' }).click();
    const dialog = desk.getByRole('dialog', { name: /打印预览/ });
    const frame = dialog.locator('iframe');
    await frame.waitFor(soon);
    const src = (await frame.getAttribute('src'))!.replace(/#.*$/, '');
    expect(src).toMatch(/\/rectification-campaigns\/[\w-]+\/notices\.pdf$/);

    // Chromium's PDF viewer draws the first page: white A4, text above, the QR block below left.
    await expect
      .poll(async () => (await lookAtPrintedPage(frame)).qr, { timeout: 20_000 })
      .toBeGreaterThan(0.25);
    const page = await lookAtPrintedPage(frame);
    expect(page.height / page.width).toBeGreaterThan(1.3); // A4 is 1.41 tall for its width
    expect(page.height / page.width).toBeLessThan(1.5);
    expect(page.text).toBeGreaterThan(0.01);
    await b.shot(desk, 'rectification-print-preview-desktop');
    // axe on the dialog around the PDF: the frame itself is the browser's own viewer, which axe
    // cannot enter (it waits on it for most of a minute and then skips it).
    const axe = await new AxeBuilder({ page: desk })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .exclude('.print-preview-frame')
      .analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // The same bytes, read: one page per notice, and the characters of the Chinese text.
    const pdf = await desk.request.get(src);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = await pdf.body();
    expect(pageCount(bytes)).toBe(5);
    const chars = pdfCharacters(bytes);
    for (const c of '整改告知书楼道堆物住户301请于前完成第二次告知甲社区居民委员会')
      expect(chars, c).toContain(c);
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();

    // One notice on its own: one page.
    const rows = desk.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().getByRole('button', { name: '打印', exact: true }).click();
    const one = desk.getByRole('dialog', { name: /打印预览：第 1 号/ });
    const oneSrc = (await one.locator('iframe').getAttribute('src'))!.replace(/#.*$/, '');
    expect(oneSrc).toMatch(/\/rectification-notices\/[\w-]+\/notice\.pdf$/);
    const single = await (await desk.request.get(oneSrc)).body();
    expect(pageCount(single)).toBe(1);
    // The QR code: one filled square per dark module, a few hundred of them.
    const content = pdfStreams(single).find((stream) => / re\b/.test(stream))!;
    expect(pdfSquares(content).length).toBeGreaterThan(200);
  });
});
