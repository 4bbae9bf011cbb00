import { addMonths, type IsoDate } from '../dates';
import { datedValue } from '../params/lookup';
import { params as shippedParams } from '../params';
import type { Params } from '../params/schema';
import { concentratedPeriod, graceWindow } from './period';

export interface CreditRequest {
  benefitYear: number;
  signDate: IsoDate;
  /** The person's credit grade is good (信用等级良好), as the bank and the credit platform report it. */
  creditGood: boolean;
  /** The premium for benefitYear is already paid. */
  paid: boolean;
}

export type CreditDecision =
  | { eligible: true; advanceDate: IsoDate; dueDate: IsoDate; interestFreeMonths: number; message: string }
  | { eligible: false; reason: 'CREDIT_GRADE' | 'ALREADY_PAID' | 'OUTSIDE_PERIOD' | 'NOT_AVAILABLE'; message: string };

/**
 * Credit enrollment, D16 (pilot §三（二）: "对信用等级良好的参保人员在集中参保期结束前未缴费的，可通过医保信息平台与医保、
 * 银行签订协议代为缴纳居民医保费，约定还款日期和相关义务，享受不少于2个月的免息账期"): "a person with a good credit grade
 * who has not paid by the end of the period may sign an agreement; the bank pays the premium; repayment is due at
 * least 2 months later, interest free."
 * "在集中参保期结束前未缴费的" says who may sign (those unpaid when the period ends), not that signing must fall inside
 * it: signing opens with the period and, as credit.json's signUntil says, runs on through the grace window after it
 * (D8), so someone still unpaid once the period has closed can be enrolled by the bank's advance. When benefits
 * start then is the quote's business (a payment after the period, continuous or not: D8, D9); the advance only
 * pays. The due date is the earliest the pilot allows: the advance day plus 2 months.
 */
export function creditEligibility(request: CreditRequest, params: Params = shippedParams): CreditDecision {
  const rules = datedValue(params.credit.values, request.signDate);
  const period = concentratedPeriod(params, request.benefitYear);
  if (!rules || !period) return { eligible: false, reason: 'NOT_AVAILABLE', message: '该年度暂不能办理信用参保' };
  if (request.paid) return { eligible: false, reason: 'ALREADY_PAID', message: `${request.benefitYear} 年度已缴费，无需信用参保` };
  if (!request.creditGood) return { eligible: false, reason: 'CREDIT_GRADE', message: '信用等级不满足信用参保条件' };
  const lastDay = rules.signUntil === 'grace-window-end' ? (graceWindow(params, request.benefitYear)?.end ?? period.end) : period.end;
  if (request.signDate < period.start || request.signDate > lastDay) {
    return {
      eligible: false,
      reason: 'OUTSIDE_PERIOD',
      message: lastDay === period.end
        ? `信用参保须在集中参保期（${period.start} 至 ${period.end}）内签约`
        : `信用参保须在 ${period.start} 至 ${lastDay}（集中参保期及其后的缓冲期）内签约`,
    };
  }
  const dueDate = addMonths(request.signDate, rules.interestFreeMinMonths);
  return {
    eligible: true,
    advanceDate: request.signDate,
    dueDate,
    interestFreeMonths: rules.interestFreeMinMonths,
    message: `银行代缴 ${request.benefitYear} 年度保费，请在 ${dueDate} 前还款（免息）；还款前暂不能享受医保待遇`,
  };
}
