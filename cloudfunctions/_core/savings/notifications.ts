import type { App } from '../app';
import type { Debit } from '../channels/bank';

/** A bank debit that is not an auto-renewal debit may be a savings deposit: true when this module owned it. */
export async function savingsDebitNotified(_app: App, _debit: Debit, _cause: string): Promise<boolean> {
  // Savings plans (零存整缴) are not built yet.
  return false;
}
