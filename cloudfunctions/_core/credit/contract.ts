/**
 * Response shapes of the credit enrollment functions (`credit`, `benefitStatus`); their inputs are in
 * shared/api/contract.ts with every other function's.
 */
import { z } from 'zod';
import type { CreditInput, RequestPaymentSchema } from '../../../shared/api/contract';
import type { AdvanceEvent } from './advanceHistory';

type RequestPaymentArgs = z.infer<typeof RequestPaymentSchema>;


// ---- credit (信用参保, D16) ----
export { BenefitStatusInput, CalendarDateSchema, CreditInput } from '../../../shared/api/contract';
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
  /** Why not: the rules engine's reason, NOT_PAYABLE / NOTHING_DUE when no quote asks for money, PAYMENT_IN_PROGRESS. */
  reason?: string;
  message: string;
  /** The server's quote for the year: what the bank would pay. */
  amountFen?: number;
  dueDate?: string;
  interestFreeMonths?: number;
  /**
   * A live auto-renewal agreement (自动续缴, D17) that may still debit this year: signing would pay the year twice
   * over (the debit would then find the year paid), so signing asks for `confirmAutoRenewal: true`.
   */
  autoRenewal?: AutoRenewalConflict;
}

export interface AutoRenewalConflict {
  agreementId: string;
  /** 微信自动续缴 / 银行卡自动续缴. */
  channelLabel: string;
  /** The planned debit day, when the batch has one. */
  plannedDate: string | null;
  /** Chinese, fit to show as it is. */
  message: string;
}

export interface CreditAdvanceView {
  advanceId: string;
  personId: string;
  personName: string;
  benefitYear: number;
  amountFen: number;
  /** What the bank reports repaid so far (a bank-counter repayment may be part of it), and what is still owed. */
  repaidFen: number;
  outstandingFen: number;
  signDate: string;
  dueDate: string;
  state: keyof typeof CREDIT_ADVANCE_STATE_LABELS;
  stateLabel: string;
  /** The day benefits resume after a repayment (the day after it). */
  restoredFrom?: string;
  /** True once the advance fell overdue: an entry in the 医保信用档案. */
  creditRecorded: boolean;
  /** A repayment awaits the bank's answer (or, paid by WeChat Pay, is on its way to the bank). */
  repaymentPending: boolean;
  /**
   * A WeChat Pay repayment whose sheet is open: its amount, and for the one who opened it the sheet's arguments
   * (继续支付) and the number to cancel it by.
   */
  wechatRepayment?: {
    repaymentId: string;
    amountFen: number;
    requestPayment?: RequestPaymentArgs;
    /** Being closed: cancelled without WeChat's confirmation yet, or no longer for what is owed. */
    cancelling?: boolean;
    /** The viewer may cancel it: the one who opened it, or the person whose advance it is. */
    cancellable?: boolean;
  };
  /** For a REFUSED or FAILED advance: why, in Chinese, and the next step (wording.ts). */
  note?: string;
  createdAt: string;
  /** 办理记录: signed, paid, each repayment, overdue, repaid (advanceHistory.ts). */
  history: AdvanceEvent[];
}

// ---- benefitStatus (hospitals at settlement, staff, the person and their family) ----

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
