import type { Migration } from './migrations';

/**
 * 待人工处理款项 paid out by hand (reconciliation/payOut.ts): the row itself says so, so the list of what is still
 * waiting is one indexed query however many were paid out before (a list that read the oldest rows and dropped the
 * paid ones would fill up with them and stop showing new ones).
 */
export const PAID_OUT_MIGRATIONS: Migration[] = [
  {
    version: 19,
    name: 'refunds and WeChat repayments paid out by hand',
    sql: `
      ALTER TABLE refunds ADD COLUMN paid_out_at TEXT;
      ALTER TABLE credit_repayments ADD COLUMN paid_out_at TEXT;
      CREATE INDEX refunds_held ON refunds (updated_at, refund_id) WHERE state = 'FAILED' AND wechat_fen > 0 AND paid_out_at IS NULL;
      CREATE INDEX credit_repayments_held ON credit_repayments (updated_at, repayment_id) WHERE state = 'MANUAL' AND paid_out_at IS NULL;
    `,
  },
];
