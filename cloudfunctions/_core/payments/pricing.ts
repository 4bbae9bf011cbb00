import { quote as policyQuote, type Quote, type QuoteFailure } from '../../../shared/policy';
import type { App } from '../app';
import { quoteRequestFor } from '../coverage/service';
import type { EnrollmentRow, PersonRow } from '../store/port';

/**
 * What a person-year costs if paid today: the rules engine's quote. The order (`pay`) and 缴费's preview of
 * prepayable years (`payments` options) both price with this, so a prepaid year (D12, locked at the standard the
 * tables give today) shows exactly what it will be charged.
 */
export async function quoteForPayment(app: App, person: PersonRow, benefitYear: number, enrollments: EnrollmentRow[], today: string): Promise<Quote | QuoteFailure> {
  return policyQuote(await quoteRequestFor(app, person, benefitYear, enrollments, today), today);
}
