import type { Migration } from './migrations';

/**
 * Orders and refunds learn where their held money came from, and refunds keep the rule's words.
 *
 * `account_fen` has always been the order's held leg (paid from `order-hold:<order>`, payments/postings.ts), and
 * the version 3 CHECK ties it to `total_fen = account_fen + wechat_fen`, which SQLite cannot change without
 * rebuilding the table. So `savings_fen` is the part of `account_fen` that came from 零存整缴 savings (D17)
 * rather than the employee personal account (D14): a refund sends each part back where it came from.
 * `refunds.message` is the rules engine's explanation given when the refund was decided (D15), kept so later
 * views of the refund can show it again.
 */
export const PAYMENT_SOURCE_MIGRATIONS: Migration[] = [
  {
    version: 11,
    name: 'savings part of orders and refunds; the refund rule message',
    sql: `
      ALTER TABLE payment_orders ADD COLUMN savings_fen INTEGER NOT NULL DEFAULT 0 CHECK (savings_fen >= 0 AND savings_fen <= account_fen);
      ALTER TABLE refunds ADD COLUMN savings_fen INTEGER NOT NULL DEFAULT 0 CHECK (savings_fen >= 0 AND savings_fen <= account_fen);
      ALTER TABLE refunds ADD COLUMN message TEXT;
    `,
  },
];
