import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTest, type BrowserTest } from '../support/browser';

/**
 * A resident's first day on a phone: open the invitation link, register, ask to join, get confirmed,
 * see the household; then switch to English and to large text. axe checks every page on the way.
 */
let b: BrowserTest;
let code: string;
let householdId: string;

beforeAll(async () => {
  b = await startBrowserTest();
  const staff = await b.as('communityStaff');
  const household = await staff.post(`/api/v1/communities/${b.world.communityA}/households`, {
    roomId: b.world.roomA1,
    name: '林家',
  });
  expect(household.statusCode).toBe(201);
  householdId = household.json().id;
  const invitation = await staff.post(
    `/api/v1/communities/${b.world.communityA}/households/${householdId}/invitations`,
    {},
  );
  expect(invitation.statusCode).toBe(201);
  code = invitation.json().code;
});
afterAll(() => b?.stop());

describe('resident on a phone', () => {
  it('joins a household from the invitation link and sees it once staff confirm', async () => {
    const context = await b.context('phone');
    const page = await context.newPage();
    await page.goto(`/join?code=${code}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('link', { name: '还没有账号？注册' }).click();
    await page.waitForURL(/\/register/);
    await b.expectAccessible(page, 'register');
    await page.getByLabel('怎么称呼您').fill('林桂芝');
    await page.getByLabel('手机号').fill('13912340001');
    await page.getByLabel('密码').fill('linjia-2026');
    await page.getByRole('button', { name: '注册新账号' }).click();

    await page.waitForURL(/\/join/);
    await expect.poll(() => page.getByLabel('邀请码').inputValue()).toBe(code);
    await page.getByText('业主', { exact: true }).click();
    await page.getByLabel('与户主关系（可不填）').fill('本人');
    await b.expectAccessible(page, 'join');
    await b.shot(page, 'resident-join-phone');
    await page.getByRole('button', { name: '提交绑定' }).click();
    await expect.poll(() => page.getByText('社区工作人员确认后').isVisible()).toBe(true);

    await page.goto('/household');
    await expect.poll(() => page.getByText('已提交，等待社区确认').isVisible()).toBe(true);

    const staff = await b.as('communityStaff');
    const pending = await staff.get(
      `/api/v1/communities/${b.world.communityA}/household-bindings?status=pending`,
    );
    const binding = pending.json().items.find((i: { claimedName: string }) => i.claimedName === '林桂芝');
    expect(
      (await staff.post(`/api/v1/communities/${b.world.communityA}/household-bindings/${binding.id}/confirm`))
        .statusCode,
    ).toBe(200);

    await page.reload();
    await expect.poll(() => page.getByText('甲一小区 · 1栋 1单元 101').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('89.57 m²', { exact: false }).isVisible()).toBe(true);
    // The member list shows the person masked, as neighbours would see them.
    await expect.poll(() => page.getByText(/林\*芝/).isVisible()).toBe(true);
    await expect(page.getByText('13912340001').count()).resolves.toBe(0);
    await b.expectAccessible(page, 'household');
    await b.shot(page, 'resident-household-phone');
    await context.close();
  });

  it('switches to English and to large text, and both stay after a reload', async () => {
    const context = await b.context('phone');
    const page = await context.newPage();
    await b.loginAs(page, 'owner', 'resident');
    await page.goto('/me');
    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Me' }).isVisible()).toBe(true);
    await page.getByRole('switch', { name: 'Large text' }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.classList.contains('large-text')))
      .toBe(true);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Me' }).isVisible()).toBe(true);
    const sizes = await page.evaluate(() => ({
      body: parseFloat(getComputedStyle(document.body).fontSize),
      smallestTarget: Math.min(
        ...[...document.querySelectorAll('button, [role="switch"], .adm-tab-bar-item, a')]
          .map((e) => e.getBoundingClientRect().height)
          .filter((h) => h > 0),
      ),
      items: [...document.querySelectorAll('.adm-list-item-content-main')].map((e) =>
        parseFloat(getComputedStyle(e).fontSize),
      ),
    }));
    expect(sizes.body).toBeGreaterThanOrEqual(18);
    expect(Math.min(...sizes.items)).toBeGreaterThanOrEqual(18);
    expect(sizes.smallestTarget).toBeGreaterThanOrEqual(44);
    await b.expectAccessible(page, 'me, large text, English');
    await b.shot(page, 'resident-me-large-text-en-phone');
    const me = await b.as('owner');
    expect((await me.get('/api/v1/auth/me')).json()).toMatchObject({ locale: 'en', largeText: true });
    await context.close();
  });
});
