/**
 * Repaying a bank advance by WeChat Pay (issue 5 item 4), against the running runtime and both simulators: the sheet
 * is opened and cancelled, opened again and paid while the person also repaid part at the bank counter (so the bank
 * will not take the whole amount, and the money goes back to WeChat), then the rest is paid and reaches the bank.
 * The books: collected money is held in credit-remittance until the bank has it or it went back; it ends at zero.
 */
import type { CreditAdvanceView } from '../../cloudfunctions/_core/credit/contract';
import { accounts } from '../../cloudfunctions/_core/ledger/accounts';
import { baseUrl, call, login, runtimeToday } from '../support/http';
import { accountBalance, ledgerCheck } from '../support/ledger';
import { bankSim, wechatpaySim } from '../support/sims';

async function simPay(requestPayment: unknown): Promise<void> {
  const res = await fetch(`${baseUrl()}/sim/wechatpay/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requestPayment, result: 'SUCCESS' }),
  });
  if (!res.ok) throw new Error(`sim pay failed: ${res.status} ${await res.text()}`);
}


describe('repaying a bank advance by WeChat Pay', () => {
  let token: string;
  let advance: CreditAdvanceView;
  let refundedId = '';
  /** 林峰's son 林晓, logged in. */
  let son = '';
  /** What the person repays at the bank counter: a part of the advance, and later a second, smaller one. */
  let part = 0;
  const part2 = 100;
  const remittance = accounts.creditRemittance('partner').id;

  async function listed(): Promise<CreditAdvanceView> {
    const { body } = await call('credit', { action: 'list' }, token);
    return body.data.advances.find((a: CreditAdvanceView) => a.advanceId === advance.advanceId);
  }

  async function until(test: (a: CreditAdvanceView) => boolean): Promise<CreditAdvanceView> {
    for (let i = 0; i < 50; i += 1) {
      const a = await listed();
      if (test(a)) return a;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`advance never reached the expected state: ${JSON.stringify(await listed())}`);
  }

  beforeAll(async () => {
    // The demo registry's 林峰 (H-DEMO-21, used by no other test file): covered through 2026, 2027 unpaid, a good grade.
    token = await login('credit-wechat-repayer');
    const personId = (await call('bindIdentity', { name: '林峰', idNumber: '340104198107161716' }, token)).body.data.person.personId;
    const signed = await call('credit', { action: 'sign', personId, benefitYear: 2027 }, token);
    expect(signed.body).toMatchObject({ ok: true, data: { advance: { state: 'PAID' } } });
    advance = signed.body.data.advance;
    part = Math.floor(advance.amountFen / 4);
    expect(await runtimeToday()).toBeTruthy();
  });

  it('opens a sheet for what is owed, holds the advance to one open repayment, and a cancelled sheet frees it', async () => {
    const wrong = await call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'wechatpay', expectedFen: advance.amountFen + 1 }, token);
    expect(wrong.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(wrong.body.error.message).toContain('待还金额已变为');

    const opened = (await call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'wechatpay', expectedFen: advance.amountFen }, token)).body.data.advance as CreditAdvanceView;
    expect(opened).toMatchObject({ state: 'PAID', stateLabel: '微信还款待支付', repaymentPending: false, wechatRepayment: { amountFen: advance.amountFen } });
    expect(opened.wechatRepayment?.requestPayment).toMatchObject({ signType: 'RSA' });
    expect(opened.wechatRepayment?.repaymentId).toMatch(/^rpy_/);
    // One open repayment per advance, whichever way: the bank is not asked while the sheet is open.
    expect((await call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'bank' }, token)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Nobody else can cancel it: not a user who never bound, nor his son 林晓 before he has linked his father.
    const unbound = await login('credit-wechat-stranger');
    expect((await call('credit', { action: 'cancelRepayment', repaymentId: opened.wechatRepayment!.repaymentId }, unbound)).body).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } });
    son = await login('credit-wechat-son');
    expect((await call('bindIdentity', { name: '林晓', idNumber: '340104200803221735' }, son)).body.ok).toBe(true);
    expect((await call('credit', { action: 'cancelRepayment', repaymentId: opened.wechatRepayment!.repaymentId }, son)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const cancelled = (await call('credit', { action: 'cancelRepayment', repaymentId: opened.wechatRepayment!.repaymentId }, token)).body.data.advance as CreditAdvanceView;
    expect(cancelled.wechatRepayment).toBeUndefined();
    expect(cancelled.stateLabel).toBe('银行已代缴，待还款');
    expect(cancelled.history.map((e) => e.label)).toContain(`微信还款 ${(advance.amountFen / 100).toFixed(2)}元：还款未成功（未完成微信支付，未扣款，可重新还款）`);
    const charges = await wechatpaySim('/charges');
    expect(charges.charges.find((c: { out_trade_no: string }) => c.out_trade_no === opened.wechatRepayment!.repaymentId)).toMatchObject({ trade_state: 'CLOSED' });
  });

  it('money the bank will not take (a part was repaid at its counter meanwhile) goes back to WeChat, and the person is told', async () => {
    const opened = (await call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'wechatpay' }, token)).body.data.advance as CreditAdvanceView;
    const repaymentId = opened.wechatRepayment!.repaymentId;
    refundedId = repaymentId;
    await bankSim('/advances/repay', { out_advance_no: advance.advanceId, amount_fen: part });
    await simPay(opened.wechatRepayment!.requestPayment);

    const after = await until((a) => a.history.some((e) => e.label.includes('已退回')));
    expect(after).toMatchObject({ state: 'PAID', repaidFen: part, outstandingFen: advance.amountFen - part, repaymentPending: false });
    expect(after.history.map((e) => e.label)).toContain(`微信还款 ${(advance.amountFen / 100).toFixed(2)}元：银行未受理，已退回（待还金额已变化（可能已在银行还过款），所付款项已原路退回微信）`);
    const refund = (await wechatpaySim('/charges')).refunds.find((r: { out_refund_no: string }) => r.out_refund_no === repaymentId);
    expect(refund).toMatchObject({ out_trade_no: repaymentId, refund_fen: advance.amountFen, status: 'SUCCESS' });
    const notices = (await call('notices', { action: 'list' }, token)).body.data.notices as { kind: string; body: string }[];
    expect(notices.find((n) => n.kind === 'credit.repayment-refunded')?.body).toContain('原路退回微信');
    // Nothing of it is held any more, and the bank has only the counter part.
    expect(accountBalance(remittance)).toBe(0);
    const atBank = (await bankSim('/records')).advances.find((a: { out_advance_no: string }) => a.out_advance_no === advance.advanceId);
    expect(atBank).toMatchObject({ state: 'PAID', repaid_fen: part });
  });

  it('a sheet opened before another part is repaid at the counter is closed when the page is read, and the person may cancel a relative\'s sheet', async () => {
    const opened = (await call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'wechatpay' }, token)).body.data.advance as CreditAdvanceView;
    const stale = opened.wechatRepayment!.repaymentId;
    // A second tap gets the same sheet, not a refusal.
    const again = (await call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'wechatpay' }, token)).body.data.advance as CreditAdvanceView;
    expect(again.wechatRepayment).toMatchObject({ repaymentId: stale, requestPayment: expect.anything() });
    await bankSim('/advances/repay', { out_advance_no: advance.advanceId, amount_fen: part2 });
    const read = await listed();
    expect(read).toMatchObject({ state: 'PAID', repaidFen: part + part2, outstandingFen: advance.amountFen - part - part2, repaymentPending: false });
    expect(read.wechatRepayment).toBeUndefined();
    expect((await wechatpaySim('/charges')).charges.find((c: { out_trade_no: string }) => c.out_trade_no === stale)).toMatchObject({ trade_state: 'CLOSED' });

    // 林晓 links his father (the registry confirms it), opens a sheet for his advance and leaves it: 林峰 sees it and
    // may cancel it, but gets no sheet to pay.
    const linked = await call('relatives', { action: 'add', name: '林峰', idNumber: '340104198107161716', relation: 'parent' }, son);
    expect(linked.body.data.relatives[0]).toMatchObject({ verified: true });
    const sons = (await call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'wechatpay' }, son)).body.data.advance as CreditAdvanceView;
    expect(sons.wechatRepayment).toMatchObject({ requestPayment: expect.anything(), cancellable: true });
    const seen = await listed();
    expect(seen.wechatRepayment).toMatchObject({ repaymentId: sons.wechatRepayment!.repaymentId, cancellable: true });
    expect(seen.wechatRepayment!.requestPayment).toBeUndefined();
    const cancelled = await call('credit', { action: 'cancelRepayment', repaymentId: sons.wechatRepayment!.repaymentId }, token);
    expect(cancelled.body.data.advance.wechatRepayment).toBeUndefined();
  });

  it('the rest, paid by WeChat, reaches the bank: the advance is repaid, the books balance, and the day reconciles', async () => {
    const owed = advance.amountFen - part - part2;
    const opened = (await call('credit', { action: 'repay', advanceId: advance.advanceId, channel: 'wechatpay', expectedFen: owed }, token)).body.data.advance as CreditAdvanceView;
    expect(opened.wechatRepayment).toMatchObject({ amountFen: owed });
    // The bank takes the remittance but its answer is lost, and its ADVANCE.REPAID notification is late: asking the
    // bank finds it there, and it is never sent twice. (The page meanwhile says 还款确认中: tests/fault covers that.)
    await bankSim('/faults', {
      timeout: { phase: 'after', holdMs: 4000, times: 1, match: `POST /v1/advances/${advance.advanceId}/repayments` },
      delayCallback: { delayMs: 30_000, times: 1, match: 'ADVANCE.REPAID' },
    });
    await simPay(opened.wechatRepayment!.requestPayment);
    const repaid = await until((a) => a.state === 'REPAID');
    expect(repaid).toMatchObject({ stateLabel: '已还款', repaidFen: advance.amountFen, outstandingFen: 0, repaymentPending: false });
    expect(repaid.history.map((e) => e.label)).toContain(`微信还款 ${(owed / 100).toFixed(2)}元：还款成功`);

    const atBank = (await bankSim('/records')).advances.find((a: { out_advance_no: string }) => a.out_advance_no === advance.advanceId);
    expect(atBank).toMatchObject({ state: 'REPAID', outstanding_fen: 0 });
    // Two parts at the counter (no number of ours) and ours once; the bank lists same-second repayments in its own order.
    const numbers = atBank.repayments.map((r: { out_repayment_no: string | null }) => r.out_repayment_no);
    expect(numbers.filter((no: string | null) => no === null)).toHaveLength(2);
    expect(numbers.filter((no: string | null) => no !== null)).toEqual([opened.wechatRepayment!.repaymentId]);
    expect(accountBalance(remittance)).toBe(0);
    expect(ledgerCheck()).toMatchObject({ ok: true, totalFen: 0 });

    // WeChat's bill lists both repayments and the refund; each matches ours.
    const staff = await login('demo-staff');
    const today = await runtimeToday();
    await call('reconciliation', { action: 'run', billDate: today }, staff);
    const lines = (await call('reconciliation', { action: 'get', billDate: today }, staff)).body.data.lines as { kind: string; ref: string; status: string }[];
    const status = (kind: string, ref: string) => lines.filter((l) => l.kind === kind && l.ref === ref).map((l) => l.status);
    expect(status('repayment', refundedId)).toEqual(['MATCHED']);
    expect(status('refund', refundedId)).toEqual(['MATCHED']);
    expect(status('repayment', opened.wechatRepayment!.repaymentId)).toEqual(['MATCHED']);
  });
});
