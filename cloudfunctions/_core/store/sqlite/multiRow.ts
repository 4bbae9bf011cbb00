import type Database from 'better-sqlite3';
import { prepared } from './prepared';

/**
 * Set-based statements for page-sized work (the deduction batch writes thousands of rows per page). One
 * `INSERT ... VALUES (...), (...), ...` of a hundred rows costs SQLite about 1.3 µs a row where a hundred
 * single-row inserts cost about 3 µs each (measured on this project's tables): the difference is the
 * per-statement step between JavaScript and SQLite, not the B-tree work. Chunks keep every statement far
 * below SQLite's bound-parameter limit and give a handful of shapes to cache.
 */
const ROWS_PER_STATEMENT = 100;

/**
 * Inserts `rows` (each an array in `columns` order). `head` is everything before VALUES, e.g.
 * `INSERT OR IGNORE INTO notices (a, b)`; `tail` (an ON CONFLICT clause, RETURNING ...) follows each chunk.
 * Returns the rows RETURNING produced, in chunk order; without RETURNING, an empty array.
 */
export function insertRows(db: Database.Database, head: string, columns: number, rows: readonly unknown[][], tail = ''): unknown[] {
  const returned: unknown[] = [];
  const placeholders = `(${new Array(columns).fill('?').join(', ')})`;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const sql = `${head} VALUES ${new Array(chunk.length).fill(placeholders).join(', ')} ${tail}`;
    const values = chunk.flat();
    const statement = prepared(db, sql);
    if (statement.reader) returned.push(...statement.all(values));
    else statement.run(values);
  }
  return returned;
}

/**
 * Runs `sql` once per chunk of `keys`, with `(?, ?, ...)` for the chunk in place of `:keys`, and the
 * `before` values bound ahead of the keys. Returns every row the statements produced (for UPDATE ...
 * RETURNING or SELECT).
 */
export function forKeys(db: Database.Database, sql: string, keys: readonly unknown[], before: readonly unknown[] = []): unknown[] {
  const out: unknown[] = [];
  for (let start = 0; start < keys.length; start += ROWS_PER_STATEMENT * 4) {
    const chunk = keys.slice(start, start + ROWS_PER_STATEMENT * 4);
    const statement = prepared(db, sql.replace(':keys', `(${new Array(chunk.length).fill('?').join(', ')})`));
    if (statement.reader) out.push(...statement.all(...before, ...chunk));
    else statement.run(...before, ...chunk);
  }
  return out;
}
