/**
 * 自动续缴 in a real browser against the local runtime and its bank and WeChat Pay simulators: sign for oneself with
 * a bank account, see the next planned debit, a failed debit reported on the page and in 消息, the retry that pays,
 * pause / resume / cancel with confirmation, and a WeChat 委托代扣 contract for a relative.
 *
 * Own household: the demo registry's H-DEMO-9, 郭华 and his mother 何秀兰 (covered 2025–2026, so the year being
 * collected now is due). The runtime of npm test runs with DEBIT_NOTICE_LEAD_HOURS=0 and DEBIT_RETRY_INTERVAL_HOURS=0,
 * so one deduction run notices and debits, and the next retries. Other files fire the same batch in parallel; every
 * check here is about this file's own agreements, whichever run reaches them.
 */
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser';
import { addRelative, bankSim, bindAs, byTestId, CHINESE, fill, fireTimer, freshOpenid, loginAs, personCard, tap, textOf, usePhoneSession, YUAN } from './pageHelpers';

jest.setTimeout(180_000);

const GUO_HUA = { name: '郭华', idNumber: '34010419790315271X' };
const HE_XIULAN = { name: '何秀兰', idNumber: '340104195608221824' };
/** An account number no other test uses (the bank simulator keys accounts by it). */
const ACCOUNT_NO = '6222020200933330901';

function agreementCard(page: Page, name: string): Locator {
  // Taro's h5 router keeps the pages below in the DOM, hidden: only the page on top counts.
  return page.locator(`[data-testid="agreement-card"][data-name="${name}"]:visible`);
}

describe('auto-renewal agreements (自动续缴) in the h5 build', () => {
  const session = usePhoneSession();
  let baseUrl: string;
  let page: Page;
  const openid = freshOpenid('e2e-agreements');

  /** Re-opens the agreements list, so it reads the server again. */
  async function openList(): Promise<void> {
    await page.goto(`${baseUrl}/#/pages/agreements/list/index`);
    // Same URL as before is no navigation: reload, so the app starts there and asks the server again.
    await page.reload();
    await byTestId(page, 'agreements-page').waitFor();
    await byTestId(page, 'loading').waitFor({ state: 'detached' });
  }

  async function confirmAction(card: Locator, action: 'pause' | 'resume' | 'cancel'): Promise<void> {
    await tap(card, `agreement-${action}`);
    const panel = byTestId(page, 'confirm-panel');
    await panel.waitFor();
    expect(await panel.innerText()).toMatch(CHINESE);
    await tap(panel, 'confirm-ok');
    await panel.waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    ({ baseUrl, page } = session);
    // Debit hours are the bank's business; tests may run at any hour.
    await bankSim(baseUrl, '/config', { allowedHours: { from: '00:00', to: '23:59' } });
  });

  test('郭华 binds, adds his mother, and opens 自动续缴 from 我的参保: nothing signed yet', async () => {
    await loginAs(page, baseUrl, openid);
    await bindAs(page, GUO_HUA);
    const added = await addRelative(page, '父母', HE_XIULAN);
    expect(await textOf(byTestId(added, 'add-result-state'))).toBe('已核验');
    await byTestId(page, 'add-back-home').click();
    await personCard(page, HE_XIULAN.name).waitFor();
    await screenshot(page, 'a00-home-entries');
    await byTestId(page, 'go-agreements').click();
    await byTestId(page, 'agreements-empty').waitFor();
  });

  test('signs for himself with a bank account: ACTIVE at once, the account masked, the next debit planned in 元', async () => {
    await tap(page, 'go-sign-agreement');
    await byTestId(page, 'sign-agreement-page').waitFor();
    await byTestId(page, 'sign-person-picker').getByText(`${GUO_HUA.name}（本人）`, { exact: true }).waitFor();
    // Nobody chosen: said on the form; choosing someone clears it.
    await tap(page, 'sign-submit');
    expect(await textOf(byTestId(page, 'form-error'))).toBe('请选择为谁签约');
    await byTestId(page, 'sign-person-picker').getByText(`${GUO_HUA.name}（本人）`, { exact: true }).click();
    expect(await byTestId(page, 'form-error').count()).toBe(0);
    // A wrong account number is caught on the form, next to the field.
    await fill(page, 'sign-holder-name', GUO_HUA.name);
    await fill(page, 'sign-account-no', '6222');
    await tap(page, 'sign-submit');
    expect(await textOf(byTestId(page, 'sign-account-no-error'))).toBe('银行卡号应为16至19位数字');
    expect(await byTestId(page, 'form-error').count()).toBe(0);
    // A number pasted with spaces keeps every digit (cut at 19 characters it had lost three and looked valid).
    const input = byTestId(page, 'sign-account-no').locator('input');
    await input.fill(ACCOUNT_NO.replace(/(\d{4})(?=\d)/g, '$1 '));
    await page.waitForFunction((el) => (el as HTMLInputElement).value.length > 0 && !(el as HTMLInputElement).value.includes(' '), await input.elementHandle());
    expect(await input.inputValue()).toBe(ACCOUNT_NO);
    await screenshot(page, 'a01-sign-form');
    await tap(page, 'sign-submit');

    const result = page.locator('[data-testid="sign-result"][data-state="ACTIVE"]');
    await result.waitFor();
    expect(await textOf(byTestId(result, 'sign-result-state'))).toBe('生效中');
    expect(await result.innerText()).toContain('6222***********0901');
    expect(await result.innerText()).not.toContain(ACCOUNT_NO);
    const next = byTestId(result, 'next-debit');
    expect(await next.getAttribute('data-status')).toBe('scheduled');
    expect(await textOf(byTestId(next, 'next-debit-amount').locator('.amount-row__value'))).toMatch(YUAN);
    expect(await textOf(byTestId(next, 'next-debit-date').locator('.amount-row__value'))).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await textOf(byTestId(next, 'next-debit-notice'))).toBe('扣款前会先发送扣款提醒');
    await screenshot(page, 'a02-signed');

    await tap(page, 'sign-done');
    const card = agreementCard(page, GUO_HUA.name);
    await card.waitFor();
    expect(await card.getAttribute('data-state')).toBe('ACTIVE');
  });

  test('a debit that fails (no money in the account) is reported on the card and in 消息', async () => {
    const contract = (await bankSim(baseUrl, '/records')).contracts.find((c: { account_no_masked: string }) => c.account_no_masked.endsWith('0901'));
    await bankSim(baseUrl, '/accounts', { account_token: contract.account_token, balance_fen: 0 });
    expect((await fireTimer(baseUrl, 'deductionBatch', 'hourly')).ok).toBe(true);

    await openList();
    const next = byTestId(agreementCard(page, GUO_HUA.name), 'next-debit');
    await next.waitFor();
    expect(await next.getAttribute('data-status')).toBe('retrying');
    expect(await textOf(byTestId(next, 'next-debit-failure'))).toContain('账户余额不足');
    expect(await textOf(byTestId(next, 'next-debit-notice'))).toMatch(/^扣款提醒已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 发送$/);
    const failedNotice = page.locator('[data-testid="notice-card"][data-kind="debit.failed"]:visible').first();
    expect(await textOf(byTestId(failedNotice, 'notice-title'))).toBe('医保费自动扣款未成功');
    // Whose premium, from which account, why in words (no bank code), and what happens next.
    const failedText = await failedNotice.innerText();
    expect(failedText).toContain(`从尾号 0901 的银行账户扣缴 ${GUO_HUA.name}`);
    expect(failedText).toMatch(/未成功：账户余额不足。我们会于 \d{4}-\d{2}-\d{2} 再次尝试/);
    expect(failedText).not.toMatch(/[A-Z]{3,}_[A-Z]+/);
    await screenshot(page, 'a03-debit-failed');

    await byTestId(page, 'go-notices').click();
    await byTestId(page, 'notices-page').waitFor();
    await page.locator('[data-testid="notice-card"][data-kind="debit.upcoming"]:visible').first().waitFor();
    expect(await page.locator('[data-testid="notice-card"][data-kind="debit.upcoming"]:visible').first().innerText()).toContain(GUO_HUA.name);
    expect(await page.locator('[data-testid="notice-card"][data-kind="debit.failed"]:visible').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'a04-notices');
  });

  test('with money in the account the next run pays: the card says 已扣款 and 我的参保 says 已参保', async () => {
    const contract = (await bankSim(baseUrl, '/records')).contracts.find((c: { account_no_masked: string }) => c.account_no_masked.endsWith('0901'));
    await bankSim(baseUrl, '/accounts', { account_token: contract.account_token, balance_fen: 1_000_000 });
    expect((await fireTimer(baseUrl, 'deductionBatch', 'hourly')).ok).toBe(true);

    await openList();
    const next = byTestId(agreementCard(page, GUO_HUA.name), 'next-debit');
    expect(await next.getAttribute('data-status')).toBe('paid');
    expect(await textOf(byTestId(next, 'next-debit-status'))).toBe('已扣款');
    // The earlier failure stays on the card: the person sees what happened.
    expect(await textOf(byTestId(next, 'next-debit-failure'))).toContain('账户余额不足');
    const year = Number(await next.getAttribute('data-year'));

    await page.goto(`${baseUrl}/`);
    const coverageYear = personCard(page, GUO_HUA.name).locator(`[data-testid="coverage-year"][data-year="${year}"]`);
    await coverageYear.waitFor();
    expect(await textOf(byTestId(coverageYear, 'coverage-state'))).toBe('已参保');
  });

  test('pause, resume and cancel, each after a confirmation; 再想想 changes nothing', async () => {
    await openList();
    const card = agreementCard(page, GUO_HUA.name);
    await tap(card, 'agreement-pause');
    await tap(byTestId(page, 'confirm-panel'), 'confirm-cancel');
    expect(await card.getAttribute('data-state')).toBe('ACTIVE');

    await confirmAction(card, 'pause');
    await page.locator(`[data-testid="agreement-card"][data-name="${GUO_HUA.name}"][data-state="PAUSED"]:visible`).waitFor();
    expect(await textOf(byTestId(card, 'agreement-state'))).toBe('已暂停');
    await screenshot(page, 'a05-paused');

    await confirmAction(card, 'resume');
    await page.locator(`[data-testid="agreement-card"][data-name="${GUO_HUA.name}"][data-state="ACTIVE"]:visible`).waitFor();

    await confirmAction(card, 'cancel');
    await page.locator(`[data-testid="agreement-card"][data-name="${GUO_HUA.name}"][data-state="CANCELLED"]:visible`).waitFor();
    expect(await textOf(byTestId(card, 'agreement-state'))).toBe('已解约');
    expect(await textOf(byTestId(card, 'agreement-ended-at'))).toMatch(/^解约时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // This year was paid by the agreement before it was cancelled: the card says so, and that nothing more is taken.
    expect(await textOf(byTestId(card, 'agreement-end-note'))).toBe('本年度保费已由自动续缴扣缴。协议已解约，此后不会再扣款。');
    expect(await byTestId(card, 'next-debit').getAttribute('data-status')).toBe('paid');
    expect(await byTestId(card, 'agreement-resume').count()).toBe(0);
    // The bank was told: its contract is terminated too.
    const contract = (await bankSim(baseUrl, '/records')).contracts.find((c: { account_no_masked: string }) => c.account_no_masked.endsWith('0901'));
    expect(contract.state).not.toBe('ACTIVE');
  });

  test('signs for his mother with WeChat 委托代扣: the simulated WeChat page, then ACTIVE once WeChat confirms', async () => {
    await tap(page, 'go-sign-agreement');
    await byTestId(page, 'sign-agreement-page').waitFor();
    await byTestId(page, 'sign-person-picker').getByText(`${HE_XIULAN.name}（父母）`, { exact: true }).click();
    await byTestId(page, 'sign-channel-picker').getByText('微信支付 委托代扣', { exact: true }).click();
    expect(await byTestId(page, 'sign-account-no').count()).toBe(0);
    await tap(page, 'sign-submit');

    const sheet = byTestId(page, 'wechat-sign-sheet');
    await sheet.waitFor();
    // Back from WeChat's signing page takes the sheet away with the page; signing again reopens the same session.
    await page.goBack();
    await page.locator('[data-testid="agreements-page"]:visible').waitFor();
    expect(await sheet.count()).toBe(0);
    await tap(page, 'go-sign-agreement');
    await byTestId(page, 'sign-agreement-page').waitFor();
    await byTestId(page, 'sign-person-picker').getByText(`${HE_XIULAN.name}（父母）`, { exact: true }).click();
    await byTestId(page, 'sign-channel-picker').getByText('微信支付 委托代扣', { exact: true }).click();
    await tap(page, 'sign-submit');
    await sheet.waitFor();
    await screenshot(page, 'a06-wechat-sign');
    await byTestId(sheet, 'wechat-sign-confirm').click();
    const result = page.locator('[data-testid="sign-result"][data-state="ACTIVE"]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toContain('微信支付');
    await tap(page, 'sign-done');
    const card = page.locator(`[data-testid="agreement-card"][data-name="${HE_XIULAN.name}"][data-state="ACTIVE"]:visible`);
    await card.waitFor();
    expect(await card.getAttribute('data-channel')).toBe('wechat');
    // The signing left by Back ended as 签约未成功 (not 签约确认中); no 重新签约 on its card while her new one is in force.
    const left = page.locator(`[data-testid="agreement-card"][data-name="${HE_XIULAN.name}"][data-state="FAILED"]:visible`);
    expect(await textOf(byTestId(left, 'agreement-state'))).toBe('签约未成功');
    expect(await byTestId(left, 'agreement-sign-again').count()).toBe(0);
    expect(await textOf(byTestId(left, 'agreement-end-note'))).toBe('签约在确认前已取消，未开通自动续缴，也不会扣款。可以重新签约。');
    await screenshot(page, 'a07-list');
  });

  test('a WeChat signing left by a reload waits on its card with 继续签约, which reopens it for the same person', async () => {
    // Taro's h5 keeps earlier pages in the document: only the visible one is acted on.
    const visible = (testId: string) => page.locator(`[data-testid="${testId}"]:visible`);
    await page.goto(`${baseUrl}/#/pages/agreements/list/index`);
    await visible('go-sign-agreement').click();
    await visible('sign-person-picker').getByText(`${GUO_HUA.name}（本人）`, { exact: true }).click();
    await visible('sign-channel-picker').getByText('微信支付 委托代扣', { exact: true }).click();
    await visible('sign-submit').click();
    await visible('wechat-sign-sheet').waitFor();
    // The page is reloaded with WeChat's page open: nothing tells the server the signing was left.
    await page.reload();
    await page.goto(`${baseUrl}/#/pages/agreements/list/index`);
    const waiting = page.locator(`[data-testid="agreement-card"][data-name="${GUO_HUA.name}"][data-state="SIGNING"]:visible`);
    await waiting.waitFor();
    await byTestId(waiting, 'agreement-continue-sign').click();
    await visible('sign-submit').click();
    const sheet = visible('wechat-sign-sheet');
    await sheet.waitFor();
    await byTestId(sheet, 'wechat-sign-confirm').click();
    await page.locator('[data-testid="sign-result"][data-state="ACTIVE"]:visible').waitFor({ timeout: 30_000 });
  });

  test('no page error was thrown', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
