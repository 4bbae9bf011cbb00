import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../app';
import { fixedClock } from '../clock';
import { AppError } from '../errors';
import { person } from '../store/contract';
import type { PaymentOrderRow } from '../store/port';
import { accounts } from '../ledger/accounts';
import { bookPaidOrders } from './bookPaid';
import { holdTransfer, paidOrderTransfer } from './postings';
import { requestRefund } from './refunds';

/**
 * 重复缴费 (refunded at any time, D15 as params/refund.json reads it) against the store: a refund only when another
 * payment holds the year, and then the year keeps that payment's cover. Paid from the personal account, so no channel
 * is called.
 */
const AT = '2026-11-27T02:00:00.000Z';
let app: App;
let dir: string;

const order = (orderId: string): PaymentOrderRow => ({
  orderId, payerPersonId: 'per_1', payerOpenid: 'o1', requestHash: `h_${orderId}`, totalFen: 40_000, accountFen: 40_000, wechatFen: 0,
  state: 'SUCCESS', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, paidAt: AT, channel: 'wechatpay',
});
const quote = JSON.stringify({ paymentWindow: 'in-period', standardFen: 40_000, totalFen: 40_000, repairFen: 0, reductions: [], benefitStart: '2027-01-01' });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duplicate-refund-'));
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock: fixedClock(Date.parse(AT)) });
  await app.store.insertPerson(person(1));
  const items = [{ orderId: 'ord_1', itemNo: 0, personId: 'per_1', benefitYear: 2027, standardFen: 40_000, dueFen: 40_000, quote, live: true }];
  await app.store.insertOrder(order('ord_1'), items);
  // The order's money as booked when it was paid (from the personal account, through its hold).
  await app.store.postTransfer({ transferId: 'trf_seed', kind: 'test.seed', ref: 'seed', at: AT, legs: [
    { account: accounts.channel('wechatpay'), amountFen: -40_000 }, { account: accounts.personal('per_1'), amountFen: 40_000 },
  ] });
  await app.store.postTransfer(holdTransfer(order('ord_1'), 'trf_hold', AT));
  await app.store.postTransfer(paidOrderTransfer(order('ord_1'), items, 'trf_paid', AT));
});
afterEach(async () => {
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = () => requestRefund(app, { openid: 'o1' }, { action: 'request', orderId: 'ord_1', personId: 'per_1', benefitYear: 2027, reason: 'duplicate-payment' });
const enrolled = async () => (await app.store.listEnrollments(['per_1'])).find((e) => e.benefitYear === 2027);

describe('a refund for 重复缴费', () => {
  it('is refused when this order is what enrolled the year: the year stays covered', async () => {
    await app.store.insertEnrollment({ personId: 'per_1', benefitYear: 2027, source: 'payment:ord_1', enrolledAt: AT });
    await expect(ask()).rejects.toEqual(new AppError('NOT_REFUNDABLE', '没有查到 2027 年度的另一笔缴费，本笔不属于重复缴费。如在其他渠道重复缴了费，请携带缴费凭证到医保经办窗口办理'));
    expect(await enrolled()).toMatchObject({ source: 'payment:ord_1' });
  });

  it('is refused when nothing holds the year (refunded or suspended already)', async () => {
    await expect(ask()).rejects.toMatchObject({ code: 'NOT_REFUNDABLE' });
  });

  it('is made in full when another route enrolled the year, whose cover stays', async () => {
    await app.store.insertEnrollment({ personId: 'per_1', benefitYear: 2027, source: 'import:registry', enrolledAt: AT });
    expect(await ask()).toMatchObject({ state: 'SUCCESS', refundFen: 40_000 });
    expect(await enrolled()).toMatchObject({ source: 'import:registry' });
    expect((await app.store.ledgerCheck()).ok).toBe(true);
  });
});

describe('a payment that finds its year enrolled by another route', () => {
  it('is booked, and its payer is told, once, that it can be refunded as 重复缴费', async () => {
    // per_1's spouse, paid for by per_1: the order was created before the import landed, and paid after it.
    await app.store.insertPerson(person(2));
    await app.store.insertEnrollment({ personId: 'per_2', benefitYear: 2027, source: 'import:registry', enrolledAt: AT });
    const open = { ...order('ord_2'), requestHash: 'h_ord_2', accountFen: 0, wechatFen: 40_000, state: 'PENDING' as const, paidAt: null };
    const items = [{ orderId: 'ord_2', itemNo: 0, personId: 'per_2', benefitYear: 2027, standardFen: 40_000, dueFen: 40_000, quote, live: true }];
    await app.store.insertOrder(open, items);
    const paid = [{ order: open, items, channelTxnId: 'wx_2', paidAt: AT }];
    expect(await app.store.transaction((tx) => bookPaidOrders(tx, app, paid, 'test'))).toEqual({ booked: ['ord_2'], duplicates: new Set(['ord_2']) });
    // WeChat says it again: nothing more is booked, and nobody is told twice.
    expect(await app.store.transaction((tx) => bookPaidOrders(tx, app, paid, 'test'))).toEqual({ booked: [], duplicates: new Set() });
    const notices = (await app.store.listNotices('o1', 10)).filter((n) => n.kind === 'payment.duplicate');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ personId: 'per_2', title: '重复缴费提醒' });
    expect(notices[0].body).toMatch(/^\S+ 2027 年度已通过其他途径参保，缴费单 ord_2 中为其缴纳的 400\.00元 属于重复缴费。可在“缴费记录”中对该笔缴费申请退费（退费原因选“重复缴费”）/);
    expect((await app.store.listEnrollments(['per_2']))).toEqual([expect.objectContaining({ benefitYear: 2027, source: 'import:registry' })]);
    expect((await app.store.listAudit('per_2')).filter((a) => a.action === 'payment.duplicate-enrollment')).toHaveLength(1);
    expect((await app.store.ledgerCheck()).ok).toBe(true);
  });

  it('names the 经办窗口 for a duplicate paid by bank debit, and tells nobody of a counter payment (its payer is the staff member)', async () => {
    await app.store.insertPerson(person(2));
    await app.store.insertPerson(person(3));
    for (const personId of ['per_2', 'per_3']) await app.store.insertEnrollment({ personId, benefitYear: 2027, source: 'import:registry', enrolledAt: AT });
    const bankDebit = { ...order('ord_b'), requestHash: 'h_ord_b', accountFen: 0, wechatFen: 40_000, state: 'INIT' as const, paidAt: null, channel: 'bank' as const };
    const counter = { ...order('ord_c'), requestHash: 'receipt:RC-1', payerOpenid: 'staff:o-counter', accountFen: 0, wechatFen: 40_000, state: 'INIT' as const, paidAt: null, channel: 'cash' as const };
    const itemsOf = (orderId: string, personId: string) => [{ orderId, itemNo: 0, personId, benefitYear: 2027, standardFen: 40_000, dueFen: 40_000, quote, live: true }];
    await app.store.insertOrder(bankDebit, itemsOf('ord_b', 'per_2'));
    await app.store.insertOrder(counter, itemsOf('ord_c', 'per_3'));
    await app.store.transaction((tx) => bookPaidOrders(tx, app, [
      { order: bankDebit, items: itemsOf('ord_b', 'per_2'), channelTxnId: 'D1', paidAt: AT },
      { order: counter, items: itemsOf('ord_c', 'per_3'), channelTxnId: 'RC-1', paidAt: AT },
    ], 'test'));
    const notices = (await app.store.listNotices('o1', 10)).filter((n) => n.kind === 'payment.duplicate');
    expect(notices.map((n) => n.personId)).toEqual(['per_2']);
    expect(notices[0].body).toContain('属于重复缴费。该笔保费由银行扣缴或银行代缴，无法在小程序中原路退回。请携带身份证件到医保经办窗口申请退费。');
    expect(await app.store.listNotices('staff:o-counter', 10)).toEqual([]);
  });
});
