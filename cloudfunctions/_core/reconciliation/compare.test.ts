import type { TradeBillRow } from '../channels/wechatpay';
import type { CreditRepaymentRow } from '../store/credit.port';
import type { PaymentOrderRow, RefundRow } from '../store/port';
import { compareStatement } from './compare';

const order = (orderId: string, wechatFen: number, state: PaymentOrderRow['state'] = 'SUCCESS'): PaymentOrderRow => ({
  orderId, payerPersonId: 'p', payerOpenid: 'o', requestHash: 'h', totalFen: wechatFen, accountFen: 0, wechatFen, state,
  prepayId: null, channelTxnId: null, failure: null, createdAt: '', updatedAt: '',
});
const refund = (refundId: string, wechatFen: number): RefundRow => ({
  refundId, orderId: 'ord_1', personId: 'p', benefitYear: 2027, reason: 'emigration', requestedBy: 'o', accountFen: 0, wechatFen,
  state: 'SUCCESS', channelRefundId: null, failure: null, createdAt: '', updatedAt: '',
});
const repayment = (repaymentId: string, state: CreditRepaymentRow['state']): CreditRepaymentRow => ({
  repaymentId, advanceId: 'adv_1', amountFen: 38000, requestedBy: 'o', channel: 'wechatpay', state, failure: null, prepayId: 'wx', channelTxnId: 'tx',
  collectedAt: '', refundedAt: null, createdAt: '', updatedAt: '',
});
const row = (fields: Partial<TradeBillRow>): TradeBillRow => ({ outTradeNo: '', outRefundNo: '0', tradeState: 'SUCCESS', orderTotalFen: 0, refundFen: 0, ...fields }) as TradeBillRow;

describe('reconciling a WeChat trade bill against our records', () => {
  const ours = {
    // A 委托代扣 debit's order is found under the debit's id (dbt_1), which is what WeChat's bill names.
    ordersById: new Map([['ord_1', order('ord_1', 40000)], ['ord_2', order('ord_2', 4000)], ['ord_3', order('ord_3', 10000, 'PENDING')], ['dbt_1', order('ord_d1', 38000)]]),
    refundsById: new Map([['rfd_1', refund('rfd_1', 40000)]]),
    paidThatDay: [order('ord_1', 40000), order('ord_2', 4000), order('ord_9', 500)],
    refundedThatDay: [refund('rfd_1', 40000), refund('rfd_9', 100)],
    papayDebitsThatDay: [{ debitId: 'dbt_1', orderId: 'ord_d1', amountFen: 38000, paidAt: '' }, { debitId: 'dbt_9', orderId: 'ord_d9', amountFen: 38000, paidAt: '' }],
    // Repayments of bank advances by WeChat Pay: rpy_1 at the bank, rpy_2 still a sheet here, rpy_3 paid and given back.
    repaymentsById: new Map([['rpy_1', repayment('rpy_1', 'SUCCESS')], ['rpy_2', repayment('rpy_2', 'PENDING')], ['rpy_3', repayment('rpy_3', 'REFUNDED')]]),
    repaymentsCollectedThatDay: [repayment('rpy_1', 'SUCCESS'), repayment('rpy_3', 'REFUNDED'), repayment('rpy_9', 'COLLECTED')],
    repaymentsRefundedThatDay: [repayment('rpy_3', 'REFUNDED'), repayment('rpy_8', 'REFUNDED')],
  };
  const lines = compareStatement('2026-11-26', [
    row({ outTradeNo: 'ord_1', orderTotalFen: 40000 }),
    row({ outTradeNo: 'ord_2', orderTotalFen: 4001 }),
    row({ outTradeNo: 'ord_3', orderTotalFen: 10000 }),
    row({ outTradeNo: 'ord_x', orderTotalFen: 777 }),
    row({ tradeState: 'REFUND', outTradeNo: 'ord_1', outRefundNo: 'rfd_1', refundFen: 40000 }),
    row({ outTradeNo: 'dbt_1', tradeType: 'PAP', orderTotalFen: 38000 }),
    row({ outTradeNo: 'dbt_x', tradeType: 'PAP', orderTotalFen: 38000 }),
    row({ outTradeNo: 'rpy_1', orderTotalFen: 38000 }),
    row({ outTradeNo: 'rpy_2', orderTotalFen: 38000 }),
    row({ outTradeNo: 'rpy_3', orderTotalFen: 38000 }),
    row({ tradeState: 'REFUND', outTradeNo: 'rpy_3', outRefundNo: 'rpy_3', refundFen: 38000 }),
    row({ outTradeNo: 'rpy_x', orderTotalFen: 100 }),
  ], ours, 'now');
  const line = (kindOf: string, ref: string) => lines.find((l) => l.kind === kindOf && l.ref === ref)?.status;
  const kind = (ref: string) => lines.find((l) => l.ref === ref)?.kind;
  const status = (ref: string) => lines.find((l) => l.ref === ref)?.status;

  it.each([
    ['a payment both sides agree on', 'ord_1', 'MATCHED'],
    ['an amount that differs by one fen', 'ord_2', 'AMOUNT_MISMATCH'],
    ['a payment WeChat took that we still think pending', 'ord_3', 'STATUS_MISMATCH'],
    ['a payment we have no order for', 'ord_x', 'MISSING_ON_OUR_SIDE'],
    ['a payment we booked that the bill lacks', 'ord_9', 'MISSING_ON_CHANNEL_SIDE'],
    ['a refund both sides agree on', 'rfd_1', 'MATCHED'],
    ['a refund we booked that the bill lacks', 'rfd_9', 'MISSING_ON_CHANNEL_SIDE'],
    ['a 委托代扣 debit both sides agree on', 'dbt_1', 'MATCHED'],
    ['a 委托代扣 debit we have no record of', 'dbt_x', 'MISSING_ON_OUR_SIDE'],
    ['a 委托代扣 debit we booked that the bill lacks', 'dbt_9', 'MISSING_ON_CHANNEL_SIDE'],
  ])('%s → %s', (_name, ref, expected) => {
    expect(status(ref)).toBe(expected);
  });

  it.each([
    ['a WeChat repayment the bank has', 'repayment', 'rpy_1', 'MATCHED'],
    ['a WeChat repayment paid that we still hold as an open sheet', 'repayment', 'rpy_2', 'STATUS_MISMATCH'],
    ['a WeChat repayment paid, then given back', 'repayment', 'rpy_3', 'MATCHED'],
    ['its refund', 'refund', 'rpy_3', 'MATCHED'],
    ['a repayment trade we have no record of', 'repayment', 'rpy_x', 'MISSING_ON_OUR_SIDE'],
    ['a repayment we hold as collected that the bill lacks', 'repayment', 'rpy_9', 'MISSING_ON_CHANNEL_SIDE'],
    ['a repayment refund we booked that the bill lacks', 'refund', 'rpy_8', 'MISSING_ON_CHANNEL_SIDE'],
  ])('%s → %s %s %s', (_name, kindOf, ref, expected) => {
    expect(line(kindOf, ref)).toBe(expected);
  });

  it('lists every line once, debits as debits', () => {
    expect(lines).toHaveLength(17);
    expect(['dbt_1', 'dbt_x', 'dbt_9'].map(kind)).toEqual(['debit', 'debit', 'debit']);
  });

  it('says where a payment went that WeChat took and we could not book (待人工处理款项, or paid back)', () => {
    const held = { ...order('ord_h', 40000, 'FAILED'), failure: 'wechat:amount-mismatch:39900', heldAt: 'then' };
    const heldOurs = { ...ours, ordersById: new Map([['ord_h', held], ['ord_p', { ...held, orderId: 'ord_p', paidOutAt: 'later' }]]) };
    const bill = [row({ outTradeNo: 'ord_h', orderTotalFen: 39900 }), row({ outTradeNo: 'ord_p', orderTotalFen: 39900 })];
    const [h, p] = compareStatement('2026-11-26', bill, heldOurs, 'now').filter((l) => l.kind === 'payment' && l.ref.startsWith('ord_'));
    expect(h).toMatchObject({ status: 'AMOUNT_MISMATCH', detail: '金额不一致（未能入账，已转入待人工处理款项）' });
    expect(p).toMatchObject({ status: 'AMOUNT_MISMATCH', detail: '金额不一致（未能入账，已由经办机构退还）' });
    // Its refund on WeChat's merchant platform (微信原路退款) is no refund of ours, and says which held payment it is.
    const refunded = compareStatement('2026-11-26', [row({ tradeState: 'REFUND', outTradeNo: 'ord_p', outRefundNo: '503001', refundFen: 39900 })], heldOurs, 'now');
    expect(refunded.find((l) => l.ref === '503001')).toMatchObject({
      status: 'MISSING_ON_OUR_SIDE', detail: '微信有退款，我方无此退款单（缴费单 ord_p 未能入账的款项已登记退还，请与登记的凭证号核对）',
    });
  });
});
