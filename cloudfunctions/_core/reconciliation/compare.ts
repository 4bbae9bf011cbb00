import type { TradeBillRow } from '../channels/wechatpay';
import { isRepaymentNo } from '../credit/repaymentNo';
import type { CreditRepaymentRow } from '../store/credit.port';
import type { PaidDebitRow, PaymentOrderRow, ReconciliationLine, RefundRow } from '../store/port';

/** WeChat's trade type for 委托代扣 debits on the trade bill (the other payments here are JSAPI). */
export const PAPAY_TRADE_TYPE = 'PAP';

export interface OurSide {
  /** Our orders and refunds the bill's rows name, whatever their state or day. */
  ordersById: Map<string, PaymentOrderRow>;
  refundsById: Map<string, RefundRow>;
  /** What we booked as paid / refunded through WeChat on the statement day. */
  paidThatDay: PaymentOrderRow[];
  refundedThatDay: RefundRow[];
  /** Auto-renewal debits WeChat took (委托代扣) that day: their bill rows name the debit, not the order. */
  papayDebitsThatDay: PaidDebitRow[];
  /**
   * Repayments of bank advances paid by WeChat Pay (信用参保): the bill's rows name them by the repayment id, as trade
   * and, when the bank would not take the money, as refund. Those the bill names, and those collected / refunded that day.
   */
  repaymentsById: Map<string, CreditRepaymentRow>;
  repaymentsCollectedThatDay: CreditRepaymentRow[];
  repaymentsRefundedThatDay: CreditRepaymentRow[];
}

/** A repayment's state as fund staff read it in a difference's detail. */
const REPAYMENT_STATE_LABELS: Record<CreditRepaymentRow['state'], string> = {
  INIT: '微信下单中', PENDING: '待支付', UNKNOWN: '结果确认中', COLLECTED: '已收款，待转交银行', SUCCESS: '已转交银行', FAILED: '未支付（已关闭）',
  REFUNDING: '银行未受理，退回中', REFUNDED: '银行未受理，已退回', MANUAL: '待人工处理',
};

/** WeChat took the money for these (whatever became of it since: at the bank, or on its way back). */
const COLLECTED_STATES: readonly CreditRepaymentRow['state'][] = ['COLLECTED', 'SUCCESS', 'REFUNDING', 'REFUNDED', 'MANUAL'];

/**
 * A payment WeChat took for an order that could not book it (payments/service.ts holdUnbooked) stays a difference, and
 * says where it went: to 待人工处理款项, or back to its payer by hand.
 */
function withHeldNote(order: PaymentOrderRow | undefined, verdict: Verdict): Verdict {
  if (!order?.heldAt || verdict.status === 'MATCHED') return verdict;
  return { ...verdict, detail: `${verdict.detail}（${order.paidOutAt ? '未能入账，已由经办机构退还' : '未能入账，已转入待人工处理款项'}）` };
}

/** A WeChat refund of a held payment's order, made by staff on the merchant platform: what staff should check it against. */
function heldRefundNote(order: PaymentOrderRow | undefined): string {
  if (!order?.heldAt) return '';
  return `（缴费单 ${order.orderId} 未能入账的款项${order.paidOutAt ? '已登记退还，请与登记的凭证号核对' : '在待人工处理款项中，尚未登记退还'}）`;
}

/**
 * Compares one day's WeChat trade bill with our records, line by line. Pure: it reports, it never corrects —
 * a difference is for fund staff to investigate, not for code to paper over.
 */
/** What a channel's line is compared with: our record's amount, and whether its state is the channel's. */
export interface OurRecord {
  fen: number;
  /** True when our state says what the channel's line says (paid, failed...). */
  sameState: boolean;
  /** Our state, shown to staff when it differs. */
  state: string;
}

export type Verdict = Pick<ReconciliationLine, 'status' | 'ourFen' | 'channelFen' | 'detail'>;

/**
 * One line of a channel's statement against our record of it, in a fixed order of questions: do we have it,
 * does the amount agree, does the state agree. The first difference is the one reported.
 */
export function judge(ours: OurRecord | undefined, channelFen: number, missingDetail: string): Verdict {
  if (!ours) return { status: 'MISSING_ON_OUR_SIDE', ourFen: null, channelFen, detail: missingDetail };
  if (ours.fen !== channelFen) return { status: 'AMOUNT_MISMATCH', ourFen: ours.fen, channelFen, detail: '金额不一致' };
  if (!ours.sameState) return { status: 'STATUS_MISMATCH', ourFen: ours.fen, channelFen, detail: `我方状态为 ${ours.state}` };
  return { status: 'MATCHED', ourFen: ours.fen, channelFen, detail: '' };
}

/**
 * Compares one day's WeChat trade bill with our records, line by line. Pure: it reports, it never corrects —
 * a difference is for fund staff to investigate, not for code to paper over.
 */
export function compareStatement(billDate: string, rows: readonly TradeBillRow[], ours: OurSide, checkedAt: string): ReconciliationLine[] {
  const lines: ReconciliationLine[] = [];
  const line = (kind: 'payment' | 'refund' | 'debit' | 'repayment', ref: string, verdict: Verdict) => lines.push({ billDate, kind, ref, ...verdict, checkedAt });
  const repayment = (no: string, done: readonly CreditRepaymentRow['state'][]): OurRecord | undefined => {
    const r = ours.repaymentsById.get(no);
    return r && { fen: r.amountFen, sameState: done.includes(r.state), state: REPAYMENT_STATE_LABELS[r.state] };
  };
  const record = (row: { wechatFen: number; state: string } | undefined): OurRecord | undefined =>
    row && { fen: row.wechatFen, sameState: row.state === 'SUCCESS', state: row.state };
  const seenPayments = new Set<string>();
  const seenRefunds = new Set<string>();
  const seenDebits = new Set<string>();

  for (const row of rows) {
    if (row.tradeState === 'SUCCESS' && row.tradeType === PAPAY_TRADE_TYPE) {
      seenDebits.add(row.outTradeNo);
      // ordersById holds a debit's order under the debit's id, the out_trade_no WeChat knows it by.
      line('debit', row.outTradeNo, judge(record(ours.ordersById.get(row.outTradeNo)), row.orderTotalFen, '微信有委托代扣，我方无此扣款'));
    } else if (row.tradeState === 'SUCCESS' && isRepaymentNo(row.outTradeNo)) {
      seenPayments.add(row.outTradeNo);
      line('repayment', row.outTradeNo, judge(repayment(row.outTradeNo, COLLECTED_STATES), row.orderTotalFen, '微信有还款收款，我方无此还款'));
    } else if (row.tradeState === 'REFUND' && isRepaymentNo(row.outRefundNo)) {
      seenRefunds.add(row.outRefundNo);
      line('refund', row.outRefundNo, judge(repayment(row.outRefundNo, ['REFUNDED']), row.refundFen, '微信有还款退回，我方无此退回'));
    } else if (row.tradeState === 'SUCCESS') {
      seenPayments.add(row.outTradeNo);
      const order = ours.ordersById.get(row.outTradeNo);
      line('payment', row.outTradeNo, withHeldNote(order, judge(record(order), row.orderTotalFen, '微信有收款，我方无此订单')));
    } else if (row.tradeState === 'REFUND') {
      seenRefunds.add(row.outRefundNo);
      line('refund', row.outRefundNo, judge(record(ours.refundsById.get(row.outRefundNo)), row.refundFen, `微信有退款，我方无此退款单${heldRefundNote(ours.ordersById.get(row.outTradeNo))}`));
    }
  }
  const missing = (ourFen: number, detail: string): Verdict => ({ status: 'MISSING_ON_CHANNEL_SIDE', ourFen, channelFen: null, detail });
  for (const order of ours.paidThatDay) {
    if (!seenPayments.has(order.orderId)) line('payment', order.orderId, missing(order.wechatFen, '我方记为已收款，微信账单无此笔'));
  }
  for (const debit of ours.papayDebitsThatDay) {
    if (!seenDebits.has(debit.debitId)) line('debit', debit.debitId, missing(debit.amountFen, '我方记为已代扣，微信账单无此笔'));
  }
  for (const refund of ours.refundedThatDay) {
    if (!seenRefunds.has(refund.refundId)) line('refund', refund.refundId, missing(refund.wechatFen, '我方记为已退款，微信账单无此笔'));
  }
  for (const r of ours.repaymentsCollectedThatDay) {
    if (!seenPayments.has(r.repaymentId)) line('repayment', r.repaymentId, missing(r.amountFen, '我方记为已收还款，微信账单无此笔'));
  }
  for (const r of ours.repaymentsRefundedThatDay) {
    if (!seenRefunds.has(r.repaymentId)) line('refund', r.repaymentId, missing(r.amountFen, '我方记为还款已退回，微信账单无此笔'));
  }
  return lines;
}
