/**
 * A local stand-in for the partner bank (our integration spec: README.md next to this file). It
 * verifies our request signatures and refuses replayed nonces, signs every answer and notification with
 * the bank's key, and keeps its state in SQLite. Under `/sim/` it offers what only a simulator has:
 * account balances, credit grades, a movable business clock, the holder acting at the bank counter,
 * fault switches, and a listing of everything the bank holds for one-to-one checks against our ledger.
 *
 * Two clocks: `clock` is transport time, used for signature timestamps so that moving the simulated
 * day never breaks signing; the business clock (clock, moved to the runtime's pinned `today` if one is
 * given, plus a persisted offset moved through /sim/clock) decides dates, debit hours, due dates and overdue.
 */
import { createPrivateKey, createPublicKey, randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  addDays,
  parseClockTime,
  shanghaiMinuteOfDay,
  toBankTime,
  toShanghaiDate,
  toUnixSeconds,
} from '../../cloudfunctions/_core/channels/bank/bankTime';
import { ensureLocalBankKeys, type LocalBankKeys } from '../../cloudfunctions/_core/channels/bank/keys';
import {
  AdvanceInputSchema,
  DebitInputSchema,
  FenSchema,
  IdHashSchema,
  AccountTokenSchema,
  OutNoSchema,
  RepaymentRequestSchema,
  SignContractInputSchema,
  StatementQuerySchema,
  TerminateContractInputSchema,
  type DebitFailCode,
} from '../../cloudfunctions/_core/channels/bank/schemas';
import { signBankMessage } from '../../cloudfunctions/_core/channels/bank/sign';
import { BANK_MAX_CLOCK_SKEW_SECONDS, verifyBankMessage, type BankVerifyFailureCode } from '../../cloudfunctions/_core/channels/bank/verify';
import { dayShiftMs } from '../../cloudfunctions/_core/clock';
import { FaultSwitches, type FaultConfigInput } from '../shared/faults';
import { jsonAnswer, readBody, startHttpServer, writeAnswer, type SimAnswer } from '../shared/http';
import { answerWithFaults } from '../shared/requestFaults';
import { createBankCallbackSender } from './callbacks';
import { advanceResource, buildStatement, contractResource, debitResource, maskHolderName, repaymentResource } from './resources';
import { openBankSimStore, type AdvanceRow, type ContractRow, type DebitRow, type RepaymentRow } from './store';

const HoursSchema = z
  .strictObject({ from: z.string(), to: z.string() })
  .refine(({ from, to }) => {
    const start = parseClockTime(from);
    const end = parseClockTime(to);
    return start !== null && end !== null && start < end;
  }, 'allowedHours must be HH:mm with from < to');

/** What can be changed while running (POST /sim/config); it is persisted with the rest of the state. */
export const BankSimConfigSchema = z.strictObject({
  /** The partner's registered notification URL, used when a contract, debit or advance gave none. */
  notifyUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
  /** Debits are accepted only inside this Asia/Shanghai window (from inclusive, to exclusive). */
  allowedHours: HoursSchema.optional(),
  /** 0: a debit is decided while we wait. n > 0: it answers PROCESSING and settles n ms later. null: only /sim/debits/settle settles it. */
  debitProcessingMs: z.int().nonnegative().nullable().optional(),
  /** A requested termination completes (CONTRACT.TERMINATED) this long after it is accepted; null: only through /sim. */
  terminationDelayMs: z.int().nonnegative().nullable().optional(),
  /** The balance of an account token nobody set through /sim/accounts. */
  defaultBalanceFen: z.int().nonnegative().optional(),
});
export type BankSimConfigInput = z.input<typeof BankSimConfigSchema>;

interface BankSimConfig {
  notifyUrl: string | null;
  allowedHours: { from: string; to: string };
  debitProcessingMs: number | null;
  terminationDelayMs: number | null;
  defaultBalanceFen: number;
}

/** The simulator's own assumptions, not the bank's published terms (no real bank API was available). */
const DEFAULT_CONFIG: BankSimConfig = {
  notifyUrl: null,
  allowedHours: { from: '06:00', to: '22:00' },
  debitProcessingMs: 0,
  terminationDelayMs: 200,
  defaultBalanceFen: 1_000_000,
};

export interface BankSimulatorOptions extends BankSimConfigInput {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  keysDir: string;
  dataDir: string;
  /** Transport time (signature timestamps); the business clock is this plus the offset set through /sim/clock. */
  clock?: () => Date;
  /**
   * The runtime's pinned day (DEV_TODAY, YYYY-MM-DD): the business clock starts on it at the real time of day,
   * as the runtime's own clock does, and /sim/clock moves (and resets) relative to it. Not persisted: the
   * runtime passes it on every start.
   */
  today?: string;
  /** Pauses between notification re-deliveries after a non-2xx. */
  callbackRetryDelaysMs?: number[];
  callbackTimeoutMs?: number;
  /** How often real time is checked for advances that fell overdue; clock moves check at once. */
  overdueScanMs?: number;
}

export interface BankSimulator {
  port: number;
  baseUrl: string;
  keys: LocalBankKeys;
  setFaults(config: FaultConfigInput): void;
  /** Moves the business clock so that it reads `at` now (and runs on from there). */
  setClock(at: Date): void;
  advanceClock(ms: number): void;
  /** The business clock. */
  now(): Date;
  configure(config: BankSimConfigInput): void;
  close(): Promise<void>;
}

const error = (status: number, code: string, message: string) => jsonAnswer(status, { code, message });
const PARAM_ERROR = (detail: string) => error(400, 'PARAM_ERROR', `参数错误：${detail}`);
const issuesOf = (parsed: { error: z.ZodError }) => parsed.error.issues.map((issue) => issue.path.join('.') || issue.message).join(', ');

const SIGN_FAILURE_CODES: Record<BankVerifyFailureCode, { code: string; message: string }> = {
  MISSING_SIGNATURE_HEADERS: { code: 'SIGN_ERROR', message: '缺少签名信息' },
  PARTNER_MISMATCH: { code: 'SIGN_ERROR', message: '未知的合作方' },
  UNKNOWN_KEY: { code: 'SIGN_ERROR', message: '未知的签名密钥' },
  BAD_SIGNATURE: { code: 'SIGN_ERROR', message: '签名验证失败' },
  STALE_TIMESTAMP: { code: 'TIMESTAMP_EXPIRED', message: '请求时间戳超出允许范围' },
  REPLAYED_NONCE: { code: 'NONCE_REPLAYED', message: '重复的请求' },
};

const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');
const bankNo = (prefix: string, at: Date) => `${prefix}${toShanghaiDate(at).replace(/-/g, '')}${digits(12)}`;

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

const ClockBodySchema = z.union([
  z.strictObject({ now: z.iso.datetime({ offset: true }) }),
  z.strictObject({ advanceMs: z.int() }),
  z.strictObject({ reset: z.literal(true) }),
]);
const AccountBodySchema = z.strictObject({ account_token: AccountTokenSchema, balance_fen: z.int().nonnegative() });
const CreditBodySchema = z.strictObject({ id_hash: IdHashSchema, grade: z.enum(['GOOD', 'POOR']) });
const HolderTerminatesSchema = z.strictObject({
  out_contract_no: OutNoSchema,
  by: z.enum(['ACCOUNT_HOLDER', 'BANK']).default('ACCOUNT_HOLDER'),
});
const SettleDebitSchema = z.strictObject({ out_debit_no: OutNoSchema });
const CounterRepaymentSchema = z.strictObject({ out_advance_no: OutNoSchema, amount_fen: FenSchema });

export async function startBankSimulator(options: BankSimulatorOptions): Promise<BankSimulator> {
  const keys = ensureLocalBankKeys(options.keysDir);
  const clock = options.clock ?? (() => new Date());
  const store = openBankSimStore(options.dataDir);
  const faults = new FaultSwitches();
  const bankKey = createPrivateKey(keys.bankPrivateKeyPem);
  const partnerKeyRing = new Map([[keys.partnerKeyId, createPublicKey(keys.partnerPublicKeyPem)]]);

  const explicit = BankSimConfigSchema.parse({
    notifyUrl: options.notifyUrl,
    allowedHours: options.allowedHours,
    debitProcessingMs: options.debitProcessingMs,
    terminationDelayMs: options.terminationDelayMs,
    defaultBalanceFen: options.defaultBalanceFen,
  });
  const definedOnly = (input: Record<string, unknown>) => Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  let config: BankSimConfig = { ...DEFAULT_CONFIG, ...store.setting<Partial<BankSimConfig>>('config'), ...definedOnly(explicit) };
  store.setSetting('config', config);
  const pinnedShiftMs = options.today ? dayShiftMs(options.today, clock().getTime()) : 0;
  /** The day the business clock reads with no /sim/clock move: the real one, or the runtime's pinned one. */
  const baseNowMs = () => clock().getTime() + pinnedShiftMs;
  let clockOffsetMs = store.setting<number>('clockOffsetMs') ?? 0;
  const businessNow = () => new Date(baseNowMs() + clockOffsetMs);

  const callbacks = createBankCallbackSender({
    store,
    keys,
    bankKey,
    clock,
    businessNow,
    faults,
    registeredNotifyUrl: () => config.notifyUrl,
    retryDelaysMs: options.callbackRetryDelaysMs ?? [1_000, 3_000, 10_000, 30_000],
    timeoutMs: options.callbackTimeoutMs ?? 5_000,
  });
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };

  const advanceJson = (row: AdvanceRow) => advanceResource(row, store.repaymentsOf(row.out_advance_no));

  // ---- contracts ----------------------------------------------------------------------------------

  function completeTermination(outContractNo: string, by: NonNullable<ContractRow['terminated_by']>): ContractRow | undefined {
    const finished = store.transaction(() => {
      const contract = store.contract(outContractNo);
      if (!contract || contract.state === 'TERMINATED') return undefined;
      store.setContractState(outContractNo, 'TERMINATED', toBankTime(businessNow()), contract.terminated_by ?? by);
      return store.contract(outContractNo) as ContractRow;
    });
    if (finished) {
      callbacks.enqueue({ eventType: 'CONTRACT.TERMINATED', resource: contractResource(finished), notifyUrl: finished.notify_url, subject: outContractNo });
    }
    return finished ?? store.contract(outContractNo);
  }

  function scheduleTermination(outContractNo: string): void {
    if (config.terminationDelayMs !== null) later(config.terminationDelayMs, () => completeTermination(outContractNo, 'PARTNER'));
  }

  function signContract(payload: unknown): SimAnswer {
    const parsed = SignContractInputSchema.safeParse(payload);
    if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
    const body = parsed.data;
    const requestJson = JSON.stringify(body);
    return store.transaction(() => {
      const existing = store.contract(body.out_contract_no);
      if (existing) {
        if (existing.request_json !== requestJson) return error(409, 'OUT_CONTRACT_NO_USED', '协议编号已被使用，且与原签约请求不一致');
        return jsonAnswer(200, contractResource(existing));
      }
      const now = businessNow();
      const row: ContractRow = {
        out_contract_no: body.out_contract_no,
        contract_id: bankNo('C', now),
        request_json: requestJson,
        holder_name_masked: maskHolderName(body.holder_name),
        account_no_masked: body.account_no_masked,
        account_token: body.account_token,
        id_hash: body.id_hash,
        max_amount_per_debit_fen: body.max_amount_per_debit_fen,
        notify_url: body.notify_url ?? null,
        state: 'ACTIVE',
        signed_at: toBankTime(now),
        terminated_at: null,
        terminated_by: null,
      };
      store.insertContract(row);
      return jsonAnswer(200, contractResource(row));
    });
  }

  function queryContract(outContractNo: string): SimAnswer {
    const contract = store.contract(outContractNo);
    return contract ? jsonAnswer(200, contractResource(contract)) : error(404, 'CONTRACT_NOT_FOUND', '代扣协议不存在');
  }

  function terminateContract(outContractNo: string, payload: unknown): SimAnswer {
    const parsed = TerminateContractInputSchema.safeParse(payload ?? {});
    if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
    const outcome = store.transaction(() => {
      const contract = store.contract(outContractNo);
      if (!contract) return { answer: error(404, 'CONTRACT_NOT_FOUND', '代扣协议不存在'), accepted: false };
      // Asking again is harmless: a termination in progress or done is simply shown.
      if (contract.state !== 'ACTIVE') return { answer: jsonAnswer(200, contractResource(contract)), accepted: false };
      store.setContractState(outContractNo, 'TERMINATING', null, 'PARTNER');
      return { answer: jsonAnswer(200, contractResource(store.contract(outContractNo) as ContractRow)), accepted: true };
    });
    if (outcome.accepted) scheduleTermination(outContractNo);
    return outcome.answer;
  }

  // ---- debits -------------------------------------------------------------------------------------

  const balanceOf = (token: string) => store.balance(token) ?? config.defaultBalanceFen;

  function insideAllowedHours(at: Date): boolean {
    const minute = shanghaiMinuteOfDay(at);
    return minute >= (parseClockTime(config.allowedHours.from) as number) && minute < (parseClockTime(config.allowedHours.to) as number);
  }

  /** Decides a debit against the account now; runs inside a transaction. */
  function settleDebitRow(debit: DebitRow): DebitRow {
    const contract = store.contract(debit.out_contract_no) as ContractRow;
    const finishedAt = toBankTime(businessNow());
    if (contract.state !== 'ACTIVE') {
      store.finishDebit(debit.out_debit_no, 'FAILED', 'CONTRACT_INACTIVE', finishedAt);
    } else if (balanceOf(contract.account_token) < debit.amount_fen) {
      store.finishDebit(debit.out_debit_no, 'FAILED', 'INSUFFICIENT_FUNDS', finishedAt);
    } else {
      store.setBalance(contract.account_token, balanceOf(contract.account_token) - debit.amount_fen);
      store.finishDebit(debit.out_debit_no, 'SUCCESS', null, finishedAt);
    }
    return store.debit(debit.out_debit_no) as DebitRow;
  }

  function notifyDebit(debit: DebitRow): void {
    callbacks.enqueue({
      eventType: debit.state === 'SUCCESS' ? 'DEBIT.SUCCESS' : 'DEBIT.FAILED',
      resource: debitResource(debit),
      notifyUrl: debit.notify_url ?? store.contract(debit.out_contract_no)?.notify_url ?? null,
      subject: debit.out_debit_no,
    });
  }

  function settleProcessingDebit(outDebitNo: string): DebitRow | undefined {
    const settled = store.transaction(() => {
      const debit = store.debit(outDebitNo);
      return debit && debit.state === 'PROCESSING' ? settleDebitRow(debit) : undefined;
    });
    if (settled) notifyDebit(settled);
    return settled ?? store.debit(outDebitNo);
  }

  function scheduleDebitSettlement(outDebitNo: string): void {
    if (config.debitProcessingMs !== null) later(config.debitProcessingMs, () => settleProcessingDebit(outDebitNo));
  }

  function debit(payload: unknown): SimAnswer {
    const parsed = DebitInputSchema.safeParse(payload);
    if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
    const body = parsed.data;
    const requestJson = JSON.stringify(body);
    const outcome = store.transaction((): { answer: SimAnswer; created?: DebitRow } => {
      const existing = store.debit(body.out_debit_no);
      if (existing) {
        if (existing.request_json !== requestJson) return { answer: error(409, 'OUT_DEBIT_NO_USED', '扣款流水号已被使用，且与原扣款请求不一致') };
        return { answer: jsonAnswer(200, debitResource(existing)) };
      }
      const contract = store.contract(body.out_contract_no);
      if (!contract) return { answer: error(404, 'CONTRACT_NOT_FOUND', '代扣协议不存在') };
      const now = businessNow();
      // A refused attempt is still recorded and final: a retry is a new debit with a new out_debit_no.
      const failCode: DebitFailCode | null =
        contract.state !== 'ACTIVE'
          ? 'CONTRACT_INACTIVE'
          : !insideAllowedHours(now)
            ? 'OUTSIDE_HOURS'
            : body.amount_fen > contract.max_amount_per_debit_fen
              ? 'AMOUNT_OVER_LIMIT'
              : null;
      const row: DebitRow = {
        out_debit_no: body.out_debit_no,
        debit_id: bankNo('D', now),
        request_json: requestJson,
        out_contract_no: body.out_contract_no,
        amount_fen: body.amount_fen,
        description: body.description,
        notify_url: body.notify_url ?? null,
        state: failCode ? 'FAILED' : 'PROCESSING',
        fail_code: failCode,
        created_at: toBankTime(now),
        finished_at: failCode ? toBankTime(now) : null,
      };
      store.insertDebit(row);
      const decided = !failCode && config.debitProcessingMs === 0 ? settleDebitRow(row) : row;
      return { answer: jsonAnswer(200, debitResource(decided)), created: decided };
    });
    if (outcome.created?.state === 'PROCESSING') scheduleDebitSettlement(outcome.created.out_debit_no);
    else if (outcome.created) notifyDebit(outcome.created);
    return outcome.answer;
  }

  function queryDebit(outDebitNo: string): SimAnswer {
    const found = store.debit(outDebitNo);
    return found ? jsonAnswer(200, debitResource(found)) : error(404, 'DEBIT_NOT_FOUND', '扣款记录不存在');
  }

  // ---- advances -----------------------------------------------------------------------------------

  /** Advances still unpaid after their due date turn OVERDUE and are reported to the credit bureau. */
  function markOverdueAdvances(): void {
    const today = toShanghaiDate(businessNow());
    const overdue = store.transaction(() => {
      const due = store.advancesDueBefore(today);
      for (const row of due) store.markOverdue(row.out_advance_no, toBankTime(businessNow()));
      return due.map((row) => store.advance(row.out_advance_no) as AdvanceRow);
    });
    for (const row of overdue) {
      callbacks.enqueue({ eventType: 'ADVANCE.OVERDUE', resource: advanceJson(row), notifyUrl: row.notify_url, subject: row.out_advance_no });
    }
  }

  function advance(payload: unknown): SimAnswer {
    const parsed = AdvanceInputSchema.safeParse(payload);
    if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
    const body = parsed.data;
    const requestJson = JSON.stringify(body);
    return store.transaction(() => {
      const existing = store.advance(body.out_advance_no);
      if (existing) {
        if (existing.request_json !== requestJson) return error(409, 'OUT_ADVANCE_NO_USED', '代缴编号已被使用，且与原代缴请求不一致');
        return jsonAnswer(200, advanceJson(existing));
      }
      const now = businessNow();
      const earliestDueDate = addDays(toShanghaiDate(now), body.min_interest_free_days);
      if (body.due_date < earliestDueDate) {
        return error(400, 'DUE_DATE_TOO_EARLY', `还款日早于约定的最短免息期，最早为${earliestDueDate}`);
      }
      const refused = store.grade(body.id_hash) === 'POOR';
      const row: AdvanceRow = {
        out_advance_no: body.out_advance_no,
        advance_id: bankNo('A', now),
        request_json: requestJson,
        id_hash: body.id_hash,
        amount_fen: body.amount_fen,
        repaid_fen: 0,
        due_date: body.due_date,
        notify_url: body.notify_url ?? null,
        state: refused ? 'REFUSED' : 'PAID',
        fail_code: refused ? 'CREDIT_REFUSED' : null,
        created_at: toBankTime(now),
        paid_at: refused ? null : toBankTime(now),
        overdue_at: null,
        repaid_at: null,
        credit_reported: 0,
      };
      store.insertAdvance(row);
      return jsonAnswer(200, advanceJson(row));
    });
  }

  function queryAdvance(outAdvanceNo: string): SimAnswer {
    const found = store.advance(outAdvanceNo);
    return found ? jsonAnswer(200, advanceJson(found)) : error(404, 'ADVANCE_NOT_FOUND', '代缴记录不存在');
  }

  /** One repayment, from us (channel PARTNER, with our number) or at the bank counter (no number of ours). */
  function applyRepayment(
    outAdvanceNo: string,
    amountFen: number,
    ours: { outRepaymentNo: string; requestJson: string } | null,
  ): { answer: SimAnswer; repaid?: AdvanceRow } {
    return store.transaction(() => {
      if (ours) {
        const existing = store.repayment(ours.outRepaymentNo);
        if (existing) {
          if (existing.request_json !== ours.requestJson) return { answer: error(409, 'OUT_REPAYMENT_NO_USED', '还款流水号已被使用，且与原还款请求不一致') };
          const itsAdvance = store.advance(existing.out_advance_no) as AdvanceRow;
          return { answer: jsonAnswer(200, { repayment: repaymentResource(existing), advance: advanceJson(itsAdvance) }) };
        }
      }
      const found = store.advance(outAdvanceNo);
      if (!found) return { answer: error(404, 'ADVANCE_NOT_FOUND', '代缴记录不存在') };
      if (found.state === 'REFUSED') return { answer: error(400, 'ADVANCE_NOT_REPAYABLE', '该代缴未发生，无需还款') };
      if (amountFen > found.amount_fen - found.repaid_fen) {
        return { answer: error(400, 'REPAYMENT_EXCEEDS_OUTSTANDING', '还款金额超过待还金额') };
      }
      const now = businessNow();
      const row: RepaymentRow = {
        repayment_id: bankNo('R', now),
        out_repayment_no: ours?.outRepaymentNo ?? null,
        request_json: ours?.requestJson ?? null,
        out_advance_no: outAdvanceNo,
        amount_fen: amountFen,
        channel: ours ? 'PARTNER' : 'BANK_COUNTER',
        repaid_at: toBankTime(now),
      };
      store.insertRepayment(row);
      store.addRepaid(outAdvanceNo, amountFen);
      const fullyRepaid = found.repaid_fen + amountFen === found.amount_fen;
      if (fullyRepaid) store.markRepaid(outAdvanceNo, toBankTime(now));
      const updated = store.advance(outAdvanceNo) as AdvanceRow;
      return { answer: jsonAnswer(200, { repayment: repaymentResource(row), advance: advanceJson(updated) }), repaid: fullyRepaid ? updated : undefined };
    });
  }

  function repay(outAdvanceNo: string, payload: unknown): SimAnswer {
    const parsed = RepaymentRequestSchema.safeParse(payload);
    if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
    // The advance number is part of what is compared, so reusing a repayment number for another advance is refused.
    const requestJson = JSON.stringify({ out_advance_no: outAdvanceNo, ...parsed.data });
    const outcome = applyRepayment(outAdvanceNo, parsed.data.amount_fen, { outRepaymentNo: parsed.data.out_repayment_no, requestJson });
    notifyRepaid(outcome.repaid);
    return outcome.answer;
  }

  function notifyRepaid(row: AdvanceRow | undefined): void {
    if (row) callbacks.enqueue({ eventType: 'ADVANCE.REPAID', resource: advanceJson(row), notifyUrl: row.notify_url, subject: row.out_advance_no });
  }

  // ---- statements ---------------------------------------------------------------------------------

  function statement(query: URLSearchParams): SimAnswer {
    const parsed = StatementQuerySchema.safeParse(Object.fromEntries(query.entries()));
    if (!parsed.success) return PARAM_ERROR('date');
    const today = toShanghaiDate(businessNow());
    if (parsed.data.date > today) return error(400, 'STATEMENT_NOT_READY', '对账单尚未生成');
    return jsonAnswer(200, buildStatement(store, keys.partnerId, parsed.data.date, parsed.data.date < today, toBankTime(businessNow())));
  }

  // ---- routing ------------------------------------------------------------------------------------

  function routeV1(method: string, url: URL, payload: unknown): SimAnswer {
    const path = url.pathname;
    let match: RegExpExecArray | null;
    const no = (raw: string) => {
      const decoded = decodeURIComponent(raw);
      return OutNoSchema.safeParse(decoded).success ? decoded : null;
    };
    if (method === 'POST' && path === '/v1/contracts') return signContract(payload);
    if ((match = /^\/v1\/contracts\/([^/]+)(\/terminate)?$/.exec(path))) {
      const outNo = no(match[1]);
      if (!outNo) return PARAM_ERROR('out_contract_no');
      if (method === 'GET' && !match[2]) return queryContract(outNo);
      if (method === 'POST' && match[2]) return terminateContract(outNo, payload);
    }
    if (method === 'POST' && path === '/v1/debits') return debit(payload);
    if (method === 'GET' && (match = /^\/v1\/debits\/([^/]+)$/.exec(path))) {
      const outNo = no(match[1]);
      return outNo ? queryDebit(outNo) : PARAM_ERROR('out_debit_no');
    }
    if (method === 'POST' && path === '/v1/advances') return advance(payload);
    if ((match = /^\/v1\/advances\/([^/]+)(\/repayments)?$/.exec(path))) {
      const outNo = no(match[1]);
      if (!outNo) return PARAM_ERROR('out_advance_no');
      if (method === 'GET' && !match[2]) return queryAdvance(outNo);
      if (method === 'POST' && match[2]) return repay(outNo, payload);
    }
    if (method === 'GET' && path === '/v1/statements') return statement(url.searchParams);
    return error(404, 'NOT_FOUND', '请求的资源不存在');
  }

  function moveClock(payload: unknown): SimAnswer {
    const parsed = ClockBodySchema.safeParse(payload);
    if (!parsed.success) return PARAM_ERROR('now | advanceMs | reset');
    if ('now' in parsed.data) simulator.setClock(new Date(parsed.data.now));
    else if ('advanceMs' in parsed.data) simulator.advanceClock(parsed.data.advanceMs);
    else {
      clockOffsetMs = 0;
      store.setSetting('clockOffsetMs', 0);
    }
    return describeClock();
  }

  const describeClock = () =>
    jsonAnswer(200, { now: toBankTime(businessNow()), today: toShanghaiDate(businessNow()), offsetMs: clockOffsetMs, pinnedToday: options.today ?? null });

  function records(): SimAnswer {
    const contracts = store.allContracts();
    const debits = store.allDebits();
    const advances = store.allAdvances();
    const repayments = store.allRepayments();
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    return jsonAnswer(200, {
      now: toBankTime(businessNow()),
      contracts: contracts.map((row) => ({ ...contractResource(row), account_token: row.account_token })),
      debits: debits.map(debitResource),
      advances: advances.map(advanceJson),
      repayments: repayments.map(repaymentResource),
      accounts: store.allAccounts(),
      totals: {
        debitedFen: sum(debits.filter((row) => row.state === 'SUCCESS').map((row) => row.amount_fen)),
        debitProcessingFen: sum(debits.filter((row) => row.state === 'PROCESSING').map((row) => row.amount_fen)),
        advancedFen: sum(advances.filter((row) => row.paid_at !== null).map((row) => row.amount_fen)),
        repaidFen: sum(repayments.map((row) => row.amount_fen)),
        outstandingFen: sum(advances.filter((row) => row.paid_at !== null).map((row) => row.amount_fen - row.repaid_fen)),
      },
    });
  }

  function routeSim(method: string, url: URL, payload: unknown): SimAnswer {
    const path = url.pathname;
    if (method === 'GET' && path === '/sim/health') {
      return jsonAnswer(200, { ok: true, service: 'bank-sim', partnerId: keys.partnerId, now: toBankTime(businessNow()) });
    }
    if (method === 'GET' && path === '/sim/faults') return jsonAnswer(200, faults.describe());
    if (method === 'POST' && path === '/sim/faults') {
      const configured = faults.configure(payload ?? {});
      return configured.ok ? jsonAnswer(200, faults.describe()) : PARAM_ERROR(configured.issues);
    }
    if (method === 'GET' && path === '/sim/records') return records();
    if (method === 'GET' && path === '/sim/callbacks') {
      return jsonAnswer(200, { callbacks: store.allCallbacks().map(({ body: _body, ...rest }) => rest) });
    }
    if (method === 'GET' && path === '/sim/clock') return describeClock();
    if (method === 'POST' && path === '/sim/clock') return moveClock(payload);
    if (method === 'GET' && path === '/sim/config') return jsonAnswer(200, config);
    if (method === 'POST' && path === '/sim/config') {
      const parsed = BankSimConfigSchema.safeParse(payload ?? {});
      if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
      simulator.configure(parsed.data);
      return jsonAnswer(200, config);
    }
    if (method === 'POST' && path === '/sim/accounts') {
      const parsed = AccountBodySchema.safeParse(payload);
      if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
      store.setBalance(parsed.data.account_token, parsed.data.balance_fen);
      return jsonAnswer(200, parsed.data);
    }
    if (method === 'POST' && path === '/sim/credit') {
      const parsed = CreditBodySchema.safeParse(payload);
      if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
      store.setGrade(parsed.data.id_hash, parsed.data.grade);
      return jsonAnswer(200, parsed.data);
    }
    if (method === 'POST' && path === '/sim/contracts/terminate') {
      const parsed = HolderTerminatesSchema.safeParse(payload);
      if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
      const done = completeTermination(parsed.data.out_contract_no, parsed.data.by);
      return done ? jsonAnswer(200, contractResource(done)) : error(404, 'CONTRACT_NOT_FOUND', '代扣协议不存在');
    }
    if (method === 'POST' && path === '/sim/debits/settle') {
      const parsed = SettleDebitSchema.safeParse(payload);
      if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
      const settled = settleProcessingDebit(parsed.data.out_debit_no);
      return settled ? jsonAnswer(200, debitResource(settled)) : error(404, 'DEBIT_NOT_FOUND', '扣款记录不存在');
    }
    if (method === 'POST' && path === '/sim/advances/repay') {
      const parsed = CounterRepaymentSchema.safeParse(payload);
      if (!parsed.success) return PARAM_ERROR(issuesOf(parsed));
      const outcome = applyRepayment(parsed.data.out_advance_no, parsed.data.amount_fen, null);
      notifyRepaid(outcome.repaid);
      return outcome.answer;
    }
    return error(404, 'NOT_FOUND', '请求的资源不存在');
  }

  /** Signs an answer with the bank's key over the path it answers; `corrupt` (badSignature fault) breaks it. */
  function signAnswer(answer: SimAnswer, pathWithQuery: string, corrupt: boolean): SimAnswer {
    const headers = signBankMessage({
      kind: { type: 'answer', status: answer.status, pathWithQuery },
      partnerId: keys.partnerId,
      keyId: keys.bankKeyId,
      privateKey: bankKey,
      timestampSeconds: toUnixSeconds(clock()),
      body: corrupt ? `${answer.body.toString()} ` : answer.body,
    });
    return { ...answer, headers: { ...answer.headers, ...headers, 'X-Request-Id': randomUUID() } };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const rawUrl = request.url ?? '/';
    const url = new URL(rawUrl, 'http://simulator.invalid');
    const body = await readBody(request);
    if (body === null) {
      writeAnswer(response, error(413, 'PARAM_ERROR', '请求体过大'));
      return;
    }
    const payload = parseJsonBody(body);
    markOverdueAdvances();

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
        const verified = await verifyBankMessage({ type: 'request', method, pathWithQuery: rawUrl }, request.headers, body, {
          keyRing: partnerKeyRing,
          partnerId: keys.partnerId,
          clock,
          rememberNonce: (nonce, timestampSeconds) =>
            store.rememberNonce(nonce, timestampSeconds, toUnixSeconds(clock()) - 2 * BANK_MAX_CLOCK_SKEW_SECONDS),
        });
        if (!verified.ok) {
          const refusal = SIGN_FAILURE_CODES[verified.code];
          return error(401, refusal.code, refusal.message);
        }
        if (!payload.ok) return PARAM_ERROR('请求体不是合法的JSON');
        return routeV1(method, url, payload.value);
      },
      finish: (answer, corrupt) => signAnswer(answer, rawUrl, corrupt),
    });
  }

  const running = await startHttpServer(handle, { port: options.port ?? 0, host: options.host ?? '127.0.0.1' });

  // A restarted bank still owes what it owed: notifications, pending terminations and debits in flight.
  callbacks.resumePending();
  for (const contract of store.contractsInState('TERMINATING')) scheduleTermination(contract.out_contract_no);
  for (const pending of store.debitsInState('PROCESSING')) scheduleDebitSettlement(pending.out_debit_no);
  const overdueScan = setInterval(markOverdueAdvances, options.overdueScanMs ?? 1_000);
  overdueScan.unref();

  const simulator: BankSimulator = {
    port: running.port,
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${running.port}`,
    keys,
    setFaults(faultConfig) {
      const configured = faults.configure(faultConfig);
      if (!configured.ok) throw new Error(`invalid fault configuration: ${configured.issues}`);
    },
    setClock(at) {
      clockOffsetMs = at.getTime() - baseNowMs();
      store.setSetting('clockOffsetMs', clockOffsetMs);
      markOverdueAdvances();
    },
    advanceClock(ms) {
      clockOffsetMs += ms;
      store.setSetting('clockOffsetMs', clockOffsetMs);
      markOverdueAdvances();
    },
    now: businessNow,
    configure(patch) {
      config = { ...config, ...definedOnly(BankSimConfigSchema.parse(patch)) };
      store.setSetting('config', config);
    },
    async close() {
      clearInterval(overdueScan);
      callbacks.close();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await running.close();
      store.close();
    },
  };
  return simulator;
}
