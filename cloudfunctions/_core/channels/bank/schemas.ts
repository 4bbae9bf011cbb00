/**
 * The shapes of the partner bank's API (simulators/bank/README.md), shared by our client, which parses
 * every answer and notification with them, and the simulator, which parses every request with them.
 * Amounts are integer fen; dates are Asia/Shanghai calendar dates; instants are RFC 3339 at +08:00.
 * Nothing here carries a raw ID number: people are named by an ID hash (sign.ts bankIdHash).
 */
import { z } from 'zod';

/** Our own numbers for contracts, debits, advances and repayments: made and stored before the call. */
export const OutNoSchema = z.string().regex(/^[A-Za-z0-9_-]{6,32}$/, '编号须为6至32位字母、数字、下划线或连字符');
export const FenSchema = z.int().positive();
export const IdHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'id_hash 须为64位小写十六进制');
/** The token the bank issued when the account was bound; we never hold the full account number. */
export const AccountTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** First and last four digits, the rest starred: `6222********1234`. */
export const MaskedAccountNoSchema = z.string().regex(/^\d{4}\*{4,15}\d{4}$/);
export const BankDateSchema = z.iso.date();
export const BankTimeSchema = z.iso.datetime({ offset: true });
const NotifyUrlSchema = z.url({ protocol: /^https?$/ });

// ---- contracts (委托代扣协议) ------------------------------------------------------------------

export const SignContractInputSchema = z.strictObject({
  out_contract_no: OutNoSchema,
  /** The bank checks it against the account; it is echoed back masked only. */
  holder_name: z.string().min(1).max(64),
  account_no_masked: MaskedAccountNoSchema,
  account_token: AccountTokenSchema,
  id_hash: IdHashSchema,
  max_amount_per_debit_fen: FenSchema,
  /** Where this contract's notifications go; the partner's registered URL when absent. */
  notify_url: NotifyUrlSchema.optional(),
});
export type SignContractInput = z.infer<typeof SignContractInputSchema>;

export const TerminateContractInputSchema = z.strictObject({ reason: z.string().min(1).max(128).optional() });
export type TerminateContractInput = z.infer<typeof TerminateContractInputSchema>;

export const ContractStateSchema = z.enum(['ACTIVE', 'TERMINATING', 'TERMINATED']);
export type ContractState = z.infer<typeof ContractStateSchema>;
/** Who ended the contract: we asked (PARTNER), the holder did at the bank (ACCOUNT_HOLDER), or the bank did. */
export const TerminatedBySchema = z.enum(['PARTNER', 'ACCOUNT_HOLDER', 'BANK']);

export const ContractSchema = z.object({
  contract_id: z.string().min(1),
  out_contract_no: OutNoSchema,
  state: ContractStateSchema,
  holder_name_masked: z.string(),
  account_no_masked: MaskedAccountNoSchema,
  id_hash: IdHashSchema,
  max_amount_per_debit_fen: FenSchema,
  signed_at: BankTimeSchema,
  terminated_at: BankTimeSchema.nullable(),
  terminated_by: TerminatedBySchema.nullable(),
});
export type Contract = z.infer<typeof ContractSchema>;

// ---- debits (代扣) ---------------------------------------------------------------------------

export const DebitInputSchema = z.strictObject({
  out_debit_no: OutNoSchema,
  out_contract_no: OutNoSchema,
  amount_fen: FenSchema,
  description: z.string().min(1).max(128),
  notify_url: NotifyUrlSchema.optional(),
});
export type DebitInput = z.infer<typeof DebitInputSchema>;

export const DebitStateSchema = z.enum(['PROCESSING', 'SUCCESS', 'FAILED']);
export type DebitState = z.infer<typeof DebitStateSchema>;
export const DebitFailCodeSchema = z.enum(['INSUFFICIENT_FUNDS', 'CONTRACT_INACTIVE', 'OUTSIDE_HOURS', 'AMOUNT_OVER_LIMIT']);
export type DebitFailCode = z.infer<typeof DebitFailCodeSchema>;

export const DebitSchema = z.object({
  debit_id: z.string().min(1),
  out_debit_no: OutNoSchema,
  out_contract_no: OutNoSchema,
  amount_fen: FenSchema,
  state: DebitStateSchema,
  fail_code: DebitFailCodeSchema.nullable(),
  fail_message: z.string().nullable(),
  created_at: BankTimeSchema,
  finished_at: BankTimeSchema.nullable(),
});
export type Debit = z.infer<typeof DebitSchema>;

// ---- advances (信用参保：银行代缴) -------------------------------------------------------------

export const AdvanceInputSchema = z.strictObject({
  out_advance_no: OutNoSchema,
  id_hash: IdHashSchema,
  amount_fen: FenSchema,
  /** The last day of the interest-free period; repaid on or before it is on time. */
  due_date: BankDateSchema,
  /**
   * The shortest interest-free period our policy allows, in days from today. The bank does not know our
   * policy, so we state it and the bank refuses a due date that would breach it (DUE_DATE_TOO_EARLY).
   */
  min_interest_free_days: z.int().nonnegative().max(3660),
  description: z.string().min(1).max(128),
  notify_url: NotifyUrlSchema.optional(),
});
export type AdvanceInput = z.infer<typeof AdvanceInputSchema>;

export const AdvanceStateSchema = z.enum(['PAID', 'REFUSED', 'REPAID', 'OVERDUE']);
export type AdvanceState = z.infer<typeof AdvanceStateSchema>;

export const RepaymentChannelSchema = z.enum(['PARTNER', 'BANK_COUNTER']);

export const RepaymentSchema = z.object({
  repayment_id: z.string().min(1),
  /** Null for a repayment the person made at the bank itself. */
  out_repayment_no: OutNoSchema.nullable(),
  out_advance_no: OutNoSchema,
  amount_fen: FenSchema,
  channel: RepaymentChannelSchema,
  repaid_at: BankTimeSchema,
});
export type Repayment = z.infer<typeof RepaymentSchema>;

export const AdvanceSchema = z.object({
  advance_id: z.string().min(1),
  out_advance_no: OutNoSchema,
  id_hash: IdHashSchema,
  amount_fen: FenSchema,
  repaid_fen: z.int().nonnegative(),
  outstanding_fen: z.int().nonnegative(),
  state: AdvanceStateSchema,
  fail_code: z.enum(['CREDIT_REFUSED']).nullable(),
  due_date: BankDateSchema,
  paid_at: BankTimeSchema.nullable(),
  overdue_at: BankTimeSchema.nullable(),
  repaid_at: BankTimeSchema.nullable(),
  /** Whether the bank has reported this advance to the credit bureau (征信) as overdue. */
  credit_reported: z.boolean(),
  repayments: z.array(RepaymentSchema),
});
export type Advance = z.infer<typeof AdvanceSchema>;

/** The request body; the client's `repay` input adds `out_advance_no`, which goes into the path. */
export const RepaymentRequestSchema = z.strictObject({
  out_repayment_no: OutNoSchema,
  amount_fen: FenSchema,
  /**
   * Where the money comes from: the borrower's own account at the bank (the default), or money we collected from the
   * person by WeChat Pay and remit with this request, named by WeChat's transaction id so both sides can trace it.
   */
  funded_by: z.enum(['BORROWER', 'PARTNER_REMITTANCE']).optional(),
  remittance_ref: z.string().min(1).max(64).optional(),
});
export const RepaymentInputSchema = RepaymentRequestSchema.extend({ out_advance_no: OutNoSchema });
export type RepaymentInput = z.infer<typeof RepaymentInputSchema>;

export const RepaymentResultSchema = z.object({ repayment: RepaymentSchema, advance: AdvanceSchema });
export type RepaymentResult = z.infer<typeof RepaymentResultSchema>;

// ---- statements (对账单) ----------------------------------------------------------------------

export const StatementQuerySchema = z.strictObject({ date: BankDateSchema });

export const StatementLineSchema = z.object({
  type: z.enum(['DEBIT', 'ADVANCE', 'REPAYMENT']),
  /** Our number for the item; null for a repayment made at the bank counter. */
  out_no: OutNoSchema.nullable(),
  bank_no: z.string().min(1),
  /** The contract of a debit, the advance of a repayment; null for an advance. */
  ref_no: OutNoSchema.nullable(),
  state: z.string().min(1),
  fail_code: z.string().nullable(),
  amount_fen: FenSchema,
  at: BankTimeSchema,
});
export type StatementLine = z.infer<typeof StatementLineSchema>;

export const StatementTotalsSchema = z.object({
  debit_success_count: z.int().nonnegative(),
  debit_success_fen: z.int().nonnegative(),
  debit_failed_count: z.int().nonnegative(),
  advance_paid_count: z.int().nonnegative(),
  advance_paid_fen: z.int().nonnegative(),
  repayment_count: z.int().nonnegative(),
  repayment_fen: z.int().nonnegative(),
});
export type StatementTotals = z.infer<typeof StatementTotalsSchema>;

export const StatementSchema = z.object({
  partner_id: z.string().min(1),
  date: BankDateSchema,
  /** False while the day is still running at the bank: lines may still be added. */
  final: z.boolean(),
  generated_at: BankTimeSchema,
  lines: z.array(StatementLineSchema),
  totals: StatementTotalsSchema,
});
export type Statement = z.infer<typeof StatementSchema>;

// ---- notifications ------------------------------------------------------------------------------

export const BANK_EVENT_TYPES = ['CONTRACT.TERMINATED', 'DEBIT.SUCCESS', 'DEBIT.FAILED', 'ADVANCE.OVERDUE', 'ADVANCE.REPAID'] as const;

export const NotificationEnvelopeSchema = z.object({
  /** The same for every re-delivery of one event: the key to deduplicate on. */
  id: z.string().min(1),
  event_type: z.string().min(1),
  create_time: BankTimeSchema,
  resource: z.unknown(),
});
