import type { StatementLine } from '../channels/bank';
import type { CreditAdvanceRow, CreditRepaymentRow } from '../store/credit.port';
import type { BankMovementRow, DebitRow } from '../store/port';
import type { SavingsDepositRow } from '../store/savings.port';
import { compareBankStatement, ourAdvance, ourDebit, ourDeposit, ourRepayment, type OurBankRecord } from './bankCompare';

const AT = '2026-11-26T10:00:00+08:00';
const statementLine = (type: StatementLine['type'], outNo: string | null, amountFen: number, state: string, refNo: string | null = null): StatementLine => ({
  type, out_no: outNo, bank_no: `B-${outNo ?? refNo}`, ref_no: refNo, state, fail_code: state === 'FAILED' ? 'INSUFFICIENT_FUNDS' : null, amount_fen: amountFen, at: AT,
});
const debit = (debitId: string, amountFen: number, state: DebitRow['state']): DebitRow => ({
  debitId, agreementId: 'agr_1', periodKey: '2027', attempt: 1, amountFen, orderId: 'ord_1', state, failure: null, createdAt: '', updatedAt: '',
});
const deposit = (depositId: string, amountFen: number, state: SavingsDepositRow['state']): SavingsDepositRow => ({
  depositId, planId: 'svp_1', personId: 'p', slot: '2026-11-26', kind: 'scheduled', attempt: 1, amountFen, state, failure: null, bankDebitId: null, createdAt: '', updatedAt: '',
});
const advance = (advanceId: string, amountFen: number, state: CreditAdvanceRow['state'], repaidFen = 0): CreditAdvanceRow => ({
  advanceId, personId: 'p', benefitYear: 2027, signerPersonId: 'p', signerOpenid: 'o', orderId: 'ord_a', amountFen, signDate: '2026-11-26', dueDate: '2027-01-26',
  state, live: true, bankAdvanceId: null, failure: null, paidAt: null, overdueAt: null, repaidDate: null, repaidFen, createdAt: '', updatedAt: '',
});
const repayment = (repaymentId: string, amountFen: number, state: CreditRepaymentRow['state']): CreditRepaymentRow => ({
  repaymentId, advanceId: 'adv_1', amountFen, requestedBy: 'o', channel: 'bank', state, failure: null, prepayId: null, channelTxnId: null, collectedAt: null, refundedAt: null, createdAt: '', updatedAt: '',
});
const moved = (kind: BankMovementRow['kind'], ref: string, amountFen: number): BankMovementRow => ({ kind, ref, amountFen, at: '2026-11-26T02:00:00.000Z' });

describe('reconciling a bank statement against our debits, deposits, advances and repayments', () => {
  const byRef = new Map<string, OurBankRecord>([
    ['dbt_ok', ourDebit(debit('dbt_ok', 40000, 'SUCCESS'))],
    ['dbt_cent', ourDebit(debit('dbt_cent', 40000, 'SUCCESS'))],
    ['dbt_pending', ourDebit(debit('dbt_pending', 40000, 'PENDING'))],
    ['dbt_failed', ourDebit(debit('dbt_failed', 40000, 'FAILED'))],
    ['dbt_we_failed', ourDebit(debit('dbt_we_failed', 40000, 'FAILED'))],
    ['sdp_ok', ourDeposit(deposit('sdp_ok', 5000, 'SUCCESS'))],
    ['adv_ok', ourAdvance(advance('adv_ok', 40000, 'OVERDUE'))],
    ['rpy_ok', ourRepayment(repayment('rpy_ok', 20000, 'SUCCESS'))],
  ]);
  // As the run holds them after asking the bank (confirmed), or when the bank did not answer.
  const counterAdvances = new Map<string, OurBankRecord>([
    ['adv_open', ourAdvance(advance('adv_open', 40000, 'PAID'), true)],
    ['adv_done', ourAdvance(advance('adv_done', 40000, 'REPAID'), true)],
    ['adv_part', ourAdvance(advance('adv_part', 40000, 'PAID', 15000), true)],
    ['adv_unasked', ourAdvance(advance('adv_unasked', 40000, 'PAID', 15000), false)],
  ]);
  const lines = compareBankStatement(
    '2026-11-26',
    [
      statementLine('DEBIT', 'dbt_ok', 40000, 'SUCCESS', 'ctr_1'),
      statementLine('DEBIT', 'dbt_cent', 39999, 'SUCCESS', 'ctr_1'),
      statementLine('DEBIT', 'dbt_pending', 40000, 'SUCCESS', 'ctr_1'),
      statementLine('DEBIT', 'dbt_failed', 40000, 'FAILED', 'ctr_1'),
      statementLine('DEBIT', 'dbt_we_failed', 40000, 'SUCCESS', 'ctr_1'),
      statementLine('DEBIT', 'sdp_ok', 5000, 'SUCCESS', 'ctr_2'),
      statementLine('DEBIT', 'dbt_unknown', 12300, 'SUCCESS', 'ctr_9'),
      statementLine('ADVANCE', 'adv_ok', 40000, 'PAID'),
      statementLine('REPAYMENT', 'rpy_ok', 20000, 'SUCCESS', 'adv_ok'),
      statementLine('REPAYMENT', null, 10000, 'SUCCESS', 'adv_open'),
      statementLine('REPAYMENT', null, 40000, 'SUCCESS', 'adv_done'),
      statementLine('REPAYMENT', null, 500, 'SUCCESS', 'adv_nowhere'),
      statementLine('REPAYMENT', null, 15000, 'SUCCESS', 'adv_part'),
      statementLine('REPAYMENT', null, 5000, 'SUCCESS', 'adv_unasked'),
    ],
    {
      byRef,
      counterAdvances,
      movedThatDay: [
        moved('debit', 'dbt_ok', 40000), moved('debit', 'dbt_cent', 40000), moved('deposit', 'sdp_ok', 5000), moved('advance', 'adv_ok', 40000),
        moved('repayment', 'rpy_ok', 20000), moved('debit', 'dbt_lost', 40000), moved('deposit', 'sdp_lost', 3000),
      ],
    },
    'now',
  );
  const find = (ref: string) => lines.find((l) => l.ref === ref);

  it.each([
    ['an auto-renewal debit both sides agree on', 'dbt_ok', 'MATCHED'],
    ['a debit whose amount differs by one fen', 'dbt_cent', 'AMOUNT_MISMATCH'],
    ['a debit the bank finished that we still think is processing', 'dbt_pending', 'STATUS_MISMATCH'],
    ['a debit both sides saw fail', 'dbt_failed', 'MATCHED'],
    ['a debit we recorded as failed that the bank took', 'dbt_we_failed', 'STATUS_MISMATCH'],
    ['a savings deposit both sides agree on', 'sdp_ok', 'MATCHED'],
    ['a debit we have no record of', 'dbt_unknown', 'MISSING_ON_OUR_SIDE'],
    ['an advance paid that day, overdue by now', 'adv_ok', 'MATCHED'],
    ['a repayment through us', 'rpy_ok', 'MATCHED'],
    ['a debit we booked that the statement lacks', 'dbt_lost', 'MISSING_ON_CHANNEL_SIDE'],
    ['a deposit we booked that the statement lacks', 'sdp_lost', 'MISSING_ON_CHANNEL_SIDE'],
    ['a counter repayment while our advance still shows money outstanding', 'bank:B-adv_open', 'STATUS_MISMATCH'],
    ['a counter repayment of part, which our advance holds as repaid', 'bank:B-adv_part', 'MATCHED'],
    ['a counter repayment the bank could not be asked about this run, however much we held', 'bank:B-adv_unasked', 'STATUS_MISMATCH'],
  ])('%s → %s', (_name, ref, expected) => {
    expect(find(ref)?.status).toBe(expected);
  });

  it('names the kind from our records: a DEBIT line that is a savings deposit is a deposit', () => {
    expect(find('sdp_ok')?.kind).toBe('deposit');
    expect(find('sdp_lost')?.kind).toBe('deposit');
    expect(find('dbt_ok')?.kind).toBe('debit');
  });

  it('tells staff both states and both amounts where they differ', () => {
    expect(find('dbt_pending')?.detail).toBe('银行为 SUCCESS，我方状态为 PENDING');
    expect(find('dbt_cent')).toMatchObject({ ourFen: 40000, channelFen: 39999 });
    expect(find('dbt_lost')).toMatchObject({ ourFen: 40000, channelFen: null });
    expect(find('dbt_unknown')).toMatchObject({ ourFen: null, channelFen: 12300 });
  });

  it('judges counter repayments by the advance they repay: settled, part repaid as we hold it, still open, or unknown to us', () => {
    const counter = lines.filter((l) => l.ref.startsWith('bank:'));
    expect(counter.map((l) => [l.status, l.channelFen])).toEqual([
      ['STATUS_MISMATCH', 10000],
      ['MATCHED', 40000],
      ['MISSING_ON_OUR_SIDE', 500],
      ['MATCHED', 15000],
      ['STATUS_MISMATCH', 5000],
    ]);
    expect(find('bank:B-adv_unasked')?.detail).toBe('银行柜台还款，未能向银行核实该垫付，我方垫付状态为 PAID，已记已还 150.00元');
    expect(find('bank:B-adv_part')?.detail).toBe('银行柜台部分还款，我方垫付已记已还 150.00元、待还 250.00元');
    expect(find('bank:B-adv_open')?.detail).toBe('银行柜台还款，我方垫付状态为 PAID，已记已还 0.00元');
    expect(counter.every((l) => l.kind === 'repayment' && l.ourFen === null)).toBe(true);
  });

  it('lists every statement line once, then what only we booked', () => {
    expect(lines).toHaveLength(14 + 2);
  });
});
