/**
 * Paying and refunding in a real browser against the real local runtime and its WeChat Pay simulator:
 * 缴费 with the simulated WeChat sheet (confirm and cancel) → 我的参保 → 缴费记录 → 收据 → 申请退费 (refused,
 * then accepted and followed to 已退款).
 *
 * The system tests share one runtime per `npm test` run, and tests/integration/payments.test.ts pays for the demo
 * household, so this file uses a user of its own: a fresh openid bound to 王磊 (unbound in the demo registry),
 * who adds his mother 陈秀英 (verified by the registry; slice.e2e.test.ts links her too, which a relative allows).
 * Steps share one browser and that user, so they run in order; a failed step fails those after it.
 */
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser';
import { addRelative, bindAs, byTestId, CHINESE, freshOpenid, loginAs, personCard, usePhoneSession, YUAN } from './pageHelpers';

jest.setTimeout(180_000);

/** Demo registry persons (cloudfunctions/_core/demo/registry.json). */
const WANG_LEI = { name: '王磊', idNumber: '340104199306012195' };
const CHEN_XIUYING = { name: '陈秀英', idNumber: '340104196209301282' };

/** The result page follows the order for up to 20 s; the simulator's callback normally arrives within 1 s. */
const SETTLE_TIMEOUT_MS = 30_000;

interface SimCharge {
  out_trade_no: string;
  transaction_id: string | null;
  trade_state: string;
}

function yearOf(card: Locator, benefitYear: number): Locator {
  return card.locator(`[data-testid="coverage-year"][data-year="${benefitYear}"]`);
}

function payChoice(page: Page, name: string, benefitYear: number): Locator {
  return page.locator(`[data-testid="pay-person"][data-name="${name}"] [data-testid="pay-choice"][data-year="${benefitYear}"]`);
}

async function text(locator: Locator): Promise<string> {
  return (await locator.innerText()).trim();
}

describe('paying and refunding in the h5 build', () => {
  const session = usePhoneSession();
  let baseUrl: string;
  let page: Page;
  const openid = freshOpenid('e2e-pay');
  /** The benefit year being collected now ("next year" on 我的参保), read from the page, not from the clock. */
  let dueYear = 0;
  let paidOrderId = '';
  let cancelledOrderId = '';

  beforeAll(async () => {
    ({ baseUrl, page } = session);
  });

  test('a fresh user binds as 王磊 and adds his mother 陈秀英, verified by the registry', async () => {
    await loginAs(page, baseUrl, openid);
    await bindAs(page, WANG_LEI);
    const card = personCard(page, WANG_LEI.name);
    const years = await byTestId(card, 'coverage-year').evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-year'))));
    dueYear = years[years.length - 1];
    expect(await text(byTestId(yearOf(card, dueYear), 'coverage-state'))).toBe('待缴费');

    const added = await addRelative(page, '父母', CHEN_XIUYING);
    expect(await text(byTestId(added, 'add-result-state'))).toBe('已核验');
    await byTestId(page, 'add-back-home').click();
    await personCard(page, CHEN_XIUYING.name).waitFor();
  });

  test('去缴费 on 我的参保 opens 缴费 with that year chosen and its quote shown before paying', async () => {
    const year = yearOf(personCard(page, WANG_LEI.name), dueYear);
    await byTestId(year, 'go-pay-year').locator('button, .nut-button').first().click();
    await byTestId(page, 'pay-page').waitFor();
    const choice = payChoice(page, WANG_LEI.name, dueYear);
    await choice.waitFor();
    expect(await choice.locator('.nut-checkbox-icon-checked').count()).toBe(1);
    expect(await text(byTestId(choice, 'pay-quote-standard').locator('.amount-row__value'))).toMatch(YUAN);
    const due = await text(byTestId(choice, 'pay-quote-due').locator('.amount-row__value'));
    expect(due).toMatch(YUAN);
    expect(await text(byTestId(page, 'pay-total').locator('.pay-total__value'))).toBe(due);
    // Later years are offered as prepayment, each with the server's own price for it (D12).
    const prepay = page.locator(`[data-testid="pay-person"][data-name="${WANG_LEI.name}"] [data-testid="pay-choice"][data-kind="prepay"]`);
    expect(await prepay.count()).toBeGreaterThan(0);
    for (const label of await prepay.allInnerTexts()) expect(label.trim()).toMatch(/^\d{4}年度 \d+\.\d{2}元$/);
    // The personal-account balance is shown beside the switch before paying (D14): 王磊 has none.
    expect(await text(byTestId(page, 'pay-account-balance'))).toBe('当前余额 0.00元');
    await screenshot(page, 'p01-pay-page');
  });

  test('paying with the personal account switch on (no balance) shows WeChat’s sheet with the whole amount, then 已缴费', async () => {
    const due = await text(byTestId(payChoice(page, WANG_LEI.name, dueYear), 'pay-quote-due').locator('.amount-row__value'));
    await byTestId(page, 'pay-use-account').locator('.nut-switch').click();
    await byTestId(page, 'pay-submit').click();
    const sheet = byTestId(page, 'wechat-sheet');
    await byTestId(sheet, 'wechat-sheet-amount').waitFor();
    expect(await text(byTestId(sheet, 'wechat-sheet-merchant'))).toBe('合肥医保');
    // 王磊 has no employee personal account: WeChat Pay is asked for all of it.
    expect(await text(byTestId(sheet, 'wechat-sheet-amount'))).toBe(due);
    await screenshot(page, 'p02-wechat-sheet');
    await byTestId(sheet, 'wechat-sheet-confirm').locator('button, .nut-button').first().click();

    const result = page.locator('[data-testid="pay-result"][data-kind="paid"]');
    await result.waitFor({ timeout: SETTLE_TIMEOUT_MS });
    expect(await text(byTestId(page, 'pay-result-title'))).toBe('已缴费');
    expect(await text(byTestId(page, 'receipt-no').locator('.amount-row__value'))).not.toBe('');
    expect(await text(byTestId(page, 'amount-wechat').locator('.amount-row__value'))).toBe(due);
    expect(await byTestId(page, 'amount-account').count()).toBe(0);
    expect(await byTestId(page, 'pay-account-empty').innerText()).toContain('个人账户暂无可用余额');
    paidOrderId = (await byTestId(page, 'order-summary').getAttribute('data-order-id')) ?? '';
    expect(paidOrderId).not.toBe('');
    await screenshot(page, 'p03-paid');
  });

  test('我的参保 shows the paid year as 已参保', async () => {
    await byTestId(page, 'result-home').click();
    const year = yearOf(personCard(page, WANG_LEI.name), dueYear);
    await year.waitFor();
    expect(await text(byTestId(year, 'coverage-state'))).toBe('已参保');
    expect(await byTestId(year, 'go-pay-year').count()).toBe(0);
    await screenshot(page, 'p03b-home-paid');
  });

  test('paying for 陈秀英 and cancelling in the sheet closes the order: nothing was charged, and nothing can be', async () => {
    await byTestId(page, 'go-pay-family').click();
    await byTestId(page, 'pay-page').waitFor();
    const choice = payChoice(page, CHEN_XIUYING.name, dueYear);
    await choice.locator('.nut-checkbox').first().click();
    await byTestId(page, 'pay-submit').click();
    const sheet = byTestId(page, 'wechat-sheet');
    await byTestId(sheet, 'wechat-sheet-amount').waitFor();
    await byTestId(sheet, 'wechat-sheet-cancel').click();

    const result = page.locator('[data-testid="pay-result"][data-kind="not-paid"]');
    await result.waitFor({ timeout: SETTLE_TIMEOUT_MS });
    expect(await text(byTestId(page, 'pay-result-title'))).toBe('支付已取消');
    expect(await byTestId(page, 'pay-result-detail').innerText()).toContain('未扣款');
    expect(await byTestId(page, 'pay-result-detail').innerText()).toContain('订单已关闭');
    // The order is closed at once (payments `cancel`), not left open for the janitor: no 重新支付 on it.
    expect(await text(byTestId(page, 'order-state'))).toBe('未成功（未扣款）');
    expect(await byTestId(page, 'result-retry').count()).toBe(0);
    cancelledOrderId = (await byTestId(page, 'order-summary').getAttribute('data-order-id')) ?? '';
    await screenshot(page, 'p04-cancelled');

    // The simulator is WeChat here: it holds no payment for that order.
    const charges = (await (await fetch(`${baseUrl}/sim/wechatpay/charges`)).json()) as { charges: SimCharge[] };
    const charge = charges.charges.find((entry) => entry.out_trade_no === cancelledOrderId);
    expect(charge).toBeDefined();
    expect(charge?.transaction_id).toBeNull();
    expect(charge?.trade_state).toBe('CLOSED');

    await byTestId(page, 'result-home').click();
    const year = yearOf(personCard(page, CHEN_XIUYING.name), dueYear);
    await year.waitFor();
    expect(await text(byTestId(year, 'coverage-state'))).toBe('待缴费');
  });

  test('a payment left in the sheet holds the year: 我的参保 says 缴费办理中 and opens that order to continue, not a second 去缴费', async () => {
    await byTestId(page, 'go-pay-family').click();
    await byTestId(page, 'pay-page').waitFor();
    await payChoice(page, CHEN_XIUYING.name, dueYear).locator('.nut-checkbox').first().click();
    await byTestId(page, 'pay-submit').click();
    await byTestId(byTestId(page, 'wechat-sheet'), 'wechat-sheet-amount').waitFor();
    // The payer leaves without answering the sheet: the order stays open at WeChat.
    await page.goto(`${baseUrl}/`);
    const year = yearOf(personCard(page, CHEN_XIUYING.name), dueYear);
    await byTestId(year, 'coverage-paying').waitFor();
    expect(await text(byTestId(year, 'coverage-state'))).toBe('缴费办理中');
    expect(await byTestId(year, 'go-pay-year').count()).toBe(0);
    await byTestId(year, 'coverage-open-order').click();
    await byTestId(page, 'receipt-page').waitFor();
    await byTestId(page, 'continue-pay').click();
    const sheet = byTestId(page, 'wechat-sheet');
    await byTestId(sheet, 'wechat-sheet-amount').waitFor();
    // Cancelled in the sheet this time: closed, and the year is payable again.
    await byTestId(sheet, 'wechat-sheet-cancel').click();
    await page.locator('[data-testid="pay-result"][data-kind="not-paid"]').waitFor({ timeout: SETTLE_TIMEOUT_MS });
    await byTestId(page, 'result-home').click();
    const again = yearOf(personCard(page, CHEN_XIUYING.name), dueYear);
    await again.waitFor();
    expect(await text(byTestId(again, 'coverage-state'))).toBe('待缴费');
  });

  test('预缴: a later year for 陈秀英 shows the server’s own price for it, and the order charges exactly that (D12)', async () => {
    const prepayYear = dueYear + 1;
    await byTestId(page, 'go-pay-family').click();
    await byTestId(page, 'pay-page').waitFor();
    const choice = page.locator(`[data-testid="pay-person"][data-name="${CHEN_XIUYING.name}"] [data-testid="pay-choice"][data-kind="prepay"][data-year="${prepayYear}"]`);
    const price = (await text(choice)).replace(`${prepayYear}年度 `, '');
    expect(price).toMatch(YUAN);
    await choice.locator('.nut-checkbox').first().click();
    const total = byTestId(page, 'pay-total');
    expect(await total.innerText()).toContain('按当前标准锁价');
    expect(await total.innerText()).not.toContain('预估');
    const estimate = await text(total.locator('.pay-total__value'));
    expect(estimate).toBe(price);
    await byTestId(page, 'pay-submit').click();
    const sheet = byTestId(page, 'wechat-sheet');
    await byTestId(sheet, 'wechat-sheet-amount').waitFor();
    // D12 locks a prepaid year at today's standard: the server's price equals the estimate shown.
    expect(await text(byTestId(sheet, 'wechat-sheet-amount'))).toBe(estimate);
    await byTestId(sheet, 'wechat-sheet-confirm').locator('button, .nut-button').first().click();
    await page.locator('[data-testid="pay-result"][data-kind="paid"]').waitFor({ timeout: SETTLE_TIMEOUT_MS });
    expect(await page.locator(`[data-testid="order-item"][data-name="${CHEN_XIUYING.name}"][data-year="${prepayYear}"]`).count()).toBe(1);
    await screenshot(page, 'p04b-prepaid');
    await byTestId(page, 'result-home').click();
    await personCard(page, WANG_LEI.name).waitFor();
  });

  test('缴费记录 lists every order; the paid one opens as a receipt', async () => {
    await byTestId(page, 'go-orders').click();
    await byTestId(page, 'orders-page').waitFor();
    const paid = page.locator(`[data-testid="order-card"][data-order-id="${paidOrderId}"]`);
    await paid.waitFor();
    expect(await text(byTestId(paid, 'order-card-state'))).toBe('已缴费');
    // Paid, cancelled in the sheet, left in the sheet then cancelled, prepaid.
    expect(await byTestId(page, 'order-card').count()).toBe(4);
    const cancelled = page.locator(`[data-testid="order-card"][data-order-id="${cancelledOrderId}"]`);
    expect(await text(byTestId(cancelled, 'order-card-state'))).not.toBe('已缴费');
    await screenshot(page, 'p05-orders');

    await paid.click();
    await byTestId(page, 'receipt-page').waitFor();
    const summary = byTestId(page, 'order-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('缴费收据');
    expect(await text(byTestId(summary, 'receipt-no').locator('.amount-row__value'))).toBe(paidOrderId);
    const item = summary.locator(`[data-testid="order-item"][data-name="${WANG_LEI.name}"][data-year="${dueYear}"]`);
    expect(await text(item.locator('.amount-row__value'))).toMatch(YUAN);
    expect(await text(byTestId(summary, 'amount-total').locator('.amount-row__value'))).toMatch(YUAN);
    await screenshot(page, 'p06-receipt');
  });

  test('申请退费 for a reason the rules refuse shows the rule’s Chinese reason and keeps the form', async () => {
    const item = page.locator(`[data-testid="order-item"][data-name="${WANG_LEI.name}"][data-year="${dueYear}"]`);
    await byTestId(item, 'item-refund').locator('button, .nut-button').first().click();
    await byTestId(page, 'refund-form').waitFor();
    // Paid in the collection period, not ahead of it: "只有预缴的年度可以无理由申请退还" (D12, D15).
    await byTestId(page, 'refund-reasons').getByText('申请退还未开始年度的预缴费用', { exact: true }).click();
    await byTestId(page, 'refund-submit').click();
    const refusal = byTestId(page, 'form-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(CHINESE);
    expect(await refusal.innerText()).toContain('预缴');
    expect(await byTestId(page, 'refund-progress').count()).toBe(0);
    await screenshot(page, 'p07-refund-refused');
  });

  test('申请退费 because he joined employee insurance is accepted and followed until 已退款', async () => {
    await byTestId(page, 'refund-reasons').getByText('参加职工医保', { exact: true }).click();
    await byTestId(page, 'refund-submit').click();
    const progress = byTestId(page, 'refund-progress');
    await progress.waitFor();
    const message = await byTestId(progress, 'refund-message').innerText();
    expect(message).toContain('参加职工医保');
    // The rule names the amount in 元, as every amount shown to people (never "40000 分").
    expect(message).toMatch(/全额退还本人所缴 \d+\.\d{2} 元/);
    expect(message).not.toContain('分');
    expect(await text(byTestId(progress, 'refund-amount-total').locator('.amount-row__value'))).toMatch(YUAN);
    // The simulator settles the refund about 0.5 s later and tells the server by callback; the page polls.
    await page.locator('[data-testid="refund-progress"][data-state="SUCCESS"]').waitFor({ timeout: SETTLE_TIMEOUT_MS });
    expect(await text(byTestId(progress, 'refund-state'))).toBe('已退款');
    await screenshot(page, 'p08-refunded');
  });

  test('the receipt shows the refund, and 我的参保 offers the year for payment again', async () => {
    await page.goBack();
    const item = page.locator(`[data-testid="order-item"][data-name="${WANG_LEI.name}"][data-year="${dueYear}"]`);
    await byTestId(item, 'item-refund-state').waitFor();
    expect(await text(byTestId(item, 'item-refund-tag'))).toBe('已退款');
    // Opened again later, the refund still shows the rule's explanation: the server kept it with the refund.
    await byTestId(item, 'item-refund-state').getByText('查看退费进度').click();
    const progress = page.locator('[data-testid="refund-progress"][data-state="SUCCESS"]');
    await progress.waitFor();
    expect(await byTestId(progress, 'refund-message').innerText()).toMatch(/因参加职工医保，全额退还本人所缴 \d+\.\d{2} 元/);
    await screenshot(page, 'p09-refund-later');
    await page.goto(`${baseUrl}/`);
    const year = yearOf(personCard(page, WANG_LEI.name), dueYear);
    await year.waitFor();
    expect(await text(byTestId(year, 'coverage-state'))).toBe('待缴费');
  });

  test('no page threw an uncaught error during the flow', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
