/**
 * A local stand-in for api.mch.weixin.qq.com: the APIv3 endpoints our adapter calls, with WeChat's
 * paths, status codes and error codes; it verifies our request signatures, signs its answers and
 * callbacks with the platform key, and keeps its state in SQLite. Under `/sim/` it offers what only a
 * simulator has: the payer's confirmation in the payment sheet, fault switches, and listings of every
 * charge and refund for the no-money-lost checks.
 *
 * Two clocks, as the bank simulator has: `clock` is transport time (signature timestamps, our signatures'
 * freshness, bill download links); the business clock (`clock`, moved to the runtime's pinned `today` when one is
 * given) stamps payments, refunds and papay contracts and debits, checks time_expire, and so decides the day a
 * movement lands on in the trade bill.
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ensureLocalKeys, type LocalWechatPayKeys } from '../../cloudfunctions/_core/channels/wechatpay/keys';
import {
  CloseOrderRequestSchema,
  JsapiOrderRequestSchema,
  RefundInputSchema,
  TradeBillQuerySchema,
  type RefundStatus,
} from '../../cloudfunctions/_core/channels/wechatpay/schemas';
import { buildWechatpaySignatureHeaders, generateNonce } from '../../cloudfunctions/_core/channels/wechatpay/sign';
import { formatTradeBill } from '../../cloudfunctions/_core/channels/wechatpay/tradeBill';
import { verifyPaySign, verifyRequestAuthorization } from '../../cloudfunctions/_core/channels/wechatpay/verify';
import { toShanghaiDate, toUnixSeconds, toWechatTime } from '../../cloudfunctions/_core/channels/wechatpay/wechatTime';
import { dayShiftMs } from '../../cloudfunctions/_core/clock';
import { FaultSwitches, type FaultConfigInput } from '../shared/faults';
import { jsonAnswer, readBody, startHttpServer, writeAnswer, type SimAnswer } from '../shared/http';
import { APPID_MISMATCH, error, PARAM_ERROR, parseBody } from './answers';
import { answerWithFaults } from '../shared/requestFaults';
import { papayRow, paymentRow, refundRow } from './billRows';
import { createCallbackSender } from './callbacks';
import { createPapay } from './papay';
import { openSimStore, type OrderRow, type RefundRow } from './store';

export type PlatformIdentity = 'certificate' | 'publicKey';

export interface WechatPaySimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  keysDir: string;
  dataDir: string;
  /** Transport time: signature timestamps and their freshness. */
  clock?: () => Date;
  /**
   * The runtime's pinned day (DEV_TODAY, YYYY-MM-DD): business times (success_time, refunds, papay, time_expire)
   * read this day at the real time of day, as the runtime's own clock does, so bills fall on our days.
   */
  today?: string;
  /** Sign under the platform certificate serial (default) or the platform public-key id. */
  platformIdentity?: PlatformIdentity;
  /** Pauses between callback re-deliveries; WeChat's real schedule is 15s/15s/30s/3m/10m/20m/30m/... */
  callbackRetryDelaysMs?: number[];
  callbackTimeoutMs?: number;
  /** A refund turns SUCCESS this long after it is accepted; `null` leaves it PROCESSING until /sim/refunds/settle. */
  refundSettleMs?: number | null;
  /** Origin written into bill download_url; defaults to the Host the request came to. */
  publicBaseUrl?: string;
  /** A papay debit settles this long after it is accepted (default 300 ms); `null` = only through /sim/papay/settle. */
  papaySettleMs?: number | null;
}

export interface WechatPaySimulator {
  port: number;
  baseUrl: string;
  keys: LocalWechatPayKeys;
  setFaults(config: FaultConfigInput): void;
  close(): Promise<void>;
}


/** Key order and spacing must not make a retried body look different, so bodies are compared sorted. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, inner]) => inner !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');
const compactDate = (at: Date) => toShanghaiDate(at).replace(/-/g, '');
const compactDateTime = (at: Date) => toWechatTime(at).slice(0, 19).replace(/[-T:]/g, '');

const TRADE_STATE_DESC: Record<string, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  PAYERROR: '支付失败',
  USERPAYING: '用户支付中',
  REVOKED: '已撤销',
};

function transactionJson(order: OrderRow): Record<string, unknown> {
  const paid = order.transaction_id !== null;
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.out_trade_no,
    trade_state: order.trade_state,
    trade_state_desc: TRADE_STATE_DESC[order.trade_state],
    ...(order.attach !== null ? { attach: order.attach } : {}),
    ...(paid
      ? {
          transaction_id: order.transaction_id,
          trade_type: 'JSAPI',
          bank_type: 'OTHERS',
          success_time: order.success_time,
          payer: { openid: order.openid },
          amount: { total: order.total_fen, payer_total: order.total_fen, currency: 'CNY', payer_currency: 'CNY' },
        }
      : { amount: { total: order.total_fen, currency: 'CNY', payer_currency: 'CNY' } }),
  };
}

function refundJson(refund: RefundRow, order: OrderRow): Record<string, unknown> {
  return {
    refund_id: refund.refund_id,
    out_refund_no: refund.out_refund_no,
    transaction_id: order.transaction_id,
    out_trade_no: order.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.success_time ? { success_time: refund.success_time } : {}),
    create_time: refund.create_time,
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.total_fen,
      refund: refund.refund_fen,
      payer_total: refund.total_fen,
      payer_refund: refund.refund_fen,
      settlement_total: refund.total_fen,
      settlement_refund: refund.refund_fen,
      discount_refund: 0,
      currency: 'CNY',
    },
  };
}

const PayBodySchema = z.object({
  prepay_id: z.string().optional(),
  result: z.enum(['SUCCESS', 'FAIL']),
  /** What the page would hand to wx.requestPayment; when given, its paySign must verify. */
  requestPayment: z
    .object({
      appId: z.string(),
      timeStamp: z.string(),
      nonceStr: z.string(),
      package: z.string(),
      signType: z.literal('RSA'),
      paySign: z.string(),
    })
    .optional(),
});

const SettleBodySchema = z.object({ out_refund_no: z.string(), status: z.enum(['SUCCESS', 'ABNORMAL', 'CLOSED']) });
const ConfigBodySchema = z.strictObject({
  platformIdentity: z.enum(['certificate', 'publicKey']).optional(),
  refundSettleMs: z.number().int().nonnegative().nullable().optional(),
});

const parseJsonBody = (body: Buffer): { ok: true; value: unknown } | { ok: false } => {
  if (body.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
};

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
};

export async function startWechatPaySimulator(options: WechatPaySimulatorOptions): Promise<WechatPaySimulator> {
  const keys = ensureLocalKeys(options.keysDir);
  const clock = options.clock ?? (() => new Date());
  const pinnedShiftMs = options.today ? dayShiftMs(options.today, clock().getTime()) : 0;
  const businessNow = () => new Date(clock().getTime() + pinnedShiftMs);
  const store = openSimStore(options.dataDir);
  const faults = new FaultSwitches();
  const platformKey = createPrivateKey(keys.platformPrivateKeyPem);
  const merchant = { mchid: keys.mchid, serialNo: keys.merchantSerial, publicKey: createPublicKey(keys.merchantPublicKeyPem) };
  let identity: PlatformIdentity = options.platformIdentity ?? 'certificate';
  let refundSettleMs = options.refundSettleMs === undefined ? 500 : options.refundSettleMs;
  const signingSerial = () => (identity === 'certificate' ? keys.platformSerial : keys.platformPublicKeyId);
  const callbacks = createCallbackSender({
    store,
    keys,
    clock,
    businessNow,
    faults,
    retryDelaysMs: options.callbackRetryDelaysMs ?? [1_000, 3_000, 10_000, 30_000],
    timeoutMs: options.callbackTimeoutMs ?? 5_000,
    signingSerial,
    platformKey,
  });
  const refundTimers = new Set<NodeJS.Timeout>();
  const papay = createPapay({
    store,
    keys,
    clock: businessNow,
    callbacks,
    canonicalJson,
    settleMs: options.papaySettleMs === undefined ? 300 : options.papaySettleMs,
  });
  /** Bill files by download token; a bill is frozen when its download_url is handed out, as WeChat's are. */
  const billFiles = new Map<string, { text: string; expiresAtMs: number }>();
  const billTokenKey = createHmac('sha256', keys.apiV3Key).update('bill-token').digest();

  // ---- state changes ---------------------------------------------------------------------------

  function settleRefund(outRefundNo: string, status: Exclude<RefundStatus, 'PROCESSING'>): RefundRow | undefined {
    const refund = store.refund(outRefundNo);
    if (!refund || refund.status !== 'PROCESSING') return refund;
    const now = businessNow();
    store.settleRefund(outRefundNo, status, status === 'SUCCESS' ? toWechatTime(now) : null);
    const settled = store.refund(outRefundNo) as RefundRow;
    const order = store.order(settled.out_trade_no) as OrderRow;
    callbacks.enqueue({
      eventType: `REFUND.${status}`,
      summary: status === 'SUCCESS' ? '退款成功' : status === 'ABNORMAL' ? '退款异常' : '退款关闭',
      originalType: 'refund',
      notifyUrl: settled.notify_url ?? order.notify_url,
      subject: settled.out_refund_no,
      resource: {
        mchid: order.mchid,
        out_trade_no: order.out_trade_no,
        transaction_id: order.transaction_id,
        out_refund_no: settled.out_refund_no,
        refund_id: settled.refund_id,
        refund_status: settled.status,
        ...(settled.success_time ? { success_time: settled.success_time } : {}),
        user_received_account: '支付用户零钱',
        amount: { total: settled.total_fen, refund: settled.refund_fen, payer_total: settled.total_fen, payer_refund: settled.refund_fen },
      },
    });
    return settled;
  }

  function scheduleRefundSettlement(outRefundNo: string): void {
    if (refundSettleMs === null) return;
    const timer = setTimeout(() => {
      refundTimers.delete(timer);
      settleRefund(outRefundNo, 'SUCCESS');
    }, refundSettleMs);
    refundTimers.add(timer);
  }

  // ---- APIv3 endpoints -------------------------------------------------------------------------

  function createJsapiOrder(mchid: string, payload: unknown): SimAnswer {
    const parsed = parseBody(JsapiOrderRequestSchema, payload);
    if (!parsed.ok) return parsed.answer;
    const { body } = parsed;
    if (body.mchid !== mchid) return error(400, 'INVALID_REQUEST', '请求头中的商户号与请求体不一致');
    if (body.appid !== keys.appid) return APPID_MISMATCH();
    const canonical = canonicalJson(body);
    return store.transaction(() => {
      const existing = store.order(body.out_trade_no);
      if (existing) {
        if (existing.request_canonical !== canonical) return error(400, 'OUT_TRADE_NO_USED', '商户订单号重复');
        if (existing.transaction_id !== null) return error(403, 'ORDERPAID', '该订单已支付');
        if (existing.trade_state === 'CLOSED') return error(400, 'ORDER_CLOSED', '订单已关闭');
        return jsonAnswer(200, { prepay_id: existing.prepay_id });
      }
      const now = businessNow();
      const prepayId = `wx${compactDateTime(now)}${randomBytes(10).toString('hex')}`;
      store.insertOrder({
        out_trade_no: body.out_trade_no,
        mchid: body.mchid,
        appid: body.appid,
        request_canonical: canonical,
        prepay_id: prepayId,
        description: body.description,
        attach: body.attach ?? null,
        notify_url: body.notify_url,
        total_fen: body.amount.total,
        openid: body.payer.openid,
        time_expire: body.time_expire ?? null,
        trade_state: 'NOTPAY',
        transaction_id: null,
        success_time: null,
        created_at: now.toISOString(),
      });
      return jsonAnswer(200, { prepay_id: prepayId });
    });
  }

  function queryOrder(mchid: string, outTradeNo: string, query: URLSearchParams): SimAnswer {
    if (query.get('mchid') !== mchid) return PARAM_ERROR('mchid');
    const order = store.order(outTradeNo);
    if (!order || order.mchid !== mchid) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
    return jsonAnswer(200, transactionJson(order));
  }

  function closeOrder(mchid: string, outTradeNo: string, payload: unknown): SimAnswer {
    const parsed = CloseOrderRequestSchema.safeParse(payload);
    if (!parsed.success || parsed.data.mchid !== mchid) return PARAM_ERROR('mchid');
    return store.transaction(() => {
      const order = store.order(outTradeNo);
      if (!order || order.mchid !== mchid) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (order.transaction_id !== null) return error(400, 'ORDERPAID', '订单已支付');
      if (order.trade_state !== 'CLOSED') store.setOrderState(outTradeNo, 'CLOSED');
      return { status: 204, body: '' };
    });
  }

  function refund(mchid: string, payload: unknown): SimAnswer {
    const parsed = parseBody(RefundInputSchema, payload);
    if (!parsed.ok) return parsed.answer;
    const { body } = parsed;
    const canonical = canonicalJson(body);
    const answer = store.transaction((): SimAnswer & { created?: string } => {
      const existing = store.refund(body.out_refund_no);
      if (existing) {
        if (existing.request_canonical !== canonical) return error(400, 'INVALID_REQUEST', '商户退款单号重复，且与原退款请求不一致');
        return jsonAnswer(200, refundJson(existing, store.order(existing.out_trade_no) as OrderRow));
      }
      const order = store.order(body.out_trade_no);
      if (!order || order.mchid !== mchid) return error(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
      if (order.transaction_id === null) return error(400, 'INVALID_REQUEST', '订单未支付，不能退款');
      if (body.amount.total !== order.total_fen) return error(400, 'INVALID_REQUEST', '订单金额与原订单金额不一致');
      const alreadyFen = store
        .refundsOfOrder(order.out_trade_no)
        .filter((other) => other.status !== 'CLOSED')
        .reduce((sum, other) => sum + other.refund_fen, 0);
      if (alreadyFen + body.amount.refund > order.total_fen) return error(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
      const now = businessNow();
      const row: RefundRow = {
        out_refund_no: body.out_refund_no,
        refund_id: `50${digits(6)}${compactDate(now)}${digits(13)}`,
        out_trade_no: order.out_trade_no,
        request_canonical: canonical,
        refund_fen: body.amount.refund,
        total_fen: order.total_fen,
        reason: body.reason ?? null,
        notify_url: body.notify_url ?? null,
        status: 'PROCESSING',
        create_time: toWechatTime(now),
        success_time: null,
      };
      store.insertRefund(row);
      store.setOrderState(order.out_trade_no, 'REFUND');
      return { ...jsonAnswer(200, refundJson(row, store.order(order.out_trade_no) as OrderRow)), created: row.out_refund_no };
    });
    if (answer.created) scheduleRefundSettlement(answer.created);
    return { status: answer.status, headers: answer.headers, body: answer.body };
  }

  function queryRefund(outRefundNo: string): SimAnswer {
    const found = store.refund(outRefundNo);
    if (!found) return error(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return jsonAnswer(200, refundJson(found, store.order(found.out_trade_no) as OrderRow));
  }

  function signBillToken(payload: string): string {
    return `${payload}.${createHmac('sha256', billTokenKey).update(payload).digest('base64url')}`;
  }

  function locateTradeBill(query: URLSearchParams, origin: string): SimAnswer {
    const parsed = TradeBillQuerySchema.safeParse(Object.fromEntries(query.entries()));
    if (!parsed.success) return PARAM_ERROR('bill_date');
    const { bill_date: billDate, bill_type: billType } = parsed.data;
    const rows = [
      ...(billType === 'REFUND' ? [] : store.ordersPaidOn(billDate).map((order) => paymentRow(order))),
      ...(billType === 'REFUND' ? [] : store.papay.tradesPaidOn(billDate).map((trade) => papayRow(trade, store.papay.contract(trade.contract_id)?.openid ?? ''))),
      ...(billType === 'SUCCESS'
        ? []
        : store.refundsSucceededOn(billDate).map((found) => refundRow(store.order(found.out_trade_no) as OrderRow, found))),
    ].sort((a, b) => (a.tradeTime < b.tradeTime ? -1 : a.tradeTime > b.tradeTime ? 1 : 0));
    if (rows.length === 0) return error(400, 'NO_STATEMENT_EXIST', '账单文件不存在');
    const text = formatTradeBill(rows);
    const token = signBillToken(`${billDate}-${randomBytes(8).toString('hex')}`);
    const nowMs = clock().getTime();
    for (const [known, file] of billFiles) if (file.expiresAtMs < nowMs) billFiles.delete(known);
    billFiles.set(token, { text, expiresAtMs: nowMs + 30 * 60_000 });
    return jsonAnswer(200, {
      hash_type: 'SHA1',
      hash_value: createHash('sha1').update(text, 'utf8').digest('hex'),
      download_url: `${options.publicBaseUrl ?? origin}/v3/billdownload/file?token=${encodeURIComponent(token)}`,
    });
  }

  function downloadBill(query: URLSearchParams): SimAnswer {
    const file = billFiles.get(query.get('token') ?? '');
    if (!file) return error(400, 'INVALID_REQUEST', '下载链接已失效');
    return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: file.text };
  }

  function routeV3(method: string, url: URL, mchid: string, payload: unknown, origin: string): SimAnswer {
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/v3/pay/transactions/jsapi') return createJsapiOrder(mchid, payload);
    if (method === 'GET' && (match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path))) {
      return queryOrder(mchid, decodeURIComponent(match[1]), url.searchParams);
    }
    if (method === 'POST' && (match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path))) {
      return closeOrder(mchid, decodeURIComponent(match[1]), payload);
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') return refund(mchid, payload);
    if (method === 'GET' && (match = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path))) {
      return queryRefund(decodeURIComponent(match[1]));
    }
    if (method === 'GET' && path === '/v3/bill/tradebill') return locateTradeBill(url.searchParams, origin);
    if (method === 'GET' && path === '/v3/billdownload/file') return downloadBill(url.searchParams);
    const papayAnswer = papay.routeV3(method, url, mchid, payload);
    if (papayAnswer) return papayAnswer;
    return error(404, 'RESOURCE_NOT_EXISTS', '请求的资源不存在');
  }

  /** Signs an answer with the platform key; the bill file and 5xx answers go unsigned, as WeChat's do. */
  function sign(answer: SimAnswer, path: string, corrupt: boolean): SimAnswer {
    if (path === '/v3/billdownload/file') return answer;
    const body = answer.body;
    const headers = buildWechatpaySignatureHeaders({
      privateKey: platformKey,
      serial: signingSerial(),
      body: corrupt ? `${body.toString()} ` : body,
      timestampSeconds: toUnixSeconds(clock()),
      nonce: generateNonce(),
    });
    return { ...answer, headers: { ...answer.headers, ...headers, 'Request-ID': randomUUID() } };
  }

  // ---- simulator controls ----------------------------------------------------------------------

  function pay(payload: unknown): SimAnswer {
    const parsed = PayBodySchema.safeParse(payload);
    if (!parsed.success) return PARAM_ERROR('prepay_id, result');
    const { requestPayment, result } = parsed.data;
    const prepayId = parsed.data.prepay_id ?? requestPayment?.package.replace(/^prepay_id=/, '');
    if (!prepayId) return PARAM_ERROR('prepay_id');
    if (requestPayment && (requestPayment.appId !== keys.appid || !verifyPaySign(requestPayment, merchant.publicKey))) {
      return error(401, 'SIGN_ERROR', '支付签名错误');
    }
    const outcome = store.transaction((): SimAnswer | OrderRow => {
      const order = store.orderByPrepayId(prepayId);
      if (!order) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (order.transaction_id !== null) return jsonAnswer(200, { out_trade_no: order.out_trade_no, trade_state: order.trade_state, transaction_id: order.transaction_id, already: true });
      if (order.trade_state === 'CLOSED') return error(400, 'ORDER_CLOSED', '订单已关闭');
      if (order.time_expire && Date.parse(order.time_expire) < businessNow().getTime()) return error(400, 'ORDER_CLOSED', '订单已超过支付期限');
      if (result === 'FAIL') {
        store.setOrderState(order.out_trade_no, 'PAYERROR');
        return jsonAnswer(200, { out_trade_no: order.out_trade_no, trade_state: 'PAYERROR' });
      }
      const now = businessNow();
      store.markPaid(order.out_trade_no, `4200${digits(6)}${compactDate(now)}${digits(10)}`, toWechatTime(now));
      return store.order(order.out_trade_no) as OrderRow;
    });
    if ('status' in outcome) return outcome;
    // WeChat notifies successful payments only; a failed attempt is learned by querying.
    callbacks.enqueue({
      eventType: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      originalType: 'transaction',
      notifyUrl: outcome.notify_url,
      subject: outcome.out_trade_no,
      resource: transactionJson(outcome),
    });
    return jsonAnswer(200, { out_trade_no: outcome.out_trade_no, trade_state: outcome.trade_state, transaction_id: outcome.transaction_id });
  }

  function charges(): SimAnswer {
    const orders = store.allOrders();
    const refunds = store.allRefunds();
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    return jsonAnswer(200, {
      charges: orders.map((order) => ({
        out_trade_no: order.out_trade_no,
        prepay_id: order.prepay_id,
        transaction_id: order.transaction_id,
        trade_state: order.trade_state,
        total_fen: order.total_fen,
        openid: order.openid,
        success_time: order.success_time,
      })),
      refunds: refunds.map((found) => ({
        out_refund_no: found.out_refund_no,
        refund_id: found.refund_id,
        out_trade_no: found.out_trade_no,
        refund_fen: found.refund_fen,
        status: found.status,
        success_time: found.success_time,
      })),
      totals: {
        paidFen: sum(orders.filter((order) => order.transaction_id !== null).map((order) => order.total_fen)),
        refundedFen: sum(refunds.filter((found) => found.status === 'SUCCESS').map((found) => found.refund_fen)),
        refundProcessingFen: sum(refunds.filter((found) => found.status === 'PROCESSING').map((found) => found.refund_fen)),
      },
    });
  }

  function routeSim(method: string, url: URL, payload: unknown): SimAnswer {
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/sim/health') {
      return jsonAnswer(200, { ok: true, service: 'wechatpay-sim', mchid: keys.mchid, appid: keys.appid, now: toWechatTime(businessNow()), today: toShanghaiDate(businessNow()) });
    }
    if (method === 'POST' && path === '/sim/pay') return pay(payload);
    if (method === 'GET' && (match = /^\/sim\/prepay\/([^/]+)$/.exec(path))) {
      const order = store.orderByPrepayId(decodeURIComponent(match[1]));
      if (!order) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
      return jsonAnswer(200, { out_trade_no: order.out_trade_no, description: order.description, total_fen: order.total_fen, trade_state: order.trade_state, appid: order.appid });
    }
    if (method === 'GET' && path === '/sim/faults') return jsonAnswer(200, faults.describe());
    if (method === 'POST' && path === '/sim/faults') {
      const configured = faults.configure(payload ?? {});
      return configured.ok ? jsonAnswer(200, faults.describe()) : PARAM_ERROR(configured.issues);
    }
    if (method === 'GET' && path === '/sim/charges') return charges();
    if (method === 'GET' && path === '/sim/callbacks') {
      return jsonAnswer(200, { callbacks: store.allCallbacks().map(({ body: _body, ...rest }) => rest) });
    }
    if (method === 'POST' && path === '/sim/refunds/settle') {
      const parsed = SettleBodySchema.safeParse(payload);
      if (!parsed.success) return PARAM_ERROR('out_refund_no, status');
      const settled = settleRefund(parsed.data.out_refund_no, parsed.data.status);
      if (!settled) return error(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      return jsonAnswer(200, { out_refund_no: settled.out_refund_no, status: settled.status });
    }
    if (method === 'POST' && path === '/sim/config') {
      const parsed = ConfigBodySchema.safeParse(payload ?? {});
      if (!parsed.success) return PARAM_ERROR(parsed.error.message);
      if (parsed.data.platformIdentity) identity = parsed.data.platformIdentity;
      if (parsed.data.refundSettleMs !== undefined) refundSettleMs = parsed.data.refundSettleMs;
      return jsonAnswer(200, { platformIdentity: identity, refundSettleMs });
    }
    const papayAnswer = papay.routeSim(method, url, payload);
    if (papayAnswer) return papayAnswer;
    return error(404, 'NOT_FOUND', '请求的资源不存在');
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const rawUrl = request.url ?? '/';
    const url = new URL(rawUrl, 'http://simulator.invalid');
    const origin = `http://${request.headers.host ?? `127.0.0.1:${running.port}`}`;
    const body = await readBody(request);
    if (body === null) {
      writeAnswer(response, error(413, 'PARAM_ERROR', '请求体过大'));
      return;
    }
    const payload = parseJsonBody(body);

    if (url.pathname.startsWith('/sim/')) {
      if (method === 'OPTIONS') {
        writeAnswer(response, { status: 204, headers: CORS_HEADERS, body: '' });
        return;
      }
      const answer = payload.ok ? routeSim(method, url, payload.value) : PARAM_ERROR('请求体不是合法的JSON');
      writeAnswer(response, { ...answer, headers: { ...answer.headers, ...CORS_HEADERS } });
      return;
    }

    await answerWithFaults({
      faults,
      subject: `${method} ${url.pathname}`,
      response,
      hold: running.hold,
      apply: async () => {
        const auth = verifyRequestAuthorization(
          { authorization: request.headers.authorization, method, urlPathWithQuery: rawUrl, body },
          [merchant],
          clock(),
        );
        if (!auth.ok) return error(401, 'SIGN_ERROR', `签名错误：${auth.reason}`);
        if (!payload.ok) return PARAM_ERROR('请求体不是合法的JSON');
        return routeV3(method, url, auth.mchid, payload.value, origin);
      },
      finish: (answer, corrupt) => sign(answer, url.pathname, corrupt),
    });
  }

  const running = await startHttpServer(handle, { port: options.port ?? 0, host: options.host ?? '127.0.0.1' });

  // A restarted simulator owes what it owed before it stopped.
  callbacks.resumePending();
  for (const pending of store.processingRefunds()) scheduleRefundSettlement(pending.out_refund_no);
  papay.resume();

  return {
    port: running.port,
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${running.port}`,
    keys,
    setFaults(config) {
      const configured = faults.configure(config);
      if (!configured.ok) throw new Error(`invalid fault configuration: ${configured.issues}`);
    },
    async close() {
      callbacks.close();
      papay.close();
      for (const timer of refundTimers) clearTimeout(timer);
      refundTimers.clear();
      await running.close();
      store.close();
    },
  };
}
