import type Database from 'better-sqlite3';
import type { Migration } from './migrations';

/** The savings feature's schema, applied in order with the others (see migrations.ts). */
export const SAVINGS_MIGRATIONS: Migration[] = [];

/** Operations that write, so the store runs them under its write lock outside a transaction. */
export const SAVINGS_WRITES: string[] = [];

export function savingsOperations(_db: Database.Database) {
  return {};
}
