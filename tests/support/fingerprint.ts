import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** A hash of every row of every table: equal before and after means a call changed nothing. */
export function storeFingerprint(dataDir: string): string {
  const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const hash = createHash('sha256');
    for (const t of tables) hash.update(t).update(JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all()));
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
