/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core, a fresh
 * profile per run (no cookies or storage leak between runs), a phone-sized viewport.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = resolve(__dirname, '../../.tmp/e2e');

/** The runtime's address; the test runner (npm test) starts the runtime and sets it. */
export function requireBaseUrl(): string {
  const baseUrl = process.env.E2E_BASE_URL;
  if (!baseUrl) {
    throw new Error(
      'E2E_BASE_URL is not set: this browser test needs a running local runtime. ' +
        'Run `npm test` (it starts one), or start `npm start` yourself and set E2E_BASE_URL=http://localhost:8080.',
    );
  }
  return baseUrl.replace(/\/+$/, '');
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

export async function launchPhoneBrowser(): Promise<Browser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a full-page screenshot once running animations have finished: Taro's h5 router slides each new page
 * in, and a picture taken mid-slide shows two half pages side by side.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(async () => {
    // A slide starts a frame or two after the page appears: let it begin before asking what is running.
    for (let frame = 0; frame < 3; frame += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
    // Spinners run forever: wait only for animations with an end, and never longer than a page slide could take.
    const finite = document.getAnimations().filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
    const settled = Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2000))]);
  });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
