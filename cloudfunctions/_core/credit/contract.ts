/**
 * Request and response shapes of the credit enrollment functions (`credit`, `benefitStatus`). They live here until
 * they join shared/api/contract.ts (FUNCTION_INPUTS) for the mini-program's client.
 */
import { z } from 'zod';
import { dates } from '../../../shared/policy';

const shortText = (max: number) => z.string().trim().min(1).max(max);
const BenefitYearSchema = z.number().int().min(2000).max(2100);
export const CalendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((value) => dates.isCalendarDate(value), '日期不存在');

// ---- credit (信用参保, D16) ----
export const CreditInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('eligibility'), personId: shortText(64), benefitYear: BenefitYearSchema }).strict(),
  z.object({ action: z.literal('sign'), personId: shortText(64), benefitYear: BenefitYearSchema }).strict(),
  z.object({ action: z.literal('list') }).strict(),
  z.object({ action: z.literal('repay'), advanceId: shortText(64) }).strict(),
]);
export type CreditRequest = z.infer<typeof CreditInput>;

export const CREDIT_ADVANCE_STATE_LABELS = {
  INIT: '银行代缴办理中',
  UNKNOWN: '银行代缴结果确认中',
  PAID: '银行已代缴，待还款',
  OVERDUE: '已逾期，待还款',
  REPAID: '已还款',
  REFUSED: '银行未同意代缴',
  FAILED: '未办理成功',
} as const;

export interface CreditEligibilityView {
  personId: string;
  benefitYear: number;
  eligible: boolean;
  /** Why not: the rules engine's reason, or NOT_PAYABLE / NOTHING_DUE when no quote asks for money. */
  reason?: string;
  message: string;
  /** The server's quote for the year: what the bank would pay. */
  amountFen?: number;
  dueDate?: string;
  interestFreeMonths?: number;
}

export interface CreditAdvanceView {
  advanceId: string;
  personId: string;
  personName: string;
  benefitYear: number;
  amountFen: number;
  signDate: string;
  dueDate: string;
  state: keyof typeof CREDIT_ADVANCE_STATE_LABELS;
  stateLabel: string;
  /** The day benefits resume after a repayment (the day after it). */
  restoredFrom?: string;
  /** True once the advance fell overdue: an entry in the 医保信用档案. */
  creditRecorded: boolean;
  /** A repayment awaits the bank's answer. */
  repaymentPending: boolean;
  createdAt: string;
}

// ---- benefitStatus (hospitals at settlement, staff, the person and their family) ----
export const BenefitStatusInput = z
  .object({
    personId: shortText(64),
    /** The day to answer for; today (Asia/Shanghai) when absent. */
    date: CalendarDateSchema.optional(),
  })
  .strict();

export const BENEFIT_STATUSES = ['active', 'waiting', 'suspended', 'not-enrolled', 'repay-first'] as const;
export type BenefitStatusName = (typeof BENEFIT_STATUSES)[number];

export interface BenefitStatusView {
  personId: string;
  name: string;
  idNumberMasked: string;
  date: string;
  benefitYear: number;
  status: BenefitStatusName;
  /** The rules engine's reason code (enrolled, waiting-period, credit-not-repaid, credit-overdue, ...). */
  reason: string;
  /** Chinese, fit to show at the hospital counter as it is. */
  message: string;
  /** The first day the status changes, when known. */
  until?: string;
  credit?: { advanceId: string; dueDate: string; state: CreditAdvanceView['state']; repaidDate?: string };
}
