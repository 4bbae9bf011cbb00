/**
 * The closed set of codes a quote (or another rule answering a caller) can fail with. Codes are stable API;
 * messages are Chinese and fit to show in the mini-program as they are.
 */
export const POLICY_ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_JSON',
  'YEAR_NOT_SUPPORTED',
  'YEAR_CLOSED',
  'REPAIR_EXCEEDS_BREAK',
  'NO_BENEFIT_IN_YEAR',
  'INTERNAL',
] as const;
export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[number];

export interface QuoteFailure {
  error: { code: PolicyErrorCode; message: string };
}

export function failure(code: PolicyErrorCode, message: string): QuoteFailure {
  return { error: { code, message } };
}

export function isQuoteFailure(value: unknown): value is QuoteFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    typeof (value as QuoteFailure).error === 'object' &&
    (value as QuoteFailure).error !== null &&
    typeof (value as QuoteFailure).error.code === 'string'
  );
}
