import type { LedgerReport } from '../../ledger/check';
import { checkTransfer, InsufficientBalance, LedgerRuleViolation, type TransferInput } from '../../ledger/transfer';
import type { DocAccess } from './docAccess';
import { BalanceDoc, readDoc, TransferDoc } from './documents';
import { COLLECTIONS as C, transferKey } from './layout';
import type { z } from 'zod';

export interface LedgerContext {
  access: DocAccess;
  namespace: string;
  /** Committed data only (aggregations never run inside a transaction; see ledgerQueries.ts). */
  sumCommittedPostings: (accountId: string) => Promise<number>;
  committedReport: () => Promise<LedgerReport>;
}

type Balance = z.infer<typeof BalanceDoc>;

/**
 * The ledger's operations, with the SQLite adapter's rules: a transfer is recorded once per (kind, ref),
 * a replay with the same legs moves nothing, the same key with other legs is refused, and each leg on an
 * account with a floor is checked against that account's balance before the transfer.
 */
export function ledgerOps(ctx: LedgerContext) {
  const { access } = ctx;
  /** Legs this transaction posted, which the committed-data sums cannot see yet. */
  const ownLegs: Array<{ accountId: string; amountFen: number }> = [];

  const readBalance = async (accountId: string) => {
    const doc = await access.get(C.ledgerBalances, accountId);
    return doc ? readDoc(BalanceDoc, C.ledgerBalances, accountId, doc) : null;
  };

  return {
    async postTransfer(t: TransferInput): Promise<'recorded' | 'replayed'> {
      checkTransfer(t);
      const key = transferKey(t.kind, t.ref);
      const existingDoc = await access.get(C.ledgerTransfers, key);
      if (existingDoc) {
        const stored = readDoc(TransferDoc, C.ledgerTransfers, key, existingDoc).legs;
        const same = stored.length === t.legs.length && stored.every((s, i) => s.accountId === t.legs[i].account.id && s.amountFen === t.legs[i].amountFen);
        if (!same) throw new LedgerRuleViolation(`transfer ${t.kind}/${t.ref} already recorded with other legs`);
        return 'replayed';
      }
      const balances = new Map<string, Balance>();
      for (const leg of t.legs) {
        const { id, kind, floorFen } = leg.account;
        if (floorFen === null) continue;
        const balance = balances.get(id) ?? (await readBalance(id)) ?? { ns: ctx.namespace, accountId: id, kind, floorFen, balanceFen: 0, createdAt: t.at };
        balances.set(id, balance);
        // Every leg is checked against the balance before this transfer, as the SQLite adapter does.
        if (balance.balanceFen + leg.amountFen < balance.floorFen) throw new InsufficientBalance(id, balance.balanceFen, -leg.amountFen);
      }
      const legs = t.legs.map((leg) => ({ accountId: leg.account.id, amountFen: leg.amountFen, floored: leg.account.floorFen !== null }));
      await access.create(C.ledgerTransfers, key, { ns: ctx.namespace, transferId: t.transferId, kind: t.kind, ref: t.ref, at: t.at, legs });
      for (const balance of balances.values()) {
        const moved = legs.filter((l) => l.accountId === balance.accountId).reduce((sum, l) => sum + l.amountFen, 0);
        await access.put(C.ledgerBalances, balance.accountId, { ...balance, balanceFen: balance.balanceFen + moved });
      }
      if (access.inTransaction) ownLegs.push(...legs);
      return 'recorded';
    },

    async balanceOf(accountId: string): Promise<number> {
      const balance = await readBalance(accountId);
      if (balance) return balance.balanceFen;
      const own = ownLegs.filter((l) => l.accountId === accountId).reduce((sum, l) => sum + l.amountFen, 0);
      return (await ctx.sumCommittedPostings(accountId)) + own;
    },

    /** Over committed data: a check run inside a transaction does not see that transaction's transfers. */
    ledgerCheck: (): Promise<LedgerReport> => ctx.committedReport(),
  };
}
