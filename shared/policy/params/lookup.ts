/**
 * Reading a value out of a dated table. Two kinds of table exist (see schema.ts): yearly ones, keyed by benefit
 * year, where a year past the last value repeats the last value and is marked provisional (D1, D8); and dated
 * ones, keyed by a start date, where a value stays in force until the next one starts.
 */
import type { DatedEntry, YearlyEntry } from './schema';

export interface YearlyHit<T> {
  value: T;
  entry: YearlyEntry<T>;
  /** True when the year has no value of its own and borrows the latest earlier one. */
  provisional: boolean;
  /** How many years after the borrowed value's year the asked year is (0 when it has its own). */
  yearsAfterEntry: number;
}

/** The value for a benefit year, or undefined for a year before the table's first value. */
export function yearlyValue<T>(values: readonly YearlyEntry<T>[], benefitYear: number): YearlyHit<T> | undefined {
  for (let index = values.length - 1; index >= 0; index -= 1) {
    const entry = values[index];
    if (entry.benefitYear <= benefitYear) {
      const yearsAfterEntry = benefitYear - entry.benefitYear;
      return { value: entry.value, entry, provisional: yearsAfterEntry > 0, yearsAfterEntry };
    }
  }
  return undefined;
}

/** The value in force on a date, or undefined before the first value's start. */
export function datedValue<T>(values: readonly DatedEntry<T>[], date: string): T | undefined {
  for (let index = values.length - 1; index >= 0; index -= 1) {
    if (values[index].from <= date) return values[index].value;
  }
  return undefined;
}

export function firstBenefitYear(values: readonly YearlyEntry<unknown>[]): number {
  return values[0].benefitYear;
}
