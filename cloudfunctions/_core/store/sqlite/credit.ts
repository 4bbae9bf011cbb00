import type Database from 'better-sqlite3';
import type { Migration } from './migrations';

/** The credit feature's schema, applied in order with the others (see migrations.ts). */
export const CREDIT_MIGRATIONS: Migration[] = [];

/** Operations that write, so the store runs them under its write lock outside a transaction. */
export const CREDIT_WRITES: string[] = [];

export function creditOperations(_db: Database.Database) {
  return {};
}
