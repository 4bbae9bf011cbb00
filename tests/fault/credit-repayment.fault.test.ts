/**
 * Repaying a bank advance by WeChat Pay when answers are lost, on a runtime of its own (so the janitor may ask about
 * repayments at once: CREDIT_SETTLE_MIN_AGE_SECONDS=0). Each lost answer is an unknown outcome, settled by asking:
 *   1. WeChat's answer to opening the sheet is lost: no sheet, nothing paid; the janitor closes the order at WeChat
 *      and the person may repay again.
 *   2. The remittance never reaches the bank: the collected money stays held (还款确认中), is never given up as "not at
 *      the bank", and the janitor, finding the bank does not list it, sends the identical request once more.
 *   3. The bank refuses the remittance and WeChat's answer to the refund is lost: the janitor asks WeChat, finds no
 *      refund, and sends it again under the same number; the money is back once, the held account is empty.
 *   4. A cancelled sheet whose close answer was lost: no sheet is handed out (正在取消) and the janitor closes it.
 *   5. A sheet left open when the rest was repaid at the bank counter: no longer handed out, closed by the janitor.
 *   6. A relative who opened a sheet and then removed the link: the sheet is closed, the borrower may repay.
 * At the end the ledger balances and each simulator holds exactly one record per number of ours.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CreditAdvanceView } from '../../cloudfunctions/_core/credit/contract';
import { accounts } from '../../cloudfunctions/_core/ledger/accounts';
import { startRuntime, type Runtime } from '../support/runtime';
import { Gateway } from './harness/gateway';

jest.setTimeout(180_000);


describe('WeChat Pay repayment of a bank advance when answers are lost', () => {
  let dataDir: string;
  let runtime: Runtime;
  let gw: Gateway;
  let token: string;
  let advance: CreditAdvanceView;
  const ids: string[] = [];

  const post = (path: string, body: unknown) => gw.postJson(path, body);

  async function listed(): Promise<CreditAdvanceView> {
    const { body } = await gw.call('credit', { action: 'list' }, token);
    return body.data.advances.find((a: CreditAdvanceView) => a.advanceId === advance.advanceId);
  }

  async function repayByWechat(): Promise<CreditAdvanceView> {
    const { body } = await gw.call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'wechatpay' }, token);
    if (!body.ok) throw new Error(JSON.stringify(body.error));
    return body.data.advance;
  }

  async function janitor(): Promise<void> {
    expect((await gw.janitor()).status).toBe(200);
  }

  function remittanceHeld(): number {
    const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT COALESCE(SUM(amount_fen), 0) FROM ledger_postings WHERE account_id = ?').pluck().get(accounts.creditRemittance('partner').id) as number;
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'medins-credit-repay-'));
    // Inside 2027's concentrated period, when credit enrollment can be signed (as npm test's shared runtime).
    runtime = await startRuntime({ dataDir, env: { DEV_TODAY: '2026-11-26', CREDIT_SETTLE_MIN_AGE_SECONDS: '0', WECHATPAY_TIMEOUT_MS: '1500', BANK_TIMEOUT_MS: '1500' } });
    gw = new Gateway(runtime.url);
    // The demo registry's 张建国 (H-DEMO-1): 2027 unpaid, a good grade at the bank.
    token = await gw.login('fault-credit-repayer');
    const personId = (await gw.call('bindIdentity', { name: '张建国', idNumber: '340104195811020155' }, token)).body.data.person.personId;
    const signed = await gw.call('credit', { action: 'sign', personId, benefitYear: 2027 }, token);
    expect(signed.body).toMatchObject({ ok: true, data: { advance: { state: 'PAID' } } });
    advance = signed.body.data.advance;
  });

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('1. a sheet whose opening answer was lost is closed by the janitor, and the person may repay again', async () => {
    await post('/sim/wechatpay/faults', { timeout: { phase: 'after', holdMs: 3000, times: 1, match: 'POST /v3/pay/transactions/jsapi' } });
    const lost = await repayByWechat();
    expect(lost).toMatchObject({ repaymentPending: true, stateLabel: '还款确认中' });
    expect(lost.wechatRepayment).toBeUndefined();
    // Nobody can pay an order without its prepay_id: the janitor closes it at WeChat and ends it here.
    await janitor();
    const after = await listed();
    expect(after).toMatchObject({ state: 'PAID', repaymentPending: false });
    expect(after.history.filter((e) => e.kind === 'repayment').map((e) => e.label)).toEqual([expect.stringMatching(/：还款未成功（未完成微信支付，未扣款，可重新还款）$/)]);
    const charges = await gw.getJson('/sim/wechatpay/charges');
    expect(charges.charges.filter((c: { trade_state: string }) => c.trade_state !== 'CLOSED')).toEqual([]);
  });

  it('2. a remittance that never reached the bank stays held, and the janitor sends it once more', async () => {
    const opened = await repayByWechat();
    ids.push(opened.wechatRepayment!.repaymentId);
    await post('/sim/bank/faults', { timeout: { phase: 'before', holdMs: 3000, times: 1, match: `POST /v1/advances/${advance.advanceId}/repayments` } });
    await gw.simPay({ requestPayment: opened.wechatRepayment!.requestPayment }, 'SUCCESS');
    let held = await listed();
    for (let i = 0; i < 40 && !held.repaymentPending; i += 1) held = await listed();
    expect(held).toMatchObject({ state: 'PAID', repaymentPending: true, stateLabel: '还款确认中' });
    expect(remittanceHeld()).toBe(advance.amountFen);
    // Reading the page asks the bank, which does not list it: that is no reason to give the money up.
    expect(await listed()).toMatchObject({ state: 'PAID', repaymentPending: true });

    await janitor();
    const repaid = await listed();
    expect(repaid).toMatchObject({ state: 'REPAID', outstandingFen: 0, repaymentPending: false });
    expect(remittanceHeld()).toBe(0);
    const atBank = (await gw.getJson('/sim/bank/records')).advances.find((a: { out_advance_no: string }) => a.out_advance_no === advance.advanceId);
    expect(atBank.repayments.map((r: { out_repayment_no: string }) => r.out_repayment_no)).toEqual([opened.wechatRepayment!.repaymentId]);
  });

  it('3. a refund whose answer was lost is found missing by the janitor and sent again under the same number', async () => {
    // A second advance, of another resident: the demo registry's 王芳 (H-DEMO-2, never covered, a good grade).
    token = await gw.login('fault-credit-repayer-2');
    const bound = await gw.call('bindIdentity', { name: '王芳', idNumber: '340104199002142468' }, token);
    expect(bound.body.ok).toBe(true);
    const signed = await gw.call('credit', { action: 'sign', personId: bound.body.data.person.personId, benefitYear: 2027 }, token);
    expect(signed.body).toMatchObject({ ok: true, data: { advance: { state: 'PAID' } } });
    advance = signed.body.data.advance;

    const opened = await repayByWechat();
    const repaymentId = opened.wechatRepayment!.repaymentId;
    ids.push(repaymentId);
    // Part repaid at the bank counter meanwhile: the bank will refuse the whole amount, and the refund's answer is lost.
    await post('/sim/bank/advances/repay', { out_advance_no: advance.advanceId, amount_fen: Math.floor(advance.amountFen / 4) });
    await post('/sim/wechatpay/faults', { timeout: { phase: 'before', holdMs: 3000, times: 1, match: 'POST /v3/refund/domestic/refunds' } });
    await gw.simPay({ requestPayment: opened.wechatRepayment!.requestPayment }, 'SUCCESS');
    let refunding = await listed();
    for (let i = 0; i < 40 && !refunding.history.some((e) => e.label.includes('正在退回')); i += 1) refunding = await listed();
    expect(refunding.history.map((e) => e.label)).toContain(`微信还款 ${(advance.amountFen / 100).toFixed(2)}元：银行未受理，正在退回（待还金额已变化（可能已在银行还过款），所付款项正在原路退回微信）`);
    expect(remittanceHeld()).toBe(advance.amountFen);

    await janitor();
    // WeChat takes the refund as PROCESSING and tells of its success by callback.
    let back = await listed();
    for (let i = 0; i < 40 && !back.history.some((e) => e.label.includes('已退回')); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      back = await listed();
    }
    expect(back.history.map((e) => e.label)).toContain(`微信还款 ${(advance.amountFen / 100).toFixed(2)}元：银行未受理，已退回（待还金额已变化（可能已在银行还过款），所付款项已原路退回微信）`);
    expect(remittanceHeld()).toBe(0);
    const refunds = (await gw.getJson('/sim/wechatpay/charges')).refunds.filter((r: { out_refund_no: string }) => r.out_refund_no === repaymentId);
    expect(refunds).toEqual([expect.objectContaining({ refund_fen: advance.amountFen, status: 'SUCCESS' })]);
  });

  it('4. a cancel whose close answer was lost hands out no sheet (正在取消), and the janitor closes it', async () => {
    const opened = await repayByWechat();
    const repaymentId = opened.wechatRepayment!.repaymentId;
    await post('/sim/wechatpay/faults', { timeout: { phase: 'before', holdMs: 3000, times: 1, match: `POST /v3/pay/transactions/out-trade-no/${repaymentId}/close` } });
    const { body } = await gw.call('credit', { action: 'cancelRepayment', repaymentId }, token);
    expect(body.data.advance).toMatchObject({ stateLabel: '正在取消微信还款', wechatRepayment: { repaymentId, cancelling: true } });
    expect(body.data.advance.wechatRepayment.requestPayment).toBeUndefined();
    await janitor();
    const after = await listed();
    expect(after.wechatRepayment).toBeUndefined();
    expect(after.stateLabel).toBe('银行已代缴，待还款');
    const charge = (await gw.getJson('/sim/wechatpay/charges')).charges.find((c: { out_trade_no: string }) => c.out_trade_no === repaymentId);
    expect(charge).toMatchObject({ trade_state: 'CLOSED' });
  });

  it('5. a sheet left open when the rest is repaid at the bank counter is no longer handed out, and the janitor closes it', async () => {
    const opened = await repayByWechat();
    const repaymentId = opened.wechatRepayment!.repaymentId;
    await post('/sim/bank/advances/repay', { out_advance_no: advance.advanceId, amount_fen: opened.wechatRepayment!.amountFen });
    // The daily credit job asks the bank about every advance still owed, and learns this one is repaid.
    expect((await post('/api/dev/timer/creditReminders/daily', {}))).toBeTruthy();
    const repaid = await listed();
    expect(repaid).toMatchObject({ state: 'REPAID', outstandingFen: 0 });
    expect(repaid.wechatRepayment).toBeUndefined();
    await janitor();
    const charge = (await gw.getJson('/sim/wechatpay/charges')).charges.find((c: { out_trade_no: string }) => c.out_trade_no === repaymentId);
    expect(charge).toMatchObject({ trade_state: 'CLOSED' });
  });

  it('6. removing a relative closes the WeChat sheet the remover opened for them', async () => {
    // 王磊 signs his own advance; his mother 陈秀英 (a verified link: the registry names her his mother) opens a sheet for it.
    const son = await gw.login('fault-credit-wanglei');
    const wangLei = (await gw.call('bindIdentity', { name: '王磊', idNumber: '340104199306012195' }, son)).body.data.person.personId;
    const signed = await gw.call('credit', { action: 'sign', personId: wangLei, benefitYear: 2027 }, son);
    expect(signed.body).toMatchObject({ ok: true, data: { advance: { state: 'PAID' } } });
    const mother = await gw.login('fault-credit-chenxiuying');
    await gw.call('bindIdentity', { name: '陈秀英', idNumber: '340104196209301282' }, mother);
    const link = (await gw.call('relatives', { action: 'add', name: '王磊', idNumber: '340104199306012195', relation: 'child' }, mother)).body.data.relatives
      .find((r: { person: { personId: string } }) => r.person.personId === wangLei);
    expect(link.verified).toBe(true);
    const opened = await gw.call('credit', { action: 'repay', advanceId: signed.body.data.advance.advanceId, channel: 'wechatpay' }, mother);
    const repaymentId = opened.body.data.advance.wechatRepayment.repaymentId;

    expect((await gw.call('relatives', { action: 'remove', linkId: link.linkId }, mother)).body.ok).toBe(true);
    const charge = (await gw.getJson('/sim/wechatpay/charges')).charges.find((c: { out_trade_no: string }) => c.out_trade_no === repaymentId);
    expect(charge).toMatchObject({ trade_state: 'CLOSED' });
    // 王磊 is not locked out: he may repay at once.
    const his = await gw.call('credit', { action: 'repay', advanceId: signed.body.data.advance.advanceId, channel: 'wechatpay' }, son);
    expect(his.body.data.advance.wechatRepayment).toMatchObject({ requestPayment: expect.anything() });
  });

  it('the books balance (every posting sums to zero), and WeChat holds one payment per repayment number', async () => {
    const charges = (await gw.getJson('/sim/wechatpay/charges')).charges.filter((c: { out_trade_no: string }) => ids.includes(c.out_trade_no));
    expect(charges.map((c: { trade_state: string }) => c.trade_state).sort()).toEqual(['REFUND', 'SUCCESS']);
    const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT COALESCE(SUM(amount_fen), 0) FROM ledger_postings').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
