import { z } from 'zod';
import { apiUrl } from '../../../api/apiUrl';

/**
 * Local mode only (imported solely by the h5 signing sheet): the local WeChat Pay simulator's 委托代扣 controls,
 * reached through the gateway's same-origin `/sim/wechatpay/` proxy, stand in for WeChat's signing mini-program.
 */
const SessionAnswer = z.object({ contract_display_account: z.string(), state: z.enum(['PENDING', 'CONFIRMED', 'CANCELLED']) });
const SimError = z.object({ message: z.string().min(1) });

export type SignSession = z.infer<typeof SessionAnswer>;
export type SimResult<T> = { ok: true; data: T } | { ok: false; message: string };

const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';

async function read<T>(response: Response, schema: z.ZodType<T>): Promise<SimResult<T>> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = schema.safeParse(body);
  if (response.ok && parsed.success) return { ok: true, data: parsed.data };
  const failed = SimError.safeParse(body);
  return { ok: false, message: failed.success ? failed.data.message : `微信支付暂不可用（${response.status}），请稍后重试` };
}

/** What the signing page shows: whose premium the contract is for, and whether it is still open. */
export async function loadSignSession(preEntrustwebId: string): Promise<SimResult<SignSession>> {
  try {
    return await read(await fetch(apiUrl(`/sim/wechatpay/papay/sign/${encodeURIComponent(preEntrustwebId)}`)), SessionAnswer);
  } catch {
    return { ok: false, message: NETWORK_MESSAGE };
  }
}

/** The user's choice on the signing page: CONFIRM signs (WeChat then calls the server back); CANCEL abandons. */
export async function chooseSign(preEntrustwebId: string, result: 'CONFIRM' | 'CANCEL'): Promise<SimResult<unknown>> {
  try {
    const response = await fetch(apiUrl('/sim/wechatpay/papay/sign'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pre_entrustweb_id: preEntrustwebId, result }),
    });
    return await read(response, z.unknown());
  } catch {
    return { ok: false, message: NETWORK_MESSAGE };
  }
}
