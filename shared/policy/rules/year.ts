/**
 * Everything a quote needs about one benefit year, looked up once per parameter set and year and then reused:
 * the hot path of a quote does no table scans.
 */
import type { AidCategory } from '../categories';
import { firstDayOfYear, lastDayOfYear, type IsoDate } from '../dates';
import { datedValue } from '../params/lookup';
import type { Params, ValueOf } from '../params/schema';
import { concentratedPeriod, graceWindow, type DatedRange } from './period';
import { individualStandard } from './standard';
import { studentStandard } from './student';

export interface YearRules {
  benefitYear: number;
  yearStart: IsoDate;
  yearEnd: IsoDate;
  nextYearStart: IsoDate;
  standardFen: number;
  /** Undefined in a year with no student standard (2025): students pay the individual standard. */
  studentStandardFen: number | undefined;
  studentProvisional: boolean;
  period: DatedRange;
  grace: DatedRange;
  /** The standard or the collection dates are borrowed from an earlier year. */
  provisional: boolean;
  aidShares: Readonly<Record<AidCategory, number>> | undefined;
  waiting: ValueOf<'waiting-period'>;
}

const cache = new WeakMap<Params, Map<number, YearRules | null>>();

/** Undefined for a year the tables do not reach (before the first standard, or without collection dates). */
export function yearRules(params: Params, benefitYear: number): YearRules | undefined {
  let years = cache.get(params);
  if (!years) {
    years = new Map();
    cache.set(params, years);
  }
  let rules = years.get(benefitYear);
  if (rules === undefined) {
    rules = buildYearRules(params, benefitYear);
    years.set(benefitYear, rules);
  }
  return rules ?? undefined;
}

function buildYearRules(params: Params, benefitYear: number): YearRules | null {
  const standard = individualStandard(params, benefitYear);
  const period = concentratedPeriod(params, benefitYear);
  const grace = graceWindow(params, benefitYear);
  const yearStart = firstDayOfYear(benefitYear);
  const waiting = datedValue(params['waiting-period'].values, yearStart);
  if (!standard || !period || !grace || !waiting) return null;
  const student = studentStandard(params, benefitYear);
  return {
    benefitYear,
    yearStart,
    yearEnd: lastDayOfYear(benefitYear),
    nextYearStart: firstDayOfYear(benefitYear + 1),
    standardFen: standard.standardFen,
    studentStandardFen: student?.standardFen,
    studentProvisional: student?.provisional ?? false,
    period,
    grace,
    provisional: standard.provisional || period.provisional || grace.provisional,
    aidShares: datedValue(params['medical-aid-share'].values, yearStart),
    waiting,
  };
}
