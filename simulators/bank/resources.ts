/**
 * How the simulated bank shows its rows: the API resources of the integration spec, each one parsed
 * through the adapter's own schema before it leaves, so the simulator can never drift from what the
 * client accepts; and the day's statement.
 */
import {
  AdvanceSchema,
  ContractSchema,
  DebitSchema,
  RepaymentSchema,
  StatementSchema,
  type Advance,
  type Contract,
  type Debit,
  type DebitFailCode,
  type Repayment,
  type Statement,
  type StatementLine,
} from '../../cloudfunctions/_core/channels/bank/schemas';
import { summarizeStatementLines } from '../../cloudfunctions/_core/channels/bank/statement';
import type { AdvanceRow, BankSimStore, ContractRow, DebitRow, RepaymentRow } from './store';

/** The holder's name as the bank echoes it: the family name, the rest starred (张*, 欧阳**). */
export const maskHolderName = (name: string): string => {
  const characters = [...name];
  return characters.length <= 1 ? '*' : `${characters[0]}${'*'.repeat(characters.length - 1)}`;
};

export const DEBIT_FAIL_MESSAGES: Record<DebitFailCode, string> = {
  INSUFFICIENT_FUNDS: '账户余额不足',
  CONTRACT_INACTIVE: '代扣协议未生效或已解约',
  OUTSIDE_HOURS: '不在银行允许的扣款时段内',
  AMOUNT_OVER_LIMIT: '扣款金额超过协议约定的单笔上限',
};

export const contractResource = (row: ContractRow): Contract =>
  ContractSchema.parse({
    contract_id: row.contract_id,
    out_contract_no: row.out_contract_no,
    state: row.state,
    holder_name_masked: row.holder_name_masked,
    account_no_masked: row.account_no_masked,
    id_hash: row.id_hash,
    max_amount_per_debit_fen: row.max_amount_per_debit_fen,
    signed_at: row.signed_at,
    terminated_at: row.terminated_at,
    terminated_by: row.terminated_by,
  });

export const debitResource = (row: DebitRow): Debit =>
  DebitSchema.parse({
    debit_id: row.debit_id,
    out_debit_no: row.out_debit_no,
    out_contract_no: row.out_contract_no,
    amount_fen: row.amount_fen,
    state: row.state,
    fail_code: row.fail_code,
    fail_message: row.fail_code ? DEBIT_FAIL_MESSAGES[row.fail_code] : null,
    created_at: row.created_at,
    finished_at: row.finished_at,
  });

export const repaymentResource = (row: RepaymentRow): Repayment =>
  RepaymentSchema.parse({
    repayment_id: row.repayment_id,
    out_repayment_no: row.out_repayment_no,
    out_advance_no: row.out_advance_no,
    amount_fen: row.amount_fen,
    channel: row.channel,
    repaid_at: row.repaid_at,
  });

export const advanceResource = (row: AdvanceRow, repayments: ReadonlyArray<RepaymentRow>): Advance =>
  AdvanceSchema.parse({
    advance_id: row.advance_id,
    out_advance_no: row.out_advance_no,
    id_hash: row.id_hash,
    amount_fen: row.amount_fen,
    repaid_fen: row.repaid_fen,
    outstanding_fen: row.state === 'REFUSED' ? 0 : row.amount_fen - row.repaid_fen,
    state: row.state,
    fail_code: row.fail_code,
    due_date: row.due_date,
    paid_at: row.paid_at,
    overdue_at: row.overdue_at,
    repaid_at: row.repaid_at,
    credit_reported: row.credit_reported === 1,
    repayments: repayments.map(repaymentResource),
  });

/**
 * Every money movement of one Asia/Shanghai day: debits that reached a final state that day (failed ones
 * too, with nothing moved, so a failed attempt can be matched as well), advances paid and repayments
 * received. A PROCESSING debit appears on the day it settles. Lines run in time order; within one
 * second, debits come before advances before repayments.
 */
export function buildStatement(store: BankSimStore, partnerId: string, date: string, final: boolean, generatedAt: string): Statement {
  const lines: StatementLine[] = [
    ...store.debitsFinishedOn(date).map(
      (row): StatementLine => ({
        type: 'DEBIT',
        out_no: row.out_debit_no,
        bank_no: row.debit_id,
        ref_no: row.out_contract_no,
        state: row.state,
        fail_code: row.fail_code,
        amount_fen: row.amount_fen,
        at: row.finished_at as string,
      }),
    ),
    ...store.advancesPaidOn(date).map(
      (row): StatementLine => ({
        type: 'ADVANCE',
        out_no: row.out_advance_no,
        bank_no: row.advance_id,
        ref_no: null,
        state: 'PAID',
        fail_code: null,
        amount_fen: row.amount_fen,
        at: row.paid_at as string,
      }),
    ),
    ...store.repaymentsOn(date).map(
      (row): StatementLine => ({
        type: 'REPAYMENT',
        out_no: row.out_repayment_no,
        bank_no: row.repayment_id,
        ref_no: row.out_advance_no,
        state: 'SUCCESS',
        fail_code: null,
        amount_fen: row.amount_fen,
        at: row.repaid_at,
      }),
    ),
  // Times have whole seconds; the sort is stable, so lines of one second keep the order above.
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return StatementSchema.parse({ partner_id: partnerId, date, final, generated_at: generatedAt, lines, totals: summarizeStatementLines(lines) });
}
