import type { Page } from 'playwright-core';

/**
 * Waits until no finite CSS animation or transition is running (a dialog fading in or out, a drawer
 * sliding), so axe does not measure the contrast of half-transparent text. Spinners never end and
 * are left out. antd-mobile's toasts fade by script (react-spring), which getAnimations() does not
 * see: wait for them to go as well.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector('.adm-toast-mask') &&
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
}

/** Waits for "saved" toasts to go, so a screenshot shows the page rather than them. */
export async function withoutToasts(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
  await settled(page);
}
