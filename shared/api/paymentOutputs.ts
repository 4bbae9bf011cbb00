/**
 * What the payment functions answer with (`data` of `{ ok: true, data }`): `pay`, `payments` and `refunds`.
 * The mini-program checks every answer against these before a page sees it, and the integration tests check
 * the functions' real answers against them, so the two sides cannot drift apart unnoticed.
 */
import { z } from 'zod';
import { OrderViewSchema, RefundViewSchema } from './contract';

// ---- pay ----
export const PayOutput = OrderViewSchema;
export type PayOutput = z.infer<typeof PayOutput>;

// ---- payments ----
/** `list`: the caller's orders, newest first. */
export const PaymentsListOutput = z.object({ orders: z.array(OrderViewSchema) });
export type PaymentsListOutput = z.infer<typeof PaymentsListOutput>;

/** `get` and `cancel`: one order as it stands after the action. */
export const PaymentsOrderOutput = z.object({ order: OrderViewSchema });
export type PaymentsOrderOutput = z.infer<typeof PaymentsOrderOutput>;

/** One later year 缴费 offers as prepayment (D12), priced by the server's rules engine as the order would be. */
export const PrepayYearSchema = z.object({
  benefitYear: z.number().int(),
  /** What the order would charge for it today; null when the year cannot be paid (then `note` says why). */
  dueFen: z.number().int().nullable(),
  standardFen: z.number().int().nullable(),
  /** The standard is borrowed from the latest published year (D1): the lock keeps it (D12). */
  provisional: z.boolean(),
  note: z.string().optional(),
});
export type PrepayYear = z.infer<typeof PrepayYearSchema>;

/** `options`: what 缴费 shows before an order exists. */
export const PayOptionsOutput = z.object({
  /** The caller's employee personal account balance (D14: it pays first when the switch is on); 0 without one. */
  accountBalanceFen: z.number().int(),
  /** Of the account, what unfinished orders hold (back when they end unpaid); absent when none. */
  accountHeldFen: z.number().int().optional(),
  /** For the caller and each verified relative: the later years that can be prepaid, each with its price. */
  people: z.array(z.object({ personId: z.string(), prepayYears: z.array(PrepayYearSchema) })),
});
export type PayOptionsOutput = z.infer<typeof PayOptionsOutput>;

// ---- refunds ----
/** `request` and `get`. */
export const RefundOutput = z.object({ refund: RefundViewSchema });
export type RefundOutput = z.infer<typeof RefundOutput>;

/** `list`: the refunds the caller asked for, newest first. */
export const RefundsListOutput = z.object({ refunds: z.array(RefundViewSchema) });
export type RefundsListOutput = z.infer<typeof RefundsListOutput>;

/** Each answer by function and action, for checking answers generically (tests, tools). */
export const PAYMENT_OUTPUTS = {
  pay: PayOutput,
  payments: { list: PaymentsListOutput, get: PaymentsOrderOutput, cancel: PaymentsOrderOutput, options: PayOptionsOutput },
  refunds: { request: RefundOutput, get: RefundOutput, list: RefundsListOutput },
} as const;
