/**
 * The WeChat Pay APIv3 client: signs each call, verifies each answer on its raw body, and reports a
 * typed outcome instead of throwing (see outcome.ts). It holds no state between calls and never
 * retries on its own: ids such as out_trade_no and out_refund_no are made and stored by the caller
 * before the call, and the caller's janitor repeats or queries with the same ids.
 */
import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { errorCodeOf, parseJson, refusalOf, send, type RawAnswer } from '../transport';
import { ok, rejected, unknown, type ChannelOutcome } from './outcome';
import { parseWechatPayNotification, type NotificationOutcome } from './notification';
import { papayCalls, type PapayClient } from './papay';
import {
  CloseOrderRequestSchema,
  JsapiOrderInputSchema,
  JsapiOrderResponseSchema,
  OutRefundNoSchema,
  OutTradeNoSchema,
  RefundInputSchema,
  RefundSchema,
  TradeBillQuerySchema,
  TradeBillResponseSchema,
  TransactionSchema,
  type JsapiOrderInput,
  type Refund,
  type RefundInput,
  type TradeBillQuery,
  type Transaction,
} from './schemas';
import { buildAuthorizationHeader, buildRequestPaymentParams, generateNonce, type RequestPaymentParams } from './sign';
import { parseTradeBill, type TradeBill } from './tradeBill';
import {
  createMemoryNonceGuard,
  createPlatformKeyRing,
  verifyPlatformSignature,
  type HeaderBag,
  type PlatformKeys,
  type RememberNonce,
} from './verify';
import { toUnixSeconds } from './wechatTime';

export interface WechatPayClientConfig {
  /** `https://api.mch.weixin.qq.com` in production, the simulator's address locally. */
  baseUrl: string;
  mchid: string;
  /** The mini-program's appid the orders are placed for. */
  appid: string;
  /** Serial of the merchant API certificate whose private key signs our calls. */
  merchantSerial: string;
  merchantPrivateKeyPem: string;
  /** Trusted platform keys: certificate serial or `PUB_KEY_ID_...` → public key or certificate PEM. */
  platformKeys: PlatformKeys;
  apiV3Key: string;
  clock: () => Date;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Replay protection for callbacks; defaults to an in-process memory, which is per instance only. */
  rememberNonce?: RememberNonce;
}

const ConfigSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  mchid: z.string().min(1),
  appid: z.string().min(1),
  merchantSerial: z.string().min(1),
  merchantPrivateKeyPem: z.string().includes('PRIVATE KEY'),
  platformKeys: z.record(z.string(), z.string()).refine((keys) => Object.keys(keys).length > 0),
  apiV3Key: z.string().refine((key) => Buffer.byteLength(key, 'utf8') === 32, 'APIv3 key must be 32 bytes'),
  timeoutMs: z.number().int().positive(),
});

export interface JsapiOrderCreated {
  prepay_id: string;
  /** Ready for `wx.requestPayment`; rebuild with buildRequestPayment when the payer comes back later. */
  requestPayment: RequestPaymentParams;
}

export interface TradeBillDownload {
  billDate: string;
  text: string;
  bill: TradeBill;
}

/** Payments, refunds, the trade bill, and 委托代扣 (papay.ts): one signed client for the one merchant. */
export interface WechatPayClient extends PapayClient {
  createJsapiOrder(input: JsapiOrderInput): Promise<ChannelOutcome<JsapiOrderCreated>>;
  buildRequestPayment(prepayId: string): RequestPaymentParams;
  queryOrder(outTradeNo: string): Promise<ChannelOutcome<Transaction>>;
  closeOrder(outTradeNo: string): Promise<ChannelOutcome<null>>;
  refund(input: RefundInput): Promise<ChannelOutcome<Refund>>;
  queryRefund(outRefundNo: string): Promise<ChannelOutcome<Refund>>;
  downloadTradeBill(query: TradeBillQuery): Promise<ChannelOutcome<TradeBillDownload>>;
  parseNotification(headers: HeaderBag, rawBody: string | Buffer): Promise<NotificationOutcome>;
}

/** Throws only on a configuration mistake (bad PEM, wrong key length), which should stop start-up. */
export function createWechatPayClient(config: WechatPayClientConfig): WechatPayClient {
  ConfigSchema.parse(config);
  const merchantKey: KeyObject = createPrivateKey(config.merchantPrivateKeyPem);
  const keyRing = createPlatformKeyRing(config.platformKeys);
  const doFetch = config.fetch ?? fetch;
  const rememberNonce = config.rememberNonce ?? createMemoryNonceGuard();
  const baseOrigin = new URL(config.baseUrl).origin;

  function signedSend(method: 'GET' | 'POST', url: URL, body: string): Promise<RawAnswer | { failure: string }> {
    const authorization = buildAuthorizationHeader({
      mchid: config.mchid,
      serialNo: config.merchantSerial,
      privateKey: merchantKey,
      method,
      urlPathWithQuery: `${url.pathname}${url.search}`,
      body,
      timestampSeconds: toUnixSeconds(config.clock()),
      nonce: generateNonce(),
    });
    return send(url, { method, headers: { Authorization: authorization }, body, userAgent: 'hefei-medins-wechatpay/1 (node)', timeoutMs: config.timeoutMs, fetch: doFetch });
  }

  /**
   * One signed call. 2xx answers must verify, or the outcome is unknown. 4xx answers are WeChat
   * refusing the call; when they carry a signature it must verify, but like the official SDKs we
   * accept unsigned ones, since WeChat's gateway does not sign every refusal. 5xx is unknown.
   */
  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    payload: unknown,
    schema: z.ZodType<T> | null,
  ): Promise<ChannelOutcome<T>> {
    const url = new URL(path, config.baseUrl);
    const answer = await signedSend(method, url, payload === undefined ? '' : JSON.stringify(payload));
    if ('failure' in answer) return unknown(answer.failure);
    const requestId = answer.headers.get('Request-ID') ?? '-';
    const signed = answer.headers.get('Wechatpay-Signature') !== null;
    const verified = signed || (answer.status >= 200 && answer.status < 300)
      ? await verifyPlatformSignature(answer.headers, answer.body, { keyRing, clock: config.clock })
      : null;

    if (answer.status >= 200 && answer.status < 300) {
      if (!verified?.ok) return unknown(`answer signature not verified (${verified?.code}), request ${requestId}`);
      if (schema === null) return ok(null as T);
      const parsed = schema.safeParse(parseJson(answer.body));
      if (!parsed.success) return unknown(`answer does not match the expected shape, request ${requestId}`);
      return ok(parsed.data);
    }
    if (answer.status >= 400 && answer.status < 500) {
      if (verified && !verified.ok) return unknown(`refusal signature not verified (${verified.code}), request ${requestId}`);
      return refusalOf(answer);
    }
    const code = errorCodeOf(answer);
    return unknown(`HTTP ${answer.status}${code ? ` ${code}` : ''}, request ${requestId}`);
  }

  const buildRequestPayment = (prepayId: string): RequestPaymentParams =>
    buildRequestPaymentParams({
      appid: config.appid,
      prepayId,
      privateKey: merchantKey,
      timestampSeconds: toUnixSeconds(config.clock()),
      nonce: generateNonce(),
    });

  /** Input problems are ours, not WeChat's: refused before anything is sent, so nothing can have happened. */
  const invalid = <T>(issues: string): ChannelOutcome<T> => rejected(0, 'INVALID_INPUT', `请求参数有误：${issues}`);
  const mchidQuery = `mchid=${encodeURIComponent(config.mchid)}`;

  return {
    ...papayCalls({ call, appid: config.appid, mchid: config.mchid, invalid }),

    async createJsapiOrder(input) {
      const parsed = JsapiOrderInputSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.message);
      const body = { appid: config.appid, mchid: config.mchid, ...parsed.data };
      const outcome = await call('POST', '/v3/pay/transactions/jsapi', body, JsapiOrderResponseSchema);
      if (outcome.kind !== 'ok') return outcome;
      return ok({ prepay_id: outcome.data.prepay_id, requestPayment: buildRequestPayment(outcome.data.prepay_id) });
    },

    buildRequestPayment,

    async queryOrder(outTradeNo) {
      if (!OutTradeNoSchema.safeParse(outTradeNo).success) return invalid('out_trade_no');
      return call('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?${mchidQuery}`, undefined, TransactionSchema);
    },

    async closeOrder(outTradeNo) {
      if (!OutTradeNoSchema.safeParse(outTradeNo).success) return invalid('out_trade_no');
      const body = CloseOrderRequestSchema.parse({ mchid: config.mchid });
      return call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, body, null);
    },

    async refund(input) {
      const parsed = RefundInputSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.message);
      return call('POST', '/v3/refund/domestic/refunds', parsed.data, RefundSchema);
    },

    async queryRefund(outRefundNo) {
      if (!OutRefundNoSchema.safeParse(outRefundNo).success) return invalid('out_refund_no');
      return call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`, undefined, RefundSchema);
    },

    async downloadTradeBill(query) {
      const parsed = TradeBillQuerySchema.safeParse(query);
      if (!parsed.success) return invalid(parsed.error.message);
      const { bill_date: billDate, bill_type: billType } = parsed.data;
      const located = await call('GET', `/v3/bill/tradebill?bill_date=${billDate}&bill_type=${billType}`, undefined, TradeBillResponseSchema);
      if (located.kind !== 'ok') return located;
      const downloadUrl = new URL(located.data.download_url);
      // Only our configured WeChat host gets a signed request from us.
      if (downloadUrl.origin !== baseOrigin) return unknown(`download_url on unexpected host ${downloadUrl.origin}`);
      // The file itself is not signed by WeChat; the SHA1 announced in the signed answer vouches for it.
      const file = await signedSend('GET', downloadUrl, '');
      if ('failure' in file) return unknown(file.failure);
      if (file.status !== 200) return unknown(`bill download answered HTTP ${file.status}`);
      const digest = createHash('sha1').update(file.body).digest('hex');
      if (digest.toLowerCase() !== located.data.hash_value.toLowerCase()) return unknown('bill SHA1 does not match hash_value');
      const text = file.body.toString('utf8');
      const bill = parseTradeBill(text);
      if (!bill.ok) return unknown(`bill unreadable: ${bill.reason}`);
      return ok({ billDate, text, bill: bill.bill });
    },

    parseNotification(headers, rawBody) {
      return parseWechatPayNotification(headers, rawBody, {
        keyRing,
        apiV3Key: config.apiV3Key,
        mchid: config.mchid,
        clock: config.clock,
        rememberNonce,
      });
    },
  };
}
