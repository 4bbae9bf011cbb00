import { yearlyValue } from '../params/lookup';
import type { Params } from '../params/schema';
import { reduction, type Reduction } from './measure';

/**
 * Student standard (在校大学生), pilot §三（三）2: "大学生参加2026年度居民医保个人缴费标准为350元，由所在高校统一登记
 * 代收代缴参保费用（户籍地医疗救助对象除外）。" D2: standard 35000 in 2026. A year before the first student standard
 * (2025) has none; a later year borrows the latest one, provisionally, like the individual standard (D1).
 */
export function studentStandard(params: Params, benefitYear: number): { standardFen: number; provisional: boolean } | undefined {
  const hit = yearlyValue(params['standard-student'].values, benefitYear);
  return hit && { standardFen: hit.value, provisional: hit.provisional };
}

/**
 * The student standard expressed as a reduction of the individual standard, so that D6 can weigh it against the
 * other public measures: a student who is also a 低保 recipient gets whichever costs them less, not both.
 */
export function studentReduction(studentStandardFen: number | undefined, standardFen: number): Reduction | null {
  if (studentStandardFen === undefined || studentStandardFen >= standardFen) return null;
  return reduction('student-standard', standardFen - studentStandardFen);
}
