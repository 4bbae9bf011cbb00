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
 * The person's repayments reach the bank (through the bank channel) and bring the bank-advance account back toward
 * zero, as the bank reports them: so the account always shows what the bank says is still outstanding.
 */
function repaymentTransfer(kind: string, ref: string, fen: number, transferId: string, at: string): TransferInput {
  return {
    transferId, kind, ref, at,
    legs: [
      { account: accounts.channel('bank'), amountFen: -fen },
      { account: accounts.bankAdvance(ADVANCE_BANK), amountFen: fen },
    ],
  };
}

/** Part repaid at the bank counter, up to `repaidFen` in all: once per amount reached (it only grows). */
export function advancePartRepaidTransfer(advance: CreditAdvanceRow, repaidFen: number, fen: number, transferId: string, at: string): TransferInput {
  return repaymentTransfer('credit.repaid-part', `${advance.advanceId}:${repaidFen}`, fen, transferId, at);
}

/** Repaid in full: what the parts before did not cover. Once per advance. */
export function advanceRepaidTransfer(advance: CreditAdvanceRow, fen: number, transferId: string, at: string): TransferInput {
  return repaymentTransfer('credit.repaid', advance.advanceId, fen, transferId, at);
}
