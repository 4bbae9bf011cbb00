import { formatYuan } from '../agreements/notices';
import { repaidSoFarFen } from '../credit/advances';
import type { StatementLine } from '../channels/bank';
import type { CreditAdvanceRow, CreditRepaymentRow } from '../store/credit.port';
import type { BankMovementRow, DebitRow, ReconciliationLine } from '../store/port';
import type { SavingsDepositRow } from '../store/savings.port';
import { judge, type OurRecord, type Verdict } from './compare';

export type BankKind = BankMovementRow['kind'];

/** Our record of one item a bank statement names, with the bank's word for the state we hold. */
export interface OurBankRecord {
  kind: BankKind;
  amountFen: number;
  /** Our state as stored (SUCCESS, PENDING, PAID, OVERDUE...). */
  state: string;
  /** The statement state that means the same (SUCCESS / FAILED / PAID), or null while ours is undecided. */
  bankState: string | null;
  /** An advance: what we hold as repaid so far (a bank-counter repayment may be part of it). */
  repaidFen?: number;
  /** An advance: `repaidFen` is the bank's word of this run (asked now), so it covers every counter repayment so far. */
  repaidConfirmed?: boolean;
}

export interface BankOurSide {
  /** Our records of the items the statement names, by our number, whatever their state or day. */
  byRef: Map<string, OurBankRecord>;
  /** The advances bank-counter repayments name, by advance id, as the run found them after asking the bank. */
  counterAdvances: Map<string, OurBankRecord>;
  /** What we booked as moved through the bank on the statement day. */
  movedThatDay: readonly BankMovementRow[];
}

const KIND_LABELS: Record<BankKind, string> = { debit: '自动续缴扣款', deposit: '零存整缴存入', advance: '信用参保垫付', repayment: '垫付还款' };

/** An entrusted debit (auto-renewal or savings deposit) is final at SUCCESS or FAILED, as the bank's line is. */
const debitState = (state: string): string | null => (state === 'SUCCESS' || state === 'FAILED' ? state : null);

export const ourDebit = (row: DebitRow): OurBankRecord => ({ kind: 'debit', amountFen: row.amountFen, state: row.state, bankState: debitState(row.state) });
export const ourDeposit = (row: SavingsDepositRow): OurBankRecord => ({ kind: 'deposit', amountFen: row.amountFen, state: row.state, bankState: debitState(row.state) });
/** The bank lists an advance once, as PAID, on the day it paid; overdue or repaid later, it was still paid. */
export const ourAdvance = (row: CreditAdvanceRow, repaidConfirmed = false): OurBankRecord => ({
  kind: 'advance', amountFen: row.amountFen, state: row.state, bankState: ['PAID', 'OVERDUE', 'REPAID'].includes(row.state) ? 'PAID' : null,
  repaidFen: repaidSoFarFen(row), repaidConfirmed,
});
export const ourRepayment = (row: CreditRepaymentRow): OurBankRecord => ({
  kind: 'repayment', amountFen: row.amountFen, state: row.state, bankState: row.state === 'SUCCESS' ? 'SUCCESS' : null,
});

const STATEMENT_KINDS: Record<StatementLine['type'], BankKind> = { DEBIT: 'debit', ADVANCE: 'advance', REPAYMENT: 'repayment' };

/**
 * A repayment the person made at the bank counter carries no number of ours (pilot §三(二): the bank 代为缴纳 and
 * the person repays it; the counter is the bank's own channel). We never record those repayments one by one;
 * what we hold is the advance and what the bank reports repaid of it (the run asks the bank first). So the line
 * agrees with us when our advance is repaid, or when the bank's answer of this run is what we hold as repaid (it
 * covers every counter line so far). Without that answer it is a state difference: we cannot show the line is in
 * our books, and a line judged alone could pass while a second one is missing from them.
 */
function counterRepayment(line: StatementLine, ours: BankOurSide): Verdict {
  const advance = line.ref_no ? ours.counterAdvances.get(line.ref_no) : undefined;
  if (!advance || advance.kind !== 'advance') return { status: 'MISSING_ON_OUR_SIDE', ourFen: null, channelFen: line.amount_fen, detail: '银行柜台还款，我方无对应垫付' };
  if (advance.state === 'REPAID') return { status: 'MATCHED', ourFen: null, channelFen: line.amount_fen, detail: '银行柜台还款，我方垫付已结清' };
  const repaidFen = advance.repaidFen ?? 0;
  if (!advance.repaidConfirmed) {
    return { status: 'STATUS_MISMATCH', ourFen: null, channelFen: line.amount_fen, detail: `银行柜台还款，未能向银行核实该垫付，我方垫付状态为 ${advance.state}，已记已还 ${formatYuan(repaidFen)}` };
  }
  if (repaidFen >= line.amount_fen) {
    return { status: 'MATCHED', ourFen: null, channelFen: line.amount_fen, detail: `银行柜台部分还款，我方垫付已记已还 ${formatYuan(repaidFen)}、待还 ${formatYuan(advance.amountFen - repaidFen)}` };
  }
  return { status: 'STATUS_MISMATCH', ourFen: null, channelFen: line.amount_fen, detail: `银行柜台还款，我方垫付状态为 ${advance.state}，已记已还 ${formatYuan(repaidFen)}` };
}

/**
 * Compares one day's bank statement with our debits, savings deposits, advances and repayments, line by line,
 * with the same questions and statuses as the WeChat bill (compare.ts). Pure, and it never corrects anything.
 */
export function compareBankStatement(billDate: string, statement: readonly StatementLine[], ours: BankOurSide, checkedAt: string): ReconciliationLine[] {
  const lines: ReconciliationLine[] = [];
  const seen = new Set<string>();
  for (const item of statement) {
    if (item.out_no === null) {
      lines.push({ billDate, kind: 'repayment', ref: `bank:${item.bank_no}`, ...counterRepayment(item, ours), checkedAt });
      continue;
    }
    seen.add(item.out_no);
    const found = ours.byRef.get(item.out_no);
    const kind = found?.kind ?? STATEMENT_KINDS[item.type];
    const record: OurRecord | undefined = found && { fen: found.amountFen, sameState: found.bankState === item.state, state: found.state };
    const verdict = judge(record, item.amount_fen, `银行有${KIND_LABELS[kind]}（${item.state}），我方无此记录`);
    lines.push({ billDate, kind, ref: item.out_no, ...verdict, detail: verdict.status === 'STATUS_MISMATCH' ? `银行为 ${item.state}，${verdict.detail}` : verdict.detail, checkedAt });
  }
  for (const moved of ours.movedThatDay) {
    if (seen.has(moved.ref)) continue;
    lines.push({
      billDate, kind: moved.kind, ref: moved.ref, status: 'MISSING_ON_CHANNEL_SIDE', ourFen: moved.amountFen, channelFen: null,
      detail: `我方记为${KIND_LABELS[moved.kind]}已完成，银行对账单无此笔`, checkedAt,
    });
  }
  return lines;
}
