import { accounts, type AccountSpec } from '../ledger/accounts';
import type { TransferInput } from '../ledger/transfer';
import type { CreditAdvanceRow, CreditRepaymentRow } from '../store/credit.port';

/** The partner bank that makes the advances; one today, named so a second bank gets its own account. */
export const ADVANCE_BANK = 'partner';

/** Every credit transfer moves one amount from one account to another: the first goes down by it, the second up. */
function move(kind: string, ref: string, fen: number, from: AccountSpec, to: AccountSpec, transferId: string, at: string): TransferInput {
  return { transferId, kind, ref, at, legs: [{ account: from, amountFen: -fen }, { account: to, amountFen: fen }] };
}

/**
 * The bank's advance arrives as an order paid through the bank channel (order.paid: bank clearing → premium).
 * This transfer says whose money that was: the bank's, lent to the person, so the bank-advance account goes
 * negative by the amount (money the bank put in) and the bank clearing leg of the order is covered.
 */
export function advancePaidTransfer(advance: CreditAdvanceRow, transferId: string, at: string): TransferInput {
  return move('credit.advanced', advance.advanceId, advance.amountFen, accounts.bankAdvance(ADVANCE_BANK), accounts.channel('bank'), transferId, at);
}

/**
 * The person's repayments reach the bank (through the bank channel) and bring the bank-advance account back toward
 * zero, as the bank reports them: so the account always shows what the bank says is still outstanding.
 */
function repaymentTransfer(kind: string, ref: string, fen: number, transferId: string, at: string): TransferInput {
  return move(kind, ref, fen, accounts.channel('bank'), accounts.bankAdvance(ADVANCE_BANK), transferId, at);
}

/** Part repaid at the bank counter, up to `repaidFen` in all: once per amount reached (it only grows). */
export function advancePartRepaidTransfer(advance: CreditAdvanceRow, repaidFen: number, fen: number, transferId: string, at: string): TransferInput {
  return repaymentTransfer('credit.repaid-part', `${advance.advanceId}:${repaidFen}`, fen, transferId, at);
}

/** Repaid in full: what the parts before did not cover. Once per advance. */
export function advanceRepaidTransfer(advance: CreditAdvanceRow, fen: number, transferId: string, at: string): TransferInput {
  return repaymentTransfer('credit.repaid', advance.advanceId, fen, transferId, at);
}

/**
 * A repayment paid to us by WeChat Pay: the person's money, owed to the bank, held until the bank has it. The
 * held account has a floor of zero: it can never pay out more than it took in.
 */
export function repaymentCollectedTransfer(r: CreditRepaymentRow, transferId: string, at: string): TransferInput {
  return move('credit.repayment-collected', r.repaymentId, r.amountFen, accounts.channel('wechatpay'), accounts.creditRemittance(ADVANCE_BANK), transferId, at);
}

/**
 * The held money handed to the bank. It reaches the bank as a repayment through the bank channel, where the bank's
 * own word books it against the advance (advanceRepaidTransfer / advancePartRepaidTransfer), as for any repayment.
 */
export function repaymentRemittedTransfer(r: CreditRepaymentRow, transferId: string, at: string): TransferInput {
  return move('credit.repayment-remitted', r.repaymentId, r.amountFen, accounts.creditRemittance(ADVANCE_BANK), accounts.channel('bank'), transferId, at);
}

/** The bank would not take it: the held money goes back to the payer's WeChat. */
export function repaymentRefundedTransfer(r: CreditRepaymentRow, transferId: string, at: string): TransferInput {
  return move('credit.repayment-refunded', r.repaymentId, r.amountFen, accounts.creditRemittance(ADVANCE_BANK), accounts.channel('wechatpay'), transferId, at);
}
