import type { StoreOps } from '../store/port';

/**
 * The ledger transfer that records money fund staff paid to its person by another route (a refund WeChat would not
 * pay, a repayment neither the bank nor WeChat took back): reconciliation/payOut.ts. One per item, keyed by our number
 * for it, so the transfer itself is the record every view asks.
 */
export const HELD_PAID_OUT = 'held.paid-out';

/** Whether the money of this refund or repayment was paid to its person by another route. */
export function paidOutByHand(store: Pick<StoreOps, 'hasTransfer'>, ref: string): Promise<boolean> {
  return store.hasTransfer(HELD_PAID_OUT, ref);
}
