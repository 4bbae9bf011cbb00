/**
 * The payment attempt lifecycle, declared once (as Kill Bill's PaymentStates does):
 *
 *   INIT ──created at the channel──▶ PENDING ──paid──▶ SUCCESS
 *     │ ╲                               │ ╲
 *     │  ╲ timeout / 5xx                │  ╲ closed, expired, payment error
 *     │   ▼                             ▼   ▼
 *     │  UNKNOWN ──settled by query──▶ PENDING | SUCCESS | FAILED
 *     └──refused by the channel──▶ FAILED
 *
 * A timeout is UNKNOWN, never FAILED: only the channel's own answer (a query, a signed callback) settles it.
 * SUCCESS and FAILED are final, so a late or reordered event can never move an order backwards.
 */
export const ORDER_STATES = ['INIT', 'PENDING', 'UNKNOWN', 'SUCCESS', 'FAILED'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

const TRANSITIONS: Record<OrderState, readonly OrderState[]> = {
  INIT: ['PENDING', 'UNKNOWN', 'SUCCESS', 'FAILED'],
  PENDING: ['SUCCESS', 'FAILED', 'UNKNOWN'],
  UNKNOWN: ['PENDING', 'SUCCESS', 'FAILED'],
  SUCCESS: [],
  FAILED: [],
};

export function canTransition(from: OrderState, to: OrderState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States from which `to` may be reached: the compare-and-set guard of every transition. */
export function statesLeadingTo(to: OrderState): OrderState[] {
  return ORDER_STATES.filter((from) => canTransition(from, to));
}

/** An order in one of these still holds its person-years: nobody else may start paying for them. */
export const LIVE_STATES: readonly OrderState[] = ['INIT', 'PENDING', 'UNKNOWN', 'SUCCESS'];
export const OPEN_STATES: readonly OrderState[] = ['INIT', 'PENDING', 'UNKNOWN'];

/** A counter order's payerOpenid is the staff member who took the cash, behind this prefix: nobody a notice reaches. */
export const STAFF_PAYER = 'staff:';

/** The event cause that marks an open order whose payer asked to close it (cancel.ts), for the janitor to close. */
export const CANCEL_REQUESTED = 'payer.cancel-requested';
