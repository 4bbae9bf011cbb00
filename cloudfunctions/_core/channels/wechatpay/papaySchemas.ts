/**
 * zod schemas for 委托代扣 (papay): pre-signing for the mini-program, contract query and termination, debit
 * (受理扣款) and its query, and the resources of the contract and debit callbacks. Field names follow WeChat's
 * APIv3 papay documentation; the exact shape this project speaks is written down in simulators/wechatpay/README.md.
 * What we send is parsed strictly, answers leniently (WeChat adds fields over time).
 */
import { z } from 'zod';
import { FenSchema, OutTradeNoSchema, WechatTimeSchema } from './schemas';

/** 商户签约协议号: WeChat allows only digits and letters here, at most 32. */
export const OutContractCodeSchema = z.string().regex(/^[0-9A-Za-z]{1,32}$/);
export const PlanIdSchema = z.number().int().positive();
export const ContractIdSchema = z.string().regex(/^[0-9A-Za-z]{1,64}$/);

export const PapayPreSignInputSchema = z.strictObject({
  plan_id: PlanIdSchema,
  out_contract_code: OutContractCodeSchema,
  /** Shown to the user on WeChat's signing page. */
  contract_display_account: z.string().min(1).max(32),
  contract_notify_url: z.url({ protocol: /^https?$/ }).max(256),
  /** The user who must be the one signing in WeChat. */
  openid: z.string().min(1).max(128),
});
export type PapayPreSignInput = z.input<typeof PapayPreSignInputSchema>;

/** The full body of POST /v3/papay/sign/contracts/pre-entrust-sign/mini-program. */
export const PapayPreSignRequestSchema = PapayPreSignInputSchema.extend({ appid: z.string().min(1).max(32) });

export const PapayPreSignResponseSchema = z.object({ pre_entrustweb_id: z.string().min(1).max(128) });

export const CONTRACT_STATES = ['ENTRUSTED', 'TERMINATED'] as const;
export const ContractStateSchema = z.enum(CONTRACT_STATES);

/** The contract query's answer; also, with change_type, the resource of a PAPAY.CONTRACT.* callback. */
export const PapayContractSchema = z.object({
  mchid: z.string(),
  appid: z.string(),
  plan_id: z.number().int(),
  out_contract_code: z.string(),
  contract_id: z.string(),
  openid: z.string().optional(),
  contract_display_account: z.string().optional(),
  contract_state: ContractStateSchema,
  contract_signed_time: WechatTimeSchema,
  contract_terminated_time: WechatTimeSchema.optional(),
  /** USER (in WeChat), MERCHANT_API (our terminate call), PLATFORM (WeChat's own). */
  contract_termination_mode: z.string().optional(),
});
export type PapayContract = z.infer<typeof PapayContractSchema>;

export const PapayContractNoticeSchema = PapayContractSchema.extend({
  change_type: z.enum(['SIGN', 'TERMINATE']),
  operate_time: WechatTimeSchema,
});
export type PapayContractNotice = z.infer<typeof PapayContractNoticeSchema>;

export const PapayTerminateRequestSchema = z.strictObject({
  appid: z.string().min(1),
  plan_id: PlanIdSchema,
  termination_note: z.string().min(1).max(256),
});

export const PapayApplyInputSchema = z.strictObject({
  out_trade_no: OutTradeNoSchema,
  description: z.string().min(1).max(127),
  transaction_notify_url: z.url({ protocol: /^https?$/ }).max(256),
  contract_id: ContractIdSchema,
  amount: z.strictObject({ total: FenSchema, currency: z.literal('CNY').default('CNY') }),
  attach: z.string().max(128).optional(),
});
export type PapayApplyInput = z.input<typeof PapayApplyInputSchema>;

/** The full body of POST /v3/papay/pay/transactions/apply. */
export const PapayApplyRequestSchema = PapayApplyInputSchema.extend({ appid: z.string().min(1).max(32) });

/** ACCEPT: taken, the debit happens asynchronously; SUCCESS and PAY_FAIL are final. */
export const PAPAY_TRADE_STATES = ['ACCEPT', 'SUCCESS', 'PAY_FAIL'] as const;
export const PapayTradeStateSchema = z.enum(PAPAY_TRADE_STATES);

/** The debit query's answer, and the resource of a PAPAY.TRANSACTION.* callback. */
export const PapayTransactionSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  contract_id: z.string(),
  transaction_id: z.string().optional(),
  trade_state: PapayTradeStateSchema,
  trade_state_desc: z.string().optional(),
  /** Why a debit failed: NOTENOUGH, CONTRACT_NOT_EXIST, CONTRACT_TERMINATED, EXCEED_LIMIT, SYSTEMERROR… */
  fail_code: z.string().optional(),
  success_time: WechatTimeSchema.optional(),
  create_time: WechatTimeSchema.optional(),
  amount: z.object({ total: FenSchema, currency: z.string().optional() }),
});
export type PapayTransaction = z.infer<typeof PapayTransactionSchema>;
