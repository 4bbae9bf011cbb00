import { z } from 'zod';
import type { RequestPaymentArgs } from '../pages/payment/common/paymentOutcome';
import { prepayIdOf } from '../pages/payment/common/paymentOutcome';
import { simulatorCall, type SimResult } from './simulatorCall';

/**
 * Local mode only (imported solely by the h5 payment sheet): the local WeChat Pay simulator, reached through the
 * gateway's same-origin `/sim/wechatpay/` proxy, stands in for the sheet WeChat shows inside the app.
 */
const PrepayAnswer = z.object({ description: z.string(), total_fen: z.number().int(), trade_state: z.string() });
const SERVICE = '支付服务';

export type PrepayInfo = z.infer<typeof PrepayAnswer>;

/** What the sheet shows: the order's description, the WeChat part of the amount, its state at WeChat. */
export function loadPrepay(args: RequestPaymentArgs): Promise<SimResult<PrepayInfo>> {
  return simulatorCall(`/sim/wechatpay/prepay/${encodeURIComponent(prepayIdOf(args))}`, PrepayAnswer, SERVICE);
}

/** The payer's choice in the sheet: SUCCESS pays (WeChat then calls the server back); FAIL is a cancel. */
export function submitSheet(args: RequestPaymentArgs, result: 'SUCCESS' | 'FAIL'): Promise<SimResult<unknown>> {
  return simulatorCall('/sim/wechatpay/pay', z.unknown(), SERVICE, { requestPayment: args, result });
}
