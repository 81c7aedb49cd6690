import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/modules/notifications';
import { startBrowserTest, type BrowserTest } from '../support/browser';

/** The machine is shared and busy: give live updates time to arrive (expect.poll's default is 1 s). */
const soon = { timeout: 15_000 };

/**
 * Messages arrive while the page is open: the server tells a resident something and the home
 * page's badge and the inbox show it without a reload; a worker at the desk sees the bell count go
 * up and reads it in the drawer. axe checks each on the way.
 */
let b: BrowserTest;
beforeAll(async () => {
  b = await startBrowserTest();
});
afterAll(() => b?.stop());

const announce = (who: keyof BrowserTest['world']['accounts'], title: string) =>
  notify(b.deps, b.world.communityA, [b.world.accounts[who]], {
    kind: 'announcement',
    params: { title },
    link: '/inbox',
  });

describe('resident inbox on a phone', () => {
  it('a notification made on the server appears live on the home page and in the inbox', async () => {
    const context = await b.context('phone');
    const page = await context.newPage();
    await b.loginAs(page, 'resident', 'resident');
    const entry = page.getByRole('button', { name: /我的消息/ });
    await expect.poll(() => entry.isVisible(), soon).toBe(true);
    await expect(entry.textContent()).resolves.toBe('我的消息');

    await announce('resident', '本周六停水');
    // No reload: the live stream brings it.
    await expect.poll(() => entry.textContent(), soon).toBe('我的消息1 条未读');
    await b.expectAccessible(page, 'home with unread');
    await b.shot(page, 'inbox-home-badge-phone');

    await entry.click();
    await page.waitForURL(/\/inbox$/);
    await expect.poll(() => page.getByText('社区通知：本周六停水').isVisible(), soon).toBe(true);
    await announce('resident', '电梯年检');
    await expect.poll(() => page.getByText('社区通知：电梯年检').isVisible(), soon).toBe(true);
    await expect.poll(() => page.getByText('2 条未读').isVisible(), soon).toBe(true);
    // The newest comes first.
    const texts = await page.locator('.inbox-text').allTextContents();
    expect(texts).toEqual(['社区通知：电梯年检', '社区通知：本周六停水']);
    await b.expectAccessible(page, 'inbox');
    await b.shot(page, 'inbox-phone');

    await page.getByRole('button', { name: /社区通知：本周六停水/ }).click();
    await expect.poll(() => page.getByText('1 条未读').isVisible(), soon).toBe(true);
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => page.getByText('全部已读').isVisible(), soon).toBe(true);
    await expect(page.locator('.inbox-item.unread').count()).resolves.toBe(0);
    await context.close();
  });

  it('reads in English and in large text', async () => {
    const owner = await b.as('owner');
    expect((await owner.patch('/api/v1/auth/me', { locale: 'en', largeText: true })).statusCode).toBe(200);
    await announce('owner', 'Water off on Saturday');
    const context = await b.context('phone', 'en');
    const page = await context.newPage();
    await b.loginAs(page, 'owner', 'resident');
    await page.goto('/inbox');
    await expect
      .poll(() => page.getByText('Community notice: Water off on Saturday').isVisible(), soon)
      .toBe(true);
    await expect.poll(() => page.getByText('1 unread', { exact: true }).isVisible(), soon).toBe(true);
    const sizes = await page.evaluate(() => ({
      text: parseFloat(getComputedStyle(document.querySelector('.inbox-text')!).fontSize),
      target: document.querySelector('.inbox-item')!.getBoundingClientRect().height,
    }));
    expect(sizes.text).toBeGreaterThanOrEqual(18);
    expect(sizes.target).toBeGreaterThanOrEqual(44);
    await b.expectAccessible(page, 'inbox, large text, English');
    await b.shot(page, 'inbox-large-text-en-phone');
    await context.close();
  });
});

describe('console bell at the desk', () => {
  it('counts unread live and lists them in a drawer', async () => {
    const context = await b.context('desktop');
    const page = await context.newPage();
    await b.loginAs(page, 'communityStaff', 'console');
    const bell = page.getByRole('button', { name: /消息通知/ });
    await expect.poll(() => bell.getAttribute('aria-label'), soon).toBe('消息通知，0 条未读');

    await announce('communityStaff', '防汛值班安排');
    await expect.poll(() => bell.getAttribute('aria-label'), soon).toBe('消息通知，1 条未读');
    await expect(bell.textContent()).resolves.toContain('1');
    await bell.click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.getByText('社区通知：防汛值班安排').isVisible(), soon).toBe(true);
    await b.expectAccessible(page, 'console notifications drawer');
    await b.shot(page, 'console-notifications-drawer');

    // A second one arrives while the drawer is open.
    await announce('communityStaff', '入户走访提醒');
    await expect.poll(() => drawer.getByText('社区通知：入户走访提醒').isVisible(), soon).toBe(true);
    await drawer.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => drawer.getByText('全部已读').isVisible(), soon).toBe(true);
    await expect.poll(() => bell.getAttribute('aria-label'), soon).toBe('消息通知，0 条未读');
    await context.close();
  });
});
