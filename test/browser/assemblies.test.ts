import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, type Client } from '../support/client';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { upload, testPhoto } from '../support/upload';
import { insertAccount, insertGrant, password } from '../support/world';
import { hashPassword } from '../../src/core/auth/passwords';
import { newId } from '../../src/core/ids';
import {
  assemblies,
  closeVoting,
  draftAssembly,
  openVoting,
  ownersCompound,
  samplePdf,
  roomAreas,
  vote,
  type OwnerName,
  type OwnersCompound,
  type RoomName,
} from '../../src/modules/votes/votes.testkit';

/**
 * An owners' assembly from the ballot to the published results: 张三 votes on a phone in large text
 * (three matters, one an election), votes again and sees the last ballot counts; a staff member enters
 * 周八's paper ballot and a second one confirms it; the desk's turnout moves live as ballots arrive;
 * the results show the figures computed here from the compound's rooms and the ballots cast.
 */

let b: BrowserTest;
let c: OwnersCompound;
let assemblyId: string;
let matters: { parking: string; facade: string; election: string };
let plan: string;
const candidateKeys: Partial<Record<OwnerName, string>> = {};

// The voters of the compound (votes.testkit.ts) and the rooms each votes for.
const roomsOf: Record<Exclude<OwnerName, '王五'>, RoomName[]> = {
  张三: ['1-101'],
  李四: ['1-102'],
  赵六: ['1-201', '2-101'],
  周八: ['1-202'],
  孙七: ['2-202'],
};
type Voter = keyof typeof roomsOf;

/** The ballots that count at the end, matter by matter (张三's first 同意 is replaced by 弃权). */
const finalMotions: Record<'parking' | 'facade', Partial<Record<Voter, 'yes' | 'no' | 'abstain'>>> = {
  parking: { 张三: 'abstain', 周八: 'yes', 赵六: 'yes', 李四: 'yes', 孙七: 'no' },
  facade: { 张三: 'no', 周八: 'yes', 赵六: 'yes', 李四: 'yes', 孙七: 'abstain' },
};
const finalElection: Partial<Record<Voter, Voter[]>> = {
  张三: ['张三', '赵六'],
  周八: ['张三', '周八'],
  赵六: ['赵六'],
  李四: ['李四', '张三'],
  孙七: ['张三'],
};

const areaOf = (voter: Voter) => roomsOf[voter].reduce((sum, room) => sum + roomAreas[room], 0);
const totalArea = Object.values(roomAreas).reduce((sum, a) => sum + a, 0);
/** Two decimals from hundredths, and a share rounded down to 0.1%, as the notice prints them. */
const m2 = (centi: number) => `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
const pct = (part: number, whole: number) => {
  const permille = Math.floor((part * 1000) / whole);
  return `${Math.floor(permille / 10)}.${permille % 10}%`;
};

/** The four figures and the four threshold lines of a motion, by the Civil Code (DESIGN §6). */
function expectedMotion(ballots: Partial<Record<Voter, string>>, kind: 'ordinary' | 'special') {
  const voters = Object.keys(ballots) as Voter[];
  const yes = voters.filter((v) => ballots[v] === 'yes');
  const area = voters.reduce((s, v) => s + areaOf(v), 0);
  const heads = voters.length;
  const yesArea = yes.reduce((s, v) => s + areaOf(v), 0);
  const quorum = (part: number, whole: number) => 3 * part >= 2 * whole;
  const approves = (part: number, whole: number) =>
    kind === 'special' ? 4 * part >= 3 * whole : 2 * part > whole;
  const threshold = kind === 'special' ? '3/4' : '1/2';
  const line = (label: string, part: number, whole: number, met: boolean, strict: boolean, of: string) =>
    `${label} ${pct(part, whole)} ${met ? (strict ? '>' : '≥') : strict ? '≤' : '<'} ${of} ${met ? '✓' : '✗'}`;
  const lines = [
    line('参与表决专有部分面积占比', area, totalArea, quorum(area, totalArea), false, '2/3'),
    line('参与表决人数占比', heads, c.heads, quorum(heads, c.heads), false, '2/3'),
    line(
      '同意的专有部分面积占参与表决面积',
      yesArea,
      area,
      approves(yesArea, area),
      kind === 'ordinary',
      threshold,
    ),
    line(
      '同意人数占参与表决人数',
      yes.length,
      heads,
      approves(yes.length, heads),
      kind === 'ordinary',
      threshold,
    ),
  ];
  const passed =
    quorum(area, totalArea) &&
    quorum(heads, c.heads) &&
    approves(yesArea, area) &&
    approves(yes.length, heads);
  return {
    areaCenti: area,
    area: m2(area),
    heads,
    yesArea: m2(yesArea),
    yesHeads: yes.length,
    lines,
    passed,
  };
}

/** Waits for something to show; generous, since these two cores may be busy with other suites. */
const shown = (what: Locator, timeout = 15_000) =>
  expect.poll(() => what.isVisible(), { timeout }).toBe(true);

async function loginWithPhone(page: Page, phone: string, shell: 'resident' | 'console') {
  await page.goto(shell === 'console' ? '/console/login' : '/login');
  await page.locator('#login_phone').fill(phone);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

async function loginOwner(page: Page, who: OwnerName) {
  await page.goto('/login');
  await page.locator('#login_phone').fill(c.phones[who]);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

async function myReceipts(client: Client, matterId: string) {
  const mine = body<{ ballots: { matterId: string; receipt: string; counted: boolean }[] }>(
    await client.get(`/api/v1/me/assemblies/${assemblyId}`),
    200,
  );
  return mine.ballots.filter((x) => x.matterId === matterId);
}

beforeAll(async () => {
  b = await startBrowserTest();
  c = await ownersCompound(b, '和美小区');
  const draft = await draftAssembly(c, [
    { item: 9, title: '安装停车道闸' },
    { item: 7, title: '外墙翻新' },
    { item: 3, title: '选举第一届业主委员会', election: true, seats: 3 },
  ]);
  assemblyId = draft.assemblyId;
  const [parking, facade, election] = draft.matterIds as [string, string, string];
  matters = { parking, facade, election };
  plan = body<{ id: string }>(
    await upload(c.manager, c.communityId, samplePdf, { name: '停车道闸方案.pdf', type: 'application/pdf' }),
    201,
  ).id;
  const explained = await c.manager.patch(`${assemblies(c)}/${assemblyId}/matters/${parking}`, {
    description: '在南门和北门安装车牌识别道闸，约 6 万元，从公共收益中支出；外来车辆按小时收费。',
    attachmentIds: [plan],
  });
  body(explained, 200);
  // 张三 comes with a photo; the others with their statements only.
  const photo = body<{ id: string }>(
    await upload(c.manager, c.communityId, await testPhoto(400, 400)),
    201,
  ).id;
  for (const who of ['张三', '李四', '赵六', '周八'] as const) {
    const made = await c.manager.post(`${assemblies(c)}/${assemblyId}/matters/${election}/candidates`, {
      personId: c.people[who],
      nomination: 'self',
      statement: `我是${who}，愿意为大家跑腿办事，把小区的账目和事情公开透明。`,
      ...(who === '张三' ? { photoFileId: photo } : {}),
    });
    candidateKeys[who] = body<{ key: string }>(made, 201).key;
  }
  body(await c.manager.post(`${assemblies(c)}/${assemblyId}/matters/${election}/candidates/publish`), 200);
  await openVoting(b, c, assemblyId);
});
afterAll(() => b?.stop());

describe('owners’ assembly', () => {
  it('a worker drafts an assembly at the desk in large text, adds a matter and announces it', async () => {
    // A community worker of our own, reading in large text.
    const phone = '13500000001';
    const accountId = newId();
    await insertAccount(b.deps, {
      id: accountId,
      phone,
      name: '陈主任',
      passwordHash: await hashPassword(password),
    });
    await insertGrant(b.deps, {
      communityId: b.world.communityA,
      accountId,
      role: 'communityStaff',
      kind: 'community',
      scopeId: b.world.communityA,
    });
    await b.deps.db.updateTable('accounts').set({ large_text: 1 }).where('id', '=', accountId).execute();
    const desk = await b.context('desktop');
    const page = await desk.newPage();
    await loginWithPhone(page, phone, 'console');
    await page.getByRole('menuitem', { name: '业主大会' }).click();
    await shown(page.getByRole('link', { name: '2026年第一次业主大会', exact: true }));
    await b.expectAccessible(page, 'assembly list');
    await b.shot(page, 'assembly-list-desktop-large');

    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('标题').fill('关于更换物业服务企业的业主大会');
    await dialog.locator('#resource_compoundId').click();
    await page.locator('.ant-select-item-option', { hasText: '和美小区' }).click();
    await b.expectAccessible(page, 'assembly create form');
    await dialog.getByRole('button', { name: '保存' }).click();
    await shown(page.getByRole('link', { name: '关于更换物业服务企业的业主大会', exact: true }));
    await page.getByRole('link', { name: '关于更换物业服务企业的业主大会', exact: true }).click();

    await page.getByRole('tab', { name: '表决事项' }).click();
    await page.getByRole('button', { name: '新增事项' }).click();
    const matter = page.getByRole('dialog', { name: '新增事项' });
    await matter.locator('#matter_item').click();
    await page.locator('.ant-select-item-option', { hasText: '选聘和解聘物业服务企业' }).click();
    await shown(matter.getByText(/一般事项：参与表决的专有部分面积和人数均达三分之二以上/));
    await matter.getByLabel('标题').fill('解聘现物业，选聘新物业');
    await matter.getByLabel('给业主的说明').fill('现物业合同年底到期，业委会推荐的三家候选企业见附件。');
    await matter.locator('input[type=file]').setInputFiles({
      name: '候选物业企业.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await shown(matter.getByRole('link', { name: '候选物业企业.pdf' }));
    await b.expectAccessible(page, 'matter form');
    await b.shot(page, 'assembly-matter-form-desktop-large');
    await matter.getByRole('button', { name: '保存' }).click();
    const row = page.locator('tr', { hasText: '解聘现物业，选聘新物业' });
    await shown(row.getByText('一般事项'));
    await shown(row.getByRole('link', { name: '候选物业企业.pdf' }));
    await shown(row.getByText('（PDF，1 KB）'));

    await page.getByRole('tab', { name: '概况与流程' }).click();
    await page.getByRole('button', { name: '发布公告' }).click();
    await page.getByRole('dialog', { name: '发布公告？' }).getByRole('button', { name: '发布公告' }).click();
    await shown(page.locator('.ant-tag', { hasText: '已公告' }));
    // Opening before the notice period has run is refused, and the refusal is said in words.
    await page.getByRole('button', { name: '开始投票' }).click();
    await page.getByRole('dialog', { name: '开始投票？' }).getByRole('button', { name: '开始投票' }).click();
    await shown(page.getByRole('alert').filter({ hasText: '还没到投票开始时间' }));
    await shown(page.getByRole('button', { name: '延长投票时间' }));
    await b.expectAccessible(page, 'assembly overview at the desk');
    await b.shot(page, 'assembly-overview-desktop-large');
    await desk.close();
  });

  it('an owner votes on a phone in large text, keeps the receipt, and votes again', async () => {
    const zhang = await c.owner('张三');
    body(await zhang.patch('/api/v1/auth/me', { largeText: true }), 200);
    const context = await b.context('phone');
    const page = await context.newPage();
    await loginOwner(page, '张三');

    const entry = page.getByRole('button', { name: /正在投票：2026年第一次业主大会/ });
    await shown(entry);
    await b.expectAccessible(page, 'home with the assembly entry');
    await entry.click();
    await shown(page.getByRole('button', { name: '开始投票' }));
    await shown(page.getByText('1栋-1单元-101，面积 100.00 m²'));
    await b.expectAccessible(page, 'assembly overview');
    await b.shot(page, 'assembly-overview-phone-large');
    await page.getByRole('button', { name: '开始投票' }).click();

    // Matter 1: one screen, its rule in plain words, three big buttons named in words.
    await shown(page.getByText('第 1 项，共 3 项'));
    await shown(page.getByRole('heading', { name: '安装停车道闸' }));
    await expect(page.getByText(/同意的面积和人数都要超过一半/).isVisible()).resolves.toBe(true);
    await expect(page.getByText(/车牌识别道闸/).isVisible()).resolves.toBe(true);
    // The plan is attached under its name, saying what it is before a phone downloads it.
    await expect(page.getByRole('link', { name: '停车道闸方案.pdf' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('PDF 文件，1 KB').isVisible()).resolves.toBe(true);
    expect((await zhang.get(`/api/v1/communities/${c.communityId}/files/${plan}`)).statusCode).toBe(200);
    const sizes = await page.evaluate(() => ({
      body: parseFloat(getComputedStyle(document.body).fontSize),
      choices: [...document.querySelectorAll('.choice-button')].map((e) => e.getBoundingClientRect().height),
    }));
    expect(sizes.body).toBeGreaterThanOrEqual(18);
    expect(sizes.choices).toHaveLength(3);
    expect(Math.min(...sizes.choices)).toBeGreaterThanOrEqual(64);
    await b.expectAccessible(page, 'ballot, ordinary matter');
    await b.shot(page, 'assembly-ballot-phone-large');
    await page.getByRole('button', { name: '同意', exact: true }).click();
    await shown(page.getByText('您选择：同意'));
    await b.expectAccessible(page, 'ballot confirmation');
    await b.shot(page, 'assembly-ballot-confirm-phone-large');
    await page.getByRole('button', { name: '确认提交' }).click();

    // The receipt: the chain hash of the ballot the server recorded.
    await shown(page.getByRole('heading', { name: /投票成功/ }));
    const [first] = await myReceipts(zhang, matters.parking);
    expect(first).toBeDefined();
    await expect(page.getByTestId('receipt-full').textContent()).resolves.toBe(first!.receipt);
    await shown(page.getByText(`${first!.receipt.slice(0, 8)}…${first!.receipt.slice(-8)}`));
    await b.expectAccessible(page, 'ballot receipt');
    await b.shot(page, 'assembly-receipt-phone-large');
    await page.getByRole('button', { name: '下一项' }).click();

    await shown(page.getByText('第 2 项，共 3 项'));
    await expect(page.getByText(/达到四分之三以上/).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: '反对', exact: true }).click();
    await page.getByRole('button', { name: '确认提交' }).click();
    await shown(page.getByRole('heading', { name: /投票成功/ }));
    await page.getByRole('button', { name: '下一项' }).click();

    // The election: candidate cards, up to three, with a running count.
    await shown(page.getByText('第 3 项，共 3 项'));
    await shown(page.getByRole('img', { name: '张三的照片' }));
    await page.getByRole('checkbox', { name: '张三' }).check();
    await page.getByRole('checkbox', { name: '赵六' }).check();
    await shown(page.getByText('已选 2 人，最多可选 3 人').first());
    await b.expectAccessible(page, 'ballot, election');
    await b.shot(page, 'assembly-election-phone-large');
    await page.getByRole('button', { name: '下一步：确认' }).click();
    await shown(page.getByText('您选择：张三、赵六'));
    await page.getByRole('button', { name: '确认提交' }).click();
    await shown(page.getByRole('heading', { name: /投票成功/ }));
    await page.getByRole('button', { name: '全部完成，返回' }).click();

    // Voting again on matter 1: the page says the last ballot is the one that counts.
    await shown(page.getByText('已投：张三、赵六'));
    await page.goto(`/assemblies/${assemblyId}/vote/1`);
    await shown(page.getByText(/您已经投过票：同意。可以重新投票，以最后一次为准/));
    await page.getByRole('button', { name: '弃权', exact: true }).click();
    await shown(page.getByText('提交后，以这一次为准，之前的选票不再计入。'));
    await page.getByRole('button', { name: '确认提交' }).click();
    await shown(page.getByText('以这一次投票为准，之前的选票不再计入。'));
    const ballots = await myReceipts(zhang, matters.parking);
    expect(ballots.map((x) => x.counted)).toEqual([false, true]);

    // The first receipt, checked later: in the chain, intact, but replaced.
    await page.goto(`/assemblies/receipts/${first!.receipt}`);
    await shown(page.getByText('这张选票已记入哈希链'));
    await shown(page.getByText('整条哈希链完整，没有被改动'));
    await shown(page.getByText('之后又投过票，这一张不计入，以最后一次为准'));
    await b.expectAccessible(page, 'receipt check');
    await b.shot(page, 'assembly-receipt-check-phone-large');
    await context.close();
  });

  it('the voter for a jointly owned home lets the co-owner vote online', async () => {
    const context = await b.context('phone');
    const page = await context.newPage();
    await loginOwner(page, '李四');
    await page.goto(`/assemblies/${assemblyId}`);
    await shown(page.getByText(/让一位共有人在网上代您投票/));
    await page.getByText('王*', { exact: true }).click();
    await shown(page.getByText('您已委托共有人 王* 代为投票，您本人也可以投。'));
    // Measure once the “saved” toast has gone: half-faded, its text fails the contrast check.
    await expect.poll(() => page.locator('.adm-toast-mask').count(), { timeout: 15_000 }).toBe(0);
    await b.expectAccessible(page, 'overview with a co-owner');
    await b.shot(page, 'assembly-delegate-phone');
    await context.close();

    const other = await b.context('phone');
    const wang = await other.newPage();
    await loginOwner(wang, '王五');
    await wang.goto(`/assemblies/${assemblyId}`);
    await shown(wang.getByText('共有人委托您代为投票。'));
    await shown(wang.getByRole('button', { name: '开始投票' }));
    await other.close();
  });

  it('staff enter a paper ballot with its scan and a second staff member confirms it', async () => {
    const url = `/console/assemblies?id=${assemblyId}&tab=paper`;
    const desk = await b.context('desktop');
    const page = await desk.newPage();
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto(url);
    await shown(page.getByText('录入纸质票或委托投票'));

    await page.locator('#paper_roomId').fill('1栋-1单元-202');
    await page.locator('.ant-select-item-option', { hasText: '1栋-1单元-202' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: '周八-选票.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await shown(page.getByRole('link', { name: '周八-选票.pdf' }));
    await page.locator(`#paper_choice_${matters.parking}`).getByText('同意', { exact: true }).click();
    await page.locator(`#paper_choice_${matters.facade}`).getByText('同意', { exact: true }).click();
    await page.locator(`#paper_picked_${matters.election}`).getByText('周八', { exact: true }).click();
    await page.locator(`#paper_picked_${matters.election}`).getByText('张三', { exact: true }).click();
    await b.expectAccessible(page, 'paper ballot entry');
    await b.shot(page, 'assembly-paper-entry-desktop');
    await page.getByRole('button', { name: '录入，等待核对' }).click();
    await shown(page.getByText('已录入，等待另一位工作人员核对'));

    // The one who entered it cannot confirm it.
    const row = page.locator('tr', { hasText: '1栋-1单元-202' });
    await shown(row.getByText('待核对'));
    await row.getByRole('button', { name: '查看' }).click();
    await shown(page.getByText('这张是您录入的，须由另一位工作人员核对。'));
    await expect(page.getByRole('button', { name: '核对无误，计入' }).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');

    const second = await b.context('desktop');
    const checker = await second.newPage();
    await b.loginAs(checker, 'communityAdmin', 'console');
    await checker.goto(url);
    const pending = checker.locator('tr', { hasText: '1栋-1单元-202' });
    // The queue says who entered the sheet, by name.
    await shown(pending.getByText('communityStaff'));
    await pending.getByRole('button', { name: '核对' }).click();
    const review = checker.getByRole('dialog', { name: '核对纸质票：1栋-1单元-202' });
    await shown(review.getByText('第 1 项：同意'));
    await shown(review.getByText(/录入人：communityStaff/));
    await expect(review.getByText('第 3 项：张三、周八').isVisible()).resolves.toBe(true);
    await b.expectAccessible(checker, 'paper ballot review');
    await b.shot(checker, 'assembly-paper-review-desktop');
    await review.getByRole('button', { name: '核对无误，计入' }).click();
    await checker
      .getByRole('dialog', { name: '核对无误？' })
      .getByRole('button', { name: '核对无误，计入' })
      .click();
    await shown(checker.getByText('已核对，选票已计入'));

    // The sheet now counts: 周八's ballots are in each chain, on the paper channel.
    const chain = body<{ items: { voter: string; channel: string; choice: string | null }[] }>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matters.parking}/ballots`),
      200,
    ).items;
    expect(chain.filter((x) => x.channel === 'paper').map((x) => x.choice)).toEqual(['yes']);
    await Promise.all([desk.close(), second.close()]);
  });

  it('the desk’s turnout moves live as ballots arrive', async () => {
    const desk = await b.context('desktop');
    const page = await desk.newPage();
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto(`/console/assemblies?id=${assemblyId}&tab=turnout`);
    const parking = page.locator('.ant-card', { hasText: '安装停车道闸' });
    // 张三 online and 周八 on paper so far.
    await shown(parking.getByText('2 人 / 6 人（33.3%）'));
    await b.expectAccessible(page, 'turnout');

    const keys = (voters: Voter[]) => voters.map((v) => candidateKeys[v]!);
    for (const who of ['赵六', '李四', '孙七'] as const) {
      const owner = await c.owner(who);
      for (const matter of ['parking', 'facade'] as const)
        body(await vote(owner, assemblyId, matters[matter], { choice: finalMotions[matter][who] }), 201);
      body(await vote(owner, assemblyId, matters.election, { choices: keys(finalElection[who]!) }), 201);
    }
    // No reload: the assembly's event stream refreshes the figures.
    await shown(parking.getByText('5 人 / 6 人（83.3%）'));
    await shown(parking.getByText('已达到三分之二').first());
    await b.shot(page, 'assembly-turnout-desktop');
    await desk.close();
  });

  it('organisers assign a volunteer to a building and record a door', async () => {
    const desk = await b.context('desktop');
    const page = await desk.newPage();
    await b.loginAs(page, 'communityAdmin', 'console');
    await page.goto(`/console/assemblies?id=${assemblyId}&tab=canvass`);
    await shown(page.getByText('各楼进度'));
    await page.locator('#canvassAssign_buildingId').click();
    await page.locator('.ant-select-item-option', { hasText: '2栋' }).click();
    await page.locator('#canvassAssign_accountId').fill('volunteer');
    await page.locator('.ant-select-item-option', { hasText: 'volunteer@compound' }).click();
    await page.getByRole('button', { name: '分配' }).click();
    await shown(
      page.locator('tr', { hasText: 'volunteer@compound' }).getByRole('button', { name: '结束分工' }),
    );

    await page.locator('#canvassRecord_buildingId').click();
    await page.locator('.ant-select-item-option', { hasText: '2栋' }).last().click();
    await page.locator('#canvassRecord_roomId').click();
    await page.locator('.ant-select-item-option', { hasText: '102' }).click();
    await page.locator('#canvassRecord_outcome').click();
    await page.locator('.ant-select-item-option', { hasText: '需要纸质票' }).click();
    await page.getByLabel('备注').fill('老人腿脚不便，周末上门送纸质票');
    await page.getByRole('button', { name: '记录', exact: true }).click();
    const doors = page.locator('.ant-card', { hasText: '各户走访记录' });
    await shown(doors.locator('tr', { hasText: '老人腿脚不便' }).getByText('需要纸质票'));
    await shown(page.locator('tr', { hasText: '2栋' }).getByText('需要纸质票 1'));
    // Each home: the latest visit, and whether its voter has voted (the developer has not), never how.
    const home = page
      .locator('.ant-card', { hasText: '各户情况' })
      .locator('tr', { hasText: '2栋-1单元-102' });
    await shown(home.getByText('需要纸质票'));
    await shown(home.getByText('还没投票'));
    await shown(
      page
        .locator('.ant-card', { hasText: '各户情况' })
        .locator('tr', { hasText: '2栋-1单元-202' })
        .getByText('✓ 已投票'),
    );
    await b.expectAccessible(page, 'canvassing');
    await b.shot(page, 'assembly-canvass-desktop');

    // The frozen roll and the published candidate list, as the desk sees them during voting.
    await page.getByRole('tab', { name: '投票名册' }).click();
    // The canvassing tab lists the same homes: look only at the tab now shown.
    const roll = page.getByRole('tabpanel', { name: '投票名册' });
    await shown(roll.locator('tr', { hasText: '1栋-1单元-201' }));
    await expect.poll(() => roll.getByText('开发商（未售房屋合计一人）').count()).toBe(2);
    await b.expectAccessible(page, 'roll');
    await b.shot(page, 'assembly-roll-desktop');
    await page.getByRole('tab', { name: '表决事项' }).click();
    await shown(page.getByText(/候选人名单已于 .* 公示，不能再改/));
    await shown(page.getByRole('img', { name: '张三的照片' }));
    await b.expectAccessible(page, 'matters and candidates');
    await b.shot(page, 'assembly-matters-desktop');
    await desk.close();
  });

  it('a volunteer canvasses their building on a phone in large text', async () => {
    const phone = '13500000002';
    const accountId = newId();
    await insertAccount(b.deps, {
      id: accountId,
      phone,
      name: '志愿者小刘',
      passwordHash: await hashPassword(password),
    });
    await insertGrant(b.deps, {
      communityId: c.communityId,
      accountId,
      role: 'volunteer',
      kind: 'compound',
      scopeId: c.compoundId,
    });
    await b.deps.db.updateTable('accounts').set({ large_text: 1 }).where('id', '=', accountId).execute();
    body(
      await c.manager.post(`${assemblies(c)}/${assemblyId}/canvass/assignments`, {
        buildingId: c.buildings.b2,
        accountId,
      }),
      201,
    );
    const context = await b.context('phone');
    const page = await context.newPage();
    await loginWithPhone(page, phone, 'resident');
    const entry = page.getByRole('button', { name: /扫楼.*2026年第一次业主大会：2栋/ });
    await shown(entry);
    await entry.click();
    await shown(page.getByRole('heading', { name: '2栋 · 共 4 户' }));
    const room = (n: string) => page.locator('.room-card', { hasText: `1单元 ${n}` });
    // Whether each voter has voted (the developer's unsold homes have not), and the last visit.
    await shown(room('102').getByText('还没投票'));
    await shown(room('202').getByText('✓ 已投票'));
    await shown(room('102').getByText(/最近：需要纸质票（communityAdmin/));
    const sizes = await page.evaluate(() => ({
      body: parseFloat(getComputedStyle(document.body).fontSize),
      rooms: [...document.querySelectorAll('.room-head')].map((e) => e.getBoundingClientRect().height),
    }));
    expect(sizes.body).toBeGreaterThanOrEqual(18);
    expect(Math.min(...sizes.rooms)).toBeGreaterThanOrEqual(44);
    await b.expectAccessible(page, 'canvass rooms');
    await b.shot(page, 'assembly-canvass-phone-large');

    await room('201')
      .getByRole('button', { name: /1单元 201/ })
      .click();
    await page.getByLabel('备注（可不填）').fill('开发商未售房，物业说一直空着');
    await b.expectAccessible(page, 'canvass record');
    await b.shot(page, 'assembly-canvass-record-phone-large');
    await room('201').getByRole('button', { name: '联系不上' }).click();
    await shown(room('201').getByText(/最近：联系不上（志愿者小刘/));
    await shown(room('201').getByText('开发商未售房，物业说一直空着'));
    // The doors still to knock on: homes whose voter has not voted.
    await page.locator('.adm-selector-item', { hasText: '还没投票' }).click();
    await expect.poll(() => page.locator('.room-card').count(), { timeout: 15_000 }).toBe(2);
    const records = body<{ items: { roomNumber: string; outcome: string; accountName: string }[] }>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/canvass/records?buildingId=${c.buildings.b2}`),
      200,
    ).items;
    expect(records[0]).toMatchObject({
      roomNumber: '201',
      outcome: 'unreachable',
      accountName: '志愿者小刘',
    });
    await context.close();
  });

  it('an owner puts themselves forward with a statement and photo; a photo too large is refused on the phone', async () => {
    const draft = await draftAssembly(
      c,
      [{ item: 3, title: '增补业主委员会委员', election: true, seats: 3 }],
      { title: '2026年业委会增补选举' },
    );
    body(await c.manager.post(`${assemblies(c)}/${draft.assemblyId}/announce`), 200);
    body(await (await c.owner('周八')).patch('/api/v1/auth/me', { largeText: true }), 200);
    const context = await b.context('phone');
    const page = await context.newPage();
    await loginOwner(page, '周八');
    await page.getByRole('button', { name: /已发公告，即将投票：2026年业委会增补选举/ }).click();
    await shown(page.getByText('参选业主委员会委员'));
    await b.shot(page, 'assembly-candidacy-entry-phone-large');
    await page.getByRole('button', { name: '我要自荐参选' }).click();
    await shown(page.getByRole('heading', { name: '自荐参选业委会委员' }));
    await page.getByLabel('参选说明').fill('我是周八，退休会计，愿意把小区的账目管清楚、按时公开。');

    // Over the server's 10 MB: refused here with the reason, before a byte is sent.
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/files')) sent.push(r.url());
    });
    const chooser = page.locator('input[type=file]');
    await chooser.setInputFiles({
      name: '原图.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(11 * 1024 * 1024, 7),
    });
    await shown(page.getByRole('alert').filter({ hasText: '这个文件有 11.0 MB，超过了 10 MB 的上限' }));
    expect(sent).toEqual([]);
    await b.shot(page, 'assembly-candidacy-too-large-phone-large');

    await chooser.setInputFiles({
      name: '周八.jpg',
      mimeType: 'image/jpeg',
      buffer: await testPhoto(600, 800),
    });
    await shown(page.getByRole('img', { name: '我的照片' }));
    expect(sent).toHaveLength(1);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await b.expectAccessible(page, 'self-nomination form');
    await b.shot(page, 'assembly-candidacy-phone-large');
    await page.getByRole('button', { name: '提交自荐' }).click();
    await shown(page.getByText('您的自荐已提交，等待筹备组核实'));
    await b.expectAccessible(page, 'self-nomination sent');
    await b.shot(page, 'assembly-candidacy-sent-phone-large');
    const listed = body<{
      items: { name: string; nomination: string; status: string; photoFileId: string }[];
    }>(
      await c.manager.get(`${assemblies(c)}/${draft.assemblyId}/matters/${draft.matterIds[0]}/candidates`),
      200,
    ).items;
    expect(listed).toEqual([
      expect.objectContaining({
        name: '周八',
        nomination: 'self',
        status: 'pending',
        photoFileId: expect.any(String),
      }),
    ]);
    await context.close();
  });

  it('the published results show the figures the Civil Code gives for these ballots', async () => {
    await closeVoting(b, c, assemblyId);
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/publish`), 200);
    const parking = expectedMotion(finalMotions.parking, 'ordinary');
    const facade = expectedMotion(finalMotions.facade, 'special');
    // The fixture is meant to show both outcomes.
    expect([parking.passed, facade.passed]).toEqual([true, false]);

    const context = await b.context('phone');
    const page = await context.newPage();
    await loginOwner(page, '张三');
    await page.goto(`/assemblies/${assemblyId}/results`);
    const card = (title: string) => page.locator('section.result', { hasText: title });
    for (const [title, expected] of [
      ['安装停车道闸', parking],
      ['外墙翻新', facade],
    ] as const) {
      const section = card(title);
      await shown(section);
      for (const line of expected.lines)
        await expect(section.getByText(line, { exact: true }).isVisible()).resolves.toBe(true);
      const participating = section.locator('tr', { hasText: '参与表决' });
      await expect(participating.locator('td').allTextContents()).resolves.toEqual([
        expected.area,
        String(expected.heads),
      ]);
      const yes = section.locator('tr', { hasText: '同意' });
      await expect(yes.locator('td').allTextContents()).resolves.toEqual([
        expected.yesArea,
        String(expected.yesHeads),
      ]);
      await expect(section.getByText(expected.passed ? '表决通过' : '未获通过').isVisible()).resolves.toBe(
        true,
      );
    }
    // Each candidate's supporters, counted from the ballots.
    const election = card('选举第一届业主委员会');
    for (const candidate of ['张三', '李四', '赵六', '周八'] as const) {
      const supporters = (Object.keys(finalElection) as Voter[]).filter((v) =>
        finalElection[v]!.includes(candidate),
      );
      const row = election.locator('tbody tr', { hasText: candidate });
      await expect(row.locator('td').allTextContents()).resolves.toEqual([
        String(supporters.length),
        m2(supporters.reduce((s, v) => s + areaOf(v), 0)),
      ]);
    }
    const result = body<{ matters: { finalHash: string }[] }>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/results`),
      200,
    );
    await expect(page.getByText(result.matters[0]!.finalHash, { exact: true }).isVisible()).resolves.toBe(
      true,
    );
    await b.expectAccessible(page, 'results on a phone');
    await b.shot(page, 'assembly-results-phone-large');
    await context.close();

    const desk = await b.context('desktop');
    const console = await desk.newPage();
    await b.loginAs(console, 'communityStaff', 'console');
    await console.goto(`/console/assemblies?id=${assemblyId}&tab=results`);
    const parkingCard = console.locator('.result-card', { hasText: '安装停车道闸' });
    await shown(parkingCard.getByText(parking.lines[0]!, { exact: true }));
    await expect(
      parkingCard
        .getByText(
          `面积 ${parking.area} m²（占全体 ${pct(parking.areaCenti, totalArea)}），${parking.heads} 人`,
          { exact: false },
        )
        .isVisible(),
    ).resolves.toBe(true);
    await b.expectAccessible(console, 'results at the desk');
    await b.shot(console, 'assembly-results-desktop');
    // Anyone may recount from the bundle; the desk checks the stored chain too.
    await parkingCard.getByRole('button', { name: '校验哈希链' }).click();
    await shown(console.getByText('哈希链完整：6 张选票逐一核对无误'));
    const [download] = await Promise.all([
      console.waitForEvent('download'),
      parkingCard.getByRole('button', { name: /下载选票包/ }).click(),
    ]);
    const bundle = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as {
      format: string;
      ballots: unknown[];
    };
    expect(bundle.format).toBe('gongzhi-ballot-bundle/1');
    expect(bundle.ballots).toHaveLength(6);
    await desk.close();
  });
});
