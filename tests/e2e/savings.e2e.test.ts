/**
 * 零存整缴 in a real browser against the local runtime and its bank simulator: a gig worker sets up a plan (amount,
 * weekday, platform enterprise, bank account), the deposit timer runs, the progress bar shows saved / due in 元,
 * the deposits history lists it, pause / resume / cancel ask first, and a cancelled plan's savings are withdrawn.
 * A second worker saves more than the premium: it is paid from the savings and the excess is withdrawn.
 * Setup shows the allowed deposit range before submitting, the server's range refusal under the amount field, and how
 * far an amount falls short by the period's end (with 补足 off and on); two taps on 转出 in the same instant withdraw
 * once; a paid year says what further deposits are for and offers 暂停.
 *
 * Own households: H-DEMO-10 (梁勇) and H-DEMO-12 (曹磊), covered 2025–2026, and H-DEMO-1's 李娜 (employee insurance months). The deposit timer deposits for plans due
 * today, so each plan is weekly on the server's today (read from 我的参保's 数据日期). With today inside the collection
 * period of next year, savings that reach the premium pay it at once (as tests/integration/savings.test.ts relies on).
 */
import type { Page } from 'playwright-core';
import { screenshot } from './browser';
import { bankSim, bindAs, byTestId, CHINESE, expectValue, fill, fireTimer, freshOpenid, loginAs, personCard, tap, textOf, usePhoneSession, YUAN } from './pageHelpers';

jest.setTimeout(180_000);

const LIANG_YONG = { name: '梁勇', idNumber: '34010419940611173X' };
const CAO_LEI = { name: '曹磊', idNumber: '340104199007253175' };
// H-DEMO-1's 李娜, bound here to her own account: the demo household's owner is 张伟.
const LI_NA = { name: '李娜', idNumber: '340104198707212820' };
const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;
const amountOf = async (page: Page, testId: string) => textOf(byTestId(page, testId).locator('.amount-row__value'));

describe('gig workers’ savings (零存整缴) in the h5 build', () => {
  const session = usePhoneSession();
  let baseUrl: string;
  let page: Page;
  let today = '';
  let dueYuan = '';

  /** Logs in as a fresh user, binds `person`, reads the server's today, and opens 零存整缴 from 我的参保. */
  async function startAs(person: { name: string; idNumber: string }, prefix: string): Promise<void> {
    await loginAs(page, baseUrl, freshOpenid(prefix));
    await bindAs(page, person);
    today = (await textOf(page.locator('.home__today'))).replace('数据日期：', '');
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await byTestId(page, 'go-savings').click();
    await byTestId(page, 'savings-page').waitFor();
    await byTestId(page, 'savings-target').waitFor();
  }

  /** The enterprise is tapped among the listed platforms of its type, or typed (and then shown what it will be recorded as). */
  type EnterpriseEntry = { tap: string; type: string } | { typed: string; type: string; recordedAs: string };

  async function setUp(person: { name: string }, depositYuan: string, accountNo: string, enterprise: EnterpriseEntry, probe?: () => Promise<void>): Promise<void> {
    await tap(page, 'go-savings-setup');
    await byTestId(page, 'savings-setup-page').waitFor();
    await byTestId(page, 'setup-target-due').waitFor();
    await byTestId(page, 'setup-weekday').getByText(WEEKDAY_LABELS[new Date(`${today}T00:00:00Z`).getUTCDay()], { exact: true }).click();
    if (probe) await probe();
    await fill(page, 'setup-deposit', depositYuan);
    await byTestId(page, 'setup-enterprise-type').getByText(enterprise.type, { exact: true }).click();
    const suggestions = page.locator('[data-testid="setup-enterprise-suggestions"]:visible');
    if ('tap' in enterprise) {
      await suggestions.getByText(enterprise.tap, { exact: true }).click();
      await expectValue(byTestId(page, 'setup-enterprise').locator('input'), enterprise.tap);
    } else {
      await fill(page, 'setup-enterprise', enterprise.typed);
      expect(await textOf(byTestId(suggestions, 'setup-enterprise-recorded'))).toBe(enterprise.recordedAs);
    }
    await fill(page, 'setup-holder-name', person.name);
    await fill(page, 'setup-account-no', accountNo);
    await screenshot(page, `s-setup-${depositYuan}`);
    await tap(page, 'setup-submit');
    await page.locator('[data-testid="savings-plan"][data-state="ACTIVE"]').waitFor();
  }

  async function reopen(): Promise<void> {
    await page.reload();
    await byTestId(page, 'savings-page').waitFor();
    await byTestId(page, 'savings-target').waitFor();
  }

  beforeAll(async () => {
    ({ baseUrl, page } = session);
    await bankSim(baseUrl, '/config', { allowedHours: { from: '00:00', to: '23:59' } });
  });

  test('梁勇 has no plan yet: the page shows next year’s premium as the goal, at 0%', async () => {
    await startAs(LIANG_YONG, 'e2e-savings-1');
    await byTestId(page, 'savings-no-plan').waitFor();
    expect(await byTestId(page, 'savings-progress').getAttribute('data-percent')).toBe('0');
    dueYuan = await amountOf(page, 'savings-shortfall');
    expect(dueYuan).toMatch(YUAN);
    expect(dueYuan).not.toBe('0.00元');
    // Nothing has ended for someone who never had a plan: the page says how a plan would work instead.
    expect(await textOf(byTestId(page, 'savings-auto-pay'))).toMatch(/^尚未开通存入计划/);
  });

  test('setup shows the allowed range before submitting, the range refusal under the amount, and how far too small an amount falls short by the deadline', async () => {
    // Weekly on today's weekday until the 2027 period ends (2026-12-31), today included.
    const left = Math.floor((Date.parse('2026-12-31T00:00:00Z') - Date.parse(`${today}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
    const dueFen = Number(dueYuan.replace(/\D/g, ''));
    const estimate = byTestId(page, 'setup-estimate');
    await setUp(LIANG_YONG, '150', '6222020300944440010', { tap: '韵达快递', type: '快递' }, async () => {
      expect(await textOf(byTestId(page, 'setup-deposit-range'))).toBe('每次可存 1 元至 1000 元');
      await fill(page, 'setup-deposit', '0.5');
      await byTestId(page, 'setup-deposit-error').waitFor();
      expect(await textOf(byTestId(page, 'setup-deposit-error'))).toBe('每次存入金额应在 1 元至 1000 元之间');
      expect(await estimate.count()).toBe(0);
      await fill(page, 'setup-deposit', '50');
      await page.locator('[data-testid="setup-estimate"][data-kind="short"]').waitFor();
      const shortFen = dueFen - 5_000 * left;
      expect(await textOf(estimate)).toContain(`截止 2026-12-31 前只能再存入 ${left} 次`);
      expect(await textOf(estimate)).toContain(`比应缴的 ${dueYuan} 少 ${yuan(shortFen)}`);
      expect(await textOf(estimate)).toContain('请把每次存入提高到至少');
      expect(await textOf(estimate)).toContain('开启“补足”');
      await screenshot(page, 's00-setup-short');
      // With 补足 on, the shortfall is still said, with when it is topped up.
      await byTestId(page, 'setup-topup').locator('.nut-switch').click();
      await page.locator('[data-testid="setup-estimate"][data-kind="top-up"]').waitFor();
      expect(await textOf(estimate)).toContain(`少 ${yuan(shortFen)}`);
      await byTestId(page, 'setup-topup').locator('.nut-switch').click();
      await page.locator('[data-testid="setup-estimate"][data-kind="short"]').waitFor();
    });
  });

  test('the plan is 150 元 a week on today’s weekday with his platform and bank account; ACTIVE, next deposit today, on track', async () => {
    expect(await amountOf(page, 'savings-plan-deposit')).toBe('150.00元');
    expect(await amountOf(page, 'savings-plan-next')).toBe(today);
    expect(await amountOf(page, 'savings-plan-enterprise')).toBe('韵达快递（快递）');
    expect(await page.locator('[data-testid="savings-plan"]').innerText()).toContain('6222***********0010');
    await page.locator('[data-testid="savings-outlook"][data-kind="on-track"]').waitFor();
    await screenshot(page, 's01-plan');
  });

  test('after the deposit timer the bar shows 150.00元 saved toward the premium, and the history lists the deposit', async () => {
    expect((await fireTimer(baseUrl, 'savingsDeposits', 'daily')).ok).toBe(true);
    await reopen();
    const bar = byTestId(page, 'savings-progress');
    expect(await bar.innerText()).toContain(`已存 150.00元 / 应缴 ${dueYuan}`);
    const dueFen = Number(dueYuan.replace(/\D/g, ''));
    expect(Number(await bar.getAttribute('data-percent'))).toBe(Math.floor((15_000 * 100) / dueFen));
    expect(await amountOf(page, 'savings-balance')).toBe('150.00元');
    // Kept for the premium while the plan is live: nothing to withdraw yet.
    expect(await amountOf(page, 'savings-withdrawable')).toBe('0.00元');
    const deposit = page.locator('[data-testid="savings-entry"][data-kind="deposit"][data-state="SUCCESS"]');
    expect(await textOf(byTestId(deposit, 'savings-entry-amount'))).toBe('+150.00元');
    await screenshot(page, 's02-progress');
  });

  test('pause and resume ask first and change the plan’s state', async () => {
    await tap(page, 'savings-pause');
    await byTestId(page, 'confirm-panel').waitFor();
    expect(await byTestId(page, 'confirm-panel').innerText()).toMatch(CHINESE);
    await tap(byTestId(page, 'confirm-panel'), 'confirm-ok');
    await page.locator('[data-testid="savings-plan"][data-state="PAUSED"]').waitFor();
    expect(await byTestId(page, 'savings-plan-next').count()).toBe(0);
    await tap(page, 'savings-resume');
    await tap(byTestId(page, 'confirm-panel'), 'confirm-ok');
    await page.locator('[data-testid="savings-plan"][data-state="ACTIVE"]').waitFor();
  });

  test('a cancelled plan frees the savings: two taps on 转出 in the same instant withdraw 20.00元 once, then the rest goes to his card', async () => {
    await tap(page, 'savings-cancel');
    await tap(byTestId(page, 'confirm-panel'), 'confirm-ok');
    await page.locator('[data-testid="savings-plan"][data-state="CANCELLED"]').waitFor();
    await byTestId(page, 'withdraw-amount').waitFor();
    expect(await amountOf(page, 'savings-withdrawable')).toBe('150.00元');
    // Nothing is kept for the premium any more, and the page no longer promises to pay it.
    expect(await textOf(byTestId(page, 'savings-withdraw-rule'))).toBe('计划已结束，全部存款都可以转出到您的银行卡。');
    const autoPay = byTestId(page, 'savings-auto-pay');
    if (await autoPay.count()) expect(await textOf(autoPay)).toMatch(/^没有进行中的存入计划，存款不会自动缴费/);
    // More than may be taken out is refused on the form, with the limit.
    await fill(page, 'withdraw-amount', '150.01');
    await tap(page, 'withdraw-submit');
    expect(await textOf(byTestId(page, 'form-error'))).toBe('最多可转出 150.00元');
    await fill(page, 'withdraw-amount', '20');
    // Two clicks dispatched in one task: both land before React could re-render the button as busy.
    await byTestId(page, 'withdraw-submit').evaluate((el) => {
      (el as HTMLElement).click();
      (el as HTMLElement).click();
    });
    await byTestId(page, 'savings-message').waitFor();
    expect(await textOf(byTestId(page, 'savings-message'))).toContain('已转出 20.00元 至尾号 0010 的银行卡');
    await reopen();
    const withdrawals = page.locator('[data-testid="savings-entry"][data-kind="withdrawal"]');
    await withdrawals.first().waitFor();
    expect(await withdrawals.count()).toBe(1);
    expect(await textOf(byTestId(withdrawals.first(), 'savings-entry-amount'))).toBe('-20.00元');
    expect(await amountOf(page, 'savings-balance')).toBe('130.00元');
    await fill(page, 'withdraw-amount', '130');
    await tap(page, 'withdraw-submit');
    await page.locator('[data-testid="savings-message"]', { hasText: '已转出 130.00元 至尾号 0010 的银行卡' }).waitFor();
    await page.locator('[data-testid="savings-entry"][data-kind="withdrawal"]').nth(1).waitFor();
    expect(await amountOf(page, 'savings-balance')).toBe('0.00元');
    await screenshot(page, 's03-withdrawn');
  });

  test('曹磊 saves more than the premium: it is paid from the savings, and the excess is his to withdraw', async () => {
    await startAs(CAO_LEI, 'e2e-savings-2');
    const dueFen = Number((await amountOf(page, 'savings-shortfall')).replace(/\D/g, ''));
    // 蜂鸟即配 is 饿了么's delivery brand: the page says it is recorded as 饿了么, a food-delivery platform.
    await setUp(CAO_LEI, '500', '6222020300944440012', { typed: '蜂鸟即配', type: '快递', recordedAs: '将记为「饿了么」（外卖）' });
    expect(await textOf(page.locator('[data-testid="savings-plan-enterprise"]:visible .amount-row__value'))).toBe('饿了么（外卖）');
    expect((await fireTimer(baseUrl, 'savingsDeposits', 'daily')).ok).toBe(true);
    await reopen();
    await page.locator('[data-testid="savings-target"][data-paid="1"]').waitFor();
    expect(await byTestId(page, 'savings-progress').getAttribute('data-percent')).toBe('100');
    const excessFen = 50_000 - dueFen;
    const excess = yuan(excessFen);
    expect(await amountOf(page, 'savings-withdrawable')).toBe(excess);
    expect(await page.locator('[data-testid="savings-entry"][data-kind="premium"]').count()).toBe(1);
    // The plan keeps depositing (D17 does not stop it): the page says what further deposits are for and offers 暂停.
    const year = (await textOf(page.locator('[data-testid="savings-target"] .savings__card-title'))).slice(0, 4);
    const note = page.locator('[data-testid="savings-outlook"][data-kind="paid"]');
    await note.waitFor();
    expect(await textOf(note)).toContain(`${year}年度医保费已缴清，之后存入的钱不再用于${year}年度。剩余存款仍归您所有：${Number(year) - 1}-12-31 前可以随时转出；此后将留作 ${Number(year) + 1} 年度医保费的存款，超出应缴金额的部分仍可转出。`);
    expect(await textOf(note)).toContain('可以暂停存入计划');
    await screenshot(page, 's04-paid');
    await fill(page, 'withdraw-amount', excess.replace('元', ''));
    await tap(page, 'withdraw-submit');
    await byTestId(page, 'savings-message').waitFor();
    expect(await amountOf(page, 'savings-balance')).toBe('0.00元');

    // 暂停 right under the explanation asks first, like the plan card's.
    await tap(note, 'savings-paid-pause');
    await tap(byTestId(page, 'confirm-panel'), 'confirm-ok');
    await page.locator('[data-testid="savings-plan"][data-state="PAUSED"]').waitFor();
    expect(await textOf(page.locator('[data-testid="savings-outlook"][data-kind="paid"]'))).toContain('存入计划已暂停，需要时可以恢复');

    await page.goto(`${baseUrl}/`);
    const coverageYear = personCard(page, CAO_LEI.name).locator(`[data-testid="coverage-year"][data-year="${year}"]`);
    await coverageYear.waitFor();
    expect(await textOf(byTestId(coverageYear, 'coverage-state'))).toBe('已参保');
  });

  test('李娜 saves for two months of flexible-employment employee insurance: she picks the months and her bill’s amount, and both are paid from savings at once', async () => {
    await startAs(LI_NA, 'e2e-savings-3');
    await tap(page, 'go-savings-setup');
    await byTestId(page, 'savings-setup-page').waitFor();
    await byTestId(page, 'setup-target-kind').getByText('职工医保（灵活就业）', { exact: true }).click();
    // The months offered start at this month; she picks the two after next (their deadline is weeks away).
    const chips = page.locator('[data-testid^="setup-month-"]');
    expect(await chips.count()).toBe(12);
    const offered = await chips.evaluateAll((els) => els.map((el) => (el.getAttribute('data-testid') ?? '').replace('setup-month-', '')));
    expect(offered[0]).toBe(today.slice(0, 7));
    await byTestId(page, 'setup-weekday').getByText(WEEKDAY_LABELS[new Date(`${today}T00:00:00Z`).getUTCDay()], { exact: true }).click();
    await fill(page, 'setup-deposit', '600');
    await byTestId(page, 'setup-enterprise-type').getByText('其他平台', { exact: true }).click();
    await fill(page, 'setup-enterprise', '货拉拉');
    await fill(page, 'setup-holder-name', LI_NA.name);
    // A number pasted with spaces keeps every digit: cut at 19 characters it lost three and still looked valid.
    const accountInput = byTestId(page, 'setup-account-no').locator('input');
    await accountInput.fill('6222 0203 0094 4440 013');
    await page.waitForFunction((el) => (el as HTMLInputElement).value.length > 0 && !(el as HTMLInputElement).value.includes(' '), await accountInput.elementHandle());
    expect(await accountInput.inputValue()).toBe('6222020300944440013');
    // Submitted without months or the monthly amount: both are asked for, in words, and nothing is set up.
    await tap(page, 'setup-submit');
    expect(await textOf(byTestId(page, 'setup-months-error'))).toBe('请选择要缴费的月份');
    expect(await textOf(byTestId(page, 'setup-monthly-error'))).toBe('请输入每月缴费金额（元），最多两位小数');
    await byTestId(page, `setup-month-${offered[2]}`).click();
    await byTestId(page, `setup-month-${offered[3]}`).click();
    expect(await byTestId(page, `setup-month-${offered[2]}`).getAttribute('data-on')).toBe('1');
    await fill(page, 'setup-monthly', '300');
    // The goal above the terms is the server's: the two months at 300 元.
    await page.locator('[data-testid="setup-target-label"]', { hasText: '职工医保（灵活就业）' }).waitFor();
    expect(await amountOf(page, 'setup-target-due')).toBe('600.00元');
    expect(await textOf(byTestId(page, 'setup-topup'))).toContain('每月缴费截止前');
    await screenshot(page, 's05-months-setup');
    await tap(page, 'setup-submit');
    await page.locator('[data-testid="savings-plan"][data-state="ACTIVE"]').waitFor();
    // The progress page she came from is still in the page stack (h5): the visible one is read.
    expect(await textOf(page.locator('[data-testid="savings-target-label"]:visible'))).toMatch(/^职工医保（灵活就业）\d{4}年\d{1,2}月至/);
    expect(await textOf(page.locator('[data-testid="savings-months-monthly"]:visible .amount-row__value'))).toBe('300.00元');
    expect(await page.locator('[data-testid="savings-months-open"]:visible').count()).toBe(1);

    expect((await fireTimer(baseUrl, 'savingsDeposits', 'daily')).ok).toBe(true);
    await reopen();
    await page.locator('[data-testid="savings-target"][data-paid="1"]').waitFor();
    expect(await textOf(byTestId(page, 'savings-target-paid'))).toBe('所选月份已全部缴费');
    expect(await byTestId(page, 'savings-progress').innerText()).toContain('已用存款缴清 600.00元');
    expect(await amountOf(page, 'savings-months-paid')).toMatch(/^\d{4}年\d{1,2}月、\d{4}年\d{1,2}月$/);
    const premium = page.locator('[data-testid="savings-entry"][data-kind="premium"]');
    await premium.waitFor();
    expect(await premium.innerText()).toContain('共 2 个月 600.00元');
    await screenshot(page, 's06-months-paid');

    // Both months paid, none left to choose: she can still change only the amount, and the paid months stay.
    await tap(page, 'savings-change');
    await byTestId(page, 'savings-setup-page').waitFor();
    await page.locator('[data-testid="setup-target-label"]:visible', { hasText: '职工医保（灵活就业）' }).waitFor();
    expect(await page.locator('[data-testid^="setup-month-"][data-on="1"]').count()).toBe(0);
    await fill(page, 'setup-deposit', '100');
    await tap(page, 'setup-submit');
    await page.locator('[data-testid="savings-plan-deposit"]:visible', { hasText: '100.00元' }).waitFor();
    expect(await textOf(page.locator('[data-testid="savings-target-paid"]:visible'))).toBe('所选月份已全部缴费');
    expect(await textOf(page.locator('[data-testid="savings-months-paid"]:visible .amount-row__value'))).toMatch(/^\d{4}年\d{1,2}月、\d{4}年\d{1,2}月$/);
  });

  test('no page error was thrown', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
