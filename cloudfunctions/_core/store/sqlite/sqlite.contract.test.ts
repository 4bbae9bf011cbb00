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

  /** A store file as the migrations before `version` left it, open for the test to put old rows in. */
  function storeBefore(version: number): { file: string; old: Database.Database } {
    const dir = mkdtempSync(join(tmpdir(), `store-migrate-${version}-`));
    dirs.push(dir);
    const file = join(dir, 'app.sqlite');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version < version)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-11-01T00:00:00.000Z');
    }
    return { file, old };
  }

  it('marks a refund paid out by hand before version 19 as paid out, from its ledger transfer', async () => {
    const { file, old } = storeBefore(19);
    // The refund and the payout's transfer matter here, not the order and person the refund names.
    old.pragma('foreign_keys = OFF');
    const insertRefund = old.prepare(`INSERT INTO refunds (refund_id, order_id, person_id, benefit_year, reason, requested_by, account_fen, wechat_fen, state, created_at, updated_at)
      VALUES (?, ?, 'per_1', 2027, 'death', 'o1', 0, 40000, 'FAILED', 't1', 't2')`);
    insertRefund.run('rfd_PAID', 'ord_1');
    insertRefund.run('rfd_WAITING', 'ord_2');
    old.prepare("INSERT INTO ledger_transfers (transfer_id, kind, ref, at) VALUES ('trf_1', 'held.paid-out', 'rfd_PAID', 't3')").run();
    old.close();
    const store = openSqliteStore(file);
    expect(await store.getRefund('rfd_PAID')).toMatchObject({ state: 'FAILED', paidOutAt: 't3' });
    expect((await store.listHeldRefunds(10)).map((r) => r.refundId)).toEqual(['rfd_WAITING']);
    await store.close();
  });

  it('keeps the one gap a year restored before version 22 recorded, as the first of its list', async () => {
    const { file, old } = storeBefore(22);
    old.pragma('foreign_keys = OFF');
    const insert = old.prepare(`INSERT INTO enrollments (person_id, benefit_year, source, enrolled_at, last_suspended_from, last_restored_on) VALUES (?, 2026, 'payment:ord_1', 't0', ?, ?)`);
    insert.run('per_1', '2026-06-01', '2026-12-01');
    insert.run('per_2', null, null);
    old.close();
    const store = openSqliteStore(file);
    expect((await store.listEnrollments(['per_1', 'per_2'])).map((e) => e.liftedSuspensions)).toEqual([[{ from: '2026-06-01', restoredOn: '2026-12-01' }], undefined]);
    await store.close();
  });

  it('keeps the repayments made before WeChat Pay repayments (version 18 rebuilds their table) as bank repayments', async () => {
    const { file, old } = storeBefore(18);
    // The repayment and its advance matter here, not the person and order the advance names.
    old.pragma('foreign_keys = OFF');
    old.prepare(`INSERT INTO credit_advances (advance_id, person_id, benefit_year, signer_person_id, signer_openid, order_id, amount_fen, sign_date, due_date,
      state, live, created_at, updated_at) VALUES ('adv_1', 'per_1', 2027, 'per_1', 'o1', 'ord_1', 38000, '2027-01-05', '2027-03-05', 'PAID', 1, 't0', 't0')`).run();
    old.prepare(`INSERT INTO credit_repayments VALUES ('rpy_OLD', 'adv_1', 38000, 'o1', 'UNKNOWN', 'unknown:timeout', 't1', 't2')`).run();
    old.close();
    const store = openSqliteStore(file);
    expect(await store.getCreditRepayment('rpy_OLD')).toEqual({
      repaymentId: 'rpy_OLD', advanceId: 'adv_1', amountFen: 38000, requestedBy: 'o1', channel: 'bank', state: 'UNKNOWN', failure: 'unknown:timeout',
      prepayId: null, channelTxnId: null, collectedAt: null, refundedAt: null, createdAt: 't1', updatedAt: 't2', paidOutAt: null,
    });
    // Still the one open repayment of its advance.
    await expect(store.transaction((tx) => tx.insertCreditRepayment({
      repaymentId: 'rpy_NEW', advanceId: 'adv_1', amountFen: 38000, requestedBy: 'o1', channel: 'wechatpay', state: 'INIT', failure: null,
      prepayId: null, channelTxnId: null, collectedAt: null, refundedAt: null, createdAt: 't3', updatedAt: 't3',
    }))).rejects.toMatchObject({ constraint: 'credit_repayment_open' });
    await store.close();
  });
});
