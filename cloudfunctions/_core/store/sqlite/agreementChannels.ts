import type { Migration } from './migrations';

/**
 * Auto-renewal agreements gain WeChat Pay 委托代扣 (papay) as a second channel beside the bank's entrusted
 * debit. SQLite cannot change a CHECK in place and rebuilding `agreements` would trip the foreign keys of
 * agreement_events and debits (they stay on during migrations), so the column is dropped and added again
 * (its CHECK is its own, which DROP COLUMN allows). Every existing row was a bank agreement — version 6 allowed
 * nothing else — so the default restores each value exactly.
 */
export const AGREEMENT_CHANNEL_MIGRATIONS: Migration[] = [
  {
    version: 10,
    name: "agreements: channel 'wechat' (papay) beside 'bank'",
    sql: `
      ALTER TABLE agreements DROP COLUMN channel;
      ALTER TABLE agreements ADD COLUMN channel TEXT NOT NULL DEFAULT 'bank' CHECK (channel IN ('bank', 'wechat'));
    `,
  },
];
