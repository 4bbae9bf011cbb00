import type { TradeBillRow } from '../channels/wechatpay';
import type { PaymentOrderRow, ReconciliationLine, RefundRow } from '../store/port';

export interface OurSide {
  /** Our orders and refunds the bill's rows name, whatever their state or day. */
  ordersById: Map<string, PaymentOrderRow>;
  refundsById: Map<string, RefundRow>;
  /** What we booked as paid / refunded through WeChat on the statement day. */
  paidThatDay: PaymentOrderRow[];
  refundedThatDay: RefundRow[];
}

/**
 * Compares one day's WeChat trade bill with our records, line by line. Pure: it reports, it never corrects —
 * a difference is for fund staff to investigate, not for code to paper over.
 */
export function compareStatement(billDate: string, rows: readonly TradeBillRow[], ours: OurSide, checkedAt: string): ReconciliationLine[] {
  const lines: ReconciliationLine[] = [];
  const line = (kind: 'payment' | 'refund', ref: string, status: ReconciliationLine['status'], ourFen: number | null, channelFen: number | null, detail: string) =>
    lines.push({ billDate, kind, ref, status, ourFen, channelFen, detail, checkedAt });
  const seenPayments = new Set<string>();
  const seenRefunds = new Set<string>();

  for (const row of rows) {
    if (row.tradeState === 'SUCCESS') {
      seenPayments.add(row.outTradeNo);
      const order = ours.ordersById.get(row.outTradeNo);
      if (!order) line('payment', row.outTradeNo, 'MISSING_ON_OUR_SIDE', null, row.orderTotalFen, '微信有收款，我方无此订单');
      else if (order.wechatFen !== row.orderTotalFen) line('payment', row.outTradeNo, 'AMOUNT_MISMATCH', order.wechatFen, row.orderTotalFen, '金额不一致');
      else if (order.state !== 'SUCCESS') line('payment', row.outTradeNo, 'STATUS_MISMATCH', order.wechatFen, row.orderTotalFen, `我方状态为 ${order.state}`);
      else line('payment', row.outTradeNo, 'MATCHED', order.wechatFen, row.orderTotalFen, '');
    } else if (row.tradeState === 'REFUND') {
      seenRefunds.add(row.outRefundNo);
      const refund = ours.refundsById.get(row.outRefundNo);
      if (!refund) line('refund', row.outRefundNo, 'MISSING_ON_OUR_SIDE', null, row.refundFen, '微信有退款，我方无此退款单');
      else if (refund.wechatFen !== row.refundFen) line('refund', row.outRefundNo, 'AMOUNT_MISMATCH', refund.wechatFen, row.refundFen, '金额不一致');
      else if (refund.state !== 'SUCCESS') line('refund', row.outRefundNo, 'STATUS_MISMATCH', refund.wechatFen, row.refundFen, `我方状态为 ${refund.state}`);
      else line('refund', row.outRefundNo, 'MATCHED', refund.wechatFen, row.refundFen, '');
    }
  }
  for (const order of ours.paidThatDay) {
    if (!seenPayments.has(order.orderId)) line('payment', order.orderId, 'MISSING_ON_CHANNEL_SIDE', order.wechatFen, null, '我方记为已收款，微信账单无此笔');
  }
  for (const refund of ours.refundedThatDay) {
    if (!seenRefunds.has(refund.refundId)) line('refund', refund.refundId, 'MISSING_ON_CHANNEL_SIDE', refund.wechatFen, null, '我方记为已退款，微信账单无此笔');
  }
  return lines;
}
