/**
 * 信用参保 and 待遇状态 in a real browser against the local runtime and its bank simulator: eligibility with the
 * amount and the due date, a refusal (poor credit grade) said to the person, signing a bank advance, benefits that
 * wait for the repayment ("请先还款"), a part repaid at the bank counter, the rest repaid through the bank, and the
 * advance's history; then 罗燕, her grade restored, signs and repays by WeChat Pay (a sheet cancelled, then paid).
 *
 * Own household: H-DEMO-11, 彭涛 and his wife 罗燕 (covered 2025–2026). Credit enrollment is signed from the
 * concentrated period of the year being collected through its grace window (creditEligibility), so, like tests/integration/credit.test.ts,
 * this runs on the runtime's day, which npm test pins inside that period (2026-10-20 – 2026-12-31 for 2027), read
 * from 我的参保's 数据日期 and kept by the browser's clock (pageHelpers.ts); overdue and suspension need
 * the calendar to move and are covered by tests/timetravel/year.test.ts, not here.
 */
import type { Page } from 'playwright-core';
import { localBankKeysDir } from '../../cloudfunctions/_core/agreements/bankChannel';
import { bankIdHash, ensureLocalBankKeys, localIdHashKey } from '../../cloudfunctions/_core/channels/bank';
import { dates } from '../../shared/policy';
import { runtimeDataDir } from '../support/ledger';
import { screenshot } from './browser';
import { addRelative, bankSim, bindAs, byTestId, fireTimer, freshOpenid, loginAs, tap, textOf, usePhoneSession, YUAN } from './pageHelpers';

jest.setTimeout(180_000);

const PENG_TAO = { name: '彭涛', idNumber: '340104198304022352' };
const LUO_YAN = { name: '罗燕', idNumber: '340104198511173268' };

/** Taro's h5 router keeps the pages below in the DOM, hidden: only the page on top counts. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const offer = (page: Page, name: string) => visible(page, `[data-testid="credit-offer"][data-name="${name}"]`);
const advance = (page: Page, name: string, state: string) => visible(page, `[data-testid="advance-card"][data-name="${name}"][data-state="${state}"]`);
const status = (page: Page, name: string, date: string) => visible(page, `[data-testid="benefit-person"][data-name="${name}"] [data-testid="benefit-status"][data-date="${date}"]`);

describe('credit enrollment (信用参保) and benefit status in the h5 build', () => {
  const session = usePhoneSession();
  let baseUrl: string;
  let page: Page;
  let today = '';
  let nextYearStart = '';

  async function open(route: string, testId: string): Promise<void> {
    await page.goto(`${baseUrl}/#${route}`);
    await page.reload();
    await byTestId(page, testId).waitFor();
    await byTestId(page, 'loading').waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    ({ baseUrl, page } = session);
  });

  test('彭涛 binds and adds his wife; 信用参保 offers each the year being collected, with the amount and a due date two months on', async () => {
    await loginAs(page, baseUrl, freshOpenid('e2e-credit'));
    await bindAs(page, PENG_TAO);
    today = (await textOf(page.locator('.home__today'))).replace('数据日期：', '');
    nextYearStart = `${Number(today.slice(0, 4)) + 1}-01-01`;
    const added = await addRelative(page, '配偶', LUO_YAN);
    expect(await textOf(byTestId(added, 'add-result-state'))).toBe('已核验');
    await byTestId(page, 'add-back-home').click();
    await byTestId(page, 'go-credit').click();
    await byTestId(page, 'credit-page').waitFor();

    const mine = offer(page, PENG_TAO.name);
    await mine.waitFor();
    expect(await mine.getAttribute('data-eligible')).toBe('1');
    expect(await textOf(byTestId(mine, 'credit-offer-amount').locator('.amount-row__value'))).toMatch(YUAN);
    const due = await textOf(byTestId(mine, 'credit-offer-due').locator('.amount-row__value'));
    // Two months of interest-free credit (D16): the due date is today two months on.
    expect(due).toBe(dates.addMonths(today, 2));
    // The offer says, before anyone signs, that benefits wait for the repayment.
    expect(await textOf(byTestId(mine, 'credit-offer-terms'))).toContain('还款前暂不能享受医保待遇');
    expect(await offer(page, LUO_YAN.name).getAttribute('data-eligible')).toBe('1');
    await screenshot(page, 'c01-offers');
  });

  test('the bank refuses 罗燕 (poor credit grade): the page says so in Chinese and her year stays payable', async () => {
    const keys = ensureLocalBankKeys(localBankKeysDir(runtimeDataDir()));
    await bankSim(baseUrl, '/credit', { id_hash: bankIdHash(localIdHashKey(keys), LUO_YAN.idNumber), grade: 'POOR' });
    await tap(offer(page, LUO_YAN.name), 'credit-sign');
    const panel = byTestId(page, 'confirm-panel');
    expect(await panel.innerText()).toContain('请于');
    expect(await panel.innerText()).toContain('享受医保待遇前须还清代缴的保费');
    await tap(panel, 'confirm-ok');
    const refusal = visible(page, '[data-testid="form-error"]');
    await refusal.waitFor();
    expect(await textOf(refusal)).toContain('银行未同意');
    const refused = advance(page, LUO_YAN.name, 'REFUSED');
    await refused.waitFor();
    // The reason and the next step, in Chinese.
    expect(await textOf(byTestId(refused, 'advance-note'))).toBe('信用等级不满足信用参保条件。本年度仍可在小程序中直接缴费，或到经办窗口咨询');
    expect(await offer(page, LUO_YAN.name).getAttribute('data-eligible')).toBe('1');
    // Asking again stays open (a grade may change), but the card says the bank said no.
    expect(await offer(page, LUO_YAN.name).innerText()).toContain('未同意为其代缴，再次申请仍可能不被同意');
    await screenshot(page, 'c02-refused');
  });

  test('signs for 彭涛: the bank pays, the advance waits for repayment, and its history shows both steps', async () => {
    await tap(offer(page, PENG_TAO.name), 'credit-sign');
    await tap(byTestId(page, 'confirm-panel'), 'confirm-ok');
    const card = advance(page, PENG_TAO.name, 'PAID');
    await card.waitFor();
    expect(await textOf(byTestId(card, 'advance-state'))).toBe('银行已代缴，待还款');
    expect(await textOf(visible(page, '[data-testid="credit-message"]'))).toContain('银行已代缴');
    expect(await byTestId(card, 'advance-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['signed', 'paid']);
    expect(await offer(page, PENG_TAO.name).getAttribute('data-eligible')).toBe('0');
    await screenshot(page, 'c03-signed');
  });

  test('我的参保 shows the year the bank paid as 已参保 with "银行代缴，待还款" and the way to 信用参保, not 去缴费', async () => {
    await open('/pages/coverage/home/index', 'home-page');
    const year = visible(page, `[data-testid="person-card"][data-name="${PENG_TAO.name}"] [data-testid="coverage-year"][data-year="${nextYearStart.slice(0, 4)}"]`);
    await year.waitFor();
    expect(await textOf(byTestId(year, 'coverage-state'))).toBe('已参保');
    const hint = await textOf(byTestId(year, 'coverage-advance-hint'));
    expect(hint).toContain(`银行代缴，待还款（还款截止 ${dates.addMonths(today, 2)}）`);
    expect(await byTestId(year, 'go-pay-year').count()).toBe(0);
    await screenshot(page, 'c03b-home-advance');
    await tap(year, 'coverage-advance-link');
    await visible(page, '[data-testid="credit-page"]').waitFor();
    await byTestId(page, 'loading').waitFor({ state: 'detached' });
  });

  test('a part repaid at the bank counter: once the daily job has asked the bank, the card shows what is left and the button repays that', async () => {
    const keys = ensureLocalBankKeys(localBankKeysDir(runtimeDataDir()));
    const pengHash = bankIdHash(localIdHashKey(keys), PENG_TAO.idNumber);
    const { advances } = await bankSim(baseUrl, '/records');
    const banked = advances.find((a: { id_hash: string; state: string }) => a.id_hash === pengHash && a.state === 'PAID');
    await bankSim(baseUrl, '/advances/repay', { out_advance_no: banked.out_advance_no, amount_fen: 10_000 });
    expect((await fireTimer(baseUrl, 'creditReminders', 'daily')).ok).toBe(true);

    await open('/pages/credit/index/index', 'credit-page');
    const card = advance(page, PENG_TAO.name, 'PAID');
    await card.waitFor();
    const left = `${((banked.amount_fen - 10_000) / 100).toFixed(2)}元`;
    expect(await textOf(byTestId(card, 'advance-repaid'))).toContain('100.00元');
    expect(await textOf(byTestId(card, 'advance-outstanding'))).toContain(left);
    // Both ways ask for what is left: WeChat Pay (we hand it to the bank) or the bank itself.
    expect(await textOf(byTestId(card, 'advance-repay'))).toBe(`银行账户还款 ${left}`);
    expect(await textOf(byTestId(card, 'advance-repay-wechat'))).toBe(`微信支付还款 ${left}`);
    const labels = await card.locator('[data-testid="advance-event"][data-kind="repayment"] .credit__event-label').allInnerTexts();
    expect(labels).toEqual([`银行已收到还款共 100.00元，尚需归还 ${left}`]);
    await screenshot(page, 'c04b-part-repaid');
  });

  test('待遇状态: today and from the new year for each of them; from the new year 彭涛’s benefits wait for the repayment, with the reason', async () => {
    await tap(page, 'go-benefit-status');
    await byTestId(page, 'benefit-status-page').waitFor();
    const now = status(page, PENG_TAO.name, today);
    await now.waitFor();
    // 2026 is covered: "正常享受待遇" is said once (the tag), and the change on 1 January is real (2027 waits for the repayment).
    expect(await textOf(byTestId(now, 'benefit-status-label'))).toBe('正常享受待遇');
    expect(await byTestId(now, 'benefit-status-message').count()).toBe(0);
    expect(await textOf(byTestId(now, 'benefit-status-until'))).toBe(`状态将于 ${nextYearStart} 变化`);
    const next = status(page, PENG_TAO.name, nextYearStart);
    expect(await next.getAttribute('data-status')).toBe('repay-first');
    expect(await textOf(byTestId(next, 'benefit-status-label'))).toBe('请先还款');
    expect(await textOf(byTestId(next, 'benefit-status-message'))).toContain('请先归还银行代缴的保费');
    expect(await status(page, LUO_YAN.name, nextYearStart).getAttribute('data-status')).toBe('not-enrolled');
    // "未参保" is said once, by the tag (the reason would only repeat it).
    expect(await textOf(byTestId(status(page, LUO_YAN.name, nextYearStart), 'benefit-status-label'))).toBe('未参保');
    expect(await byTestId(status(page, LUO_YAN.name, nextYearStart), 'benefit-status-message').count()).toBe(0);
    await screenshot(page, 'c04-status-repay-first');
  });

  test('repays through the bank: the advance is closed, benefits resume tomorrow, and the status says so', async () => {
    // 去还款 goes back to 信用参保 (it came from there), which reads the server again.
    await tap(status(page, PENG_TAO.name, nextYearStart), 'benefit-go-repay');
    await visible(page, '[data-testid="credit-page"]').waitFor();
    expect(await page.locator('[data-testid="credit-page"]').count()).toBe(1);
    await tap(advance(page, PENG_TAO.name, 'PAID'), 'advance-repay');
    expect(await byTestId(page, 'confirm-panel').innerText()).toContain('还清后次日起不再因代缴暂缓医保待遇');
    expect(await byTestId(page, 'confirm-panel').innerText()).toContain('代缴保费的剩余部分');
    await tap(byTestId(page, 'confirm-panel'), 'confirm-ok');
    const card = advance(page, PENG_TAO.name, 'REPAID');
    await card.waitFor();
    // Repaid before 2027 began: benefits were never held back, so nothing speaks of restoring them.
    expect(await byTestId(card, 'advance-restored').count()).toBe(0);
    expect(await textOf(card.locator('[data-testid="advance-event"][data-kind="repaid"] .credit__event-label'))).toBe('已还清，2027 年度医保待遇不受银行代缴影响');
    for (const label of await card.locator('.credit__event-label').allInnerTexts()) expect(label).not.toMatch(/[A-Za-z]/);
    expect(await byTestId(card, 'advance-repay').count()).toBe(0);
    const kinds = await byTestId(card, 'advance-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    // The part at the counter, then the rest through us.
    expect(kinds).toEqual(['signed', 'paid', 'repayment', 'repayment', 'repaid']);
    await screenshot(page, 'c05-repaid');

    await open('/pages/credit/status/index', 'benefit-status-page');
    const next = status(page, PENG_TAO.name, nextYearStart);
    await next.waitFor();
    expect(await next.getAttribute('data-status')).toBe('active');
    // 2026 active and 2027 active: no change to announce.
    expect(await byTestId(status(page, PENG_TAO.name, today), 'benefit-status-until').count()).toBe(0);
  });

  test('罗燕’s grade is good again: she signs, and repays by WeChat Pay — a cancelled sheet charges nothing, the paid one closes the advance', async () => {
    const keys = ensureLocalBankKeys(localBankKeysDir(runtimeDataDir()));
    await bankSim(baseUrl, '/credit', { id_hash: bankIdHash(localIdHashKey(keys), LUO_YAN.idNumber), grade: 'GOOD' });
    await open('/pages/credit/index/index', 'credit-page');
    await tap(offer(page, LUO_YAN.name), 'credit-sign');
    await tap(byTestId(page, 'confirm-panel'), 'confirm-ok');
    const card = advance(page, LUO_YAN.name, 'PAID');
    await card.waitFor();
    const owed = (await textOf(byTestId(card, 'advance-repay-wechat'))).replace('微信支付还款 ', '');
    expect(owed).toMatch(YUAN);

    await tap(card, 'advance-repay-wechat');
    expect(await byTestId(page, 'confirm-panel').innerText()).toContain('款项由本平台转交合作银行');
    await tap(byTestId(page, 'confirm-panel'), 'confirm-ok');
    const sheet = byTestId(page, 'wechat-sheet');
    await byTestId(sheet, 'wechat-sheet-amount').waitFor();
    expect(await textOf(byTestId(sheet, 'wechat-sheet-amount'))).toBe(owed);
    await screenshot(page, 'c06-wechat-repay-sheet');
    await byTestId(sheet, 'wechat-sheet-cancel').click();
    await visible(page, '[data-testid="credit-message"]').filter({ hasText: '已取消本次微信还款' }).waitFor();
    // Nothing was taken: both ways are offered again, and the history says the attempt ended unpaid.
    await byTestId(advance(page, LUO_YAN.name, 'PAID'), 'advance-repay-wechat').waitFor();
    const labels = await advance(page, LUO_YAN.name, 'PAID').locator('[data-testid="advance-event"][data-kind="repayment"] .credit__event-label').allInnerTexts();
    expect(labels).toEqual([`微信还款 ${owed}：还款未成功（未完成微信支付，未扣款，可重新还款）`]);

    await tap(advance(page, LUO_YAN.name, 'PAID'), 'advance-repay-wechat');
    await tap(byTestId(page, 'confirm-panel'), 'confirm-ok');
    await byTestId(sheet, 'wechat-sheet-amount').waitFor();
    await byTestId(sheet, 'wechat-sheet-confirm').locator('button, .nut-button').first().click();
    const repaid = advance(page, LUO_YAN.name, 'REPAID');
    await repaid.waitFor({ timeout: 20_000 });
    expect(await textOf(byTestId(repaid, 'advance-state'))).toBe('已还款');
    expect(await textOf(visible(page, '[data-testid="credit-message"]'))).toBe(`${LUO_YAN.name} 2027年度：已完成微信支付，还款结果见下方记录`);
    expect(await byTestId(repaid, 'advance-repay-wechat').count()).toBe(0);
    const after = await repaid.locator('[data-testid="advance-event"][data-kind="repayment"] .credit__event-label').allInnerTexts();
    expect(after).toEqual([`微信还款 ${owed}：还款未成功（未完成微信支付，未扣款，可重新还款）`, `微信还款 ${owed}：还款成功`]);
    await screenshot(page, 'c07-wechat-repaid');
  });

  test('no page error was thrown', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
