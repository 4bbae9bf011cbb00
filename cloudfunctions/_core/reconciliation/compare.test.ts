import type { TradeBillRow } from '../channels/wechatpay';
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
const row = (fields: Partial<TradeBillRow>): TradeBillRow => ({ outTradeNo: '', outRefundNo: '0', tradeState: 'SUCCESS', orderTotalFen: 0, refundFen: 0, ...fields }) as TradeBillRow;

describe('reconciling a WeChat trade bill against our records', () => {
  const ours = {
    // A 委托代扣 debit's order is found under the debit's id (dbt_1), which is what WeChat's bill names.
    ordersById: new Map([['ord_1', order('ord_1', 40000)], ['ord_2', order('ord_2', 4000)], ['ord_3', order('ord_3', 10000, 'PENDING')], ['dbt_1', order('ord_d1', 38000)]]),
    refundsById: new Map([['rfd_1', refund('rfd_1', 40000)]]),
    paidThatDay: [order('ord_1', 40000), order('ord_2', 4000), order('ord_9', 500)],
    refundedThatDay: [refund('rfd_1', 40000), refund('rfd_9', 100)],
    papayDebitsThatDay: [{ debitId: 'dbt_1', orderId: 'ord_d1', amountFen: 38000, paidAt: '' }, { debitId: 'dbt_9', orderId: 'ord_d9', amountFen: 38000, paidAt: '' }],
  };
  const lines = compareStatement('2026-11-26', [
    row({ outTradeNo: 'ord_1', orderTotalFen: 40000 }),
    row({ outTradeNo: 'ord_2', orderTotalFen: 4001 }),
    row({ outTradeNo: 'ord_3', orderTotalFen: 10000 }),
    row({ outTradeNo: 'ord_x', orderTotalFen: 777 }),
    row({ tradeState: 'REFUND', outTradeNo: 'ord_1', outRefundNo: 'rfd_1', refundFen: 40000 }),
    row({ outTradeNo: 'dbt_1', tradeType: 'PAP', orderTotalFen: 38000 }),
    row({ outTradeNo: 'dbt_x', tradeType: 'PAP', orderTotalFen: 38000 }),
  ], ours, 'now');
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

  it('lists every line once, debits as debits', () => {
    expect(lines).toHaveLength(10);
    expect(['dbt_1', 'dbt_x', 'dbt_9'].map(kind)).toEqual(['debit', 'debit', 'debit']);
  });
});
