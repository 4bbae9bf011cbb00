import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../app';
import { fixedClock } from '../clock';
import { person } from '../store/contract';
import type { CreditRepaymentRow } from '../store/credit.port';
import type { PaymentOrderRow, Store } from '../store/port';
import { openSqliteStore } from '../store/sqlite';
import type { Transaction } from '../channels/wechatpay';
import { applyRepaymentTransaction } from '../credit/wechatRepayment';
import { advanceEvents } from '../credit/advanceHistory';
import { idSource } from '../ids';
import { HELD_LIST_LIMIT, listHeldMoney } from './heldMoney';
import { payOutHeld } from './payOut';
import { applyTransaction, orderView } from '../payments/service';
import { holdTransfer } from '../payments/postings';
import { accounts } from '../ledger/accounts';

/**
 * The cases the runtime test (tests/fault/held-money.fault.test.ts) cannot make with the simulators: WeChat paying
 * another amount than the sheet asked (or giving none), and the age at which collected money is put before staff. Real SQLite store;
 * the App is only its store, clock and ids, all listHeldMoney and payOutHeld use.
 */
const NOW = Date.parse('2026-11-26T06:00:00.000Z');
const AT = '2026-11-26T02:00:00.000Z';
let dir: string;
let store: Store;
let app: App;
const saved = process.env.CREDIT_REMITTANCE_ALERT_MINUTES;

const repayment = (repaymentId: string, extra: Partial<CreditRepaymentRow>): CreditRepaymentRow => ({
  repaymentId, advanceId: 'adv_1', amountFen: 40000, requestedBy: 'o1', channel: 'wechatpay', state: 'MANUAL', failure: null,
  prepayId: 'wx_prepay', channelTxnId: null, collectedAt: null, refundedAt: null, createdAt: AT, updatedAt: AT, ...extra,
});

beforeEach(async () => {
  process.env.CREDIT_REMITTANCE_ALERT_MINUTES = '60';
  dir = mkdtempSync(join(tmpdir(), 'held-money-'));
  store = openSqliteStore(join(dir, 'app.sqlite'));
  const clock = fixedClock(NOW);
  app = { store, clock, ids: idSource(clock) } as unknown as App;
  // Two people, each with an advance the bank paid (one open repayment per advance).
  for (const n of [1, 2]) {
    await store.insertPerson(person(n));
    await store.insertOrder({
      orderId: `ord_${n}`, payerPersonId: `per_${n}`, payerOpenid: 'o1', requestHash: `credit:ord_${n}`, totalFen: 40000, accountFen: 0, wechatFen: 40000,
      state: 'SUCCESS', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'bank',
    }, []);
    await store.insertCreditAdvance({
      advanceId: `adv_${n}`, personId: `per_${n}`, benefitYear: 2027, signerPersonId: `per_${n}`, signerOpenid: 'o1', orderId: `ord_${n}`, amountFen: 40000,
      signDate: '2026-11-26', dueDate: '2027-01-26', state: 'PAID', live: true, bankAdvanceId: `b${n}`, failure: null, paidAt: AT,
      overdueAt: null, repaidDate: null, repaidFen: 0, createdAt: AT, updatedAt: AT,
    });
  }
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.CREDIT_REMITTANCE_ALERT_MINUTES;
  else process.env.CREDIT_REMITTANCE_ALERT_MINUTES = saved;
});

describe('listHeldMoney', () => {
  it('lists a sheet WeChat says was paid with another amount at what was paid, booked nowhere', async () => {
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'MANUAL', failure: 'wechat:amount-mismatch:39900' }));
    const out = await listHeldMoney(app, false);
    expect(out.items).toEqual([
      expect.objectContaining({ kind: 'repayment-amount-mismatch', ref: 'rpy_1', amountFen: 39900, amountKnown: true, accountId: null, reason: expect.stringContaining('微信实付 399.00元 与应还 400.00元 不一致') }),
    ]);
    // Nothing of it is in our accounts: the list explains none of their balances.
    expect(out.accounts.map((a) => a.listedFen)).toEqual([0, 0]);
  });

  it('lists a paid sheet WeChat gave no amount for with its amount unknown, booked nowhere', async () => {
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'MANUAL', failure: 'wechat:amount-mismatch:none' }));
    const [item] = (await listHeldMoney(app, true)).items;
    expect(item).toMatchObject({
      kind: 'repayment-amount-mismatch', amountFen: 0, amountKnown: false, accountId: null, payable: true,
      reason: expect.stringContaining('未给出实付金额，未入账、未转交银行；请在微信支付商户平台核实实付金额'),
    });
  });

  it('puts a sheet WeChat says was paid after we closed it before staff, once, booked nowhere', async () => {
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'FAILED', failure: 'wechat:cancelled' }));
    const txn = { out_trade_no: 'rpy_1', transaction_id: 'wx_1', trade_state: 'SUCCESS', amount: { total: 40000 } } as unknown as Transaction;
    expect(await applyRepaymentTransaction(app, txn, 'test')).toBe('mismatch');
    // WeChat repeats itself: nothing changes the second time.
    expect(await applyRepaymentTransaction(app, txn, 'test')).toBe('unchanged');
    expect((await store.listAudit('per_1')).filter((a) => a.action === 'credit.repayment-paid-after-failed')).toHaveLength(1);
    const out = await listHeldMoney(app, true);
    expect(out.items).toEqual([
      expect.objectContaining({ kind: 'repayment-paid-after-close', ref: 'rpy_1', amountFen: 40000, accountId: null, payable: true, reason: expect.stringContaining('已关闭的微信还款单仍被支付 400.00元') }),
    ]);
  });

  it('holds a closed sheet WeChat shows paid and already refunded, telling staff to check that refund first', async () => {
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'FAILED', failure: 'wechat:cancelled' }));
    const txn = { out_trade_no: 'rpy_1', transaction_id: 'wx_1', trade_state: 'REFUND', amount: { total: 40000 } } as unknown as Transaction;
    expect(await applyRepaymentTransaction(app, txn, 'test')).toBe('mismatch');
    expect((await listHeldMoney(app, true)).items).toEqual([
      expect.objectContaining({ kind: 'repayment-paid-after-close', ref: 'rpy_1', reason: expect.stringContaining('微信支付显示该笔已退款：请先在商户平台核实是否已退还本人') }),
    ]);
  });

  it('keeps listing new items however many older ones were paid out (paid-out rows never fill the page)', async () => {
    // Held repayments are final, so one advance may have any number of them.
    for (let i = 0; i <= HELD_LIST_LIMIT; i += 1) {
      const at = new Date(Date.parse(AT) + i * 1000).toISOString();
      await store.insertCreditRepayment(repayment(`rpy_${String(i).padStart(4, '0')}`, { state: 'MANUAL', failure: 'rejected:X;refund-stuck:ABNORMAL', updatedAt: at }));
    }
    for (let i = 0; i < HELD_LIST_LIMIT; i += 1) {
      const id = `rpy_${String(i).padStart(4, '0')}`;
      expect(await store.transitionCreditRepayment({ repaymentId: id, from: ['MANUAL'], to: 'MANUAL', at: AT, patch: { paidOutAt: AT } })).toBe(true);
    }
    const out = await listHeldMoney(app, true);
    expect(out.items.map((i) => i.ref)).toEqual([`rpy_${String(HELD_LIST_LIMIT).padStart(4, '0')}`]);
    expect(out.truncated).toBe(false);
  });

  it('puts collected money before staff by when it was collected, not by when the janitor last touched it', async () => {
    const recent = new Date(NOW - 59 * 60_000).toISOString();
    const old = new Date(NOW - 61 * 60_000).toISOString();
    await store.insertCreditRepayment(repayment('rpy_recent', { state: 'COLLECTED', collectedAt: recent, updatedAt: recent }));
    // Touched a minute ago by the janitor's round-robin, collected over an hour ago.
    await store.insertCreditRepayment(repayment('rpy_old', { advanceId: 'adv_2', state: 'COLLECTED', collectedAt: old, updatedAt: new Date(NOW - 60_000).toISOString() }));
    const out = await listHeldMoney(app, false);
    expect(out.items.map((i) => [i.kind, i.ref, i.since])).toEqual([['remittance-held', 'rpy_old', old]]);
    expect(out.items[0].idMasked).not.toBe('');
    expect(out.truncated).toBe(false);
  });
});

describe('payOutHeld', () => {
  const staff = { openid: 'o-fund-staff' };
  const payOut = (ref: string, amountFen: number) => payOutHeld(app, staff, { action: 'payOut', ref, amountFen, method: 'bank-transfer', voucherNo: ' ZZ-0001 ' });

  it('pays out money WeChat gave no amount for at the amount staff found, and keeps that the amount was theirs', async () => {
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'MANUAL', failure: 'wechat:amount-mismatch:none' }));
    expect(await payOut('rpy_1', 39900)).toEqual({ notified: true });
    expect((await listHeldMoney(app, true)).items).toEqual([]);
    // Never booked: it leaves WeChat's clearing account for the manual channel, at the amount staff gave.
    expect(await store.balanceOf('channel:manual')).toBe(39900);
    expect(await store.balanceOf('channel:wechatpay')).toBe(-39900);
    const entry = (await store.listAudit('per_1')).find((a) => a.action === 'held.paid-out');
    expect(entry).toMatchObject({ actor: 'o-fund-staff', detail: { ref: 'rpy_1', amountFen: 39900, amountFrom: 'staff', voucherNo: 'ZZ-0001' } });
    expect((await store.listNotices('o1', 10)).map((n) => n.body)).toEqual([expect.stringContaining('399.00元 已由医保经办机构通过银行转账退还（凭证号 ZZ-0001）')]);
    // The resident's history says it was checked and paid back, not that the bank refused it.
    const labels = (await advanceEvents(app, (await store.getCreditAdvance('adv_1'))!, '2027-01-01')).map((e) => e.label);
    // The sheet asked 400.00; staff paid back what WeChat took.
    expect(labels).toContain('微信还款 400.00元：款项经核实，已由经办机构线下退还（退还 399.00元）');
    // Recorded once: a second record, at any amount, is refused.
    await expect(payOut('rpy_1', 39900)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('pays out a known amount only at that amount', async () => {
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'MANUAL', failure: 'wechat:paid-after-close:40000' }));
    await expect(payOut('rpy_1', 39900)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('应退 400.00元，与提交的金额不符') });
    expect(await store.balanceOf('channel:manual')).toBe(0);
    expect(await payOut('rpy_1', 40000)).toEqual({ notified: true });
    expect(await store.balanceOf('channel:manual')).toBe(40000);
  });
});

describe('money WeChat took for a payment order that could not be booked', () => {
  const quote = JSON.stringify({ paymentWindow: 'in-period', standardFen: 40000, totalFen: 40000, repairFen: 0, reductions: [], benefitStart: '2027-01-01' });
  async function wechatOrder(orderId: string, extra: Partial<PaymentOrderRow>) {
    const row: PaymentOrderRow = {
      orderId, payerPersonId: 'per_1', payerOpenid: 'o1', requestHash: `h_${orderId}`, totalFen: 40000, accountFen: 0, wechatFen: 40000,
      state: 'PENDING', prepayId: 'wx_prepay', channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'wechatpay', ...extra,
    };
    await store.insertOrder(row, [{ orderId, itemNo: 0, personId: 'per_1', benefitYear: 2027, standardFen: 40000, dueFen: 40000, quote, live: true }]);
  }
  const paid = (orderId: string, total: number): Transaction => ({ out_trade_no: orderId, transaction_id: 'wx_txn_9', trade_state: 'SUCCESS', amount: { total } }) as unknown as Transaction;

  it('ends an order paid with another amount FAILED, frees its year, and lists the money until staff pay it back', async () => {
    await wechatOrder('ord_w1', {});
    expect(await applyTransaction(app, paid('ord_w1', 39900), 'notify')).toBe('mismatch');
    // WeChat repeats itself (a re-sent callback, the janitor's query): nothing changes the second time.
    expect(await applyTransaction(app, paid('ord_w1', 39900), 'janitor.query')).toBe('unchanged');
    const { order, items } = (await store.getOrder('ord_w1'))!;
    expect(order).toMatchObject({ state: 'FAILED', failure: 'wechat:amount-mismatch:39900', channelTxnId: 'wx_txn_9', heldAt: expect.any(String) });
    // The payer may pay the year properly: nothing of it was booked.
    expect(await store.findLiveOrder('per_1', 2027)).toBeNull();
    expect((await store.listAudit('per_1')).filter((a) => a.action === 'payment.amount-mismatch')).toHaveLength(1);
    expect(await orderView(app, order, items)).toMatchObject({ held: 'pending', stateLabel: '未成功，未参保；所付款项待经办机构核实退还' });
    // The payer is told at once, not first when the money comes back.
    const told = (await store.listNotices('o1', 10)).filter((n) => n.kind === 'payment.held');
    expect(told.map((n) => n.body)).toEqual([
      '缴费单 ord_w1 在微信支付已付款 399.00元，但金额与缴费单不符，未能入账，测试1 2027 年度未参保。所付款项将由医保经办机构核实后退还，无需申请；如需参保，请重新缴费。',
    ]);

    const out = await listHeldMoney(app, true);
    expect(out.items).toEqual([expect.objectContaining({
      kind: 'payment-amount-mismatch', ref: 'ord_w1', amountFen: 39900, amountKnown: true, payable: true, accountId: null,
      reason: expect.stringContaining('微信实付 399.00元 与应付 400.00元 不一致，缴费单已按未成功处理，未入账、未参保（微信支付订单 wx_txn_9）'),
    })]);
    expect(await payOutHeld(app, { openid: 'o-fund-staff' }, { action: 'payOut', ref: 'ord_w1', amountFen: 39900, method: 'cash', voucherNo: 'SJ-1' })).toEqual({ notified: true });
    expect((await listHeldMoney(app, true)).items).toEqual([]);
    expect(await store.balanceOf('channel:manual')).toBe(39900);
    const after = (await store.getOrder('ord_w1'))!;
    expect(await orderView(app, after.order, after.items)).toMatchObject({ held: 'paid-out', stateLabel: '未成功，未参保；所付款项已由经办机构退还' });
    expect((await store.listNotices('o1', 10)).find((n) => n.kind === 'held.paid-out')?.body).toContain('缴费单 ord_w1 未能入账的微信支付款项 399.00元 已由医保经办机构通过现金退还');
  });

  it('lists a payment on an order that had failed once, keeping what failed it', async () => {
    await wechatOrder('ord_w2', { state: 'FAILED', failure: 'janitor:CLOSED' });
    expect(await applyTransaction(app, paid('ord_w2', 40000), 'notify')).toBe('mismatch');
    expect(await applyTransaction(app, paid('ord_w2', 40000), 'notify')).toBe('unchanged');
    expect((await store.getOrder('ord_w2'))!.order).toMatchObject({ state: 'FAILED', failure: 'janitor:CLOSED;paid-after-failed:40000' });
    expect((await store.listAudit('per_1')).filter((a) => a.action === 'payment.paid-after-failed')).toHaveLength(1);
    expect((await listHeldMoney(app, true)).items).toEqual([
      expect.objectContaining({ kind: 'payment-paid-after-failed', ref: 'ord_w2', amountFen: 40000, payable: true, reason: expect.stringContaining('已关闭的缴费单仍被支付 400.00元') }),
    ]);
  });

  it('gives a held order\'s personal-account part back at once: only the WeChat part is held', async () => {
    await store.postTransfer({ transferId: 'trf_seed', kind: 'test.seed', ref: 'seed', at: AT, legs: [
      { account: accounts.channel('wechatpay'), amountFen: -10000 }, { account: accounts.personal('per_1'), amountFen: 10000 },
    ] });
    await wechatOrder('ord_w3', { accountFen: 10000, wechatFen: 30000 });
    await store.postTransfer(holdTransfer((await store.getOrder('ord_w3'))!.order, 'trf_hold', AT));
    expect(await store.balanceOf('personal:per_1')).toBe(0);
    expect(await applyTransaction(app, paid('ord_w3', 29900), 'notify')).toBe('mismatch');
    expect(await store.balanceOf('personal:per_1')).toBe(10000);
    expect((await listHeldMoney(app, true)).items).toEqual([expect.objectContaining({ ref: 'ord_w3', amountFen: 29900 })]);
    expect((await store.ledgerCheck()).ok).toBe(true);
  });

  it('holds an order WeChat shows already refunded, telling staff to check that refund first', async () => {
    await wechatOrder('ord_w4', { state: 'FAILED', failure: 'janitor:CLOSED' });
    const refunded = { ...paid('ord_w4', 40000), trade_state: 'REFUND' } as unknown as Transaction;
    expect(await applyTransaction(app, refunded, 'janitor.query')).toBe('mismatch');
    expect((await store.getOrder('ord_w4'))!.order.failure).toBe('janitor:CLOSED;paid-after-failed:40000:REFUND');
    const [item] = (await listHeldMoney(app, true)).items;
    expect(item).toMatchObject({ kind: 'payment-paid-after-failed', amountFen: 40000, reason: expect.stringContaining('微信支付显示该笔已退款：请先在商户平台核实是否已退还本人') });
    // Recorded as that WeChat refund: the notice says it went back through WeChat.
    await payOutHeld(app, { openid: 'o-fund-staff' }, { action: 'payOut', ref: 'ord_w4', amountFen: 40000, method: 'wechat-refund', voucherNo: '50300000012026112600001' });
    expect((await store.listNotices('o1', 10)).find((n) => n.kind === 'held.paid-out')?.body).toContain('已由医保经办机构通过微信支付原路退还（凭证号 50300000012026112600001）');
    // In and out at WeChat: the books show both, and nothing left by the fund's own (manual) route.
    expect(await store.balanceOf('channel:manual')).toBe(0);
    expect(await store.balanceOf('channel:wechatpay')).toBe(0);
    expect((await store.ledgerCheck()).ok).toBe(true);
  });

  it('decides on the order as it is when it holds the money: one failed since it was read is held as paid after failing', async () => {
    await wechatOrder('ord_w5', {});
    const stale = (await store.getOrder('ord_w5'))!;
    await store.transitionOrder({ orderId: 'ord_w5', from: ['PENDING'], to: 'FAILED', cause: 'janitor.closed', at: AT, patch: { failure: 'janitor:CLOSED' } });
    // applyTransaction's first read still sees it open (the janitor closed it in between).
    const getOrder = jest.spyOn(store, 'getOrder').mockResolvedValueOnce(stale);
    expect(await applyTransaction(app, paid('ord_w5', 39900), 'notify')).toBe('mismatch');
    getOrder.mockRestore();
    expect((await store.getOrder('ord_w5'))!.order).toMatchObject({ state: 'FAILED', failure: 'janitor:CLOSED;paid-after-failed:39900', heldAt: expect.any(String) });
  });

  it('takes a typed amount only up to what was asked, and a WeChat refund only for money still at WeChat', async () => {
    await wechatOrder('ord_w6', {});
    await store.transitionOrder({ orderId: 'ord_w6', from: ['PENDING'], to: 'FAILED', cause: 'test', at: AT, patch: { failure: 'wechat:amount-mismatch:none', heldAt: AT } });
    const payOut = (amountFen: number) => payOutHeld(app, { openid: 'o-fund-staff' }, { action: 'payOut', ref: 'ord_w6', amountFen, method: 'bank-transfer', voucherNo: 'ZZ-1' });
    await expect(payOut(4000000)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('核实的实付金额 40000.00元 超过应付 400.00元') });
    expect(await payOut(40000)).toEqual({ notified: true });
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'MANUAL', failure: 'rejected:X;refund-stuck:ABNORMAL' }));
    await store.postTransfer({ transferId: 'trf_cr', kind: 'test.seed', ref: 'cr', at: AT, legs: [
      { account: accounts.channel('wechatpay'), amountFen: -40000 }, { account: accounts.creditRemittance('partner'), amountFen: 40000 },
    ] });
    await expect(payOutHeld(app, { openid: 'o-fund-staff' }, { action: 'payOut', ref: 'rpy_1', amountFen: 40000, method: 'wechat-refund', voucherNo: 'W1' }))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('不能按“微信原路退款”登记') });
  });
});
