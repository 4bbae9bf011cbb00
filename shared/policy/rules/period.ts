import { shiftYears, type IsoDate } from '../dates';
import { yearlyValue } from '../params/lookup';
import type { DateRangeValue, Params, YearlyEntry } from '../params/schema';

export interface DatedRange {
  start: IsoDate;
  end: IsoDate;
  /** Borrowed from an earlier year and moved a year on per year (D8), until the year's own dates are published. */
  provisional: boolean;
}

function rangeForYear(values: readonly YearlyEntry<DateRangeValue>[], benefitYear: number): DatedRange | undefined {
  const hit = yearlyValue(values, benefitYear);
  if (!hit) return undefined;
  return {
    start: shiftYears(hit.value.start, hit.yearsAfterEntry),
    end: shiftYears(hit.value.end, hit.yearsAfterEntry),
    provisional: hit.provisional,
  };
}

/**
 * Concentrated enrollment period (集中参保期), D8: "per benefit year, a parameter: for 2025, 2024-09-01 –
 * 2024-12-31; for 2026, 2025-10-20 – 2025-12-31; a later year without its own dates repeats the latest ones a year
 * on, marked provisional". Both ends are inclusive.
 */
export function concentratedPeriod(params: Params, benefitYear: number): DatedRange | undefined {
  return rangeForYear(params['concentrated-period'].values, benefitYear);
}

/**
 * Grace window, D8: "plus a Jan 1 – end of Feb grace window in which a continuous enrollee is covered from the day
 * after payment, with no waiting". A product decision, so its table entries are flagged as interpretation.
 */
export function graceWindow(params: Params, benefitYear: number): DatedRange | undefined {
  return rangeForYear(params['grace-window'].values, benefitYear);
}

/**
 * Where a payment falls relative to the benefit year's collection dates. A payment before the period opens is a
 * prepayment (D12): it is on time like a payment inside the period.
 */
export type PaymentWindow = 'before-period' | 'in-period' | 'grace' | 'outside';

export function paymentWindow(paymentDate: IsoDate, period: DatedRange, grace: DatedRange): PaymentWindow {
  if (paymentDate < period.start) return 'before-period';
  if (paymentDate <= period.end) return 'in-period';
  if (paymentDate >= grace.start && paymentDate <= grace.end) return 'grace';
  return 'outside';
}

export function isOnTime(window: PaymentWindow): boolean {
  return window === 'before-period' || window === 'in-period';
}
