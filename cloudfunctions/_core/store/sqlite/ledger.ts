import type Database from 'better-sqlite3';
import type { LedgerReport } from '../../ledger/check';
import { forKeys, insertRows } from './multiRow';
import { checkTransfer, InsufficientBalance, LedgerRuleViolation, type TransferInput } from '../../ledger/transfer';

/** The ledger's synchronous operations on one SQLite connection; callers run them inside a transaction. */
export function ledgerOperations(db: Database.Database) {
  const q = (sql: string) => db.prepare(sql);
  const stmts = {
    legsOf: q('SELECT account_id, amount_fen FROM ledger_postings WHERE transfer_id = ? ORDER BY leg'),
    balance: q('SELECT balance_fen FROM ledger_accounts WHERE account_id = ?'),
  };

  /** Walks the transfers in order over the floored accounts' balances; the first one that would break a floor throws. */
  function checkFloors(transfers: readonly TransferInput[], flooredIds: string[]): void {
    if (flooredIds.length === 0) return;
    const balances = new Map<string, number>();
    for (const r of forKeys(db, 'SELECT account_id, balance_fen FROM ledger_accounts WHERE account_id IN :keys', flooredIds) as { account_id: string; balance_fen: number }[]) {
      balances.set(r.account_id, r.balance_fen);
    }
    for (const t of transfers) {
      for (const leg of t.legs) {
        if (leg.account.floorFen === null) continue;
        const balance = balances.get(leg.account.id) ?? 0;
        if (balance + leg.amountFen < leg.account.floorFen) throw new InsufficientBalance(leg.account.id, balance, -leg.amountFen);
      }
      for (const leg of t.legs) if (leg.account.floorFen !== null) balances.set(leg.account.id, (balances.get(leg.account.id) ?? 0) + leg.amountFen);
    }
  }

  /**
   * Records transfers once each, all or nothing. A transfer whose (kind, ref) is already recorded with the
   * same legs is a replay and moves nothing; the same key with other legs is a bug in the caller and is
   * refused. Floors are checked in order, each transfer against the balances the earlier ones left.
   * Set-based: one statement per hundred rows, and one balance write per account for the whole call.
   */
  function postTransfers(ts: readonly TransferInput[]): ('recorded' | 'replayed')[] {
    ts.forEach(checkTransfer);
    const stored = new Map<string, string>();
    const kinds = new Map<string, string[]>();
    for (const t of ts) {
      const refs = kinds.get(t.kind);
      if (refs) refs.push(t.ref);
      else kinds.set(t.kind, [t.ref]);
    }
    for (const [kind, refs] of kinds) {
      for (const r of forKeys(db, 'SELECT ref, transfer_id FROM ledger_transfers WHERE kind = ? AND ref IN :keys', refs, [kind]) as { ref: string; transfer_id: string }[]) {
        stored.set(`${kind}\u0000${r.ref}`, r.transfer_id);
      }
    }
    const fresh = new Map<string, TransferInput>();
    const results = ts.map((t) => {
      const key = `${t.kind}\u0000${t.ref}`;
      const earlier = fresh.get(key);
      const legs = earlier ? earlier.legs.map((l) => ({ account_id: l.account.id, amount_fen: l.amountFen })) : stored.has(key) ? (stmts.legsOf.all(stored.get(key)) as { account_id: string; amount_fen: number }[]) : null;
      if (!legs) {
        fresh.set(key, t);
        return 'recorded' as const;
      }
      const same = legs.length === t.legs.length && legs.every((s, i) => s.account_id === t.legs[i].account.id && s.amount_fen === t.legs[i].amountFen);
      if (!same) throw new LedgerRuleViolation(`transfer ${t.kind}/${t.ref} already recorded with other legs`);
      return 'replayed' as const;
    });
    const recorded = [...fresh.values()];
    const deltas = new Map<string, { spec: TransferInput['legs'][number]['account']; fen: number; at: string }>();
    for (const t of recorded) {
      for (const leg of t.legs) {
        const entry = deltas.get(leg.account.id);
        if (entry) entry.fen += leg.amountFen;
        else deltas.set(leg.account.id, { spec: leg.account, fen: leg.amountFen, at: t.at });
      }
    }
    checkFloors(recorded, [...deltas.values()].filter((d) => d.spec.floorFen !== null).map((d) => d.spec.id));
    insertRows(db, 'INSERT INTO ledger_transfers (transfer_id, kind, ref, at)', 4, recorded.map((t) => [t.transferId, t.kind, t.ref, t.at]));
    // One write per account: created at its first transfer's time with the whole call's sum, or the sum added.
    insertRows(db, 'INSERT INTO ledger_accounts (account_id, kind, floor_fen, balance_fen, created_at)', 5,
      [...deltas.values()].map((d) => [d.spec.id, d.spec.kind, d.spec.floorFen, d.fen, d.at]),
      'ON CONFLICT (account_id) DO UPDATE SET balance_fen = balance_fen + excluded.balance_fen');
    insertRows(db, 'INSERT INTO ledger_postings (transfer_id, leg, account_id, amount_fen)', 4,
      recorded.flatMap((t) => t.legs.map((leg, i) => [t.transferId, i, leg.account.id, leg.amountFen])));
    return results;
  }

  return {
    postTransfers,
    postTransfer: (t: TransferInput): 'recorded' | 'replayed' => postTransfers([t])[0],

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
