import type { App } from '../app';
import type { Debit } from '../channels/bank';
import { applyDepositAnswer } from './depositAnswers';

export { savingsContractEnded } from './plans';

/**
 * A bank debit that is not an auto-renewal debit may be a savings deposit: applied exactly as a query answer
 * would be (compare-and-set, so a re-sent notification changes nothing); true when this module owned it.
 */
export async function savingsDebitNotified(app: App, debit: Debit, _cause: string): Promise<boolean> {
  const deposit = await app.store.getSavingsDeposit(debit.out_debit_no);
  if (!deposit) return false;
  await applyDepositAnswer(app, deposit, { kind: 'ok', data: debit });
  return true;
}
