/**
 * The partner bank client: signs each call, verifies each answer on its raw body, and reports a typed
 * outcome (../wechatpay/outcome.ts) instead of throwing. It holds no state between calls and never
 * retries by itself: out_contract_no, out_debit_no, out_advance_no and out_repayment_no are made and
 * stored by the caller before the call, and the caller's janitor repeats or queries with the same
 * numbers. A timeout, a reset, a 5xx or an answer that does not verify is `unknown`, never a failure:
 * the bank may have debited the account anyway.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { errorCodeOf, parseJson, refusalOf, send, type RawAnswer } from '../transport';
import { ok, rejected, unknown, type ChannelOutcome } from '../wechatpay/outcome';
import { toUnixSeconds } from './bankTime';
import { parseBankNotification, type BankNotificationOutcome } from './notification';
import {
  AdvanceInputSchema,
  AdvanceSchema,
  ContractSchema,
  DebitInputSchema,
  DebitSchema,
  OutNoSchema,
  RepaymentInputSchema,
  RepaymentResultSchema,
  SignContractInputSchema,
  StatementQuerySchema,
  StatementSchema,
  TerminateContractInputSchema,
  type Advance,
  type AdvanceInput,
  type Contract,
  type Debit,
  type DebitInput,
  type RepaymentInput,
  type RepaymentResult,
  type SignContractInput,
  type Statement,
  type TerminateContractInput,
} from './schemas';
import { BANK_HEADERS, signBankMessage } from './sign';
import { summarizeStatementLines, totalsAgree } from './statement';
import { createBankKeyRing, createMemoryNonceGuard, verifyBankMessage, type HeaderBag, type RememberNonce } from './verify';

export interface BankClientConfig {
  /** The bank's API origin in production, the simulator's address locally. */
  baseUrl: string;
  /** Our partner number at the bank. */
  partnerId: string;
  /** Id of our key pair as registered with the bank. */
  partnerKeyId: string;
  partnerPrivateKeyPem: string;
  /** The bank's public keys we trust, by key id (more than one during a key roll). */
  bankPublicKeys: Readonly<Record<string, string>>;
  clock: () => Date;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Replay protection for notifications; defaults to an in-process memory, which is per instance only. */
  rememberNonce?: RememberNonce;
}

const ConfigSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  partnerId: z.string().min(1),
  partnerKeyId: z.string().min(1),
  partnerPrivateKeyPem: z.string().includes('PRIVATE KEY'),
  bankPublicKeys: z.record(z.string(), z.string().includes('PUBLIC KEY')).refine((keys) => Object.keys(keys).length > 0),
  timeoutMs: z.int().positive(),
});

export interface BankClient {
  signContract(input: SignContractInput): Promise<ChannelOutcome<Contract>>;
  queryContract(outContractNo: string): Promise<ChannelOutcome<Contract>>;
  /** Accepted terminations answer TERMINATING; CONTRACT.TERMINATED follows when the bank is done. */
  terminateContract(outContractNo: string, input?: TerminateContractInput): Promise<ChannelOutcome<Contract>>;
  debit(input: DebitInput): Promise<ChannelOutcome<Debit>>;
  queryDebit(outDebitNo: string): Promise<ChannelOutcome<Debit>>;
  advance(input: AdvanceInput): Promise<ChannelOutcome<Advance>>;
  /** The advance with every repayment it has, which also settles an unknown `repay`. */
  queryAdvance(outAdvanceNo: string): Promise<ChannelOutcome<Advance>>;
  repay(input: RepaymentInput): Promise<ChannelOutcome<RepaymentResult>>;
  /** The day's statement (YYYY-MM-DD, Asia/Shanghai); its totals are checked against its lines. */
  statement(date: string): Promise<ChannelOutcome<Statement>>;
  parseNotification(headers: HeaderBag, rawBody: string | Buffer): Promise<BankNotificationOutcome>;
}

const segment = (no: string) => encodeURIComponent(no);

/** Throws only on a configuration mistake (bad PEM, missing key), which should stop start-up. */
export function createBankClient(config: BankClientConfig): BankClient {
  ConfigSchema.parse(config);
  const partnerKey: KeyObject = createPrivateKey(config.partnerPrivateKeyPem);
  const keyRing = createBankKeyRing(config.bankPublicKeys);
  const doFetch = config.fetch ?? fetch;
  const rememberNonce = config.rememberNonce ?? createMemoryNonceGuard();

  function signedSend(method: 'GET' | 'POST', url: URL, body: string): Promise<RawAnswer | { failure: string }> {
    const headers = signBankMessage({
      kind: { type: 'request', method, pathWithQuery: `${url.pathname}${url.search}` },
      partnerId: config.partnerId,
      keyId: config.partnerKeyId,
      privateKey: partnerKey,
      timestampSeconds: toUnixSeconds(config.clock()),
      body,
    });
    return send(url, { method, headers, body, userAgent: 'hefei-medins-bank/1 (node)', timeoutMs: config.timeoutMs, fetch: doFetch });
  }

  /**
   * One signed call. The bank signs every answer it gives, refusals included, so a 2xx or 4xx that does
   * not verify did not provably come from the bank and is unknown. A 5xx comes from its gateway,
   * unsigned, and is unknown whatever it says.
   */
  async function call<T>(method: 'GET' | 'POST', path: string, payload: unknown, schema: z.ZodType<T>): Promise<ChannelOutcome<T>> {
    const url = new URL(path, config.baseUrl);
    const answer = await signedSend(method, url, payload === undefined ? '' : JSON.stringify(payload));
    if ('failure' in answer) return unknown(answer.failure);
    const requestId = answer.headers.get('X-Request-Id') ?? '-';
    if (answer.status >= 500 || answer.status < 200 || (answer.status >= 300 && answer.status < 400)) {
      const code = errorCodeOf(answer);
      return unknown(`HTTP ${answer.status}${code ? ` ${code}` : ''}, request ${requestId}`);
    }
    const verified = await verifyBankMessage(
      { type: 'answer', status: answer.status, pathWithQuery: `${url.pathname}${url.search}` },
      answer.headers,
      answer.body,
      { keyRing, partnerId: config.partnerId, clock: config.clock },
    );
    if (!verified.ok) return unknown(`answer signature not verified (${verified.code}), HTTP ${answer.status}, request ${requestId}`);
    if (answer.status >= 400) return refusalOf(answer);
    const parsed = schema.safeParse(parseJson(answer.body));
    if (!parsed.success) return unknown(`answer does not match the expected shape, request ${requestId}`);
    return ok(parsed.data);
  }

  /** Input problems are ours, not the bank's: refused before anything is sent, so nothing can have happened. */
  const invalid = <T>(issues: string): ChannelOutcome<T> => rejected(0, 'INVALID_INPUT', `请求参数有误：${issues}`);
  const badNo = (no: string) => !OutNoSchema.safeParse(no).success;

  return {
    async signContract(input) {
      const parsed = SignContractInputSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.message);
      return call('POST', '/v1/contracts', parsed.data, ContractSchema);
    },

    async queryContract(outContractNo) {
      if (badNo(outContractNo)) return invalid('out_contract_no');
      return call('GET', `/v1/contracts/${segment(outContractNo)}`, undefined, ContractSchema);
    },

    async terminateContract(outContractNo, input = {}) {
      if (badNo(outContractNo)) return invalid('out_contract_no');
      const parsed = TerminateContractInputSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.message);
      return call('POST', `/v1/contracts/${segment(outContractNo)}/terminate`, parsed.data, ContractSchema);
    },

    async debit(input) {
      const parsed = DebitInputSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.message);
      return call('POST', '/v1/debits', parsed.data, DebitSchema);
    },

    async queryDebit(outDebitNo) {
      if (badNo(outDebitNo)) return invalid('out_debit_no');
      return call('GET', `/v1/debits/${segment(outDebitNo)}`, undefined, DebitSchema);
    },

    async advance(input) {
      const parsed = AdvanceInputSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.message);
      return call('POST', '/v1/advances', parsed.data, AdvanceSchema);
    },

    async queryAdvance(outAdvanceNo) {
      if (badNo(outAdvanceNo)) return invalid('out_advance_no');
      return call('GET', `/v1/advances/${segment(outAdvanceNo)}`, undefined, AdvanceSchema);
    },

    async repay(input) {
      const parsed = RepaymentInputSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.message);
      const { out_advance_no: outAdvanceNo, ...body } = parsed.data;
      return call('POST', `/v1/advances/${segment(outAdvanceNo)}/repayments`, body, RepaymentResultSchema);
    },

    async statement(date) {
      const parsed = StatementQuerySchema.safeParse({ date });
      if (!parsed.success) return invalid('date');
      const outcome = await call('GET', `/v1/statements?date=${parsed.data.date}`, undefined, StatementSchema);
      if (outcome.kind !== 'ok') return outcome;
      if (outcome.data.date !== parsed.data.date) return unknown(`statement is for ${outcome.data.date}, asked for ${parsed.data.date}`);
      if (!totalsAgree(outcome.data.totals, summarizeStatementLines(outcome.data.lines))) {
        return unknown('statement totals do not match its lines');
      }
      return outcome;
    },

    parseNotification(headers, rawBody) {
      return parseBankNotification(headers, rawBody, { keyRing, partnerId: config.partnerId, clock: config.clock, rememberNonce });
    },
  };
}

