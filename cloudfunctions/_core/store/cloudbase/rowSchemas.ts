import { z } from 'zod';
import type { ContractEndRow } from '../contractEnds.port';
import type {
  CreditAdvanceRow,
  CreditRecordRow,
  CreditRepaymentRow,
} from '../credit.port';
import type {
  AgreementRow,
  DebitRow,
  NoticeRow,
  PaymentEventRow,
  PaymentItemRow,
  PaymentOrderRow,
  ReconciliationLine,
  RefundRow,
} from '../port';
import type {
  EmployeeContributionRow,
  EnterpriseCountRow,
  GigWorkerRow,
  SavingsDepositRow,
  SavingsPlanRow,
  SavingsSweepRow,
  SavingsWithdrawalRow,
} from '../savings.port';

/**
 * The schemas of the rows that are stored as documents field for field (documents.ts has the older ones).
 * Each serves both ways: `rowDoc` parses a row before it is written, which pins exactly the port's fields
 * (a row object carrying extras never leaks them) and fills the defaults SQLite's columns have, and
 * `docRow` parses what comes back, dropping `_id`, `ns` and the layout's own fields.
 */
const str = z.string();
const nullableStr = z.string().nullable();
const int = z.number().int();

const orderState = z.enum(['INIT', 'PENDING', 'UNKNOWN', 'SUCCESS', 'FAILED']);

export const OrderRow = z.object({
  orderId: str,
  payerPersonId: str,
  payerOpenid: str,
  requestHash: str,
  totalFen: int,
  accountFen: int,
  wechatFen: int,
  state: orderState,
  prepayId: nullableStr,
  channelTxnId: nullableStr,
  failure: nullableStr,
  createdAt: str,
  updatedAt: str,
  paidAt: nullableStr.default(null),
  channel: z.enum(['wechatpay', 'papay', 'bank', 'cash']).default('wechatpay'),
  savingsFen: int.default(0),
  heldAt: str.optional(),
  paidOutAt: str.optional(),
});

export const ItemRow = z.object({
  orderId: str,
  itemNo: int,
  personId: str,
  benefitYear: int,
  standardFen: int,
  dueFen: int,
  quote: str,
  live: z.boolean(),
});

export const EventRow = z.object({ orderId: str, fromState: orderState.nullable(), toState: orderState, cause: str, at: str });

export const RefundRowSchema = z.object({
  refundId: str,
  orderId: str,
  personId: str,
  benefitYear: int,
  reason: str,
  requestedBy: str,
  accountFen: int,
  wechatFen: int,
  state: z.enum(['PENDING', 'UNKNOWN', 'SUCCESS', 'FAILED']),
  channelRefundId: nullableStr,
  failure: nullableStr,
  createdAt: str,
  updatedAt: str,
  refundedAt: nullableStr.default(null),
  savingsFen: int.default(0),
  message: nullableStr.default(null),
  paidOutAt: nullableStr.default(null),
});

export const ReconciliationLineRow = z.object({
  billDate: str,
  kind: z.enum(['payment', 'refund', 'debit', 'deposit', 'advance', 'repayment']),
  ref: str,
  status: z.enum(['MATCHED', 'MISSING_ON_OUR_SIDE', 'MISSING_ON_CHANNEL_SIDE', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH']),
  ourFen: int.nullable(),
  channelFen: int.nullable(),
  detail: str,
  checkedAt: str,
});

const agreementState = z.enum(['SIGNING', 'ACTIVE', 'PAUSED', 'CANCELLED', 'FAILED']);

export const AgreementRowSchema = z.object({
  agreementId: str,
  kind: z.literal('auto-renew'),
  signerPersonId: str,
  signerOpenid: str,
  personId: str,
  channel: z.enum(['bank', 'wechat']),
  contractNo: str,
  accountMasked: str,
  state: agreementState,
  live: z.boolean(),
  createdAt: str,
  updatedAt: str,
  endCause: str.optional(),
});

/** A state change of an agreement or a savings plan, kept in its document (SQLite's *_events tables). */
export const StateEvent = z.object({ fromState: str.nullable(), toState: str, cause: str, at: str });

const debitState = z.enum(['INIT', 'PENDING', 'UNKNOWN', 'SUCCESS', 'FAILED']);

export const DebitRowSchema = z.object({
  debitId: str,
  agreementId: str,
  periodKey: str,
  attempt: int,
  amountFen: int,
  orderId: str,
  state: debitState,
  failure: nullableStr,
  createdAt: str,
  updatedAt: str,
});

export const NoticeRowSchema = z.object({
  noticeId: str,
  personId: str,
  openid: str,
  kind: str,
  ref: str,
  title: str,
  body: str,
  createdAt: str,
});

export const CreditAdvanceRowSchema = z.object({
  advanceId: str,
  personId: str,
  benefitYear: int,
  signerPersonId: str,
  signerOpenid: str,
  orderId: str,
  amountFen: int,
  signDate: str,
  dueDate: str,
  state: z.enum(['INIT', 'UNKNOWN', 'PAID', 'OVERDUE', 'REPAID', 'REFUSED', 'FAILED']),
  live: z.boolean(),
  bankAdvanceId: nullableStr,
  failure: nullableStr,
  paidAt: nullableStr,
  overdueAt: nullableStr,
  repaidDate: nullableStr,
  // Documents written before it was kept: what is owed follows the state for them (outstandingFen in credit/).
  repaidFen: int.default(0),
  createdAt: str,
  updatedAt: str,
});

export const CreditRepaymentRowSchema = z.object({
  repaymentId: str,
  advanceId: str,
  amountFen: int,
  requestedBy: str,
  // Documents written before WeChat Pay repayments were all the bank's.
  channel: z.enum(['bank', 'wechatpay']).default('bank'),
  state: z.enum(['INIT', 'PENDING', 'UNKNOWN', 'COLLECTED', 'SUCCESS', 'FAILED', 'REFUNDING', 'REFUNDED', 'MANUAL']),
  failure: nullableStr,
  prepayId: nullableStr.default(null),
  channelTxnId: nullableStr.default(null),
  collectedAt: nullableStr.default(null),
  refundedAt: nullableStr.default(null),
  createdAt: str,
  updatedAt: str,
  paidOutAt: nullableStr.default(null),
});

export const CreditRecordRowSchema = z.object({
  recordId: str,
  personId: str,
  advanceId: str,
  kind: z.literal('advance-overdue'),
  detail: str,
  recordedAt: str,
  resolvedAt: nullableStr,
});

export const SavingsPlanRowSchema = z.object({
  planId: str,
  personId: str,
  openid: str,
  contractNo: str,
  accountMasked: str,
  maxDebitFen: int,
  depositFen: int,
  schedule: z.union([z.object({ kind: z.literal('weekly'), weekday: int }), z.object({ kind: z.literal('monthly'), day: int })]),
  topUp: z.boolean(),
  target: z.union([z.object({ kind: z.literal('resident') }), z.object({ kind: z.literal('employee-months'), months: z.array(str), monthlyFen: int })]).optional(),
  state: agreementState,
  live: z.boolean(),
  activeSince: str,
  createdAt: str,
  updatedAt: str,
});

export const SavingsDepositRowSchema = z.object({
  depositId: str,
  planId: str,
  personId: str,
  slot: str,
  kind: z.enum(['scheduled', 'top-up']),
  attempt: int,
  amountFen: int,
  state: debitState,
  failure: nullableStr,
  bankDebitId: nullableStr,
  createdAt: str,
  updatedAt: str,
});

export const SavingsWithdrawalRowSchema = z.object({
  withdrawalId: str,
  planId: str,
  personId: str,
  openid: str,
  amountFen: int,
  accountMasked: str,
  state: z.enum(['REQUESTED', 'PAID', 'RETURNED']),
  createdAt: str,
  updatedAt: str,
});

export const SavingsSweepRowSchema = z.object({ orderId: str, planId: str, personId: str, benefitYear: int, amountFen: int, sweptAt: str });

export const EmployeeContributionRowSchema = z.object({
  paymentId: str, planId: str, personId: str,
  // As SQLite's key: at least one month, each once.
  months: z.array(str).min(1).refine((m) => new Set(m).size === m.length, 'months repeat'),
  monthlyFen: int, amountFen: int, paidAt: str,
});

const enterpriseType = z.enum(['courier', 'food-delivery', 'ride-hailing', 'other']);

export const GigWorkerRowSchema = z.object({
  personId: str,
  enterpriseKey: str,
  enterpriseName: str,
  enterpriseType,
  recordedAt: str,
  updatedAt: str,
});

export const EnterpriseCountRowSchema = z.object({ enterpriseKey: str, enterpriseName: str, enterpriseType, workers: int, enrolled: int });

export const ContractEndRowSchema = z.object({
  channel: z.enum(['bank', 'wechat']),
  contractNo: str,
  ownerRef: str,
  note: str,
  requestedAt: str,
  attempts: int,
  lastResult: str.nullable(),
  confirmedAt: str.nullable(),
});

// Each schema must produce exactly its port row: a field renamed on one side fails the type check here.
type Same<S extends z.ZodType, R> = z.infer<S> extends R ? (R extends z.input<S> ? true : never) : never;
export const SCHEMAS_MATCH_ROWS = {
  PaymentOrderRow: true satisfies Same<typeof OrderRow, PaymentOrderRow>,
  PaymentItemRow: true satisfies Same<typeof ItemRow, PaymentItemRow>,
  PaymentEventRow: true satisfies Same<typeof EventRow, PaymentEventRow>,
  RefundRow: true satisfies Same<typeof RefundRowSchema, RefundRow>,
  ReconciliationLine: true satisfies Same<typeof ReconciliationLineRow, ReconciliationLine>,
  AgreementRow: true satisfies Same<typeof AgreementRowSchema, AgreementRow>,
  DebitRow: true satisfies Same<typeof DebitRowSchema, DebitRow>,
  NoticeRow: true satisfies Same<typeof NoticeRowSchema, NoticeRow>,
  CreditAdvanceRow: true satisfies Same<typeof CreditAdvanceRowSchema, CreditAdvanceRow>,
  CreditRepaymentRow: true satisfies Same<typeof CreditRepaymentRowSchema, CreditRepaymentRow>,
  CreditRecordRow: true satisfies Same<typeof CreditRecordRowSchema, CreditRecordRow>,
  SavingsPlanRow: true satisfies Same<typeof SavingsPlanRowSchema, SavingsPlanRow>,
  SavingsDepositRow: true satisfies Same<typeof SavingsDepositRowSchema, SavingsDepositRow>,
  SavingsWithdrawalRow: true satisfies Same<typeof SavingsWithdrawalRowSchema, SavingsWithdrawalRow>,
  SavingsSweepRow: true satisfies Same<typeof SavingsSweepRowSchema, SavingsSweepRow>,
  EmployeeContributionRow: true satisfies Same<typeof EmployeeContributionRowSchema, EmployeeContributionRow>,
  GigWorkerRow: true satisfies Same<typeof GigWorkerRowSchema, GigWorkerRow>,
  EnterpriseCountRow: true satisfies Same<typeof EnterpriseCountRowSchema, EnterpriseCountRow>,
  ContractEndRow: true satisfies Same<typeof ContractEndRowSchema, ContractEndRow>,
};
