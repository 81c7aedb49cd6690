import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client';
import { startBrowserTest, type BrowserTest } from '../support/browser';

/** Who may do what, at a desk: role grants with a one-time password, and the audit log that records them. */

let b: BrowserTest;
beforeAll(async () => {
  b = await startBrowserTest();
});
afterAll(() => b?.stop());

const visible = (l: Locator) => expect.poll(() => l.isVisible(), { timeout: 10_000 });

/** Waits for antd's open and close animations, so axe measures colours at full opacity. */
async function accessible(page: Page, label: string) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  await b.expectAccessible(page, label);
}

async function choose(page: Page, within: Locator, name: string, option: string) {
  const box = within.getByRole('combobox', { name });
  await expect
    .poll(
      async () => {
        await box.click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
          .first()
          .click({ timeout: 5000 });
        return box.locator('xpath=..').textContent();
      },
      { timeout: 20_000 },
    )
    .toContain(option);
}

let newcomerPassword = '';

describe('role grants and the audit log', () => {
  it('grants the grid worker role to a new phone number, shows the password once, and logs it', async () => {
    const context = await b.context('desktop');
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await b.loginAs(page, 'communityAdmin', 'console');
    await page.goto('/console/grants');
    await visible(page.getByRole('row', { name: /gridWorker/ })).toBe(true);
    await accessible(page, 'grants list');

    await page.getByRole('button', { name: '授予角色' }).click();
    const form = page.getByRole('dialog', { name: '授予角色' });
    await form.getByLabel('手机号').fill('138 0013 8000');
    await form.getByLabel('姓名').fill('赵网格');
    // A community secretary is offered the roles up to their own, never the street's.
    await form.getByRole('combobox', { name: '角色' }).click();
    await visible(page.locator('.ant-select-dropdown:visible').getByText('社区书记')).toBe(true);
    await expect(page.locator('.ant-select-dropdown:visible').getByText('街道').count()).resolves.toBe(0);
    await choose(page, form, '角色', '网格员');
    await visible(form.getByRole('combobox', { name: '范围类型' })).toBe(true);
    await choose(page, form, '网格', '第一网格');
    await accessible(page, 'grant form');
    await form.getByRole('button', { name: '授权' }).click();

    const shown = page.getByRole('dialog', { name: '已为 赵网格 开通账号' });
    await visible(shown.getByText('临时密码只显示这一次，关闭后无法再查看。')).toBe(true);
    const password = (await shown.locator('code').textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(8);
    newcomerPassword = password;
    await accessible(page, 'one-time password');
    await b.shot(page, 'console-grant-password-desktop');
    await shown.getByRole('button', { name: '复制密码' }).click();
    await visible(page.getByText('已复制')).toBe(true);
    await shown.getByRole('button', { name: '我已记下' }).click();
    await visible(shown).toBe(false);

    // The password works, and the new account holds the role on the grid.
    const fresh = await new Client(b.app).login('13800138000', password);
    const me = (await fresh.get('/api/v1/auth/me')).json<{ grants: { role: string; scopeId: string }[] }>();
    expect(me.grants).toEqual([expect.objectContaining({ role: 'gridWorker', scopeId: b.world.gridA })]);

    const row = page.getByRole('row', { name: /赵网格/ });
    await visible(row).toBe(true);
    await visible(row.getByText('网格：第一网格')).toBe(true);
    await visible(row.getByText('138****8000')).toBe(true);
    await b.shot(page, 'console-grants-desktop');

    // The grant is the newest entry of the audit log, its record readable when expanded.
    await page
      .getByRole('link', { name: '审计日志' })
      .or(page.getByRole('menuitem', { name: '审计日志' }))
      .click();
    const first = page.locator('.ant-table-tbody > tr.ant-table-row').first();
    await visible(first.getByText('授予角色')).toBe(true);
    await visible(first.getByText('communityAdmin')).toBe(true);
    await first.getByRole('button', { name: /展开|Expand/ }).click();
    const detail = page.locator('.ant-table-expanded-row').first();
    await visible(detail.getByText('"role": "gridWorker"')).toBe(true);
    await visible(detail.getByText('"accountCreated": true')).toBe(true);
    await accessible(page, 'audit log');
    await b.shot(page, 'console-audit-desktop');

    // Filtering by another action leaves the grant out.
    await choose(page, page.locator('.page-head'), '操作', '撤销授权');
    await visible(page.locator('.ant-empty-description')).toBe(true);
    await expect(page.locator('.ant-table-tbody > tr.ant-table-row').count()).resolves.toBe(0);
    await context.close();
  });

  it('the newcomer must set their own password before using the desk', async () => {
    const context = await b.context('desktop');
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto('/console/login');
    await page.locator('#login_phone').fill('13800138000');
    await page.locator('#login_password').fill(newcomerPassword);
    await page.getByRole('button', { name: '登录' }).click();
    const modal = page.getByRole('dialog', { name: '修改密码' });
    await visible(modal.getByText(/临时密码/)).toBe(true);
    // It cannot be dismissed: Escape leaves it there.
    await page.keyboard.press('Escape');
    await visible(modal).toBe(true);
    await accessible(page, 'forced password change');
    await b.shot(page, 'console-forced-password-desktop');
    await modal.getByLabel('当前密码').fill(newcomerPassword);
    await modal.getByLabel('新密码', { exact: true }).fill('Zhao-grid-2026');
    await modal.getByLabel('再输入一次新密码').fill('Zhao-grid-2027');
    await modal.getByRole('button', { name: '保存' }).click();
    await visible(modal.getByText('两次输入的新密码不一致')).toBe(true);
    await modal.getByLabel('再输入一次新密码').fill('Zhao-grid-2026');
    await modal.getByRole('button', { name: '保存' }).click();
    await visible(modal).toBe(false);
    // The old password no longer works; the new one does.
    const old = await new Client(b.app).post('/api/v1/auth/login', {
      phone: '13800138000',
      password: newcomerPassword,
    });
    expect(old.statusCode).toBe(401);
    await new Client(b.app).login('13800138000', 'Zhao-grid-2026');
    await context.close();
  });

  it('revokes a grant after confirmation', async () => {
    const context = await b.context('desktop');
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await b.loginAs(page, 'communityAdmin', 'console');
    await page.goto('/console/grants');
    const row = page.getByRole('row', { name: /squadLeader/ });
    await row.getByRole('button', { name: '撤销' }).click();
    const confirm = page.getByRole('dialog', { name: /撤销 squadLeader 在「分队：第一分队」的分队长角色/ });
    await confirm.getByRole('button', { name: '撤销' }).click();
    await visible(row).toBe(false);
    await page.getByText('已撤销的').click();
    await visible(page.getByRole('row', { name: /squadLeader/ })).toBe(true);
    const revoked = await b.deps.db
      .selectFrom('grants')
      .select('revoked_at')
      .where('account_id', '=', b.world.accounts.squadLeader)
      .executeTakeFirstOrThrow();
    expect(revoked.revoked_at).not.toBeNull();
    await context.close();
  });
});
