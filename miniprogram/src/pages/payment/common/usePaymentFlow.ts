import { useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import type { OrderView } from '@shared/api/contract';
import { ROUTES, withQuery } from '../../../lib/routes';
import { paymentApi } from './paymentApi';
import type { PaymentOutcome } from './paymentOutcome';
import { useWechatPayment } from './wechatPayment';

export interface PaymentFlow {
  /** Takes an order the server just answered with to its WeChat step (if it has one), then to the result page. */
  payOrder: (order: OrderView, options?: { accountRequested?: boolean }) => Promise<void>;
  /** True while the WeChat sheet is open; the page disables its buttons. */
  paying: boolean;
  /** The page renders this (the simulated sheet on h5; nothing in WeChat). */
  sheet: ReactNode;
}

/**
 * One way from an order to its result, for 缴费 and for 重新支付 / 继续支付: an order the personal account paid
 * in full is SUCCESS already and goes straight to the result; an order waiting for WeChat opens the sheet first.
 * A cancelled sheet closes the order (payments `cancel`). The result page replaces the current page, so "back"
 * from it returns to where the user started, not to a form that would pay again.
 */
export function usePaymentFlow(): PaymentFlow {
  const wechat = useWechatPayment();
  const [paying, setPaying] = useState(false);

  const payOrder: PaymentFlow['payOrder'] = async (order, options = {}) => {
    let outcome: PaymentOutcome = 'none';
    if (order.state === 'PENDING' && order.requestPayment) {
      setPaying(true);
      outcome = await wechat.requestPayment(order.requestPayment);
      // Cancelled in the sheet: the server closes the order at WeChat now, so the person-year and any personal-
      // account hold are free at once instead of at the janitor's expiry. Its answer is not awaited for anything
      // else: the result page reads the order as it then stands (closed, or still open if WeChat did not answer).
      if (outcome === 'cancelled') await paymentApi.cancelPayment(order.orderId);
      setPaying(false);
    }
    // Asked to use the personal account, but it paid nothing: the result page says why WeChat took it all.
    const accountEmpty = options.accountRequested === true && order.accountFen === 0 ? 1 : undefined;
    void Taro.redirectTo({ url: withQuery(ROUTES.payResult, { orderId: order.orderId, outcome, accountEmpty }) });
  };

  return { payOrder, paying, sheet: wechat.sheet };
}
