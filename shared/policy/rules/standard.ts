import type { Params } from '../params/schema';
import { yearlyValue } from '../params/lookup';

export interface StandardForYear {
  standardFen: number;
  /** The year has no value of its own: the latest known standard is used until the new one is published. */
  provisional: boolean;
}

/**
 * Individual standard (个人缴费标准), D1: "2025: 40000; 2026: 40000. A year with no table uses the latest known
 * standard and is marked provisional" (docs/product.md, after the Hefei 2025 notice and the national 2025
 * financing notice). Undefined for a year before the first table: those years are not supported.
 */
export function individualStandard(params: Params, benefitYear: number): StandardForYear | undefined {
  const hit = yearlyValue(params['standard-resident'].values, benefitYear);
  return hit && { standardFen: hit.value, provisional: hit.provisional };
}

/** The first benefit year the engine can quote: the first year with an individual standard. */
export function firstSupportedYear(params: Params): number {
  return params['standard-resident'].values[0].benefitYear;
}
