import type { PaymentOrderRow } from '../store/port';

/**
 * Where a refund goes when the money did not come through WeChat Pay's JSAPI (the one channel we can refund
 * through from here): a bank debit or bank advance (the bank has no refund call; a bank advance is owed to the
 * bank, not the resident's to take back), a WeChat 委托代扣 debit, a counter payment. Refused before anything
 * changes, so the year stays enrolled until the 经办窗口 settles the money.
 */
const REFUND_ELSEWHERE: Record<Exclude<NonNullable<PaymentOrderRow['channel']>, 'wechatpay'>, string> = {
  bank: '该笔保费由银行扣缴或银行代缴，无法在小程序中原路退回。请携带身份证件到医保经办窗口申请退费。',
  papay: '该笔保费由微信委托代扣缴纳，无法在小程序中退回。请携带身份证件到医保经办窗口申请退费。',
  cash: '该笔保费在经办窗口以现金缴纳，请到经办窗口申请退费。',
};

/** Where the refund of `channelFen` (the order's non-held part) must be asked for instead of here; null when here. */
export function refundElsewhere(order: Pick<PaymentOrderRow, 'channel'>, channelFen: number): string | null {
  const channel = order.channel ?? 'wechatpay';
  return channelFen > 0 && channel !== 'wechatpay' ? REFUND_ELSEWHERE[channel] : null;
}
