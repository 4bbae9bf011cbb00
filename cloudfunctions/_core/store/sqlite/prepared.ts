import type Database from 'better-sqlite3';

/**
 * Statements whose SQL is built at run time (IN lists, optional SET columns) take few distinct shapes: each
 * shape is prepared once per connection and reused, as the fixed statements are.
 */
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Database.Database, sql: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}
