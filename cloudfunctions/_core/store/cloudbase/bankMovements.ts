import type { BankMovementRow, PaidDebitRow, StoreOps } from '../port';
import { byText, chunks, keyed, type FeatureContext } from './keyed';
import { COLLECTIONS as C } from './layout';
import { CreditAdvanceRowSchema, CreditRepaymentRowSchema, DebitRowSchema, OrderRow, SavingsDepositRowSchema } from './rowSchemas';

/**
 * Our side of a bank statement day, read only: the same four movements as the SQLite adapter's query, each
 * from its own collection (CloudBase has no UNION or join). A debit's time is its order's paidAt, the
 * channel's finish time; a debit's order carries its channel ('bank', or 'papay' for WeChat 委托代扣:
 * agreements/deductions.ts), which narrows the order query to that channel's orders of the day before their
 * debits are looked up by order id. The papay debits of a day are WeChat's side of the same question.
 */
export function bankMovementOps(ctx: FeatureContext): Required<Pick<StoreOps, 'listBankMovementsBetween' | 'listPapayDebitsPaidBetween'>> {
  const k = keyed(ctx);
  const range = (from: string, to: string) => ({ $gte: from, $lt: to });

  /** Debits whose orders of `channel` were paid in the window, each at its order's paidAt. */
  async function paidDebits(channel: 'bank' | 'papay', from: string, to: string): Promise<PaidDebitRow[]> {
    const orders = k.rows(OrderRow, C.orders, await ctx.query(C.orders, { state: 'SUCCESS', channel, paidAt: range(from, to) }, [['orderId', 'asc']]));
    const paidAt = new Map(orders.map((o) => [o.orderId, o.paidAt ?? '']));
    const debitPages = await ctx.access.map(chunks([...paidAt.keys()]), (ids) => ctx.query(C.debits, { state: 'SUCCESS', orderId: { $in: ids } }, [['debitId', 'asc']]));
    return k.rows(DebitRowSchema, C.debits, debitPages.flat())
      .map((d) => ({ debitId: d.debitId, orderId: d.orderId, amountFen: d.amountFen, paidAt: paidAt.get(d.orderId) ?? '' }))
      .sort((a, b) => byText(a.paidAt, b.paidAt) || byText(a.debitId, b.debitId));
  }

  return {
    listPapayDebitsPaidBetween: (from, to) => paidDebits('papay', from, to),

    async listBankMovementsBetween(from, to) {
      const debits = await paidDebits('bank', from, to);
      const deposits = k.rows(SavingsDepositRowSchema, C.savingsDeposits, await ctx.query(C.savingsDeposits, { state: 'SUCCESS', updatedAt: range(from, to) }, [['depositId', 'asc']]));
      const advanceFilter = { state: { $in: ['PAID', 'OVERDUE', 'REPAID'] }, paidAt: range(from, to) };
      const advances = k.rows(CreditAdvanceRowSchema, C.creditAdvances, await ctx.query(C.creditAdvances, advanceFilter, [['advanceId', 'asc']]));
      const repayments = k.rows(CreditRepaymentRowSchema, C.creditRepayments, await ctx.query(C.creditRepayments, { state: 'SUCCESS', updatedAt: range(from, to) }, [['repaymentId', 'asc']]));
      const rows: BankMovementRow[] = [
        ...debits.map((d) => ({ kind: 'debit' as const, ref: d.debitId, amountFen: d.amountFen, at: d.paidAt })),
        ...deposits.map((d) => ({ kind: 'deposit' as const, ref: d.depositId, amountFen: d.amountFen, at: d.updatedAt })),
        ...advances.map((a) => ({ kind: 'advance' as const, ref: a.advanceId, amountFen: a.amountFen, at: a.paidAt ?? '' })),
        ...repayments.map((r) => ({ kind: 'repayment' as const, ref: r.repaymentId, amountFen: r.amountFen, at: r.updatedAt })),
      ];
      return rows.sort((a, b) => byText(a.at, b.at) || byText(a.ref, b.ref));
    },
  };
}
