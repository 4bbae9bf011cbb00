import { useCallback, useMemo } from 'react';
import Taro from '@tarojs/taro';
import type { PaymentOutcome, RequestPaymentArgs, WechatPayment } from './paymentOutcome';

/**
 * In WeChat the sheet is native: wx.requestPayment with the object the server signed. Its success only means
 * the payer confirmed; the order is paid when WeChat's callback reaches the server, which the result page waits
 * for. A cancel comes back as a failure whose errMsg ends in "cancel".
 */
async function requestPayment(args: RequestPaymentArgs): Promise<PaymentOutcome> {
  try {
    await Taro.requestPayment({
      timeStamp: args.timeStamp,
      nonceStr: args.nonceStr,
      package: args.package,
      signType: args.signType,
      paySign: args.paySign,
    });
    return 'confirmed';
  } catch (error) {
    const errMsg = typeof error === 'object' && error !== null && 'errMsg' in error ? String(error.errMsg) : '';
    return /cancel/i.test(errMsg) ? 'cancelled' : 'failed';
  }
}

export function useWechatPayment(): WechatPayment {
  const request = useCallback(requestPayment, []);
  return useMemo(() => ({ requestPayment: request, sheet: null }), [request]);
}
