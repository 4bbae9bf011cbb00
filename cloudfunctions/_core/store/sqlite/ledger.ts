import type Database from 'better-sqlite3';
import type { LedgerReport } from '../../ledger/check';
import { checkTransfer, InsufficientBalance, LedgerRuleViolation, type TransferInput } from '../../ledger/transfer';

/** The ledger's synchronous operations on one SQLite connection; callers run them inside a transaction. */
export function ledgerOperations(db: Database.Database) {
  const q = (sql: string) => db.prepare(sql);
  const stmts = {
    findTransfer: q('SELECT transfer_id FROM ledger_transfers WHERE kind = ? AND ref = ?'),
    legsOf: q('SELECT account_id, amount_fen FROM ledger_postings WHERE transfer_id = ? ORDER BY leg'),
    ensureAccount: q('INSERT OR IGNORE INTO ledger_accounts (account_id, kind, floor_fen, balance_fen, created_at) VALUES (?, ?, ?, 0, ?)'),
    account: q('SELECT balance_fen, floor_fen FROM ledger_accounts WHERE account_id = ?'),
    addBalance: q('UPDATE ledger_accounts SET balance_fen = balance_fen + ? WHERE account_id = ?'),
    insertTransfer: q('INSERT INTO ledger_transfers (transfer_id, kind, ref, at) VALUES (?, ?, ?, ?)'),
    insertPosting: q('INSERT INTO ledger_postings (transfer_id, leg, account_id, amount_fen) VALUES (?, ?, ?, ?)'),
    balance: q('SELECT balance_fen FROM ledger_accounts WHERE account_id = ?'),
  };

  return {
    /**
     * Records a transfer once. A second call with the same (kind, ref) and the same legs is a replay and
     * moves nothing; the same key with other legs is a bug in the caller and is refused.
     */
    postTransfer(t: TransferInput): 'recorded' | 'replayed' {
      checkTransfer(t);
      const existing = stmts.findTransfer.get(t.kind, t.ref) as { transfer_id: string } | undefined;
      if (existing) {
        const stored = stmts.legsOf.all(existing.transfer_id) as { account_id: string; amount_fen: number }[];
        const same = stored.length === t.legs.length && stored.every((s, i) => s.account_id === t.legs[i].account.id && s.amount_fen === t.legs[i].amountFen);
        if (!same) throw new LedgerRuleViolation(`transfer ${t.kind}/${t.ref} already recorded with other legs`);
        return 'replayed';
      }
      for (const leg of t.legs) {
        stmts.ensureAccount.run(leg.account.id, leg.account.kind, leg.account.floorFen, t.at);
        const account = stmts.account.get(leg.account.id) as { balance_fen: number; floor_fen: number | null };
        if (account.floor_fen !== null && account.balance_fen + leg.amountFen < account.floor_fen) {
          throw new InsufficientBalance(leg.account.id, account.balance_fen, -leg.amountFen);
        }
      }
      stmts.insertTransfer.run(t.transferId, t.kind, t.ref, t.at);
      t.legs.forEach((leg, i) => {
        stmts.insertPosting.run(t.transferId, i, leg.account.id, leg.amountFen);
        stmts.addBalance.run(leg.amountFen, leg.account.id);
      });
      return 'recorded';
    },

    balanceOf(accountId: string): number {
      return ((stmts.balance.get(accountId) as { balance_fen: number } | undefined)?.balance_fen ?? 0);
    },

    ledgerCheck(): LedgerReport {
      const counts = db.prepare('SELECT (SELECT COUNT(*) FROM ledger_transfers) AS transfers, COUNT(*) AS postings, COALESCE(SUM(amount_fen), 0) AS total FROM ledger_postings').get() as {
        transfers: number; postings: number; total: number;
      };
      const unbalancedTransfers = (db
        .prepare('SELECT transfer_id, SUM(amount_fen) AS s FROM ledger_postings GROUP BY transfer_id HAVING s <> 0 LIMIT 100')
        .all() as { transfer_id: string; s: number }[]).map((r) => ({ transferId: r.transfer_id, sumFen: r.s }));
      const balanceMismatches = (db
        .prepare(`SELECT a.account_id, a.balance_fen, COALESCE(SUM(p.amount_fen), 0) AS posted FROM ledger_accounts a
                  LEFT JOIN ledger_postings p ON p.account_id = a.account_id GROUP BY a.account_id HAVING a.balance_fen <> posted LIMIT 100`)
        .all() as { account_id: string; balance_fen: number; posted: number }[]).map((r) => ({
        accountId: r.account_id, cachedFen: r.balance_fen, postedFen: r.posted,
      }));
      const belowFloor = (db
        .prepare('SELECT account_id, balance_fen, floor_fen FROM ledger_accounts WHERE floor_fen IS NOT NULL AND balance_fen < floor_fen LIMIT 100')
        .all() as { account_id: string; balance_fen: number; floor_fen: number }[]).map((r) => ({
        accountId: r.account_id, balanceFen: r.balance_fen, floorFen: r.floor_fen,
      }));
      return {
        ok: counts.total === 0 && unbalancedTransfers.length === 0 && balanceMismatches.length === 0 && belowFloor.length === 0,
        transfers: counts.transfers,
        postings: counts.postings,
        totalFen: counts.total,
        unbalancedTransfers,
        balanceMismatches,
        belowFloor,
      };
    },
  };
}
