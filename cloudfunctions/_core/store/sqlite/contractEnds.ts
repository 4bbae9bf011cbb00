import type Database from 'better-sqlite3';
import type { ContractChannel, ContractEndRow } from '../contractEnds.port';
import type { Migration } from './migrations';

/**
 * Contract ends (contractEnds.port.ts). The table is new in version 14; agreements and savings plans that had
 * already ended by then are entered as open requests, because until now an unanswered termination was only
 * logged: the janitor asks the channel about each of them once, and a contract that is already gone closes at once.
 */
export const CONTRACT_END_MIGRATIONS: Migration[] = [
  {
    version: 14,
    name: 'contract ends: termination requests kept until the channel confirms them',
    sql: `
      CREATE TABLE contract_ends (
        channel TEXT NOT NULL CHECK (channel IN ('bank', 'wechat')),
        contract_no TEXT NOT NULL,
        owner_ref TEXT NOT NULL,
        note TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_result TEXT,
        confirmed_at TEXT,
        PRIMARY KEY (channel, contract_no)
      );
      CREATE INDEX contract_ends_open ON contract_ends (requested_at) WHERE confirmed_at IS NULL;
      INSERT INTO contract_ends (channel, contract_no, owner_ref, note, requested_at)
        SELECT channel, contract_no, agreement_id, '参保人解约', updated_at FROM agreements WHERE state IN ('CANCELLED', 'FAILED');
      INSERT OR IGNORE INTO contract_ends (channel, contract_no, owner_ref, note, requested_at)
        SELECT 'bank', contract_no, plan_id, '灵活就业人员解约零存整缴', updated_at FROM savings_plans WHERE state IN ('CANCELLED', 'FAILED');
    `,
  },
];

type Row = Record<string, unknown>;

const toContractEnd = (r: Row): ContractEndRow => ({
  channel: r.channel as ContractChannel,
  contractNo: r.contract_no as string,
  ownerRef: r.owner_ref as string,
  note: r.note as string,
  requestedAt: r.requested_at as string,
  attempts: r.attempts as number,
  lastResult: (r.last_result as string | null) ?? null,
  confirmedAt: (r.confirmed_at as string | null) ?? null,
});

export function contractEndOperations(db: Database.Database) {
  const stmts = {
    insert: db.prepare(`INSERT INTO contract_ends (channel, contract_no, owner_ref, note, requested_at, attempts, last_result, confirmed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, contract_no) DO NOTHING`),
    get: db.prepare('SELECT * FROM contract_ends WHERE channel = ? AND contract_no = ?'),
    attempt: db.prepare(`UPDATE contract_ends SET attempts = attempts + 1, last_result = ?, confirmed_at = COALESCE(confirmed_at, ?)
      WHERE channel = ? AND contract_no = ?`),
    open: db.prepare('SELECT * FROM contract_ends WHERE confirmed_at IS NULL ORDER BY requested_at, contract_no LIMIT ?'),
  };
  return {
    requestContractEnd(r: ContractEndRow): boolean {
      return stmts.insert.run(r.channel, r.contractNo, r.ownerRef, r.note, r.requestedAt, r.attempts, r.lastResult, r.confirmedAt).changes === 1;
    },
    getContractEnd(channel: ContractChannel, contractNo: string): ContractEndRow | null {
      const r = stmts.get.get(channel, contractNo) as Row | undefined;
      return r ? toContractEnd(r) : null;
    },
    recordContractEndAttempt(t: { channel: ContractChannel; contractNo: string; result: string; confirmedAt: string | null }): void {
      stmts.attempt.run(t.result, t.confirmedAt, t.channel, t.contractNo);
    },
    listOpenContractEnds(limit: number): ContractEndRow[] {
      return (stmts.open.all(limit) as Row[]).map(toContractEnd);
    },
  };
}
