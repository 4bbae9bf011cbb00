import { z } from 'zod';
import { simulatorCall, type SimResult } from '../../../api/simulatorCall';

/**
 * Local mode only (imported solely by the h5 signing sheet): the local WeChat Pay simulator's 委托代扣 controls,
 * reached through the gateway's same-origin `/sim/wechatpay/` proxy, stand in for WeChat's signing mini-program.
 */
const SessionAnswer = z.object({ contract_display_account: z.string(), state: z.enum(['PENDING', 'CONFIRMED', 'CANCELLED']) });
const SERVICE = '微信支付';

export type SignSession = z.infer<typeof SessionAnswer>;

/** What the signing page shows: whose premium the contract is for, and whether it is still open. */
export function loadSignSession(preEntrustwebId: string): Promise<SimResult<SignSession>> {
  return simulatorCall(`/sim/wechatpay/papay/sign/${encodeURIComponent(preEntrustwebId)}`, SessionAnswer, SERVICE);
}

/** The user's choice on the signing page: CONFIRM signs (WeChat then calls the server back); CANCEL abandons. */
export function chooseSign(preEntrustwebId: string, result: 'CONFIRM' | 'CANCEL'): Promise<SimResult<unknown>> {
  return simulatorCall('/sim/wechatpay/papay/sign', z.unknown(), SERVICE, { pre_entrustweb_id: preEntrustwebId, result });
}
