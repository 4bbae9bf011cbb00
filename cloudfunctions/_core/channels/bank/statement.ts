/**
 * Statement totals, computed one way for both sides: the simulator writes them, our client recomputes
 * them from the lines and treats a statement whose totals disagree as unreadable, since reconciliation
 * against a self-contradicting file would prove nothing.
 */
import type { StatementLine, StatementTotals } from './schemas';

export function summarizeStatementLines(lines: ReadonlyArray<StatementLine>): StatementTotals {
  const totals: StatementTotals = {
    debit_success_count: 0,
    debit_success_fen: 0,
    debit_failed_count: 0,
    advance_paid_count: 0,
    advance_paid_fen: 0,
    repayment_count: 0,
    repayment_fen: 0,
  };
  for (const line of lines) {
    if (line.type === 'DEBIT' && line.state === 'SUCCESS') {
      totals.debit_success_count += 1;
      totals.debit_success_fen += line.amount_fen;
    } else if (line.type === 'DEBIT' && line.state === 'FAILED') {
      totals.debit_failed_count += 1;
    } else if (line.type === 'ADVANCE') {
      totals.advance_paid_count += 1;
      totals.advance_paid_fen += line.amount_fen;
    } else if (line.type === 'REPAYMENT') {
      totals.repayment_count += 1;
      totals.repayment_fen += line.amount_fen;
    }
  }
  return totals;
}

export const totalsAgree = (a: StatementTotals, b: StatementTotals): boolean =>
  (Object.keys(a) as Array<keyof StatementTotals>).every((key) => a[key] === b[key]);
