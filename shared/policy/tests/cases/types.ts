/**
 * A policy case is data: a sentence that says what the policy does, the request, and the parts of the answer
 * that sentence is about. `expect` is matched partially (jest toMatchObject), so a case states only what it is
 * about; reductions, when given, must list every reduction in order.
 */
export interface PolicyCase {
  name: string;
  request: unknown;
  today?: string;
  expect: Record<string, unknown>;
}

/** A request with the person's fields inline, so tables stay one line per fact. */
export function request(
  benefitYear: number,
  paymentDate: string,
  person: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { benefitYear, paymentDate, person, ...extra };
}

/** An adult born long ago, insured in every year before `benefitYear` since 2023: a continuous enrollee. */
export function continuousAdult(benefitYear: number, more: Record<string, unknown> = {}): Record<string, unknown> {
  const coveredYears: number[] = [];
  for (let year = 2023; year < benefitYear; year += 1) coveredYears.push(year);
  return { birthDate: '1980-06-15', coveredYears, ...more };
}

export const failsWith = (code: string) => ({ error: { code } });
