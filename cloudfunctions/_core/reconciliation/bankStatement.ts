import type { App } from '../app';
import { bank } from '../agreements/bankChannel';
import type { StatementLine } from '../channels/bank';
import { isoInstant } from '../clock';
import { applyAdvanceAnswer, OWING_STATES } from '../credit/advances';
import { AppError } from '../errors';
import type { ReconciliationLine } from '../store/port';
import { compareBankStatement, ourAdvance, ourDebit, ourDeposit, ourRepayment, type OurBankRecord } from './bankCompare';
import { statementDayBounds } from './day';

/** The bank's statement lines of a day; a day the bank has not reached yet is refused (today's is the day so far). */
async function fetchStatement(app: App, billDate: string): Promise<StatementLine[]> {
  const answer = await bank(app).client.statement(billDate);
  if (answer.kind === 'ok') return answer.data.lines;
  if (answer.kind === 'rejected' && answer.code === 'STATEMENT_NOT_READY') throw new AppError('INVALID_INPUT', `银行 ${billDate} 的对账单尚未生成，请选择今天或更早的日期`);
  throw new AppError('CHANNEL_UNAVAILABLE', `银行对账单下载失败（${answer.kind === 'rejected' ? answer.code : '结果未知'}），请稍后重试`);
}

/**
 * The advance a bank-counter repayment names, after asking the bank about it while we still show money owed: no
 * notification tells of a part repayment, so the statement line is where we first see one. The answer is applied
 * as any query's is (credit/advances.ts), the way the daily credit job does; the comparison itself still only
 * reports. `confirmed`: what we now hold as repaid is the bank's word of this run, so it covers every counter line.
 */
async function advanceOfCounterRepayment(app: App, advanceId: string): Promise<OurBankRecord | null> {
  const advance = await app.store.getCreditAdvance(advanceId);
  if (!advance) return null;
  if (!(OWING_STATES as readonly string[]).includes(advance.state)) return ourAdvance(advance, true);
  const answer = await bank(app).client.queryAdvance(advanceId);
  // An answer about another advance or amount is not applied (advances.ts), so it confirms nothing either.
  if (answer.kind !== 'ok' || answer.data.out_advance_no !== advanceId || answer.data.amount_fen !== advance.amountFen) return ourAdvance(advance, false);
  await applyAdvanceAnswer(app, advanceId, answer, 'reconcile.counter-repayment', 'system');
  return ourAdvance((await app.store.getCreditAdvance(advanceId))!, true);
}

/** Our record of the item a statement line names by our own number (the line's type says where). */
async function ourRecordOf(app: App, line: StatementLine & { out_no: string }): Promise<OurBankRecord | null> {
  const no = line.out_no;
  if (line.type === 'DEBIT') {
    const debit = await app.store.getDebit(no);
    if (debit) return ourDebit(debit);
    const deposit = await app.store.getSavingsDeposit(no);
    return deposit ? ourDeposit(deposit) : null;
  }
  if (line.type === 'ADVANCE') {
    const advance = await app.store.getCreditAdvance(no);
    return advance ? ourAdvance(advance) : null;
  }
  const repayment = line.ref_no ? (await app.store.listCreditRepayments(line.ref_no)).find((r) => r.repaymentId === no) : undefined;
  return repayment ? ourRepayment(repayment) : null;
}

/**
 * Reconciles one Asia/Shanghai day of the partner bank's statement against our debits, savings deposits, credit
 * advances and repayments, and stores the report under the bank channel. Today's statement is still running at
 * the bank (`final: false`); reconciling it shows the day so far and a later run replaces it.
 */
export async function reconcileBankDay(app: App, billDate: string): Promise<ReconciliationLine[]> {
  const statement = await fetchStatement(app, billDate);
  const byRef = new Map<string, OurBankRecord>();
  const counterAdvances = new Map<string, OurBankRecord>();
  for (const line of statement) {
    if (line.out_no === null) {
      // A bank-counter repayment: what we hold is the advance it repays (see bankCompare.ts), asked about once a run.
      if (line.ref_no && !counterAdvances.has(line.ref_no)) {
        const found = await advanceOfCounterRepayment(app, line.ref_no);
        if (found) counterAdvances.set(line.ref_no, found);
      }
      continue;
    }
    const found = await ourRecordOf(app, { ...line, out_no: line.out_no });
    if (found) byRef.set(line.out_no, found);
  }
  const { from, to } = statementDayBounds(billDate);
  const movedThatDay = await app.store.listBankMovementsBetween(from, to);
  const lines = compareBankStatement(billDate, statement, { byRef, counterAdvances, movedThatDay }, isoInstant(app.clock));
  await app.store.saveReconciliation(billDate, lines, 'bank');
  return lines;
}
