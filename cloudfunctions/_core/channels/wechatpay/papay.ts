/**
 * The 委托代扣 (papay) calls of the WeChat Pay client. They go through the client's one signed `call`, so
 * signing, answer verification and the ok / rejected / unknown outcome are exactly those of payments. Like the
 * rest of the client they keep no state: the contract code and the debit's out_trade_no are the caller's ids,
 * stored before the call, and a lost answer is settled by the matching query.
 */
import type { z } from 'zod';
import type { ChannelOutcome } from './outcome';
import {
  ContractIdSchema,
  OutContractCodeSchema,
  PapayApplyInputSchema,
  PapayContractSchema,
  PapayPreSignInputSchema,
  PapayPreSignResponseSchema,
  PapayTransactionSchema,
  PlanIdSchema,
  type PapayApplyInput,
  type PapayContract,
  type PapayPreSignInput,
  type PapayTransaction,
} from './papaySchemas';
import { OutTradeNoSchema } from './schemas';

export type SignedCall = <T>(method: 'GET' | 'POST', path: string, payload: unknown, schema: z.ZodType<T> | null) => Promise<ChannelOutcome<T>>;

export interface PapayClient {
  /** Pre-signing for the mini-program: the session id the signing mini-program is opened with (valid 2 hours). */
  papayPreSign(input: PapayPreSignInput): Promise<ChannelOutcome<{ pre_entrustweb_id: string }>>;
  /** The contract signed under our code; 404 (rejected) while nobody has signed it. */
  papayQueryContract(planId: number, outContractCode: string): Promise<ChannelOutcome<PapayContract>>;
  /** Ends a contract from our side; WeChat then sends the termination callback. Ending an ended contract is ok. */
  papayTerminate(planId: number, contractId: string, note: string): Promise<ChannelOutcome<null>>;
  /** 受理扣款: ok means accepted (ACCEPT); the result comes by callback or by papayQueryTransaction. */
  papayApply(input: PapayApplyInput): Promise<ChannelOutcome<null>>;
  papayQueryTransaction(outTradeNo: string): Promise<ChannelOutcome<PapayTransaction>>;
}

export function papayCalls(deps: {
  call: SignedCall;
  appid: string;
  mchid: string;
  invalid: <T>(issues: string) => ChannelOutcome<T>;
}): PapayClient {
  const { call, appid, mchid, invalid } = deps;
  return {
    async papayPreSign(input) {
      const parsed = PapayPreSignInputSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.message);
      return call('POST', '/v3/papay/sign/contracts/pre-entrust-sign/mini-program', { appid, ...parsed.data }, PapayPreSignResponseSchema);
    },

    async papayQueryContract(planId, outContractCode) {
      if (!PlanIdSchema.safeParse(planId).success || !OutContractCodeSchema.safeParse(outContractCode).success) return invalid('plan_id, out_contract_code');
      const query = `appid=${encodeURIComponent(appid)}&plan_id=${planId}`;
      return call('GET', `/v3/papay/contracts/out-contract-code/${encodeURIComponent(outContractCode)}?${query}`, undefined, PapayContractSchema);
    },

    async papayTerminate(planId, contractId, note) {
      if (!PlanIdSchema.safeParse(planId).success || !ContractIdSchema.safeParse(contractId).success) return invalid('plan_id, contract_id');
      return call('POST', `/v3/papay/contracts/${encodeURIComponent(contractId)}/terminate`, { appid, plan_id: planId, termination_note: note }, null);
    },

    async papayApply(input) {
      const parsed = PapayApplyInputSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.message);
      return call('POST', '/v3/papay/pay/transactions/apply', { appid, ...parsed.data }, null);
    },

    async papayQueryTransaction(outTradeNo) {
      if (!OutTradeNoSchema.safeParse(outTradeNo).success) return invalid('out_trade_no');
      return call('GET', `/v3/papay/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(mchid)}`, undefined, PapayTransactionSchema);
    },
  };
}
