import type { OrderView, RefundView } from '@shared/api/contract';
import type { StatusTone } from '../../../components/StatusTag';
import type { PaymentOutcome } from './paymentOutcome';

export interface AmountLine {
  key: 'total' | 'account' | 'savings' | 'wechat';
  label: string;
  fen: number;
}

type AmountLabels = Record<AmountLine['key'], string>;

/**
 * Money lines: the total, then where it came from or goes back to (D14: the personal account pays first, the
 * rest by WeChat Pay; D17: a premium paid from 零存整缴 savings; D15: a refund goes back the same way). A source
 * with nothing in it is left out, so a WeChat-only payer never reads "个人账户 0.00元" and wonders about an
 * account they do not have.
 */
function amountLines(amounts: { totalFen: number; accountFen: number; savingsFen?: number; wechatFen: number }, labels: AmountLabels): AmountLine[] {
  const lines: AmountLine[] = [{ key: 'total', label: labels.total, fen: amounts.totalFen }];
  for (const key of ['account', 'savings', 'wechat'] as const) {
    const fen = { account: amounts.accountFen, savings: amounts.savingsFen ?? 0, wechat: amounts.wechatFen }[key];
    if (fen > 0) lines.push({ key, label: labels[key], fen });
  }
  return lines;
}

/** Who carried the order's non-held part (`wechatFen`, named for the first channel): not always WeChat Pay. */
const CHANNEL_LABELS: Record<NonNullable<OrderView['channel']>, string> = {
  wechatpay: '微信支付',
  papay: '微信委托代扣',
  bank: '合作银行扣缴或代缴',
  cash: '经办窗口现金缴费',
};

export function orderAmountLines(order: Pick<OrderView, 'totalFen' | 'accountFen' | 'savingsFen' | 'wechatFen' | 'channel'>): AmountLine[] {
  const wechat = CHANNEL_LABELS[order.channel ?? 'wechatpay'];
  return amountLines(order, { total: '合计', account: '职工医保个人账户支付', savings: '零存整缴存款支付', wechat });
}

export function refundAmountLines(refund: Pick<RefundView, 'refundFen' | 'accountFen' | 'savingsFen' | 'wechatFen'>): AmountLine[] {
  return amountLines(
    { totalFen: refund.refundFen, accountFen: refund.accountFen, savingsFen: refund.savingsFen, wechatFen: refund.wechatFen },
    { total: '退款金额', account: '退回职工医保个人账户', savings: '退回零存整缴存款', wechat: '退回微信支付' },
  );
}

/**
 * The rule's explanation of a refund decision (D15), kept with the refund by the server. Refunds made before it
 * was kept carry only their state label, which the page shows as a tag already.
 */
export function refundRuleMessage(refund: Pick<RefundView, 'message' | 'stateLabel'>): string | null {
  return refund.message !== refund.stateLabel ? refund.message : null;
}

const ORDER_TONES: Record<OrderView['state'], StatusTone> = {
  INIT: 'warning',
  PENDING: 'warning',
  UNKNOWN: 'info',
  SUCCESS: 'success',
  FAILED: 'default',
};

export function orderTone(state: OrderView['state']): StatusTone {
  return ORDER_TONES[state];
}

const REFUND_TONES: Record<RefundView['state'], StatusTone> = {
  PENDING: 'info',
  UNKNOWN: 'info',
  SUCCESS: 'success',
  FAILED: 'warning',
  SUSPENDED: 'default',
};

export function refundTone(state: RefundView['state']): StatusTone {
  return REFUND_TONES[state];
}

export function isOrderSettled(order: Pick<OrderView, 'state'>): boolean {
  return order.state === 'SUCCESS' || order.state === 'FAILED';
}

/** A refund still moving: the WeChat leg has not answered yet. A suspension has no refund id and never moves. */
export function isRefundMoving(refund: Pick<RefundView, 'state' | 'refundId'>): boolean {
  return refund.refundId !== null && (refund.state === 'PENDING' || refund.state === 'UNKNOWN');
}

export type ResultKind = 'paid' | 'not-paid' | 'confirming' | 'unknown';

export interface ResultView {
  kind: ResultKind;
  title: string;
  detail: string;
}

/** An order whose close the server is still confirming with WeChat (OrderView.cancelling). */
export const CANCELLING_TEXT = '正在向微信支付确认取消这笔订单，本次未扣款。确认后（通常几分钟内）可以重新缴费。';

/** An order WeChat took money for that could not be booked (OrderView.held): the year is not enrolled, the money comes back. */
export const HELD_TEXT: Record<NonNullable<OrderView['held']>, string> = {
  pending: '微信支付已付款，但未能入账，本次未参保。所付款项将由医保经办机构核实后退还，无需申请；如需参保，请重新缴费。',
  'paid-out': '微信支付已付款，但未能入账，本次未参保；所付款项已由医保经办机构退还。如需参保，请重新缴费。',
};

/** Shown when the server has not heard from WeChat in time: the payment may still land, so never say "failed". */
export const UNKNOWN_RESULT_TEXT = '支付结果确认中，请稍后在缴费记录中查看';

/**
 * What the result page says, from the order as the server last reported it, what the payment sheet said, and
 * whether we have stopped waiting. The server's state wins: WeChat's callback, not the client, decides that an
 * order is paid, so a confirmed sheet only means "wait for the server".
 */
export function paymentResultView(
  state: OrderView['state'],
  outcome: PaymentOutcome,
  stoppedWaiting: boolean,
  order: Pick<OrderView, 'cancelling' | 'held'> = {},
): ResultView {
  if (state === 'SUCCESS') return { kind: 'paid', title: '已缴费', detail: '缴费成功，已为您办理参保登记。' };
  // WeChat took the money but it could not be booked: saying "未扣款" would be untrue (a cancel the payment beat too).
  if (order.held) return { kind: 'not-paid', title: '缴费未成功', detail: HELD_TEXT[order.held] };
  const cancelling = order.cancelling === true;
  // Cancelled, and WeChat has not confirmed the close yet: the order can be neither paid nor replaced for a few minutes.
  if (cancelling) return { kind: 'not-paid', title: '正在取消', detail: CANCELLING_TEXT };
  if (state === 'FAILED' && outcome === 'cancelled') {
    return { kind: 'not-paid', title: '支付已取消', detail: '您已取消支付，订单已关闭，本次未扣款。如需参保，请重新缴费。' };
  }
  if (state === 'FAILED') return { kind: 'not-paid', title: '支付未成功', detail: '本次支付未成功，未扣款。如需参保，请重新缴费。' };
  if (outcome === 'cancelled') {
    return { kind: 'not-paid', title: '支付已取消', detail: '您已取消支付，本次未扣款。可以重新支付，也可以稍后在缴费记录中继续支付。' };
  }
  if (outcome === 'failed') {
    return { kind: 'not-paid', title: '支付未完成', detail: '微信支付未完成，本次未扣款。可以重新支付。' };
  }
  if (!stoppedWaiting) return { kind: 'confirming', title: '正在确认支付结果…', detail: '请稍候，正在向微信支付确认本次缴费。' };
  return { kind: 'unknown', title: '支付结果确认中', detail: UNKNOWN_RESULT_TEXT };
}
