import type { Migration } from './migrations';

/**
 * Orders and debits the janitor and the batch still have to settle: INIT, PENDING, UNKNOWN. Only those are ever looked
 * up by (state, updated_at), so only those are indexed there. A whole-table index made every paid order and debit (a
 * city's worth each year) an index entry written at insert, moved at SUCCESS, and kept for ever for nothing.
 * A query uses a partial index only when its WHERE repeats the index's own term, hence `OPEN_STATES_TERM` in both.
 * Agreements still SIGNING, a handful among a city's, are indexed the same way.
 */
export const OPEN_STATES_TERM = "state IN ('INIT','PENDING','UNKNOWN')";

export const OPEN_INDEX_MIGRATIONS: Migration[] = [
  {
    version: 23,
    name: 'orders and debits are indexed by (state, updated_at) only while open',
    sql: `
      DROP INDEX payment_orders_open;
      CREATE INDEX payment_orders_open ON payment_orders (state, updated_at) WHERE ${OPEN_STATES_TERM};
      DROP INDEX debits_open;
      CREATE INDEX debits_open ON debits (state, updated_at) WHERE ${OPEN_STATES_TERM};
    `,
  },
  {
    version: 24,
    name: 'agreements still signing, for the timer that settles lost signing answers',
    sql: "CREATE INDEX agreements_signing ON agreements (agreement_id) WHERE state = 'SIGNING';",
  },
];
