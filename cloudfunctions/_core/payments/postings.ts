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

/** Holds the personal-account leg while the WeChat leg is open: both succeed or the hold goes back (D14). */
export function holdTransfer(order: PaymentOrderRow, transferId: string, at: string): TransferInput {
  return {
    transferId, kind: 'order.account-held', ref: order.orderId, at,
    legs: [
      { account: accounts.personal(order.payerPersonId), amountFen: -order.accountFen },
      { account: accounts.orderHold(order.orderId), amountFen: order.accountFen },
    ],
  };
}

export function releaseTransfer(order: PaymentOrderRow, transferId: string, at: string): TransferInput {
  return {
    transferId, kind: 'order.account-released', ref: order.orderId, at,
    legs: [
      { account: accounts.orderHold(order.orderId), amountFen: -order.accountFen },
      { account: accounts.personal(order.payerPersonId), amountFen: order.accountFen },
    ],
  };
}
