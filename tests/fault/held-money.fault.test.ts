/**
 * 待人工处理款项 (money code cannot finish) on a runtime of its own, where WeChat settles refunds only when told
 * (`refundSettleMs: null`) and collected repayments are put before staff at once (CREDIT_REMITTANCE_ALERT_MINUTES=0):
 *   1. A refund WeChat ends ABNORMAL: the refund fails, its WeChat part stays in 应付退费 (refunds payable).
 *   2. A WeChat repayment the bank refuses, whose refund WeChat ends ABNORMAL: the money stays in credit-remittance.
 *   3. A WeChat repayment the bank keeps failing (5xx on every try): listed while held, gone once the bank takes it.
 *   4. demo-staff (staff and fund roles) reads the list in the browser, from 我的参保 through 经办工作台, and records
 *      the failed refund as paid back by bank transfer: it leaves the list, 应付退费 is empty, the person is told.
 *   5. A payout recorded twice, for another amount, or for money still on its way to the bank is refused.
 *   6. A repayment WeChat says was paid but gave no amount for: staff type the amount they found, in the browser.
 *   7. A payment order paid after we had failed it: held through WeChat's real callback, the payer told, refunded on WeChat.
 * Each listed item names its amount, the person (ID masked) and where the money is; each holding account's
 * balance is shown beside the part the list explains. A resident is refused throughout. The books balance at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CreditAdvanceView } from '../../cloudfunctions/_core/credit/contract';
import type { HeldMoneyOutput } from '../../shared/api/contract';
import { screenshot } from '../e2e/browser';
import type { Page } from 'playwright-core';
import { byTestId, withPhonePage } from '../e2e/pageHelpers';
import { startRuntime, type Runtime } from '../support/runtime';
import { Gateway } from './harness/gateway';

jest.setTimeout(180_000);

const REFUNDS_PAYABLE = 'refunds-payable:hefei';
const CREDIT_REMITTANCE = 'credit-remittance:partner';

describe('待人工处理款项: money code cannot finish is listed for fund staff', () => {
  let dataDir: string;
  let runtime: Runtime;
  let gw: Gateway;
  let staff: string;
  let failedRefund: { refundId: string; orderId: string; wechatFen: number; token: string };
  let stuckRepayment: { repaymentId: string; amountFen: number; listed: () => Promise<CreditAdvanceView> };

  const post = (path: string, body: unknown) => gw.postJson(path, body);

  async function held(): Promise<HeldMoneyOutput> {
    const { body } = await gw.call('reconciliation', { action: 'held' }, staff);
    if (!body.ok) throw new Error(JSON.stringify(body.error));
    return body.data;
  }

  const account = (out: HeldMoneyOutput, accountId: string) => out.accounts.find((a) => a.accountId === accountId);
  const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;

  /** An account's balance straight from the store file: the sum of its postings. */
  function balance(accountId: string): number {
    const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT COALESCE(SUM(amount_fen), 0) FROM ledger_postings WHERE account_id = ?').pluck().get(accountId) as number;
    } finally {
      db.close();
    }
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 60 && !done(value); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      value = await read();
    }
    return value;
  }

  /** demo-staff in Chromium, from 我的参保 through 经办工作台 to 待人工处理款项; the page must raise no error. */
  const onHeldPageAsStaff = (work: (page: Page) => Promise<void>) =>
    withPhonePage(runtime.url, 'demo-staff', async (page) => {
      await byTestId(page, 'go-staff').click();
      await byTestId(page, 'staff-home-page').waitFor();
      await byTestId(page, 'go-held-money').click();
      await byTestId(page, 'held-money-page').waitFor();
      await work(page);
    });

  /** A demo resident signs a bank advance for their unpaid 2027 and opens a WeChat repayment sheet for all of it. */
  async function advanceWithSheet(openid: string, person: { name: string; idNumber: string }) {
    const token = await gw.login(openid);
    const personId = (await gw.call('bindIdentity', person, token)).body.data.person.personId;
    const signed = await gw.call('credit', { action: 'sign', personId, benefitYear: 2027 }, token);
    expect(signed.body).toMatchObject({ ok: true, data: { advance: { state: 'PAID' } } });
    const advance: CreditAdvanceView = signed.body.data.advance;
    const opened = await gw.call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'wechatpay' }, token);
    const sheet = opened.body.data.advance.wechatRepayment;
    expect(sheet).toMatchObject({ requestPayment: expect.anything() });
    const listed = async (): Promise<CreditAdvanceView> =>
      (await gw.call('credit', { action: 'list' }, token)).body.data.advances.find((a: CreditAdvanceView) => a.advanceId === advance.advanceId);
    return { advance, sheet, listed };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'medins-held-money-'));
    runtime = await startRuntime({
      dataDir,
      env: { DEV_TODAY: '2026-11-26', CREDIT_SETTLE_MIN_AGE_SECONDS: '0', CREDIT_REMITTANCE_ALERT_MINUTES: '0', WECHATPAY_TIMEOUT_MS: '1500', BANK_TIMEOUT_MS: '1500' },
    });
    gw = new Gateway(runtime.url);
    await post('/sim/wechatpay/config', { refundSettleMs: null });
    staff = await gw.login('demo-staff');
  });

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts empty, with both holding accounts at zero; a resident is refused', async () => {
    const out = await held();
    expect(out).toMatchObject({ items: [], truncated: false, canPayOut: true });
    expect(out.accounts).toEqual([
      { accountId: REFUNDS_PAYABLE, balanceFen: 0, listedFen: 0 },
      { accountId: CREDIT_REMITTANCE, balanceFen: 0, listedFen: 0 },
    ]);
    const resident = await gw.login('held-money-resident');
    expect((await gw.call('reconciliation', { action: 'held' }, resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const payOut = { action: 'payOut', ref: 'rfd_none', amountFen: 100, method: 'cash', voucherNo: 'X1' };
    expect((await gw.call('reconciliation', payOut, resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('1. a refund WeChat ends ABNORMAL is listed, and 应付退费 holds exactly its WeChat part', async () => {
    // demo-resident pays the spouse's next year by WeChat Pay, then asks for it back (joined employee insurance).
    const token = await gw.login('demo-resident');
    const spouse = (await gw.call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'spouse');
    const year = spouse.years[1].benefitYear;
    const pay = await gw.call('pay', { items: [{ personId: spouse.person.personId, benefitYear: year }] }, token);
    expect(pay.body).toMatchObject({ ok: true, data: { state: 'PENDING' } });
    await gw.simPay({ requestPayment: pay.body.data.requestPayment }, 'SUCCESS');
    const paid = await until(async () => (await gw.call('payments', { action: 'get', orderId: pay.body.data.orderId }, token)).body.data.order, (o) => o.state === 'SUCCESS');
    expect(paid.state).toBe('SUCCESS');
    const asked = await gw.call('refunds', { action: 'request', orderId: paid.orderId, personId: spouse.person.personId, benefitYear: year, reason: 'joined-employee-insurance' }, token);
    expect(asked.body).toMatchObject({ ok: true });
    failedRefund = { refundId: asked.body.data.refund.refundId, orderId: paid.orderId, wechatFen: asked.body.data.refund.wechatFen, token };
    expect(failedRefund.wechatFen).toBeGreaterThan(0);

    await post('/sim/wechatpay/refunds/settle', { out_refund_no: failedRefund.refundId, status: 'ABNORMAL' });
    const refund = await until(
      async () => (await gw.call('refunds', { action: 'get', refundId: failedRefund.refundId }, token)).body.data.refund,
      (r) => r.state === 'FAILED',
    );
    expect(refund.state).toBe('FAILED');

    const out = await held();
    expect(out.items).toEqual([
      expect.objectContaining({
        kind: 'refund-failed', ref: failedRefund.refundId, amountFen: failedRefund.wechatFen, accountId: REFUNDS_PAYABLE,
        personName: spouse.person.name, reason: expect.stringContaining('微信退款异常'),
      }),
    ]);
    expect(out.items[0].idMasked).toMatch(/\*{4,}/);
    expect(account(out, REFUNDS_PAYABLE)).toEqual({ accountId: REFUNDS_PAYABLE, balanceFen: failedRefund.wechatFen, listedFen: failedRefund.wechatFen });
  });

  it('2. a repayment the bank refuses and WeChat will not return is listed, held in credit-remittance', async () => {
    // The demo registry's 张建国 (H-DEMO-1): 2027 unpaid, a good grade at the bank.
    const { advance, sheet, listed } = await advanceWithSheet('held-money-zhang', { name: '张建国', idNumber: '340104195811020155' });
    // Part repaid at the bank counter meanwhile: the bank refuses the whole amount, and the money goes back to WeChat.
    await post('/sim/bank/advances/repay', { out_advance_no: advance.advanceId, amount_fen: Math.floor(advance.amountFen / 4) });
    await gw.simPay({ requestPayment: sheet.requestPayment }, 'SUCCESS');
    const refunding = await until(listed, (a) => a.history.some((e) => e.label.includes('正在退回')));
    expect(refunding.history.map((e) => e.label).join('\n')).toContain('正在原路退回微信');

    await post('/sim/wechatpay/refunds/settle', { out_refund_no: sheet.repaymentId, status: 'ABNORMAL' });
    const manual = await until(listed, (a) => a.history.some((e) => e.label.includes('经办人员将另行退还')));
    expect(manual.history.map((e) => e.label).join('\n')).toContain('原路退回未成功，经办人员将另行退还');
    stuckRepayment = { repaymentId: sheet.repaymentId, amountFen: sheet.amountFen, listed };

    const out = await held();
    expect(out.items.map((i) => i.ref)).toEqual([failedRefund.refundId, stuckRepayment.repaymentId]);
    expect(out.items[1]).toMatchObject({
      kind: 'repayment-refund-stuck', amountFen: advance.amountFen, accountId: CREDIT_REMITTANCE, personName: '张建国',
      reason: expect.stringContaining('REPAYMENT_EXCEEDS_OUTSTANDING'),
    });
    expect(out.items[1].idMasked).not.toContain('340104195811020155');
    expect(account(out, CREDIT_REMITTANCE)).toEqual({ accountId: CREDIT_REMITTANCE, balanceFen: advance.amountFen, listedFen: advance.amountFen });
  });

  it('3. a repayment the bank keeps failing is listed while held, and leaves the list once the bank takes it', async () => {
    // The demo registry's 王芳 (H-DEMO-2): never covered, a good grade.
    const { advance, sheet, listed } = await advanceWithSheet('held-money-wang', { name: '王芳', idNumber: '340104199002142468' });
    await post('/sim/bank/faults', { serverError: { match: `^POST /v1/advances/${advance.advanceId}/repayments$` } });
    await gw.simPay({ requestPayment: sheet.requestPayment }, 'SUCCESS');
    expect(await until(listed, (a) => a.repaymentPending)).toMatchObject({ state: 'PAID', repaymentPending: true });
    await gw.janitor();

    const out = await held();
    const item = out.items.find((i) => i.ref === sheet.repaymentId);
    expect(item).toMatchObject({ kind: 'remittance-held', amountFen: advance.amountFen, accountId: CREDIT_REMITTANCE, personName: '王芳' });
    expect(item!.reason).toContain('银行至今未受理转交');
    expect(account(out, CREDIT_REMITTANCE)).toMatchObject({ balanceFen: stuckRepayment.amountFen + advance.amountFen, listedFen: stuckRepayment.amountFen + advance.amountFen });

    await post('/sim/bank/faults', {});
    await gw.janitor();
    expect(await listed()).toMatchObject({ state: 'REPAID', repaymentPending: false });
    const after = await held();
    expect(after.items.map((i) => i.ref)).toEqual([failedRefund.refundId, stuckRepayment.repaymentId]);
    expect(account(after, CREDIT_REMITTANCE)).toMatchObject({ balanceFen: stuckRepayment.amountFen, listedFen: stuckRepayment.amountFen });
  });

  it('4. demo-staff reads the list in the browser and records the failed refund as paid back by bank transfer', async () => {
    await onHeldPageAsStaff(async (page) => {
      const items = byTestId(page, 'held-item');
      await items.first().waitFor();
      expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['refund-failed', 'repayment-refund-stuck']);
      const stuck = page.locator(`[data-testid="held-item"][data-ref="${stuckRepayment.repaymentId}"]`);
      expect(await byTestId(stuck, 'held-kind').innerText()).toBe('还款退回未成功');
      expect(await byTestId(stuck, 'held-amount').innerText()).toBe(yuan(stuckRepayment.amountFen));
      expect(await byTestId(stuck, 'held-since').innerText()).toContain('代缴还款待转交');
      expect(await byTestId(page, 'held-account').allInnerTexts()).toEqual([
        `应付退费：账面余额 ${yuan(failedRefund.wechatFen)}，其中下列待处理 ${yuan(failedRefund.wechatFen)}`,
        `代缴还款待转交：账面余额 ${yuan(stuckRepayment.amountFen)}，其中下列待处理 ${yuan(stuckRepayment.amountFen)}`,
      ]);
      const text = await byTestId(page, 'held-money-page').innerText();
      // No full ID number anywhere on the page.
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(text).toContain('张建国');
      await screenshot(page, 'held-money');

      // The refund, paid back by bank transfer: no voucher is refused on the form, then the record is made.
      const refund = page.locator(`[data-testid="held-item"][data-ref="${failedRefund.refundId}"]`);
      await byTestId(refund, 'held-payout').click();
      const form = byTestId(refund, 'payout-form');
      expect(await byTestId(form, 'payout-confirm').innerText()).toContain(`确认已退还 ${yuan(failedRefund.wechatFen)}`);
      await byTestId(form, 'payout-confirm').click();
      expect(await byTestId(form, 'form-error').innerText()).toBe('请填写退还凭证号（如转账流水号或收据号）');
      await byTestId(form, 'payout-voucher').locator('input').fill('ZZ20261126001');
      expect(await byTestId(form, 'form-error').count()).toBe(0);
      await screenshot(page, 'held-money-payout');
      await byTestId(form, 'payout-confirm').click();
      await byTestId(page, 'held-message').filter({ hasText: '已登记退还' }).waitFor();
      expect(await byTestId(page, 'held-message').innerText()).toContain(`${yuan(failedRefund.wechatFen)}，已通知本人`);
      expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-ref')))).toEqual([stuckRepayment.repaymentId]);
      expect((await byTestId(page, 'held-account').allInnerTexts())[0]).toBe('应付退费：账面余额 0.00元，其中下列待处理 0.00元');
    });
    // The person is told how, and with which voucher; the money left 应付退费 for the manual channel.
    const notices = (await gw.call('notices', { action: 'list' }, failedRefund.token)).body.data.notices;
    expect(notices.find((n: { title: string }) => n.title === '款项已退还')?.body).toContain(`${yuan(failedRefund.wechatFen)} 已由医保经办机构通过银行转账退还（凭证号 ZZ20261126001）`);
    expect(balance('channel:manual')).toBe(failedRefund.wechatFen);
    // The refund and its order read as refunded now, and say how: no longer 退款未成功，请联系经办窗口.
    const refund = (await gw.call('refunds', { action: 'get', refundId: failedRefund.refundId }, failedRefund.token)).body.data.refund;
    expect(refund).toMatchObject({ state: 'SUCCESS', stateLabel: '已由经办机构线下退还' });
    const order = (await gw.call('payments', { action: 'get', orderId: failedRefund.orderId }, failedRefund.token)).body.data.order;
    expect(order.stateLabel).toBe('已退费');
  });

  it('5. a payout recorded twice, for another amount, or for money still on its way to the bank is refused', async () => {
    const payOut = (ref: string, amountFen: number) => gw.call('reconciliation', { action: 'payOut', ref, amountFen, method: 'cash', voucherNo: 'SJ-0001' }, staff);
    expect((await payOut(failedRefund.refundId, failedRefund.wechatFen)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('已不在待处理列表中') } });
    expect((await payOut(stuckRepayment.repaymentId, stuckRepayment.amountFen + 1)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('与提交的金额不符') } });
    const blank = await gw.call('reconciliation', { action: 'payOut', ref: stuckRepayment.repaymentId, amountFen: stuckRepayment.amountFen, method: 'cash', voucherNo: '  ' }, staff);
    expect(blank.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('请填写退还凭证号') } });

    // Collected money the bank keeps failing is not paid back by hand: the janitor is still sending it.
    const { advance, sheet } = await advanceWithSheet('held-money-wang-lei', { name: '王磊', idNumber: '340104199306012195' });
    await post('/sim/bank/faults', { serverError: { match: `^POST /v1/advances/${advance.advanceId}/repayments$` } });
    await gw.simPay({ requestPayment: sheet.requestPayment }, 'SUCCESS');
    const listed = await until(held, (out) => out.items.some((i) => i.ref === sheet.repaymentId));
    expect(listed.items.find((i) => i.ref === sheet.repaymentId)).toMatchObject({ kind: 'remittance-held' });
    expect((await payOut(sheet.repaymentId, sheet.amountFen)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('仍在转交银行') } });
    await post('/sim/bank/faults', {});
    await gw.janitor();

    // Two staff recording the same payout at once: one record, one refusal.
    const both = await Promise.all([payOut(stuckRepayment.repaymentId, stuckRepayment.amountFen), payOut(stuckRepayment.repaymentId, stuckRepayment.amountFen)]);
    expect(both.map((b) => b.body.ok).sort()).toEqual([false, true]);
    expect(both.find((b) => b.body.ok)!.body.data.notified).toBe(true);
    const after = await held();
    expect(after.items).toEqual([]);
    expect(account(after, CREDIT_REMITTANCE)).toMatchObject({ balanceFen: 0, listedFen: 0 });
    expect(balance('channel:manual')).toBe(failedRefund.wechatFen + stuckRepayment.amountFen);
    // 张建国's history says his refused repayment was paid back, no longer that staff will do it.
    const labels = (await stuckRepayment.listed()).history.map((e) => e.label);
    expect(labels).toContain(`微信还款 ${yuan(stuckRepayment.amountFen)}：银行未受理，已由经办机构线下退还`);
    expect(labels.join('\n')).not.toContain('经办人员将另行退还');
  });

  it('6. a repayment WeChat says was paid with no amount is paid out at the amount staff found, in the browser', async () => {
    // WeChat leaving out the amount is beyond what the simulator does: the repayment is put in the state
    // applyRepaymentTransaction leaves it in then (heldMoney.test.ts drives that path), straight in the store file.
    const { sheet, listed } = await advanceWithSheet('held-money-zhao', { name: '赵敏', idNumber: '340104197812251843' });
    const db = new Database(join(dataDir, 'app.sqlite'), { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const changed = db.prepare("UPDATE credit_repayments SET state = 'MANUAL', failure = 'wechat:amount-mismatch:none', updated_at = created_at WHERE repayment_id = ?")
        .run(sheet.repaymentId).changes;
      expect(changed).toBe(1);
    } finally {
      db.close();
    }
    const manualBefore = balance('channel:manual');
    await onHeldPageAsStaff(async (page) => {
      const item = page.locator(`[data-testid="held-item"][data-ref="${sheet.repaymentId}"]`);
      await item.waitFor();
      expect(await byTestId(item, 'held-amount').innerText()).toBe('金额待核实');
      expect(await byTestId(item, 'held-reason').innerText()).toContain('请在微信支付商户平台核实实付金额');
      await byTestId(item, 'held-payout').click();
      const form = byTestId(item, 'payout-form');
      await byTestId(form, 'payout-voucher').locator('input').fill('ZZ20261126009');
      // No amount yet: refused on the form, and the button names none.
      expect(await byTestId(form, 'payout-confirm').innerText()).toBe('确认已退还');
      await byTestId(form, 'payout-confirm').click();
      expect(await byTestId(form, 'form-error').innerText()).toBe('请填写在微信支付商户平台核实的实付金额（元，最多两位小数）');
      await byTestId(form, 'payout-amount').locator('input').fill('398.5');
      expect(await byTestId(form, 'payout-confirm').innerText()).toContain('确认已退还 398.50元');
      await screenshot(page, 'held-money-payout-amount');
      await byTestId(form, 'payout-confirm').click();
      await byTestId(page, 'held-message').filter({ hasText: '已登记退还' }).waitFor();
      expect(await byTestId(page, 'held-message').innerText()).toContain('赵敏 398.50元，已通知本人');
      expect(await item.count()).toBe(0);
    });
    expect(balance('channel:manual')).toBe(manualBefore + 39850);
    const labels = (await listed()).history.map((e) => e.label);
    expect(labels).toContain(`微信还款 ${yuan(sheet.amountFen)}：款项经核实，已由经办机构线下退还（退还 398.50元）`);
  });

  it('7. a payment on an order we had failed is held through the real callback, told to the payer, and refunded on WeChat', async () => {
    // 陈秀英 pays her 2027; the order is then failed in the store file (as a janitor's close would leave it) while her
    // WeChat sheet is still open, and she pays it: WeChat's signed callback brings the money to an order that is over.
    const token = await gw.login('held-money-chen');
    const personId = (await gw.call('bindIdentity', { name: '陈秀英', idNumber: '340104196209301282' }, token)).body.data.person.personId;
    const pay = await gw.call('pay', { items: [{ personId, benefitYear: 2027 }] }, token);
    expect(pay.body).toMatchObject({ ok: true, data: { state: 'PENDING' } });
    const { orderId, wechatFen } = pay.body.data;
    const db = new Database(join(dataDir, 'app.sqlite'), { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.transaction(() => {
        db.prepare("UPDATE payment_orders SET state = 'FAILED', failure = 'janitor:CLOSED' WHERE order_id = ?").run(orderId);
        db.prepare('UPDATE payment_items SET live = 0 WHERE order_id = ?').run(orderId);
      })();
    } finally {
      db.close();
    }
    expect((await gw.simPay({ requestPayment: pay.body.data.requestPayment }, 'SUCCESS')).status).toBe(200);
    const listed = await until(held, (out) => out.items.some((i) => i.ref === orderId));
    expect(listed.items.find((i) => i.ref === orderId)).toMatchObject({
      kind: 'payment-paid-after-failed', amountFen: wechatFen, amountKnown: true, payable: true, accountId: null, personName: '陈秀英',
      reason: expect.stringContaining(`已关闭的缴费单仍被支付 ${yuan(wechatFen)}`),
    });
    const order = (await gw.call('payments', { action: 'get', orderId }, token)).body.data.order;
    expect(order).toMatchObject({ state: 'FAILED', held: 'pending', stateLabel: '未成功，未参保；所付款项待经办机构核实退还' });
    const notices = (await gw.call('notices', { action: 'list' }, token)).body.data.notices;
    expect(notices.find((n: { title: string }) => n.title === '缴费未成功，所付款项将退还')?.body).toContain(`在微信支付已付款 ${yuan(wechatFen)}，但该缴费单此前已关闭，未能入账，陈秀英 2027 年度未参保`);

    await onHeldPageAsStaff(async (page) => {
      const item = page.locator(`[data-testid="held-item"][data-ref="${orderId}"]`);
      expect(await byTestId(item, 'held-kind').innerText()).toBe('已关闭的缴费单被支付');
      await byTestId(item, 'held-payout').click();
      const form = byTestId(item, 'payout-form');
      await form.getByText('微信原路退款', { exact: true }).click();
      await byTestId(form, 'payout-voucher').locator('input').fill('50300000012026112600007');
      await byTestId(form, 'payout-confirm').click();
      await byTestId(page, 'held-message').filter({ hasText: '已登记退还' }).waitFor();
      expect(await item.count()).toBe(0);
    });
    const after = (await gw.call('payments', { action: 'get', orderId }, token)).body.data.order;
    expect(after).toMatchObject({ held: 'paid-out', stateLabel: '未成功，未参保；所付款项已由经办机构退还' });
    const told = (await gw.call('notices', { action: 'list' }, token)).body.data.notices.find((n: { title: string }) => n.title === '款项已退还');
    expect(told?.body).toContain(`${yuan(wechatFen)} 已由医保经办机构通过微信支付原路退还（凭证号 50300000012026112600007）`);
  });

  it('keeps the books balanced', () => {
    const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT COALESCE(SUM(amount_fen), 0) FROM ledger_postings').pluck().get()).toBe(0);
      expect(db.prepare("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'held.paid-out'").pluck().get()).toBe(4);
    } finally {
      db.close();
    }
  });
});
