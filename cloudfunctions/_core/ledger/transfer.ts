import { brandedBy } from '../errors';
import type { AccountSpec } from './accounts';

/**
 * A transfer is one movement of money: two or more postings that sum to zero, recorded once under a
 * (kind, ref) key — the id of the business operation that caused it — so a replayed operation finds its
 * transfer instead of moving the money again. Postings are never edited; a correction is a new transfer.
 */
export interface Leg {
  account: AccountSpec;
  amountFen: number;
}

export interface TransferInput {
  transferId: string;
  kind: string;
  /** The business id behind the transfer (an order, a refund, an import line); unique per kind. */
  ref: string;
  legs: Leg[];
  at: string;
}


export class LedgerRuleViolation extends Error {
  static override [Symbol.hasInstance] = brandedBy('LedgerRuleViolation');
  constructor(message: string) {
    super(message);
    this.name = 'LedgerRuleViolation';
  }
}

/** The rules every transfer obeys before any storage sees it. */
export function checkTransfer(t: TransferInput): void {
  if (t.legs.length < 2) throw new LedgerRuleViolation(`transfer ${t.kind}/${t.ref} needs at least two legs`);
  let sum = 0;
  for (const leg of t.legs) {
    if (!Number.isSafeInteger(leg.amountFen) || leg.amountFen === 0) {
      throw new LedgerRuleViolation(`transfer ${t.kind}/${t.ref}: leg ${leg.account.id} must be a non-zero whole number of fen`);
    }
    sum += leg.amountFen;
  }
  if (sum !== 0) throw new LedgerRuleViolation(`transfer ${t.kind}/${t.ref} does not balance: legs sum to ${sum} fen`);
}

/** Raised when a transfer would take an account below its floor (a personal account cannot go negative). */
export class InsufficientBalance extends Error {
  static override [Symbol.hasInstance] = brandedBy('InsufficientBalance');
  constructor(
    readonly accountId: string,
    readonly balanceFen: number,
    readonly neededFen: number,
  ) {
    super(`account ${accountId} has ${balanceFen} fen, needs ${neededFen}`);
    this.name = 'InsufficientBalance';
  }
}
