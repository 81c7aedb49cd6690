import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestApp, type TestContext } from './app';
import { settled } from './settle';
import { password } from './world';

/** Debian's Chromium, driven by playwright-core: no browser download needed or possible here. */
export function chromiumPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  }).stdout.trim();
  if (!found) throw new Error('Chromium is missing: apt-get install -y chromium fonts-noto-cjk');
  return found;
}

export const artifacts = path.resolve('test-artifacts/screenshots');

export interface BrowserTest extends TestContext {
  browser: Browser;
  baseUrl: string;
  /** A fresh browser context at a phone's or a desk's size. */
  context(kind: 'phone' | 'desktop', locale?: string): Promise<BrowserContext>;
  /** Logs in through the given shell's login page as the world account holding `who`. */
  loginAs(
    page: Page,
    who: keyof TestContext['world']['phones'],
    shell: 'resident' | 'console',
  ): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
  /** axe-core on the page as it stands: no serious or critical WCAG 2.1 A/AA violation. */
  expectAccessible(page: Page, label: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startBrowserTest(): Promise<BrowserTest> {
  const t = await startTestApp();
  const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
  fs.mkdirSync(artifacts, { recursive: true });
  return {
    ...t,
    browser,
    baseUrl,
    context: (kind, locale = 'zh-CN') =>
      browser.newContext({
        baseURL: baseUrl,
        locale,
        timezoneId: 'Asia/Shanghai',
        ...(kind === 'phone'
          ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
          : { viewport: { width: 1366, height: 900 } }),
      }),
    async loginAs(page, who, shell) {
      await page.goto(shell === 'console' ? '/console/login' : '/login');
      await page.locator('#login_phone').fill(t.world.phones[who]);
      await page.locator('#login_password').fill(password);
      await page.getByRole('button', { name: /登录|Log in/ }).click();
      await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    },
    async shot(page, name) {
      await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
    },
    async expectAccessible(page, label) {
      // Measure the page at rest: a dropdown closing or a dialog fading is half-transparent mid-way.
      await settled(page);
      const result = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        );
      expect(bad, label).toEqual([]);
    },
    async stop() {
      await browser.close();
      await t.close();
    },
  };
}
