import { addMonths, daysBetween, firstDayOfYear, yearOf, type IsoDate } from '../dates';
import { percentOfFen } from '../money';
import { datedValue } from '../params/lookup';
import type { Params, ValueOf } from '../params/schema';
import { reduction, type Reduction } from './measure';

export type NewbornParams = ValueOf<'newborn'>;

/**
 * Newborn registration (新生儿), pilot §三（三）1: "自2025年10月起，新生儿出生90天内进行居民基本医保参保登记的，
 * 参保首年待遇期不满6个月的减免个人居民医保费，待遇期6个月及以上的减半征收居民医保费".
 * D4: "from 2025-10-01 (registration date), a newborn registered within 90 days of birth (day of birth = day 0,
 * day 90 included) is covered from birth". The measure is for the first benefit year only, the year of birth.
 * Returns the parameters in force when the newborn qualifies, undefined otherwise.
 */
export function newbornEligibility(
  params: Params,
  birthDate: IsoDate,
  registrationDate: IsoDate,
  benefitYear: number,
): NewbornParams | undefined {
  if (yearOf(birthDate) !== benefitYear) return undefined;
  const rules = datedValue(params.newborn.values, registrationDate);
  if (!rules) return undefined;
  const dayOfRegistration = daysBetween(birthDate, registrationDate);
  return dayOfRegistration >= 0 && dayOfRegistration <= rules.registrationWindowDays ? rules : undefined;
}

/**
 * D4: "First-year benefit period (birth date – Dec 31) shorter than 6 calendar months: premium waived; 6 months
 * or more: half. Born on or before Jul 1 → half; born Jul 2 or later → waived." Jul 1 + 6 months is Jan 1 of
 * the next year, so Jul 1 – Dec 31 is exactly six months.
 */
export function newbornReduction(rules: NewbornParams, birthDate: IsoDate, standardFen: number): Reduction {
  const nextYearStart = firstDayOfYear(yearOf(birthDate) + 1);
  const sixMonthsOrMore = addMonths(birthDate, rules.halfWhenFirstYearMonthsAtLeast) <= nextYearStart;
  return sixMonthsOrMore
    ? reduction('newborn-half', percentOfFen(standardFen, rules.halfSharePercent))
    : reduction('newborn-waiver', percentOfFen(standardFen, rules.waiverSharePercent));
}
