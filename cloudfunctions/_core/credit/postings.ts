import { accounts } from '../ledger/accounts';
import type { TransferInput } from '../ledger/transfer';
import type { CreditAdvanceRow } from '../store/credit.port';

/** The partner bank that makes the advances; one today, named so a second bank gets its own account. */
export const ADVANCE_BANK = 'partner';

/**
 * The bank's advance arrives as an order paid through the bank channel (order.paid: bank clearing → premium).
 * This transfer says whose money that was: the bank's, lent to the person, so the bank-advance account goes
 * negative by the amount (money the bank put in) and the bank clearing leg of the order is covered.
 */
export function advancePaidTransfer(advance: CreditAdvanceRow, transferId: string, at: string): TransferInput {
  return {
    transferId, kind: 'credit.advanced', ref: advance.advanceId, at,
    legs: [
      { account: accounts.bankAdvance(ADVANCE_BANK), amountFen: -advance.amountFen },
      { account: accounts.channel('bank'), amountFen: advance.amountFen },
    ],
  };
}

/**
 * The person's repayment reaches the bank through the bank channel and settles the advance: the bank-advance
 * account returns to zero for it. Posted once per advance, when the bank reports it repaid in full.
 */
export function advanceRepaidTransfer(advance: CreditAdvanceRow, transferId: string, at: string): TransferInput {
  return {
    transferId, kind: 'credit.repaid', ref: advance.advanceId, at,
    legs: [
      { account: accounts.channel('bank'), amountFen: -advance.amountFen },
      { account: accounts.bankAdvance(ADVANCE_BANK), amountFen: advance.amountFen },
    ],
  };
}
