import { formatYuan } from '../agreements/notices';
import type { NoticeRow, PaymentItemRow, PaymentOrderRow, StoreOps } from '../store/port';

/**
 * Money WeChat took for a payment order that could not be booked (service.ts holdUnbooked): how it is written in the
 * order's `failure`, read back, and told to the payer. `wechat:amount-mismatch:<fen|none>` for another amount than
 * the order's; `<what failed it>;paid-after-failed:<fen|none>` for a payment on an order that had failed; either
 * with `:REFUND` when WeChat already shows the payment refunded (by whom, staff check on WeChat's merchant platform).
 * A WeChat repayment sheet held the same way (credit/wechatRepayment.ts) reads back through the same parser: its
 * `wechat:paid-after-close:<fen|none>` is a payment after it had ended, as an order's paid-after-failed is.
 */
export type UnbookedKind = 'amount-mismatch' | 'paid-after-failed';

export function unbookedFailure(kind: UnbookedKind, before: string | null, paidFen: number | null, refunded: boolean): string {
  const tail = `${kind}:${paidFen ?? 'none'}${refunded ? ':REFUND' : ''}`;
  return kind === 'amount-mismatch' ? `wechat:${tail}` : `${before ?? 'failed'};${tail}`;
}

export interface Unbooked {
  kind: UnbookedKind;
  /** What WeChat said was paid; null when it gave no amount. */
  paidFen: number | null;
  refunded: boolean;
}

export function readUnbooked(failure: string | null): Unbooked | null {
  const found = /(amount-mismatch|paid-after-failed|paid-after-close):(\d+|none)(:REFUND)?$/.exec(failure ?? '');
  if (!found) return null;
  const kind: UnbookedKind = found[1] === 'amount-mismatch' ? 'amount-mismatch' : 'paid-after-failed';
  return { kind, paidFen: found[2] === 'none' ? null : Number(found[2]), refunded: found[3] !== undefined };
}

/** The payer is told at once: WeChat took the money, the year is not enrolled, and the money comes back unasked. */
export async function unbookedNotice(tx: StoreOps, order: PaymentOrderRow, items: readonly PaymentItemRow[], u: Unbooked, noticeId: string, at: string): Promise<NoticeRow> {
  const names: string[] = [];
  for (const item of items) names.push(`${(await tx.getPerson(item.personId))?.name ?? ''} ${item.benefitYear} 年度`);
  const why = u.kind === 'amount-mismatch' ? '金额与缴费单不符' : '该缴费单此前已关闭';
  return {
    noticeId, personId: order.payerPersonId, openid: order.payerOpenid, kind: 'payment.held', ref: order.orderId, title: '缴费未成功，所付款项将退还', createdAt: at,
    body: `缴费单 ${order.orderId} 在微信支付已付款${u.paidFen === null ? '' : ` ${formatYuan(u.paidFen)}`}，但${why}，未能入账，${names.join('、')}未参保。`
      + '所付款项将由医保经办机构核实后退还，无需申请；如需参保，请重新缴费。',
  };
}
