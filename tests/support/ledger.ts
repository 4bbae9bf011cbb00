import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The started runtime's data folder (npm test sets E2E_DATA_DIR beside E2E_BASE_URL). */
export function runtimeDataDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error('E2E_DATA_DIR is not set: run the system tests through `npm test`');
  return dir;
}

/** `npm run ledger:check` over the runtime's store, as an operator would run it. */
export function ledgerCheck(): { ok: boolean; totalFen: number } {
  const root = join(__dirname, '..', '..');
  const out = execFileSync(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/ledger-check.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: runtimeDataDir(), LOG_LEVEL: 'silent' },
  });
  return JSON.parse(out.toString());
}

/** One account's balance in the runtime's SQLite file, read beside the running runtime (WAL allows a reader). */
export function accountBalance(accountId: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(join(runtimeDataDir(), 'app.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COALESCE(SUM(amount_fen), 0) FROM ledger_postings WHERE account_id = ?').pluck().get(accountId) as number;
  } finally {
    db.close();
  }
}
