import type Database from 'better-sqlite3';
import type { BankMovementRow, PaidDebitRow, ReconciliationChannel, ReconciliationLine } from '../port';
import type { Migration } from './migrations';

/**
 * Reconciliation reports per (channel, statement day), and the read-only query that gives our side of a bank
 * statement day. Owned by the reconciliation feature; the WeChat report's save/list live here too, because a
 * report is only "replaced" correctly when the replace is scoped to its channel.
 */
export const RECONCILIATION_MIGRATIONS: Migration[] = [
  {
    version: 13,
    name: 'reconciliation lines per channel (WeChat Pay trade bill, bank statement)',
    // SQLite cannot change a primary key or a CHECK in place: the table is rebuilt, existing WeChat lines kept.
    sql: `
      CREATE TABLE reconciliation_lines_v13 (
        channel TEXT NOT NULL DEFAULT 'wechatpay' CHECK (channel IN ('wechatpay','bank')),
        bill_date TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('payment','refund','debit','deposit','advance','repayment')),
        ref TEXT NOT NULL,
        status TEXT NOT NULL,
        our_fen INTEGER,
        channel_fen INTEGER,
        detail TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        PRIMARY KEY (channel, bill_date, kind, ref)
      );
      INSERT INTO reconciliation_lines_v13 (channel, bill_date, kind, ref, status, our_fen, channel_fen, detail, checked_at)
        SELECT 'wechatpay', bill_date, kind, ref, status, our_fen, channel_fen, detail, checked_at FROM reconciliation_lines;
      DROP TABLE reconciliation_lines;
      ALTER TABLE reconciliation_lines_v13 RENAME TO reconciliation_lines;
      CREATE INDEX credit_repayments_done ON credit_repayments (updated_at) WHERE state = 'SUCCESS';
      CREATE INDEX savings_deposits_done ON savings_deposits (updated_at) WHERE state = 'SUCCESS';
      CREATE INDEX credit_advances_paid ON credit_advances (paid_at) WHERE paid_at IS NOT NULL;
    `,
  },
];

type Row = Record<string, unknown>;

export function reconciliationOperations(db: Database.Database) {
  const q = (sql: string) => db.prepare(sql);
  const stmts = {
    clear: q('DELETE FROM reconciliation_lines WHERE channel = ? AND bill_date = ?'),
    insert: q(`INSERT INTO reconciliation_lines (channel, bill_date, kind, ref, status, our_fen, channel_fen, detail, checked_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    list: q("SELECT * FROM reconciliation_lines WHERE channel = ? AND bill_date = ? ORDER BY CASE status WHEN 'MATCHED' THEN 1 ELSE 0 END, kind, ref"),
    papayDebits: q(`SELECT d.debit_id, d.order_id, d.amount_fen, o.paid_at
        FROM debits d JOIN payment_orders o ON o.order_id = d.order_id
        WHERE d.state = 'SUCCESS' AND o.state = 'SUCCESS' AND o.channel = 'papay' AND o.paid_at >= ? AND o.paid_at < ?
        ORDER BY o.paid_at, d.debit_id`),
    // A debit's day is its order's paid_at: the bank's own finish time, the clock its statement is cut by.
    movements: q(`
      SELECT 'debit' AS kind, d.debit_id AS ref, d.amount_fen, o.paid_at AS at
        FROM debits d JOIN payment_orders o ON o.order_id = d.order_id
        WHERE d.state = 'SUCCESS' AND o.state = 'SUCCESS' AND o.channel = 'bank' AND o.paid_at >= @from AND o.paid_at < @to
      UNION ALL
      SELECT 'deposit', deposit_id, amount_fen, updated_at FROM savings_deposits
        WHERE state = 'SUCCESS' AND updated_at >= @from AND updated_at < @to
      UNION ALL
      SELECT 'advance', advance_id, amount_fen, paid_at FROM credit_advances
        WHERE paid_at IS NOT NULL AND state IN ('PAID','OVERDUE','REPAID') AND paid_at >= @from AND paid_at < @to
      UNION ALL
      SELECT 'repayment', repayment_id, amount_fen, updated_at FROM credit_repayments
        WHERE state = 'SUCCESS' AND updated_at >= @from AND updated_at < @to
      ORDER BY at, ref`),
  };
  return {
    saveReconciliation(billDate: string, lines: ReconciliationLine[], channel: ReconciliationChannel = 'wechatpay'): void {
      stmts.clear.run(channel, billDate);
      for (const l of lines) stmts.insert.run(channel, l.billDate, l.kind, l.ref, l.status, l.ourFen, l.channelFen, l.detail, l.checkedAt);
    },
    listReconciliation(billDate: string, channel: ReconciliationChannel = 'wechatpay'): ReconciliationLine[] {
      return (stmts.list.all(channel, billDate) as Row[]).map((r) => ({
        billDate: r.bill_date as string,
        kind: r.kind as ReconciliationLine['kind'],
        ref: r.ref as string,
        status: r.status as ReconciliationLine['status'],
        ourFen: (r.our_fen as number | null) ?? null,
        channelFen: (r.channel_fen as number | null) ?? null,
        detail: r.detail as string,
        checkedAt: r.checked_at as string,
      }));
    },
    listPapayDebitsPaidBetween(from: string, to: string): PaidDebitRow[] {
      return (stmts.papayDebits.all(from, to) as Row[]).map((r) => ({
        debitId: r.debit_id as string, orderId: r.order_id as string, amountFen: r.amount_fen as number, paidAt: r.paid_at as string,
      }));
    },
    listBankMovementsBetween(from: string, to: string): BankMovementRow[] {
      return (stmts.movements.all({ from, to }) as Row[]).map((r) => ({
        kind: r.kind as BankMovementRow['kind'],
        ref: r.ref as string,
        amountFen: r.amount_fen as number,
        at: r.at as string,
      }));
    },
  };
}
