import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeStoreContract } from '../contract';
import { openSqliteStore } from './index';
import { MIGRATIONS } from './migrations';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// A real file per test, as users have it: WAL, migrations and constraints behave as in production runs.
describeStoreContract('sqlite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
  dirs.push(dir);
  return openSqliteStore(join(dir, 'app.sqlite'));
});

describe('sqlite migrations', () => {
  it('runs every migration once and records it, and a reopen applies nothing new', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-migrate-'));
    dirs.push(dir);
    const file = join(dir, 'app.sqlite');
    const first = openSqliteStore(file);
    expect(await first.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    await first.close();
    const second = openSqliteStore(file);
    await second.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
