/**
 * The policy rules engine: dated parameters, one pure rule per concept, and the quote that combines them.
 * Bundled into the mini-program as well as the cloud functions, so nothing reachable from here may import Node
 * modules (no fs, no path): the parameter tables are imported as JSON.
 */
export { quote, quoteRequest, lastQuotableYear, type Quote, type RuleName } from './quote';
export { parseQuoteRequest, QuoteRequestSchema, PersonSchema, type QuoteRequest, type Person, type ParseResult } from './request';
export { isQuoteFailure, failure, POLICY_ERROR_CODES, type PolicyErrorCode, type QuoteFailure } from './errors';
export {
  AID_CATEGORIES,
  AID_CATEGORY_LABELS,
  PAYERS,
  PAYER_LABELS,
  REDUCTION_RULES,
  REDUCTION_LABELS,
  REDUCTION_PAYERS,
  REFUND_REASONS,
  REFUND_REASON_LABELS,
  type AidCategory,
  type Payer,
  type ReductionRule,
  type RefundReason,
} from './categories';
export { params, RAW_PARAMS } from './params';
export { loadParams, ParamsError } from './params/load';
export { PARAM_NAMES, PARAM_SCHEMAS, type Params, type ParamName } from './params/schema';
export * as dates from './dates';

// One rule per concept, for callers that need a single answer rather than a whole quote.
export { individualStandard, firstSupportedYear } from './rules/standard';
export { studentStandard, studentReduction } from './rules/student';
export { medicalAidSubsidy } from './rules/medicalAid';
export { newbornEligibility, newbornReduction } from './rules/newborn';
export { infantWaiver } from './rules/infant';
export { villageSubsidy, type VillageSubsidy } from './rules/village';
export { combineMeasures, type Combination } from './rules/combine';
export { concentratedPeriod, graceWindow, paymentWindow, type PaymentWindow } from './rules/period';
export { breakYears, isContinuous } from './rules/breaks';
export { waitingMonths, maxRepairYears, benefitTiming, type WaitingExemption } from './rules/waiting';
export { catastrophicCapIncrease, type CapIncrease, type CapIncreaseInput } from './rules/incentive';
export { refundEligibility, type RefundDecision, type RefundRequest, type PaidPart } from './rules/refund';
export { prepayQuote, prepaidYearSettlement, type PrepayQuote, type PrepayRequest } from './rules/prepay';
export { creditEligibility, type CreditDecision, type CreditRequest } from './rules/credit';
export { benefitStatus, type BenefitStatus, type EnrollmentFacts } from './rules/status';
export { enrollmentTarget, type TargetGroup } from './rules/targets';
export type { Reduction } from './rules/measure';
