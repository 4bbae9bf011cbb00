import { z } from 'zod';
import { CoverageOutput, RequestPaymentSchema } from '@shared/api/contract';
import { checkedCall } from '../../../lib/checkedCall';

/**
 * The credit and benefitStatus answers (CreditEligibilityView, CreditAdvanceView, BenefitStatusView in
 * cloudfunctions/_core/credit/contract.ts) as zod schemas, so a drifting answer shows an error, not a broken page.
 */
const AdvanceStateSchema = z.enum(['INIT', 'UNKNOWN', 'PAID', 'OVERDUE', 'REPAID', 'REFUSED', 'FAILED']);

const EligibilitySchema = z.object({
  personId: z.string(),
  benefitYear: z.number().int(),
  eligible: z.boolean(),
  reason: z.string().optional(),
  message: z.string(),
  amountFen: z.number().int().optional(),
  dueDate: z.string().optional(),
  interestFreeMonths: z.number().int().optional(),
  /** A live auto-renewal agreement that may still pay this year (cloudfunctions/_core/credit/autoRenewal.ts). */
  autoRenewal: z.object({ agreementId: z.string(), channelLabel: z.string(), plannedDate: z.string().nullable(), message: z.string() }).optional(),
});
export type Eligibility = z.infer<typeof EligibilitySchema>;

const AdvanceSchema = z.object({
  advanceId: z.string(),
  personId: z.string(),
  personName: z.string(),
  benefitYear: z.number().int(),
  amountFen: z.number().int(),
  /** What the bank reports repaid (a bank-counter repayment may be part of it) and what is still owed. */
  repaidFen: z.number().int(),
  outstandingFen: z.number().int(),
  signDate: z.string(),
  dueDate: z.string(),
  state: AdvanceStateSchema,
  stateLabel: z.string(),
  restoredFrom: z.string().optional(),
  creditRecorded: z.boolean(),
  repaymentPending: z.boolean(),
  /** A WeChat Pay repayment whose sheet is open; the sheet's arguments only for the one who opened it (继续支付). */
  wechatRepayment: z
    .object({
      repaymentId: z.string(),
      amountFen: z.number().int(),
      requestPayment: RequestPaymentSchema.optional(),
      cancelling: z.boolean().optional(),
      cancellable: z.boolean().optional(),
    })
    .optional(),
  /** Why a refused or failed advance did not go through, and the next step. */
  note: z.string().optional(),
  createdAt: z.string(),
  /** Read-only 办理记录 (cloudfunctions/_core/credit/advanceHistory.ts); absent from older servers. */
  history: z.array(z.object({ at: z.string(), kind: z.string(), label: z.string() })).optional(),
});
export type Advance = z.infer<typeof AdvanceSchema>;

export const BENEFIT_STATUSES = ['active', 'waiting', 'suspended', 'not-enrolled', 'repay-first'] as const;
const BenefitStatusSchema = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  date: z.string(),
  benefitYear: z.number().int(),
  status: z.enum(BENEFIT_STATUSES),
  reason: z.string(),
  message: z.string(),
  until: z.string().optional(),
  credit: z.object({ advanceId: z.string(), dueDate: z.string(), state: AdvanceStateSchema, repaidDate: z.string().optional() }).optional(),
});
export type BenefitStatus = z.infer<typeof BenefitStatusSchema>;

/** WeChat Pay (the platform collects and hands it to the bank) or the bank (it collects from the borrower). */
export type RepayChannel = 'wechatpay' | 'bank';

/** Advances that still hold the person-year (the others freed it: the year may be paid another way). */
export const HOLDING_STATES: readonly Advance['state'][] = ['INIT', 'UNKNOWN', 'PAID', 'OVERDUE', 'REPAID'];
/** Advances with money to give back to the bank. */
export const OWING_STATES: readonly Advance['state'][] = ['PAID', 'OVERDUE'];

export const creditApi = {
  coverage: () => checkedCall('coverage', {}, CoverageOutput),
  eligibility: (personId: string, benefitYear: number) => checkedCall('credit', { action: 'eligibility', personId, benefitYear }, z.object({ eligibility: EligibilitySchema })),
  sign: (personId: string, benefitYear: number, confirmAutoRenewal: boolean) =>
    checkedCall('credit', { action: 'sign', personId, benefitYear, ...(confirmAutoRenewal ? { confirmAutoRenewal } : {}) }, z.object({ advance: AdvanceSchema })),
  list: () => checkedCall('credit', { action: 'list' }, z.object({ advances: z.array(AdvanceSchema) })),
  /** `expectedFen`: the amount the person confirmed; the server refuses if the bank now says another. */
  repay: (advanceId: string, channel: RepayChannel, expectedFen: number) =>
    checkedCall('credit', { action: 'repay', advanceId, channel, expectedFen }, z.object({ advance: AdvanceSchema })),
  cancelRepayment: (repaymentId: string) => checkedCall('credit', { action: 'cancelRepayment', repaymentId }, z.object({ advance: AdvanceSchema })),
  benefitStatus: (personId: string, date?: string) => checkedCall('benefitStatus', date ? { personId, date } : { personId }, BenefitStatusSchema),
};
