/**
 * Deduction batch over N auto-renewal agreements (default 1,000,000; BENCH_AGREEMENTS to change) on the SQLite
 * store with the in-process bank, beside the storage floor measured in the same run: the time SQLite takes to
 * bulk-insert N ledger posting rows (same pragmas, one prepared statement, one transaction).
 * Prints JSON lines.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const N = Number(process.env.BENCH_AGREEMENTS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-deductions-'));
Object.assign(process.env, {
  RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir, LOG_LEVEL: 'silent',
  DEBIT_NOTICE_LEAD_HOURS: '0', BANK_DEBIT_HOURS: '00-24', DEBIT_SETTLE_MIN_AGE_SECONDS: '0',
});

/* eslint-disable @typescript-eslint/no-require-imports */
const { createApp } = require('../cloudfunctions/_core/app') as typeof import('../cloudfunctions/_core/app');
const { readConfig } = require('../cloudfunctions/_core/config') as typeof import('../cloudfunctions/_core/config');
const { fixedClock } = require('../cloudfunctions/_core/clock') as typeof import('../cloudfunctions/_core/clock');
const { runDeductionBatch } = require('../cloudfunctions/_core/agreements/deductions') as typeof import('../cloudfunctions/_core/agreements/deductions');
const { useBankChannel } = require('../cloudfunctions/_core/agreements/bankChannel') as typeof import('../cloudfunctions/_core/agreements/bankChannel');
const { openSqliteStore } = require('../cloudfunctions/_core/store/sqlite') as typeof import('../cloudfunctions/_core/store/sqlite');
const { inProcessBank } = require('../cloudfunctions/_core/agreements/inProcessBank') as typeof import('../cloudfunctions/_core/agreements/inProcessBank');

function storageFloor(rows: number): number {
  const db = new Database(join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE ledger_postings (transfer_id TEXT NOT NULL, leg INTEGER NOT NULL, account_id TEXT NOT NULL, amount_fen INTEGER NOT NULL, PRIMARY KEY (transfer_id, leg))');
  const insert = db.prepare('INSERT INTO ledger_postings VALUES (?, ?, ?, ?)');
  const started = process.hrtime.bigint();
  db.transaction(() => {
    for (let i = 0; i < rows; i += 1) insert.run(`trf_${i}`, 0, `premium:per_${i}:2027`, 40000);
  })();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  db.close();
  return ms;
}

/** People and active agreements written straight into the store file: setup, not what is measured. */
function seed(file: string, count: number): void {
  const db = new Database(file);
  const at = '2026-11-01T00:00:00.000Z';
  const person = db.prepare('INSERT INTO persons (person_id, id_hash, id_masked, id_sealed, name, birth_date, sex, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const agreement = db.prepare(`INSERT INTO agreements (agreement_id, kind, signer_person_id, signer_openid, person_id, channel, contract_no, account_masked, state, live, created_at, updated_at)
    VALUES (?, 'auto-renew', ?, ?, ?, 'bank', ?, '6222********0000', 'ACTIVE', 1, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const id = String(i).padStart(8, '0');
      person.run(`per_b${id}`, `hash_${id}`, '3401**********0000', 'x', '测试', '1990-01-01', 'M', at);
      agreement.run(`agr_b${id}`, `per_b${id}`, `openid_${id}`, `per_b${id}`, `ctr_b${id}`, at, at);
    }
  })();
  db.close();
}

function countRows(file: string): number {
  const db = new Database(file, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const total = tables.reduce((sum, t) => sum + (db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number), 0);
  db.close();
  return total;
}

/** Tables the batch writes; everything else in the store is the seed (people, agreements) it reads. */
const BATCH_TABLES = ['notices', 'payment_orders', 'payment_items', 'payment_events', 'debits', 'ledger_transfers', 'ledger_accounts', 'ledger_postings', 'enrollments', 'audit_log'];

/** A migrated, empty store file with the store's pragmas, the batch's store attached as `batch` to copy from. */
function emptyStoreBeside(file: string, source: string, foreignKeys: boolean): Database.Database {
  openSqliteStore(file).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  db.prepare('ATTACH DATABASE ? AS batch').run(source);
  return db;
}

/**
 * A second floor, for what the first cannot show: the time SQLite takes to insert exactly the rows the batch
 * wrote, with this schema's keys and indexes, set-based (INSERT ... SELECT) and with no logic at all.
 */
function batchRowsFloor(source: string): number {
  const db = emptyStoreBeside(join(dir, 'rows-floor.sqlite'), source, true);
  db.transaction(() => {
    for (const t of ['persons', 'agreements']) db.exec(`INSERT INTO main.${t} SELECT * FROM batch.${t}`);
  })();
  const started = process.hrtime.bigint();
  db.transaction(() => {
    for (const t of BATCH_TABLES) db.exec(`INSERT INTO main.${t} SELECT * FROM batch.${t}`);
  })();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  db.close();
  return ms;
}

/**
 * The same rows table by table, each into a fresh store file (foreign keys off, since a table alone has no
 * parents): what each part of the trail costs, for deciding what a debit must store.
 */
function rowsByTable(source: string): Record<string, { rows: number; indexes: number; ms: number }> {
  const out: Record<string, { rows: number; indexes: number; ms: number }> = {};
  for (const table of BATCH_TABLES) {
    const file = join(dir, `table-${table}.sqlite`);
    const db = emptyStoreBeside(file, source, false);
    const rows = db.prepare(`SELECT COUNT(*) FROM batch.${table}`).pluck().get() as number;
    const indexes = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ?").pluck().get(table) as number;
    const started = process.hrtime.bigint();
    db.transaction(() => db.exec(`INSERT INTO main.${table} SELECT * FROM batch.${table}`))();
    out[table] = { rows, indexes, ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6) };
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
  return out;
}

async function main() {
  const floorMs = storageFloor(N);
  console.log(JSON.stringify({ bench: 'ledger-bulk-insert-floor', rows: N, ms: Math.round(floorMs), rowsPerSec: Math.round(N / (floorMs / 1000)) }));

  // Inside the 2027 concentrated period, at 10:00 in Hefei, so every agreement is due today.
  const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
  const app = await createApp(readConfig(), { clock });
  seed(join(dir, 'app.sqlite'), N);
  const bank = inProcessBank(() => new Date(clock.nowMs()));
  useBankChannel(app, bank);

  const rowsBefore = countRows(join(dir, 'app.sqlite'));
  const started = process.hrtime.bigint();
  const report = await runDeductionBatch(app, { pageSize: 2000, concurrency: 64 });
  const batchMs = Number(process.hrtime.bigint() - started) / 1e6;
  const ledger = await app.store.ledgerCheck();
  // Rows the batch wrote (inserts; updates of those rows not counted): what each agreement costs in storage alone.
  const rowsWritten = countRows(join(dir, 'app.sqlite')) - rowsBefore;
  console.log(JSON.stringify({
    bench: 'deduction-batch', agreements: N, ms: Math.round(batchMs), agreementsPerSec: Math.round(N / (batchMs / 1000)),
    debits: bank.debits.size, outcomes: report.outcomes, ledgerOk: ledger.ok, timesFloor: Number((batchMs / floorMs).toFixed(1)),
    // The floor inserts one row per agreement; the batch inserts this many (notice, order, item, events, debit,
    // ledger transfer and postings, account, enrollment, audit): inserting them alone would take about that many floors.
    rowsWrittenPerAgreement: Number((rowsWritten / N).toFixed(1)),
  }));
  await app.store.close();
  const ownRowsMs = batchRowsFloor(join(dir, 'app.sqlite'));
  console.log(JSON.stringify({
    bench: 'deduction-batch-rows-floor', rows: rowsWritten, ms: Math.round(ownRowsMs),
    batchTimesOwnRows: Number((batchMs / ownRowsMs).toFixed(1)), ownRowsTimesLedgerFloor: Number((ownRowsMs / floorMs).toFixed(1)),
  }));
  console.log(JSON.stringify({ bench: 'deduction-batch-rows-by-table', ledgerFloorMs: Math.round(floorMs), tables: rowsByTable(join(dir, 'app.sqlite')) }));
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
