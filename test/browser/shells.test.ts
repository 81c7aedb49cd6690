import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTest, type BrowserTest } from '../support/browser';

let b: BrowserTest;
beforeAll(async () => {
  b = await startBrowserTest();
});
afterAll(() => b?.stop());

describe('resident shell on a phone', () => {
  it('logs in, shows home, and the login page is accessible', async () => {
    const context = await b.context('phone');
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await expect
      .poll(() => page.getByRole('heading', { name: '登录共治' }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await b.expectAccessible(page, 'resident login');
    await b.shot(page, 'resident-login-phone');
    await b.loginAs(page, 'resident', 'resident');
    await expect
      .poll(() => page.getByRole('heading', { name: /您好/ }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await b.expectAccessible(page, 'resident home');
    await b.shot(page, 'resident-home-phone');
    await context.close();
  });
});

describe('staff console on a desk', () => {
  it('logs in and lists compounds in the caller’s community', async () => {
    const context = await b.context('desktop');
    const page = await context.newPage();
    await b.loginAs(page, 'communityStaff', 'console');
    await page.goto('/console/compounds');
    await expect
      .poll(() => page.getByRole('cell', { name: '甲一小区' }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await expect(page.getByRole('cell', { name: '乙一小区' }).count()).resolves.toBe(0);
    await b.expectAccessible(page, 'console compounds');
    await b.shot(page, 'console-compounds-desktop');
    await context.close();
  });
});
