import { z } from 'zod';
import type { LedgerReport } from '../../ledger/check';
import type { SdkAggregation, SdkDatabase } from './docAccess';
import { BalanceDoc, readDoc } from './documents';
import { COLLECTIONS } from './layout';

/**
 * Ledger reads that are aggregations over committed transfers (never inside a transaction). Postings live
 * embedded in their transfer, so every aggregation starts by unwinding the legs of this namespace's
 * transfers. Indexes: ledger_transfers (ns, legs.accountId), ledger_balances (ns, accountId).
 */
const PAGE_SIZE = 1000;
const REPORT_LIMIT = 100;

const Sum = z.object({ s: z.number().int() });
const Totals = z.object({ transfers: z.number().int() });
const PostingTotals = z.object({ postings: z.number().int(), total: z.number().int() });
const PerKey = z.object({ _id: z.string(), s: z.number().int() });

async function aggregateRows<S extends z.ZodType>(db: SdkDatabase, schema: S, build: (a: SdkAggregation) => SdkAggregation): Promise<z.infer<S>[]> {
  const res = await build(db.collection(COLLECTIONS.ledgerTransfers).aggregate()).end();
  return (Array.isArray(res.data) ? res.data : []).map((raw) => readDoc(schema, COLLECTIONS.ledgerTransfers, 'aggregate', raw));
}

/** Sum of all committed postings on one account (for accounts without a balance document). */
export async function sumCommittedPostings(db: SdkDatabase, namespace: string, accountId: string): Promise<number> {
  const rows = await aggregateRows(db, Sum, (a) =>
    a
      .match({ ns: namespace, 'legs.accountId': accountId })
      .unwind('$legs')
      .match({ 'legs.accountId': accountId })
      .group({ _id: null, s: { $sum: '$legs.amountFen' } }),
  );
  return rows[0]?.s ?? 0;
}

/** Posted sums per floored account, all pages. */
async function flooredPostedSums(db: SdkDatabase, namespace: string): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await aggregateRows(db, PerKey, (a) =>
      a
        .match({ ns: namespace })
        .unwind('$legs')
        .match({ 'legs.floored': true })
        .group({ _id: '$legs.accountId', s: { $sum: '$legs.amountFen' } })
        .sort({ _id: 1 })
        .skip(offset)
        .limit(PAGE_SIZE),
    );
    for (const row of page) sums.set(row._id, row.s);
    if (page.length < PAGE_SIZE) return sums;
  }
}

async function allBalances(db: SdkDatabase, namespace: string): Promise<z.infer<typeof BalanceDoc>[]> {
  const docs: z.infer<typeof BalanceDoc>[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const res = await db.collection(COLLECTIONS.ledgerBalances).where({ ns: namespace }).orderBy('accountId', 'asc').skip(offset).limit(PAGE_SIZE).get();
    const page = Array.isArray(res.data) ? res.data : [];
    for (const raw of page) docs.push(readDoc(BalanceDoc, COLLECTIONS.ledgerBalances, String((raw as { _id?: unknown })._id ?? '?'), raw));
    if (page.length < PAGE_SIZE) return docs;
  }
}

/**
 * The ledger's invariants over committed data: postings sum to zero overall and per transfer, every
 * balance document equals the sum of its postings, and no floored account is below its floor. It reads
 * every balance document, which is a job for a timer-triggered check, not for a request.
 */
export async function committedLedgerReport(db: SdkDatabase, namespace: string): Promise<LedgerReport> {
  const [transferCount] = await aggregateRows(db, Totals, (a) => a.match({ ns: namespace }).group({ _id: null, transfers: { $sum: 1 } }));
  const [postingTotals] = await aggregateRows(db, PostingTotals, (a) =>
    a.match({ ns: namespace }).unwind('$legs').group({ _id: null, postings: { $sum: 1 }, total: { $sum: '$legs.amountFen' } }),
  );
  const unbalanced = await aggregateRows(db, PerKey, (a) =>
    a
      .match({ ns: namespace })
      .unwind('$legs')
      .group({ _id: '$transferId', s: { $sum: '$legs.amountFen' } })
      .match({ s: { $ne: 0 } })
      .limit(REPORT_LIMIT),
  );
  const posted = await flooredPostedSums(db, namespace);
  const balances = await allBalances(db, namespace);
  const balanceMismatches = balances
    .filter((b) => b.balanceFen !== (posted.get(b.accountId) ?? 0))
    .slice(0, REPORT_LIMIT)
    .map((b) => ({ accountId: b.accountId, cachedFen: b.balanceFen, postedFen: posted.get(b.accountId) ?? 0 }));
  const belowFloor = balances
    .filter((b) => b.balanceFen < b.floorFen)
    .slice(0, REPORT_LIMIT)
    .map((b) => ({ accountId: b.accountId, balanceFen: b.balanceFen, floorFen: b.floorFen }));
  const totalFen = postingTotals?.total ?? 0;
  const unbalancedTransfers = unbalanced.map((u) => ({ transferId: u._id, sumFen: u.s }));
  return {
    ok: totalFen === 0 && unbalancedTransfers.length === 0 && balanceMismatches.length === 0 && belowFloor.length === 0,
    transfers: transferCount?.transfers ?? 0,
    postings: postingTotals?.postings ?? 0,
    totalFen,
    unbalancedTransfers,
    balanceMismatches,
    belowFloor,
  };
}
