/**
 * zod schemas for the WeChat Pay APIv3 bodies we send and receive, with WeChat's own field names so a
 * body can be compared with the official documentation line by line. Amounts are integer fen, as in
 * the API itself. Answers are parsed leniently (unknown fields are dropped, optional ones may be
 * absent) because WeChat adds fields over time; what we send is parsed strictly.
 */
import { z } from 'zod';

/** 商户订单号: 6–32 characters of digits, letters and `_-|*`, unique per merchant. */
export const OutTradeNoSchema = z.string().regex(/^[0-9A-Za-z_\-|*]{6,32}$/);
/** 商户退款单号: 1–64 characters of digits, letters and `_-|*@`. */
export const OutRefundNoSchema = z.string().regex(/^[0-9A-Za-z_\-|*@]{1,64}$/);
export const FenSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const NonNegativeFenSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** RFC 3339 with an explicit offset, e.g. `2024-01-31T10:00:00+08:00`. */
export const WechatTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/);
export const BillDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const JsapiOrderInputSchema = z.strictObject({
  description: z.string().min(1).max(127),
  out_trade_no: OutTradeNoSchema,
  notify_url: z.url({ protocol: /^https?$/ }).max(255),
  amount: z.strictObject({ total: FenSchema, currency: z.literal('CNY').default('CNY') }),
  payer: z.strictObject({ openid: z.string().min(1).max(128) }),
  time_expire: WechatTimeSchema.optional(),
  attach: z.string().max(128).optional(),
});
export type JsapiOrderInput = z.input<typeof JsapiOrderInputSchema>;

/** The full body of POST /v3/pay/transactions/jsapi. */
export const JsapiOrderRequestSchema = JsapiOrderInputSchema.extend({
  appid: z.string().min(1).max(32),
  mchid: z.string().min(1).max(32),
});
export type JsapiOrderRequest = z.output<typeof JsapiOrderRequestSchema>;

export const JsapiOrderResponseSchema = z.object({ prepay_id: z.string().min(1).max(64) });

export const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const;
export const TradeStateSchema = z.enum(TRADE_STATES);
export type TradeState = z.infer<typeof TradeStateSchema>;

/** The answer of the order query, and the decrypted resource of a TRANSACTION.* callback. */
export const TransactionSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_type: z.string().optional(),
  trade_state: TradeStateSchema,
  trade_state_desc: z.string().optional(),
  bank_type: z.string().optional(),
  attach: z.string().optional(),
  success_time: WechatTimeSchema.optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z
    .object({
      total: NonNegativeFenSchema.optional(),
      payer_total: NonNegativeFenSchema.optional(),
      currency: z.string().optional(),
      payer_currency: z.string().optional(),
    })
    .optional(),
});
export type Transaction = z.infer<typeof TransactionSchema>;

export const CloseOrderRequestSchema = z.strictObject({ mchid: z.string().min(1) });

export const RefundInputSchema = z.strictObject({
  out_trade_no: OutTradeNoSchema,
  out_refund_no: OutRefundNoSchema,
  reason: z.string().max(80).optional(),
  notify_url: z.url({ protocol: /^https?$/ }).max(256).optional(),
  amount: z.strictObject({ refund: FenSchema, total: FenSchema, currency: z.literal('CNY').default('CNY') }),
});
export type RefundInput = z.input<typeof RefundInputSchema>;
export type RefundRequest = z.output<typeof RefundInputSchema>;

export const REFUND_STATUSES = ['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL'] as const;
export const RefundStatusSchema = z.enum(REFUND_STATUSES);
export type RefundStatus = z.infer<typeof RefundStatusSchema>;

/** The answer of the refund request and of the refund query. */
export const RefundSchema = z.object({
  refund_id: z.string(),
  out_refund_no: z.string(),
  transaction_id: z.string(),
  out_trade_no: z.string(),
  channel: z.string().optional(),
  user_received_account: z.string().optional(),
  success_time: WechatTimeSchema.optional(),
  create_time: WechatTimeSchema.optional(),
  status: RefundStatusSchema,
  funds_account: z.string().optional(),
  amount: z.object({
    total: FenSchema,
    refund: FenSchema,
    payer_total: NonNegativeFenSchema.optional(),
    payer_refund: NonNegativeFenSchema.optional(),
    settlement_total: NonNegativeFenSchema.optional(),
    settlement_refund: NonNegativeFenSchema.optional(),
    discount_refund: NonNegativeFenSchema.optional(),
    currency: z.string().optional(),
  }),
});
export type Refund = z.infer<typeof RefundSchema>;

/** The decrypted resource of a REFUND.* callback; note `refund_status` here where the query says `status`. */
export const RefundNotificationResourceSchema = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string(),
  out_refund_no: z.string(),
  refund_id: z.string(),
  refund_status: RefundStatusSchema,
  success_time: WechatTimeSchema.optional(),
  user_received_account: z.string().optional(),
  amount: z.object({
    total: FenSchema,
    refund: FenSchema,
    payer_total: NonNegativeFenSchema.optional(),
    payer_refund: NonNegativeFenSchema.optional(),
  }),
});
export type RefundNotificationResource = z.infer<typeof RefundNotificationResourceSchema>;

export const BILL_TYPES = ['ALL', 'SUCCESS', 'REFUND'] as const;
export const TradeBillQuerySchema = z.strictObject({
  bill_date: BillDateSchema,
  bill_type: z.enum(BILL_TYPES).default('ALL'),
});
export type TradeBillQuery = z.input<typeof TradeBillQuerySchema>;

export const TradeBillResponseSchema = z.object({
  hash_type: z.literal('SHA1'),
  hash_value: z.string().regex(/^[0-9a-fA-F]{40}$/),
  download_url: z.url(),
});

export const NotificationEnvelopeSchema = z.object({
  id: z.string().min(1),
  create_time: WechatTimeSchema,
  event_type: z.string().min(1),
  resource_type: z.literal('encrypt-resource'),
  summary: z.string().default(''),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string().min(1),
    associated_data: z.string().default(''),
    nonce: z.string().min(1),
    original_type: z.string(),
  }),
});
export type NotificationEnvelope = z.infer<typeof NotificationEnvelopeSchema>;
