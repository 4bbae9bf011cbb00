import { yearOf, type IsoDate } from '../dates';
import { failure, type QuoteFailure } from '../errors';
import { datedValue } from '../params/lookup';
import { params as shippedParams } from '../params';
import type { Params } from '../params/schema';
import type { Reduction } from './measure';
import { priceYear, type PricedPerson } from './price';
import { yearRules } from './year';

export interface PrepayRequest {
  paymentDate: IsoDate;
  /** The first prepaid benefit year; must lie after the payment's calendar year. */
  firstYear: number;
  years: number;
  person: PricedPerson;
}

export interface PrepaidYear {
  benefitYear: number;
  standardFen: number;
  dueFen: number;
  reductions: Reduction[];
}

export interface PrepayQuote {
  /** The standard every prepaid year is charged at: the first year's, never topped up later. */
  lockedStandardFen: number;
  years: PrepaidYear[];
  totalFen: number;
  /** The first year's standard is itself borrowed from an earlier year (D1). */
  provisional: boolean;
}

/**
 * Prepayment price lock, D12 (pilot §三（一）: "探索通过职工个人账户、医保钱包、现金方式预缴预存家庭成员和近亲属2-5个年度的
 * 居民个人基本医保费用，探索大学生按照第一年度个人缴费标准一次性缴纳所有学年的居民医保费用。预缴预存参保费用后，年度新增个人
 * 筹资标准的不再补缴"): "2–5 future benefit years ... at the current standard (price lock: no top-up when the
 * standard rises). ... Students: all academic years at the first year's standard."
 * Every year is priced with the first year's standards (including the student standard) and with the person's
 * situation as it is now; age-bound measures (infant) are judged per year.
 */
export function prepayQuote(request: PrepayRequest, params: Params = shippedParams): PrepayQuote | QuoteFailure {
  const rules = datedValue(params.prepay.values, request.paymentDate);
  if (!rules) return failure('YEAR_NOT_SUPPORTED', '该日期尚不能办理预缴');
  const student = request.person.student === true;
  const minYears = student ? rules.studentMinYears : rules.minYears;
  const maxYears = student ? rules.studentMaxYears : rules.maxYears;
  if (!Number.isSafeInteger(request.years) || request.years < minYears || request.years > maxYears) {
    return failure('INVALID_INPUT', `预缴年数应为 ${minYears}-${maxYears} 年`);
  }
  if (request.firstYear <= yearOf(request.paymentDate)) {
    return failure('INVALID_INPUT', `预缴只能从 ${yearOf(request.paymentDate) + 1} 年度起`);
  }
  const locked = yearRules(params, request.firstYear);
  if (!locked) return failure('YEAR_NOT_SUPPORTED', `${request.firstYear} 年度缺少参数，暂不能预缴`);
  const years: PrepaidYear[] = [];
  let totalFen = 0;
  for (let offset = 0; offset < request.years; offset += 1) {
    const benefitYear = request.firstYear + offset;
    const basis = { ...locked, yearStart: `${benefitYear}-01-01` };
    const price = priceYear(params, basis, request.person, request.paymentDate, undefined);
    years.push({ benefitYear, standardFen: locked.standardFen, dueFen: price.dueFen, reductions: price.reductions });
    totalFen += price.dueFen;
  }
  return { lockedStandardFen: locked.standardFen, years, totalFen, provisional: locked.provisional };
}

/**
 * D12: "A later year that becomes cheaper for that person (aid, waiver) refunds the difference", and the price lock
 * means a dearer year is never topped up. `dueNowFen` is what a quote for that year says today.
 */
export function prepaidYearSettlement(prepaidFen: number, dueNowFen: number): { refundFen: number; topUpFen: 0 } {
  return { refundFen: dueNowFen < prepaidFen ? prepaidFen - dueNowFen : 0, topUpFen: 0 };
}
