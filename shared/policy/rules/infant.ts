import { addMonths, type IsoDate } from '../dates';
import { percentOfFen } from '../money';
import { datedValue } from '../params/lookup';
import type { Params } from '../params/schema';
import { reduction, type Reduction } from './measure';

/**
 * Infant of an employee (职工医保参保人的婴幼儿), pilot §三（三）1: "0-3周岁婴幼儿父母一方连续在肥参加职工医保（生育
 * 保险）的，免征其居民基本医保费；其政策范围内医疗费用由生育保险基金支付。"
 * D5: "a child under 3 on Jan 1 of the benefit year (or born in it), one of whose parents is continuously in
 * Hefei employee insurance (with maternity insurance): resident premium waived". A child whose third birthday
 * falls on Jan 1 is 3 that day and no longer qualifies. The clause belongs to the item that starts "自2025年10月起",
 * so it is looked up by payment date (flagged as interpretation in params/infant.json).
 */
export function infantWaiver(
  params: Params,
  birthDate: IsoDate,
  parentInEmployeeInsurance: boolean,
  paymentDate: IsoDate,
  yearStart: IsoDate,
  standardFen: number,
): Reduction | null {
  if (!parentInEmployeeInsurance) return null;
  const rules = datedValue(params.infant.values, paymentDate);
  if (!rules) return null;
  const underLimitOnJan1 = addMonths(birthDate, rules.ageLimitYears * 12) > yearStart;
  return underLimitOnJan1 ? reduction('infant-waiver', percentOfFen(standardFen, rules.waiverSharePercent)) : null;
}
