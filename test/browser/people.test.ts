import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client';
import { startBrowserTest, type BrowserTest } from '../support/browser';
import { settled, withoutToasts } from '../support/settle';

/** The console's people pages: the register with its audited "show", households, invitations, join requests. */

let b: BrowserTest;
beforeAll(async () => {
  b = await startBrowserTest();
});
afterAll(() => b?.stop());

async function consolePage(
  who: 'communityStaff' | 'branch' | 'gridWorker' = 'communityStaff',
): Promise<Page> {
  const context = await b.context('desktop');
  const page = await context.newPage();
  await b.loginAs(page, who, 'console');
  return page;
}

/** Opens an antd select by its accessible name (inside `within`), types to search if asked, and picks an option. */
async function choose(page: Page, within: Page | Locator, name: string, option: string, search?: string) {
  const box = within.getByRole('combobox', { name, exact: true });
  await box.click();
  if (search) await box.fill(search);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

describe('people', () => {
  it('registers a person, refusing a bad phone beside the field, and shows the full phone on request', async () => {
    const page = await consolePage();
    await page.goto('/console/people');
    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('王小明');
    await dialog.getByLabel('手机号').fill('12345');
    await dialog.getByLabel('身份证号').fill('11010519491231002X');
    await dialog.getByLabel('出生年份').fill('1949');
    await choose(page, dialog, '性别', '男');
    await choose(page, dialog, '关注标记', '独居');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => dialog.locator('.ant-form-item-explain-error', { hasText: '手机号格式不正确' }).isVisible())
      .toBe(true);
    await dialog.getByLabel('手机号').fill('138 1234 5678');
    await dialog.getByRole('button', { name: '保存' }).click();

    const row = page.getByRole('row', { name: /王小明/ });
    await expect.poll(() => row.getByRole('cell', { name: '138****5678' }).isVisible()).toBe(true);
    await expect(row.getByRole('cell', { name: '1101**********002X' }).isVisible()).resolves.toBe(true);
    await expect(row.getByText('独居').isVisible()).resolves.toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'people list');
    await withoutToasts(page);
    await b.shot(page, 'console-people-desktop');

    await row.getByRole('button', { name: '显示 王小明 的完整号码' }).click();
    const popover = page.getByRole('tooltip');
    await expect.poll(() => popover.getByText('13812345678').isVisible()).toBe(true);
    await expect(popover.getByText('11010519491231002X').isVisible()).resolves.toBe(true);
    await expect(popover.getByText('本次查看已记入审计日志。').isVisible()).resolves.toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'people with numbers shown');
    await b.shot(page, 'console-people-unmasked-desktop');
    const audited = await b.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'person.unmask')
      .execute();
    expect(audited).toHaveLength(1);

    // Editing starts with the numbers blank and leaves them as they are.
    await page.keyboard.press('Escape');
    await row.getByRole('button', { name: '编辑' }).click();
    await expect.poll(() => dialog.getByLabel('出生年份').inputValue()).toBe('1949');
    await expect(dialog.getByLabel('手机号').inputValue()).resolves.toBe('');
    await dialog.getByLabel('出生年份').fill('1950');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByRole('cell', { name: '1950' }).isVisible()).toBe(true);
    await expect(row.getByRole('cell', { name: '138****5678' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });
});

describe('households and joining', () => {
  let code = '';

  it('opens a household, moves a person in, and issues an invitation code with its QR', async () => {
    const page = await consolePage();
    await page.goto('/console/households');
    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('户名').fill('王家');
    await choose(page, dialog, '楼栋', '甲一小区 1栋');
    await choose(page, dialog, '* 房屋', '1单元 101');
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row', { name: /王家/ });
    await expect.poll(() => row.getByRole('cell', { name: '甲一小区 1栋 101' }).isVisible()).toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'households list');

    await row.getByRole('button', { name: '详情' }).click();
    const drawer = page.getByRole('dialog', { name: '户：王家' });
    await expect.poll(() => drawer.getByText('甲一小区 1栋 1单元 101').isVisible()).toBe(true);
    await choose(page, drawer, '* 人员', '王小明', '王');
    await choose(page, drawer, '* 身份', '业主');
    await drawer.getByLabel('与户主关系').fill('户主');
    await drawer.getByRole('button', { name: '添加', exact: true }).click();
    const member = drawer.getByRole('row', { name: /王小明/ });
    await expect.poll(() => member.getByRole('cell', { name: '138****5678' }).isVisible()).toBe(true);
    await member.getByRole('button', { name: '设为户主' }).click();
    await expect.poll(() => drawer.getByText('户主', { exact: true }).count()).toBeGreaterThan(1);
    await settled(page);
    await b.expectAccessible(page, 'household detail');
    await b.shot(page, 'console-household-detail-desktop');

    await drawer.getByRole('button', { name: '生成邀请码' }).click();
    const issued = page.getByRole('dialog', { name: '新的邀请码' });
    const qr = issued.getByRole('img', { name: /入户二维码/ });
    await expect.poll(() => qr.isVisible()).toBe(true);
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    code = (await issued.locator('.invitation-code').textContent()) ?? '';
    expect(code).toMatch(/\S{6,}/);
    await expect(issued.getByText(`/join?code=${encodeURIComponent(code)}`).isVisible()).resolves.toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'issued invitation');
    await b.shot(page, 'console-household-invitation-desktop');

    // On paper: only the sheet, with the address, the code and both languages.
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('.invitation-sheet').isVisible()).toBe(true);
    await expect(page.locator('.ant-drawer').isVisible()).resolves.toBe(false);
    await expect(page.locator('.invitation-sheet').textContent()).resolves.toMatch(
      /Household invitation.*甲一小区 1栋 1单元 101.*扫描二维码.*Scan the QR code/s,
    );
    await b.shot(page, 'console-invitation-print');
    await page.emulateMedia({ media: 'screen' });

    await issued.getByRole('button', { name: '完成' }).click();
    await expect.poll(() => drawer.getByRole('cell', { name: '可用' }).isVisible()).toBe(true);
    // The code is shown once: gone from the page once the dialog is closed.
    await expect.poll(() => page.getByText(code).count()).toBe(0);
    await page.context().close();
  });

  it('offers no "show" to a role that may not unmask', async () => {
    const page = await consolePage('branch');
    await page.goto('/console/people');
    // The branch of compound A1 sees 王小明, who now lives there, with the numbers masked and no "show".
    const row = page.getByRole('row', { name: /王小明/ });
    await expect.poll(() => row.getByRole('cell', { name: '138****5678' }).isVisible()).toBe(true);
    await expect(row.getByRole('button', { name: /显示/ }).count()).resolves.toBe(0);
    await page.context().close();
  });

  /** A new account asks to join the household with the code, as a resident's phone would. */
  async function askToJoin(phone: string, name: string): Promise<Client> {
    const resident = new Client(b.app);
    const registered = await resident.post('/api/v1/auth/register', {
      phone,
      password: 'resident-pass-1',
      displayName: name,
    });
    expect(registered.statusCode).toBe(201);
    resident.csrf = registered.json<{ csrfToken: string }>().csrfToken;
    const asked = await resident.post('/api/v1/me/household-bindings', { code, name, kind: 'tenant' });
    expect(asked.statusCode, asked.body).toBe(201);
    return resident;
  }
  const myRequests = async (resident: Client) =>
    (await resident.get('/api/v1/me/household-bindings')).json<{
      items: { status: string; reason: string | null }[];
    }>().items;

  it('confirms one resident’s request to join with that code and rejects another’s with a reason', async () => {
    const lisi = await askToJoin('13700000001', '李四');
    const stranger = await askToJoin('13700000002', '赵六');

    const page = await consolePage();
    await page.goto('/console/join-requests');
    const row = page.getByRole('row', { name: /李四/ });
    await expect.poll(() => row.getByText('待确认').isVisible()).toBe(true);
    await expect(
      row.getByRole('cell', { name: /甲一小区 1栋 1单元 101 · 89\.57 m² · 王家/ }).isVisible(),
    ).resolves.toBe(true);
    await settled(page);
    await b.expectAccessible(page, 'join requests');
    await b.shot(page, 'console-join-requests-desktop');
    await row.getByRole('button', { name: '确认' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.getByRole('row', { name: /李四/ }).count()).toBe(0);

    await page.getByRole('row', { name: /赵六/ }).getByRole('button', { name: '拒绝' }).click();
    const dialog = page.getByRole('dialog', { name: '拒绝 赵六 的申请' });
    await dialog.getByRole('button', { name: '拒绝' }).click();
    await expect.poll(() => dialog.getByText('必填').isVisible()).toBe(true);
    await dialog.getByLabel('拒绝原因').fill('本户没有这位成员，请联系网格员');
    await page.mouse.move(0, 0); // axe measures the button as it stands, not hovered
    await settled(page);
    await b.expectAccessible(page, 'reject dialog');
    await dialog.getByRole('button', { name: '拒绝' }).click();
    await expect.poll(() => page.getByRole('row', { name: /赵六/ }).count()).toBe(0);

    await choose(page, page.getByRole('region', { name: '入户申请' }), '状态', '已确认');
    await expect
      .poll(() => page.getByRole('row', { name: /李四/ }).getByText('已确认').isVisible())
      .toBe(true);
    await expect(myRequests(lisi)).resolves.toEqual([expect.objectContaining({ status: 'confirmed' })]);
    await expect(myRequests(stranger)).resolves.toEqual([
      expect.objectContaining({ status: 'rejected', reason: '本户没有这位成员，请联系网格员' }),
    ]);
    await page.context().close();
  });

  it('lets a grid worker register a resident straight into a household of the grid', async () => {
    const page = await consolePage('gridWorker');
    await page.goto('/console/people');
    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('陈阿姨');
    await choose(page, dialog, '登记到户', '王家 · 101', '王');
    await choose(page, dialog, '身份', '家庭成员');
    await dialog.getByLabel('与户主关系').fill('母亲');
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row', { name: /陈阿姨/ });
    await expect.poll(() => row.getByRole('cell', { name: '王家' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('moves a member out, revokes the code and closes the household', async () => {
    const page = await consolePage();
    await page.goto('/console/households');
    await page.getByRole('row', { name: /王家/ }).getByRole('button', { name: '详情' }).click();
    const drawer = page.getByRole('dialog', { name: '户：王家' });
    const confirmWith = (name: string) =>
      page.locator('.ant-modal-confirm').getByRole('button', { name, exact: true }).click();

    await drawer
      .getByRole('row', { name: /陈阿姨/ })
      .getByRole('button', { name: '迁出' })
      .click();
    await confirmWith('迁出');
    await expect.poll(() => drawer.getByRole('row', { name: /陈阿姨/ }).count()).toBe(0);

    await drawer.getByRole('row', { name: /可用/ }).getByRole('button', { name: '作废' }).click();
    await confirmWith('作废');
    await expect.poll(() => drawer.getByRole('cell', { name: '已作废' }).isVisible()).toBe(true);

    await drawer.getByRole('button', { name: '注销此户' }).click();
    await confirmWith('注销此户');
    await expect.poll(() => drawer.getByText(/已于 .* 注销/).isVisible()).toBe(true);
    await expect(drawer.getByRole('button', { name: '生成邀请码' }).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('row', { name: /王家/ }).count()).toBe(0);
    await page.context().close();
  });
});
