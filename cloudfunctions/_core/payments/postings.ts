import type { Payer, Quote } from '../../../shared/policy';
import { accounts, type AccountSpec } from '../ledger/accounts';
import type { Leg, TransferInput } from '../ledger/transfer';
import type { PaymentItemRow, PaymentOrderRow } from '../store/port';

/** Who bears each reduction (REDUCTION_PAYERS in the rules) → the ledger account that pays it. */
function payerAccount(payer: Payer, personId: string): AccountSpec {
  switch (payer) {
    case 'medical-aid-fund':
      return accounts.aidFund();
    case 'city-finance':
      return accounts.cityFinance();
    case 'maternity-fund':
      return accounts.maternityFund();
    case 'village-fund':
      return accounts.villageFund(`of:${personId}`);
  }
}

/** Adds `amountFen` to the account's leg, keeping one leg per account so a transfer reads plainly. */
function add(legs: Leg[], account: AccountSpec, amountFen: number): void {
  if (amountFen === 0) return;
  const leg = legs.find((l) => l.account.id === account.id);
  if (leg) leg.amountFen += amountFen;
  else legs.push({ account, amountFen });
}

/**
 * The transfer that books a paid order: the payer's money (WeChat clearing, the held personal-account leg)
 * and every public payer's reduction go to premium income per person-year; repair years to their own
 * account. Legs sum to zero because each item's due = standard − reductions.
 */
export function paidOrderTransfer(order: PaymentOrderRow, items: PaymentItemRow[], transferId: string, at: string): TransferInput {
  const legs: Leg[] = [];
  add(legs, accounts.channel(order.channel ?? 'wechatpay'), -order.wechatFen);
  add(legs, accounts.orderHold(order.orderId), -order.accountFen);
  for (const item of items) {
    const quote = JSON.parse(item.quote) as Quote;
    for (const r of quote.reductions) add(legs, payerAccount(r.payer, item.personId), -r.fen);
    add(legs, accounts.premium(item.personId, item.benefitYear), quote.standardFen);
    if (quote.repairFen > 0) add(legs, accounts.premiumRepair(item.personId, item.benefitYear), quote.repairFen);
  }
  return { transferId, kind: 'order.paid', ref: order.orderId, legs: legs.filter((l) => l.amountFen !== 0), at };
}

/**
 * Where an order's held leg (`accountFen`) came from: the employee personal account (D14) and/or 零存整缴
 * savings (D17, `savingsFen`). Each source is a separate ledger account with a floor of zero, so money taken
 * from one is only ever given back to the same one (a refund or a released hold).
 */
export function heldSources(order: Pick<PaymentOrderRow, 'accountFen' | 'savingsFen'>): { personalFen: number; savingsFen: number } {
  const savingsFen = order.savingsFen ?? 0;
  return { personalFen: order.accountFen - savingsFen, savingsFen };
}

/** `sign` −1 takes from the sources, +1 gives back to them; zero legs are left out. */
function sourceLegs(payerPersonId: string, parts: { personalFen: number; savingsFen: number }, sign: 1 | -1): Leg[] {
  const legs: Leg[] = [];
  add(legs, accounts.personal(payerPersonId), sign * parts.personalFen);
  add(legs, accounts.savings(payerPersonId), sign * parts.savingsFen);
  return legs;
}

/** Holds the held leg while the channel leg of the same order is open: both succeed or the hold goes back (D14). */
export function holdTransfer(order: PaymentOrderRow, transferId: string, at: string, kind = 'order.account-held'): TransferInput {
  return {
    transferId, kind, ref: order.orderId, at,
    legs: [...sourceLegs(order.payerPersonId, heldSources(order), -1), { account: accounts.orderHold(order.orderId), amountFen: order.accountFen }],
  };
}

/** Gives a failed order's hold back to the sources it was taken from. */
export function releaseTransfer(order: PaymentOrderRow, transferId: string, at: string): TransferInput {
  return {
    transferId, kind: 'order.account-released', ref: order.orderId, at,
    legs: [{ account: accounts.orderHold(order.orderId), amountFen: -order.accountFen }, ...sourceLegs(order.payerPersonId, heldSources(order), 1)],
  };
}

/**
 * Pays a refund's held part out of refunds payable back to where it came from: the personal-account part to the
 * payer's personal account, the savings part to the payer's savings (never one to the other).
 */
export function heldRefundTransfer(
  refund: { refundId: string; accountFen: number; savingsFen?: number },
  payerPersonId: string,
  transferId: string,
  at: string,
): TransferInput {
  return {
    transferId, kind: 'refund.account-returned', ref: refund.refundId, at,
    legs: [{ account: accounts.refundsPayable(), amountFen: -refund.accountFen }, ...sourceLegs(payerPersonId, heldSources(refund), 1)],
  };
}
