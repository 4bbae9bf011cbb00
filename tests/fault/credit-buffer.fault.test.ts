/**
 * 信用参保 after the concentrated period, on a runtime of its own at 2027-01-05 (inside 2027's buffer window): the
 * page offers the year still owed, 2027, not the last year 我的参保 lists (2028, whose signing opens in October).
 * The other browser tests run inside the period (npm test pins the day), where both are the same year.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from '../e2e/browser';
import { byTestId, withPhonePage } from '../e2e/pageHelpers';
import { startRuntime, type Runtime } from '../support/runtime';

jest.setTimeout(180_000);

const offer = (page: Page, name: string) => page.locator(`[data-testid="credit-offer"][data-name="${name}"]:visible`);

describe('信用参保 in the buffer window after the period', () => {
  let dataDir: string;
  let runtime: Runtime;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'medins-credit-buffer-'));
    runtime = await startRuntime({ dataDir, env: { DEV_TODAY: '2027-01-05' } });
  });

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers 张建国 the 2027 premium he still owes, with its due date, and names the year in the terms', async () => {
    await withPhonePage(runtime.url, 'demo-resident', async (page) => {
      await byTestId(page, 'go-credit').click();
      await byTestId(page, 'credit-page').waitFor();
      const card = offer(page, '张建国');
      await card.waitFor();
      await screenshot(page, 'credit-buffer');
      expect(await card.getAttribute('data-eligible')).toBe('1');
      expect(await card.innerText()).toContain('2027年度');
      expect(await byTestId(card, 'credit-offer-terms').innerText()).toContain('银行代缴 2027 年度保费');
    });
  });
});
