import { z } from 'zod';
import type { RequestPaymentArgs } from '../pages/payment/common/paymentOutcome';
import { prepayIdOf } from '../pages/payment/common/paymentOutcome';
import { apiUrl } from './apiUrl';

/**
 * Local mode only (imported solely by the h5 payment sheet): the local WeChat Pay simulator, reached through the
 * gateway's same-origin `/sim/wechatpay/` proxy, stands in for the sheet WeChat shows inside the app.
 */
const PrepayAnswer = z.object({ description: z.string(), total_fen: z.number().int(), trade_state: z.string() });
const SimError = z.object({ message: z.string().min(1) });

export type PrepayInfo = z.infer<typeof PrepayAnswer>;
export type SimResult<T> = { ok: true; data: T } | { ok: false; message: string };

const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';

async function read<T>(response: Response, schema: z.ZodType<T>): Promise<SimResult<T>> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = schema.safeParse(body);
  if (response.ok && parsed.success) return { ok: true, data: parsed.data };
  const failed = SimError.safeParse(body);
  return { ok: false, message: failed.success ? failed.data.message : `支付服务暂不可用（${response.status}），请稍后重试` };
}

/** What the sheet shows: the order's description, the WeChat part of the amount, its state at WeChat. */
export async function loadPrepay(args: RequestPaymentArgs): Promise<SimResult<PrepayInfo>> {
  try {
    const response = await fetch(apiUrl(`/sim/wechatpay/prepay/${encodeURIComponent(prepayIdOf(args))}`));
    return await read(response, PrepayAnswer);
  } catch {
    return { ok: false, message: NETWORK_MESSAGE };
  }
}

/** The payer's choice in the sheet: SUCCESS pays (WeChat then calls the server back); FAIL is a cancel. */
export async function submitSheet(args: RequestPaymentArgs, result: 'SUCCESS' | 'FAIL'): Promise<SimResult<unknown>> {
  try {
    const response = await fetch(apiUrl('/sim/wechatpay/pay'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ requestPayment: args, result }),
    });
    return await read(response, z.unknown());
  } catch {
    return { ok: false, message: NETWORK_MESSAGE };
  }
}
