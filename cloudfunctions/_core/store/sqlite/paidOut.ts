import type { Migration } from './migrations';

/**
 * 待人工处理款项 paid out by hand (reconciliation/payOut.ts): the row itself says so, so the list of what is still
 * waiting is one indexed query however many were paid out before (a list that read the oldest rows and dropped the
 * paid ones would fill up with them and stop showing new ones). Payment orders learn the same (version 20) for money
 * WeChat took that could not be booked (payments/service.ts applyTransaction).
 */
export const PAID_OUT_MIGRATIONS: Migration[] = [
  {
    version: 19,
    name: 'refunds and WeChat repayments paid out by hand',
    sql: `
      ALTER TABLE refunds ADD COLUMN paid_out_at TEXT;
      ALTER TABLE credit_repayments ADD COLUMN paid_out_at TEXT;
      CREATE INDEX refunds_held ON refunds (state, paid_out_at, updated_at, refund_id);
      CREATE INDEX credit_repayments_held ON credit_repayments (state, paid_out_at, updated_at, repayment_id);
      -- A payout recorded before this column existed is known by its ledger transfer alone: the row learns it here,
      -- or it would be listed again and could never be recorded (the transfer is already there).
      UPDATE refunds SET paid_out_at = (SELECT at FROM ledger_transfers WHERE kind = 'held.paid-out' AND ref = refunds.refund_id)
        WHERE paid_out_at IS NULL AND EXISTS (SELECT 1 FROM ledger_transfers WHERE kind = 'held.paid-out' AND ref = refunds.refund_id);
      UPDATE credit_repayments SET paid_out_at = (SELECT at FROM ledger_transfers WHERE kind = 'held.paid-out' AND ref = credit_repayments.repayment_id)
        WHERE paid_out_at IS NULL AND EXISTS (SELECT 1 FROM ledger_transfers WHERE kind = 'held.paid-out' AND ref = credit_repayments.repayment_id);
    `,
  },
  {
    version: 20,
    name: 'payment orders holding money WeChat took that could not be booked',
    sql: `
      ALTER TABLE payment_orders ADD COLUMN held_at TEXT;
      ALTER TABLE payment_orders ADD COLUMN paid_out_at TEXT;
      -- Only the held ones, still waiting: a handful among millions of orders.
      CREATE INDEX payment_orders_held ON payment_orders (held_at, order_id) WHERE held_at IS NOT NULL AND paid_out_at IS NULL;
    `,
  },
];
