import type { BankMovementRow, StoreOps } from '../port';
import { byText, chunks, keyed, type FeatureContext } from './keyed';
import { COLLECTIONS as C } from './layout';
import { CreditAdvanceRowSchema, CreditRepaymentRowSchema, DebitRowSchema, OrderRow, SavingsDepositRowSchema } from './rowSchemas';

/**
 * Our side of a bank statement day, read only: the same four movements as the SQLite adapter's query, each
 * from its own collection (CloudBase has no UNION or join). A debit's time is its order's paidAt, the
 * bank's finish time; debit orders are always channel 'bank' (agreements/deductions.ts), which narrows the
 * order query to the bank's orders of the day before their debits are looked up by order id.
 */
export function bankMovementOps(ctx: FeatureContext): Required<Pick<StoreOps, 'listBankMovementsBetween'>> {
  const k = keyed(ctx);
  const range = (from: string, to: string) => ({ $gte: from, $lt: to });
  return {
    async listBankMovementsBetween(from, to) {
      const orders = k.rows(OrderRow, C.orders, await ctx.query(C.orders, { state: 'SUCCESS', channel: 'bank', paidAt: range(from, to) }, [['orderId', 'asc']]));
      const paidAt = new Map(orders.map((o) => [o.orderId, o.paidAt ?? '']));
      const debitPages = await ctx.access.map(chunks([...paidAt.keys()]), (ids) => ctx.query(C.debits, { state: 'SUCCESS', orderId: { $in: ids } }, [['debitId', 'asc']]));
      const debits = k.rows(DebitRowSchema, C.debits, debitPages.flat());
      const deposits = k.rows(SavingsDepositRowSchema, C.savingsDeposits, await ctx.query(C.savingsDeposits, { state: 'SUCCESS', updatedAt: range(from, to) }, [['depositId', 'asc']]));
      const advanceFilter = { state: { $in: ['PAID', 'OVERDUE', 'REPAID'] }, paidAt: range(from, to) };
      const advances = k.rows(CreditAdvanceRowSchema, C.creditAdvances, await ctx.query(C.creditAdvances, advanceFilter, [['advanceId', 'asc']]));
      const repayments = k.rows(CreditRepaymentRowSchema, C.creditRepayments, await ctx.query(C.creditRepayments, { state: 'SUCCESS', updatedAt: range(from, to) }, [['repaymentId', 'asc']]));
      const rows: BankMovementRow[] = [
        ...debits.map((d) => ({ kind: 'debit' as const, ref: d.debitId, amountFen: d.amountFen, at: paidAt.get(d.orderId) ?? '' })),
        ...deposits.map((d) => ({ kind: 'deposit' as const, ref: d.depositId, amountFen: d.amountFen, at: d.updatedAt })),
        ...advances.map((a) => ({ kind: 'advance' as const, ref: a.advanceId, amountFen: a.amountFen, at: a.paidAt ?? '' })),
        ...repayments.map((r) => ({ kind: 'repayment' as const, ref: r.repaymentId, amountFen: r.amountFen, at: r.updatedAt })),
      ];
      return rows.sort((a, b) => byText(a.at, b.at) || byText(a.ref, b.ref));
    },
  };
}
