/**
 * 委托代扣 (papay) in the simulator: pre-signing for the signing mini-program, the user's choice on the signing
 * page (a /sim/ control, as WeChat's page is not ours to drive), contract query and termination by us or "by the
 * user in WeChat", and debits accepted now and settled a moment later with a signed, encrypted result callback.
 * The APIv3 endpoints sit behind the same signature check and fault switches as payments (server.ts routes
 * them), so a debit can time out, answer 5xx or lose its answer exactly like an order can.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { LocalWechatPayKeys } from '../../cloudfunctions/_core/channels/wechatpay/keys';
import {
  PapayApplyRequestSchema,
  PapayPreSignRequestSchema,
  PapayTerminateRequestSchema,
} from '../../cloudfunctions/_core/channels/wechatpay/papaySchemas';
import { toShanghaiDate, toWechatTime } from '../../cloudfunctions/_core/channels/wechatpay/wechatTime';
import { jsonAnswer, type SimAnswer } from '../shared/http';
import { APPID_MISMATCH, error, PARAM_ERROR, parseBody } from './answers';
import type { CallbackSender } from './callbacks';
import type { ContractRow, PapayTradeRow, SignSessionRow } from './papayStore';
import type { SimStore } from './store';

export interface PapayDeps {
  store: SimStore;
  keys: LocalWechatPayKeys;
  /** Business time (the simulator's, which follows the runtime's pinned day): contract and debit times and ids. */
  clock: () => Date;
  callbacks: CallbackSender;
  /** Bodies compared in canonical form, so a retried call is told from a reused number. */
  canonicalJson: (value: unknown) => string;
  /** A debit is settled this long after it is accepted; `null` leaves it ACCEPT until /sim/papay/settle. */
  settleMs: number | null;
}

/** WeChat's mini-program signing session lives two hours. */
const SIGN_SESSION_MS = 2 * 3600_000;

const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');
const compactDate = (at: Date) => toShanghaiDate(at).replace(/-/g, '');

const TRADE_STATE_DESC: Record<PapayTradeRow['trade_state'], string> = { ACCEPT: '已受理，等待扣款', SUCCESS: '扣款成功', PAY_FAIL: '扣款失败' };
const FAIL_MESSAGES: Record<string, string> = {
  NOTENOUGH: '用户账户余额不足',
  CONTRACT_TERMINATED: '委托代扣协议已解约',
  EXCEED_LIMIT: '超出单笔扣款限额',
  SYSTEMERROR: '系统错误',
};

const SignChoiceSchema = z.object({ pre_entrustweb_id: z.string().min(1), result: z.enum(['CONFIRM', 'CANCEL']), openid: z.string().optional() });
const UserTerminateSchema = z
  .object({ contract_id: z.string().optional(), out_contract_code: z.string().optional() })
  .refine((v) => Boolean(v.contract_id || v.out_contract_code), 'contract_id 或 out_contract_code');
const SettleSchema = z.object({ out_trade_no: z.string(), result: z.enum(['SUCCESS', 'PAY_FAIL']), fail_code: z.string().optional() });
const ConfigSchema = z.strictObject({
  settleMs: z.number().int().nonnegative().nullable().optional(),
  /** Every debit settled from now on fails with this code (NOTENOUGH…); `null` lets them succeed again. */
  failCode: z.string().min(1).nullable().optional(),
});

export function contractJson(contract: ContractRow): Record<string, unknown> {
  return {
    mchid: contract.mchid,
    appid: contract.appid,
    plan_id: contract.plan_id,
    out_contract_code: contract.out_contract_code,
    contract_id: contract.contract_id,
    openid: contract.openid,
    contract_display_account: contract.contract_display_account,
    contract_state: contract.contract_state,
    contract_signed_time: contract.signed_time,
    ...(contract.terminated_time ? { contract_terminated_time: contract.terminated_time } : {}),
    ...(contract.termination_mode ? { contract_termination_mode: contract.termination_mode } : {}),
  };
}

export function papayTradeJson(trade: PapayTradeRow): Record<string, unknown> {
  return {
    appid: trade.appid,
    mchid: trade.mchid,
    out_trade_no: trade.out_trade_no,
    contract_id: trade.contract_id,
    ...(trade.transaction_id ? { transaction_id: trade.transaction_id } : {}),
    trade_state: trade.trade_state,
    trade_state_desc: trade.fail_message ?? TRADE_STATE_DESC[trade.trade_state],
    ...(trade.fail_code ? { fail_code: trade.fail_code } : {}),
    ...(trade.success_time ? { success_time: trade.success_time } : {}),
    create_time: trade.created_at,
    amount: { total: trade.total_fen, currency: 'CNY' },
  };
}

export function createPapay(deps: PapayDeps) {
  const { store, keys, clock, callbacks } = deps;
  const papay = store.papay;
  let settleMs = deps.settleMs;
  let failCode: string | null = null;
  const timers = new Set<NodeJS.Timeout>();

  function notifyContract(contract: ContractRow, changeType: 'SIGN' | 'TERMINATE'): void {
    callbacks.enqueue({
      eventType: changeType === 'SIGN' ? 'PAPAY.CONTRACT.SIGNED' : 'PAPAY.CONTRACT.TERMINATED',
      summary: changeType === 'SIGN' ? '签约成功' : '解约成功',
      originalType: 'contract',
      // Real WeChat sends terminations to the address configured with the plan; locally the contract's own.
      notifyUrl: contract.notify_url,
      subject: contract.out_contract_code,
      resource: { ...contractJson(contract), change_type: changeType, operate_time: toWechatTime(clock()) },
    });
  }

  // ---- APIv3 endpoints -------------------------------------------------------------------------

  function preSign(mchid: string, payload: unknown): SimAnswer {
    const parsed = parseBody(PapayPreSignRequestSchema, payload);
    if (!parsed.ok) return parsed.answer;
    const { body } = parsed;
    if (body.appid !== keys.appid) return APPID_MISMATCH();
    const canonical = deps.canonicalJson(body);
    return store.transaction(() => {
      // A signed (or signed and ended) contract number is never reused, as WeChat's rule says.
      if (papay.contractByCode(body.out_contract_code)) return error(400, 'CONTRACT_CODE_USED', '商户签约协议号已使用');
      const existing = papay.sessionByCode(body.out_contract_code);
      const now = clock();
      if (existing) {
        if (existing.request_canonical !== canonical) return error(400, 'INVALID_REQUEST', '商户签约协议号重复，且与原预签约请求不一致');
        const open = existing.state === 'PENDING' && Date.parse(existing.expires_at) >= now.getTime();
        // A retry while the session is open gets the same session; after it closed unsigned, a fresh one.
        if (open) return jsonAnswer(200, { pre_entrustweb_id: existing.pre_entrustweb_id });
      }
      const row: SignSessionRow = {
        pre_entrustweb_id: `pe${randomBytes(14).toString('hex')}`,
        out_contract_code: body.out_contract_code,
        mchid,
        appid: body.appid,
        plan_id: body.plan_id,
        openid: body.openid,
        contract_display_account: body.contract_display_account,
        notify_url: body.contract_notify_url,
        request_canonical: canonical,
        state: 'PENDING',
        expires_at: new Date(now.getTime() + SIGN_SESSION_MS).toISOString(),
        created_at: toWechatTime(now),
      };
      if (existing) papay.replaceSession(existing.pre_entrustweb_id, row);
      else papay.insertSession(row);
      return jsonAnswer(200, { pre_entrustweb_id: row.pre_entrustweb_id });
    });
  }

  function queryContract(mchid: string, code: string, query: URLSearchParams): SimAnswer {
    if (query.get('appid') !== keys.appid || !query.get('plan_id')) return PARAM_ERROR('appid, plan_id');
    const contract = papay.contractByCode(code);
    if (!contract || contract.mchid !== mchid) return error(404, 'RESOURCE_NOT_EXISTS', '签约协议不存在');
    return jsonAnswer(200, contractJson(contract));
  }

  function terminate(mchid: string, contractId: string, payload: unknown): SimAnswer {
    const parsed = parseBody(PapayTerminateRequestSchema, payload);
    if (!parsed.ok) return parsed.answer;
    const contract = papay.contract(contractId);
    if (!contract || contract.mchid !== mchid) return error(404, 'RESOURCE_NOT_EXISTS', '签约协议不存在');
    // Ending an ended contract changes nothing and is answered like the first time, so a lost answer can be retried.
    if (papay.terminate(contractId, toWechatTime(clock()), 'MERCHANT_API', parsed.body.termination_note)) {
      notifyContract(papay.contract(contractId) as ContractRow, 'TERMINATE');
    }
    return { status: 204, headers: {}, body: '' };
  }

  function settle(outTradeNo: string, result: 'SUCCESS' | 'PAY_FAIL', code: string | null): PapayTradeRow | undefined {
    const trade = papay.trade(outTradeNo);
    if (!trade || trade.trade_state !== 'ACCEPT') return trade;
    const contract = papay.contract(trade.contract_id);
    const now = clock();
    // A contract ended between acceptance and settlement cannot be debited.
    const finalCode = contract?.contract_state !== 'ENTRUSTED' ? 'CONTRACT_TERMINATED' : result === 'PAY_FAIL' ? (code ?? 'NOTENOUGH') : null;
    const changed = finalCode
      ? papay.settleTrade(outTradeNo, 'PAY_FAIL', null, null, finalCode, FAIL_MESSAGES[finalCode] ?? '扣款失败')
      : papay.settleTrade(outTradeNo, 'SUCCESS', `4200${digits(6)}${compactDate(now)}${digits(10)}`, toWechatTime(now), null, null);
    const settled = papay.trade(outTradeNo) as PapayTradeRow;
    if (changed) {
      // Papay notifies failures too (unlike a JSAPI payment), so the merchant learns an ended attempt without asking.
      callbacks.enqueue({
        eventType: settled.trade_state === 'SUCCESS' ? 'PAPAY.TRANSACTION.SUCCESS' : 'PAPAY.TRANSACTION.FAIL',
        summary: settled.trade_state === 'SUCCESS' ? '扣款成功' : '扣款失败',
        originalType: 'transaction',
        notifyUrl: settled.notify_url,
        subject: settled.out_trade_no,
        resource: papayTradeJson(settled),
      });
    }
    return settled;
  }

  function scheduleSettlement(outTradeNo: string): void {
    if (settleMs === null) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      settle(outTradeNo, failCode ? 'PAY_FAIL' : 'SUCCESS', failCode);
    }, settleMs);
    timers.add(timer);
  }

  function apply(mchid: string, payload: unknown): SimAnswer {
    const parsed = parseBody(PapayApplyRequestSchema, payload);
    if (!parsed.ok) return parsed.answer;
    const { body } = parsed;
    if (body.appid !== keys.appid) return APPID_MISMATCH();
    const canonical = deps.canonicalJson(body);
    const answer = store.transaction((): SimAnswer & { created?: string } => {
      const existing = papay.trade(body.out_trade_no);
      if (existing) {
        if (existing.request_canonical !== canonical) return error(400, 'OUT_TRADE_NO_USED', '商户订单号重复');
        return { status: 204, headers: {}, body: '' };
      }
      const contract = papay.contract(body.contract_id);
      if (!contract || contract.mchid !== mchid) return error(400, 'CONTRACT_NOT_EXIST', '委托代扣协议不存在');
      if (contract.contract_state !== 'ENTRUSTED') return error(400, 'CONTRACT_TERMINATED', '委托代扣协议已解约');
      papay.insertTrade({
        out_trade_no: body.out_trade_no,
        mchid,
        appid: body.appid,
        contract_id: body.contract_id,
        request_canonical: canonical,
        description: body.description,
        attach: body.attach ?? null,
        notify_url: body.transaction_notify_url,
        total_fen: body.amount.total,
        trade_state: 'ACCEPT',
        transaction_id: null,
        fail_code: null,
        fail_message: null,
        created_at: toWechatTime(clock()),
        success_time: null,
      });
      return { status: 204, headers: {}, body: '', created: body.out_trade_no };
    });
    if (answer.created) scheduleSettlement(answer.created);
    return { status: answer.status, headers: answer.headers, body: answer.body };
  }

  function queryTrade(mchid: string, outTradeNo: string): SimAnswer {
    const trade = papay.trade(outTradeNo);
    if (!trade || trade.mchid !== mchid) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
    return jsonAnswer(200, papayTradeJson(trade));
  }

  // ---- simulator controls ----------------------------------------------------------------------

  /** The user's choice on WeChat's signing page: CONFIRM signs (and notifies); CANCEL abandons, with no notice, as WeChat does. */
  function choose(payload: unknown): SimAnswer {
    const parsed = SignChoiceSchema.safeParse(payload);
    if (!parsed.success) return PARAM_ERROR('pre_entrustweb_id, result');
    const { pre_entrustweb_id: id, result, openid } = parsed.data;
    const outcome = store.transaction((): SimAnswer | ContractRow => {
      const session = papay.session(id);
      if (!session) return error(404, 'RESOURCE_NOT_EXISTS', '签约会话不存在');
      const signed = papay.contractByCode(session.out_contract_code);
      if (session.state === 'CONFIRMED' && signed) return jsonAnswer(200, { state: 'CONFIRMED', contract_id: signed.contract_id, already: true });
      if (session.state === 'CANCELLED') return error(400, 'SESSION_CLOSED', '签约已取消，请重新发起');
      if (Date.parse(session.expires_at) < clock().getTime()) return error(400, 'SESSION_EXPIRED', '签约会话已过期，请重新发起');
      if (openid && openid !== session.openid) return error(403, 'USER_NOT_MATCH', '签约用户与预签约用户不一致');
      if (result === 'CANCEL') {
        papay.setSessionState(id, 'CANCELLED');
        return jsonAnswer(200, { state: 'CANCELLED' });
      }
      const now = clock();
      const contract: ContractRow = {
        contract_id: `${compactDate(now)}${digits(12)}`,
        out_contract_code: session.out_contract_code,
        mchid: session.mchid,
        appid: session.appid,
        plan_id: session.plan_id,
        openid: session.openid,
        contract_display_account: session.contract_display_account,
        notify_url: session.notify_url,
        contract_state: 'ENTRUSTED',
        signed_time: toWechatTime(now),
        terminated_time: null,
        termination_mode: null,
        termination_note: null,
      };
      papay.insertContract(contract);
      papay.setSessionState(id, 'CONFIRMED');
      return contract;
    });
    if ('status' in outcome) return outcome;
    notifyContract(outcome, 'SIGN');
    return jsonAnswer(200, { state: 'CONFIRMED', contract_id: outcome.contract_id });
  }

  /** The user ends the contract in WeChat (我 → 服务 → 钱包 → 支付设置 → 自动续费): WeChat tells the merchant. */
  function userTerminate(payload: unknown): SimAnswer {
    const parsed = UserTerminateSchema.safeParse(payload);
    if (!parsed.success) return PARAM_ERROR('contract_id 或 out_contract_code');
    const contract = parsed.data.contract_id ? papay.contract(parsed.data.contract_id) : papay.contractByCode(parsed.data.out_contract_code as string);
    if (!contract) return error(404, 'RESOURCE_NOT_EXISTS', '签约协议不存在');
    if (papay.terminate(contract.contract_id, toWechatTime(clock()), 'USER', '用户在微信中解约')) {
      notifyContract(papay.contract(contract.contract_id) as ContractRow, 'TERMINATE');
    }
    return jsonAnswer(200, contractJson(papay.contract(contract.contract_id) as ContractRow));
  }

  function sheet(id: string): SimAnswer {
    const session = papay.session(id);
    if (!session) return error(404, 'RESOURCE_NOT_EXISTS', '签约会话不存在');
    return jsonAnswer(200, {
      pre_entrustweb_id: session.pre_entrustweb_id,
      out_contract_code: session.out_contract_code,
      plan_id: session.plan_id,
      contract_display_account: session.contract_display_account,
      state: session.state,
      expires_at: session.expires_at,
    });
  }

  function records(): SimAnswer {
    const trades = papay.allTrades();
    return jsonAnswer(200, {
      sessions: papay.allSessions().map(({ request_canonical: _r, ...rest }) => rest),
      contracts: papay.allContracts().map(contractJson),
      trades: trades.map(papayTradeJson),
      totals: { debitedFen: trades.filter((t) => t.trade_state === 'SUCCESS').reduce((sum, t) => sum + t.total_fen, 0) },
    });
  }

  return {
    /** The papay APIv3 endpoints; `null` when the path is not one of them. */
    routeV3(method: string, url: URL, mchid: string, payload: unknown): SimAnswer | null {
      const path = url.pathname;
      let match: RegExpExecArray | null;
      if (method === 'POST' && path === '/v3/papay/sign/contracts/pre-entrust-sign/mini-program') return preSign(mchid, payload);
      if (method === 'GET' && (match = /^\/v3\/papay\/contracts\/out-contract-code\/([^/]+)$/.exec(path))) {
        return queryContract(mchid, decodeURIComponent(match[1]), url.searchParams);
      }
      if (method === 'POST' && (match = /^\/v3\/papay\/contracts\/([^/]+)\/terminate$/.exec(path))) {
        return terminate(mchid, decodeURIComponent(match[1]), payload);
      }
      if (method === 'POST' && path === '/v3/papay/pay/transactions/apply') return apply(mchid, payload);
      if (method === 'GET' && (match = /^\/v3\/papay\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path))) {
        return queryTrade(mchid, decodeURIComponent(match[1]));
      }
      return null;
    },

    /** The /sim/papay/ controls; `null` when the path is not one of them. */
    routeSim(method: string, url: URL, payload: unknown): SimAnswer | null {
      const path = url.pathname;
      let match: RegExpExecArray | null;
      if (method === 'GET' && (match = /^\/sim\/papay\/sign\/([^/]+)$/.exec(path))) return sheet(decodeURIComponent(match[1]));
      if (method === 'POST' && path === '/sim/papay/sign') return choose(payload);
      if (method === 'POST' && path === '/sim/papay/terminate') return userTerminate(payload);
      if (method === 'GET' && path === '/sim/papay') return records();
      if (method === 'POST' && path === '/sim/papay/settle') {
        const parsed = SettleSchema.safeParse(payload);
        if (!parsed.success) return PARAM_ERROR('out_trade_no, result');
        const settled = settle(parsed.data.out_trade_no, parsed.data.result, parsed.data.fail_code ?? null);
        return settled ? jsonAnswer(200, papayTradeJson(settled)) : error(404, 'ORDER_NOT_EXIST', '订单不存在');
      }
      if (method === 'POST' && path === '/sim/papay/config') {
        const parsed = ConfigSchema.safeParse(payload ?? {});
        if (!parsed.success) return PARAM_ERROR(parsed.error.message);
        if (parsed.data.settleMs !== undefined) settleMs = parsed.data.settleMs;
        if (parsed.data.failCode !== undefined) failCode = parsed.data.failCode;
        return jsonAnswer(200, { settleMs, failCode });
      }
      return null;
    },

    /** After a restart: debits accepted before it still settle. */
    resume(): void {
      for (const trade of papay.acceptedTrades()) scheduleSettlement(trade.out_trade_no);
    },

    close(): void {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
