import type Database from 'better-sqlite3';
import type {
  CreditAdvancePatch,
  CreditAdvanceRow,
  CreditAdvanceState,
  CreditRecordRow,
  CreditRepaymentChannel,
  CreditRepaymentPatch,
  CreditRepaymentRow,
  CreditRepaymentState,
} from '../credit.port';
import type { Migration } from './migrations';
import { unique } from './unique';

/** The credit feature's schema, applied in order with the others (see migrations.ts). */
export const CREDIT_MIGRATIONS: Migration[] = [
  {
    version: 7,
    name: 'credit enrollment: bank advances, repayments, credit records (D16)',
    sql: `
      CREATE TABLE credit_advances (
        advance_id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        benefit_year INTEGER NOT NULL,
        signer_person_id TEXT NOT NULL REFERENCES persons(person_id),
        signer_openid TEXT NOT NULL,
        order_id TEXT NOT NULL REFERENCES payment_orders(order_id),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        sign_date TEXT NOT NULL,
        due_date TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('INIT','UNKNOWN','PAID','OVERDUE','REPAID','REFUSED','FAILED')),
        -- 1 while the advance may still be (or was) paid: one per person and benefit year.
        live INTEGER NOT NULL CHECK (live IN (0, 1)),
        bank_advance_id TEXT,
        failure TEXT,
        paid_at TEXT,
        overdue_at TEXT,
        repaid_date TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX credit_advances_live ON credit_advances (person_id, benefit_year) WHERE live = 1;
      CREATE INDEX credit_advances_person ON credit_advances (person_id, created_at);
      CREATE INDEX credit_advances_open ON credit_advances (state, updated_at);
      CREATE TABLE credit_repayments (
        repayment_id TEXT PRIMARY KEY,
        advance_id TEXT NOT NULL REFERENCES credit_advances(advance_id),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        requested_by TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('INIT','UNKNOWN','SUCCESS','FAILED')),
        failure TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- One repayment awaiting the bank's answer per advance: a second tap finds the first instead of paying twice.
      CREATE UNIQUE INDEX credit_repayments_open ON credit_repayments (advance_id) WHERE state IN ('INIT','UNKNOWN');
      CREATE INDEX credit_repayments_state ON credit_repayments (state, updated_at);
      CREATE TABLE credit_records (
        record_id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        advance_id TEXT NOT NULL REFERENCES credit_advances(advance_id),
        kind TEXT NOT NULL CHECK (kind IN ('advance-overdue')),
        detail TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        resolved_at TEXT,
        UNIQUE (advance_id, kind)
      );
      CREATE INDEX credit_records_person ON credit_records (person_id, recorded_at);
    `,
  },
  {
    version: 17,
    name: 'credit advances keep what the bank reports repaid (a bank-counter repayment may be partial)',
    sql: `
      ALTER TABLE credit_advances ADD COLUMN repaid_fen INTEGER NOT NULL DEFAULT 0 CHECK (repaid_fen >= 0);
      UPDATE credit_advances SET repaid_fen = amount_fen WHERE state = 'REPAID';
    `,
  },
  {
    version: 18,
    name: 'credit repayments by WeChat Pay: a channel, the WeChat leg (sheet, collection, refund) and its states',
    // SQLite cannot change a CHECK: the table is rebuilt (nothing references it; no view or trigger reads it).
    sql: `
      CREATE TABLE credit_repayments_v18 (
        repayment_id TEXT PRIMARY KEY,
        advance_id TEXT NOT NULL REFERENCES credit_advances(advance_id),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        requested_by TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('bank','wechatpay')),
        state TEXT NOT NULL CHECK (state IN ('INIT','PENDING','UNKNOWN','COLLECTED','SUCCESS','FAILED','REFUNDING','REFUNDED','MANUAL')),
        failure TEXT,
        prepay_id TEXT,
        channel_txn_id TEXT,
        collected_at TEXT,
        refunded_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      INSERT INTO credit_repayments_v18 (repayment_id, advance_id, amount_fen, requested_by, channel, state, failure, created_at, updated_at)
        SELECT repayment_id, advance_id, amount_fen, requested_by, 'bank', state, failure, created_at, updated_at FROM credit_repayments;
      DROP TABLE credit_repayments;
      ALTER TABLE credit_repayments_v18 RENAME TO credit_repayments;
      -- One open repayment per advance (OPEN_REPAYMENT_STATES): a second tap finds the first instead of paying twice.
      CREATE UNIQUE INDEX credit_repayments_open ON credit_repayments (advance_id) WHERE state IN ('INIT','PENDING','UNKNOWN','COLLECTED');
      CREATE INDEX credit_repayments_state ON credit_repayments (state, updated_at);
      CREATE INDEX credit_repayments_done ON credit_repayments (updated_at) WHERE state = 'SUCCESS';
      CREATE INDEX credit_repayments_collected ON credit_repayments (collected_at) WHERE collected_at IS NOT NULL;
      CREATE INDEX credit_repayments_refunded ON credit_repayments (refunded_at) WHERE refunded_at IS NOT NULL;
    `,
  },
];

/** Operations that write, so the store runs them under its write lock outside a transaction. */
export const CREDIT_WRITES: string[] = [
  'insertCreditAdvance',
  'transitionCreditAdvance',
  'insertCreditRepayment',
  'transitionCreditRepayment',
  'insertCreditRecord',
  'resolveCreditRecords',
];

type Row = Record<string, unknown>;

const FINAL_DEAD: readonly CreditAdvanceState[] = ['REFUSED', 'FAILED'];

const toAdvance = (r: Row): CreditAdvanceRow => ({
  advanceId: r.advance_id as string,
  personId: r.person_id as string,
  benefitYear: r.benefit_year as number,
  signerPersonId: r.signer_person_id as string,
  signerOpenid: r.signer_openid as string,
  orderId: r.order_id as string,
  amountFen: r.amount_fen as number,
  signDate: r.sign_date as string,
  dueDate: r.due_date as string,
  state: r.state as CreditAdvanceState,
  live: r.live === 1,
  bankAdvanceId: (r.bank_advance_id as string | null) ?? null,
  failure: (r.failure as string | null) ?? null,
  paidAt: (r.paid_at as string | null) ?? null,
  overdueAt: (r.overdue_at as string | null) ?? null,
  repaidDate: (r.repaid_date as string | null) ?? null,
  repaidFen: r.repaid_fen as number,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const toRepayment = (r: Row): CreditRepaymentRow => ({
  repaymentId: r.repayment_id as string,
  advanceId: r.advance_id as string,
  amountFen: r.amount_fen as number,
  requestedBy: r.requested_by as string,
  channel: r.channel as CreditRepaymentChannel,
  state: r.state as CreditRepaymentState,
  failure: (r.failure as string | null) ?? null,
  prepayId: (r.prepay_id as string | null) ?? null,
  channelTxnId: (r.channel_txn_id as string | null) ?? null,
  collectedAt: (r.collected_at as string | null) ?? null,
  refundedAt: (r.refunded_at as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  paidOutAt: (r.paid_out_at as string | null | undefined) ?? null,
});

const toRecord = (r: Row): CreditRecordRow => ({
  recordId: r.record_id as string,
  personId: r.person_id as string,
  advanceId: r.advance_id as string,
  kind: r.kind as CreditRecordRow['kind'],
  detail: r.detail as string,
  recordedAt: r.recorded_at as string,
  resolvedAt: (r.resolved_at as string | null) ?? null,
});


const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(',');

/** Patchable columns: a patch field absent (undefined) leaves the column as it is. */
const PATCH_COLUMNS: [keyof CreditAdvancePatch, string][] = [
  ['bankAdvanceId', 'bank_advance_id'],
  ['failure', 'failure'],
  ['paidAt', 'paid_at'],
  ['overdueAt', 'overdue_at'],
  ['repaidDate', 'repaid_date'],
  ['orderId', 'order_id'],
  ['repaidFen', 'repaid_fen'],
];

const REPAYMENT_PATCH_COLUMNS: [keyof CreditRepaymentPatch, string][] = [
  ['failure', 'failure'],
  ['prepayId', 'prepay_id'],
  ['channelTxnId', 'channel_txn_id'],
  ['collectedAt', 'collected_at'],
  ['refundedAt', 'refunded_at'],
  ['paidOutAt', 'paid_out_at'],
];

/** Bank advances, repayments and the credit file on one SQLite connection. */
export function creditOperations(db: Database.Database) {
  const q = (sql: string) => db.prepare(sql);
  const stmts = {
    insertAdvance: q(`INSERT INTO credit_advances (advance_id, person_id, benefit_year, signer_person_id, signer_openid, order_id, amount_fen,
      sign_date, due_date, state, live, bank_advance_id, failure, paid_at, overdue_at, repaid_date, repaid_fen, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    advance: q('SELECT * FROM credit_advances WHERE advance_id = ?'),
    inStates: (n: number) => q(`SELECT * FROM credit_advances WHERE state IN (${'?,'.repeat(n - 1)}?) AND advance_id > ? ORDER BY advance_id LIMIT ?`),
    insertRepayment: q(`INSERT INTO credit_repayments (repayment_id, advance_id, amount_fen, requested_by, channel, state, failure, prepay_id,
      channel_txn_id, collected_at, refunded_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    repayment: q('SELECT * FROM credit_repayments WHERE repayment_id = ?'),
    wechatCollected: q(`SELECT * FROM credit_repayments WHERE channel = 'wechatpay' AND collected_at >= ? AND collected_at < ? ORDER BY collected_at, repayment_id`),
    wechatRefunded: q(`SELECT * FROM credit_repayments WHERE channel = 'wechatpay' AND refunded_at >= ? AND refunded_at < ? ORDER BY refunded_at, repayment_id`),
    repayments: q('SELECT * FROM credit_repayments WHERE advance_id = ? ORDER BY created_at, repayment_id'),
    insertRecord: q(`INSERT OR IGNORE INTO credit_records (record_id, person_id, advance_id, kind, detail, recorded_at, resolved_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    resolveRecords: q('UPDATE credit_records SET resolved_at = ? WHERE advance_id = ? AND resolved_at IS NULL'),
    records: q('SELECT * FROM credit_records WHERE person_id = ? ORDER BY recorded_at, record_id'),
  };
  return {
    insertCreditAdvance(a: CreditAdvanceRow): void {
      unique('credit_advance_live', () =>
        stmts.insertAdvance.run(a.advanceId, a.personId, a.benefitYear, a.signerPersonId, a.signerOpenid, a.orderId, a.amountFen, a.signDate,
          a.dueDate, a.state, a.live ? 1 : 0, a.bankAdvanceId, a.failure, a.paidAt, a.overdueAt, a.repaidDate, a.repaidFen, a.createdAt, a.updatedAt),
      );
    },
    getCreditAdvance(advanceId: string): CreditAdvanceRow | null {
      const r = stmts.advance.get(advanceId) as Row | undefined;
      return r ? toAdvance(r) : null;
    },
    listCreditAdvances(personIds: string[]): CreditAdvanceRow[] {
      if (personIds.length === 0) return [];
      const rows = db
        .prepare(`SELECT * FROM credit_advances WHERE person_id IN (${placeholders(personIds)}) ORDER BY created_at DESC, advance_id DESC`)
        .all(...personIds) as Row[];
      return rows.map(toAdvance);
    },
    transitionCreditAdvance(t: { advanceId: string; from: readonly CreditAdvanceState[]; to: CreditAdvanceState; at: string; patch?: CreditAdvancePatch }): boolean {
      if (t.from.length === 0) return false;
      const sets = ['state = ?', 'live = ?', 'updated_at = ?'];
      const values: unknown[] = [t.to, FINAL_DEAD.includes(t.to) ? 0 : 1, t.at];
      for (const [field, column] of PATCH_COLUMNS) {
        const value = t.patch?.[field];
        if (value === undefined) continue;
        sets.push(`${column} = ?`);
        values.push(value);
      }
      const result = db
        .prepare(`UPDATE credit_advances SET ${sets.join(', ')} WHERE advance_id = ? AND state IN (${placeholders(t.from)})`)
        .run(...values, t.advanceId, ...t.from);
      return result.changes === 1;
    },
    listCreditAdvancesToSettle(states: readonly CreditAdvanceState[], updatedBefore: string, limit: number): CreditAdvanceRow[] {
      if (states.length === 0) return [];
      const rows = db
        .prepare(`SELECT * FROM credit_advances WHERE state IN (${placeholders(states)}) AND updated_at < ? ORDER BY updated_at, advance_id LIMIT ?`)
        .all(...states, updatedBefore, limit) as Row[];
      return rows.map(toAdvance);
    },
    listCreditAdvancesInStates(states: readonly CreditAdvanceState[], afterId: string, limit: number): CreditAdvanceRow[] {
      if (states.length === 0) return [];
      return (stmts.inStates(states.length).all(...states, afterId, limit) as Row[]).map(toAdvance);
    },
    insertCreditRepayment(r: CreditRepaymentRow): void {
      unique('credit_repayment_open', () =>
        stmts.insertRepayment.run(r.repaymentId, r.advanceId, r.amountFen, r.requestedBy, r.channel, r.state, r.failure, r.prepayId, r.channelTxnId,
          r.collectedAt, r.refundedAt, r.createdAt, r.updatedAt),
      );
    },
    getCreditRepayment(repaymentId: string): CreditRepaymentRow | null {
      const r = stmts.repayment.get(repaymentId) as Row | undefined;
      return r ? toRepayment(r) : null;
    },
    listWechatRepaymentsBetween(from: string, to: string): { collected: CreditRepaymentRow[]; refunded: CreditRepaymentRow[] } {
      return { collected: (stmts.wechatCollected.all(from, to) as Row[]).map(toRepayment), refunded: (stmts.wechatRefunded.all(from, to) as Row[]).map(toRepayment) };
    },
    listCreditRepayments(advanceId: string): CreditRepaymentRow[] {
      return (stmts.repayments.all(advanceId) as Row[]).map(toRepayment);
    },
    transitionCreditRepayment(t: { repaymentId: string; from: readonly CreditRepaymentState[]; to: CreditRepaymentState; at: string; failure?: string; patch?: CreditRepaymentPatch }): boolean {
      if (t.from.length === 0) return false;
      const sets = ['state = ?', 'updated_at = ?'];
      const values: unknown[] = [t.to, t.at];
      const patch: CreditRepaymentPatch = { ...t.patch, ...(t.failure !== undefined ? { failure: t.failure } : {}) };
      for (const [field, column] of REPAYMENT_PATCH_COLUMNS) {
        if (patch[field] === undefined) continue;
        sets.push(`${column} = ?`);
        values.push(patch[field]);
      }
      const result = db
        .prepare(`UPDATE credit_repayments SET ${sets.join(', ')} WHERE repayment_id = ? AND state IN (${placeholders(t.from)})`)
        .run(...values, t.repaymentId, ...t.from);
      return result.changes === 1;
    },
    listHeldCreditRepayments(limit: number): CreditRepaymentRow[] {
      const rows = db.prepare("SELECT * FROM credit_repayments WHERE state = 'MANUAL' AND paid_out_at IS NULL ORDER BY updated_at, repayment_id LIMIT ?").all(limit) as Row[];
      return rows.map(toRepayment);
    },
    listCreditRepaymentsToSettle(states: readonly CreditRepaymentState[], updatedBefore: string, limit: number, channel?: CreditRepaymentChannel): CreditRepaymentRow[] {
      if (states.length === 0) return [];
      const ofChannel = channel ? ' AND channel = ?' : '';
      const rows = db
        .prepare(`SELECT * FROM credit_repayments WHERE state IN (${placeholders(states)})${ofChannel} AND updated_at < ? ORDER BY updated_at, repayment_id LIMIT ?`)
        .all(...states, ...(channel ? [channel] : []), updatedBefore, limit) as Row[];
      return rows.map(toRepayment);
    },
    insertCreditRecord(r: CreditRecordRow): boolean {
      return stmts.insertRecord.run(r.recordId, r.personId, r.advanceId, r.kind, r.detail, r.recordedAt, r.resolvedAt).changes === 1;
    },
    resolveCreditRecords(advanceId: string, at: string): number {
      return stmts.resolveRecords.run(at, advanceId).changes;
    },
    listCreditRecords(personId: string): CreditRecordRow[] {
      return (stmts.records.all(personId) as Row[]).map(toRecord);
    },
  };
}
