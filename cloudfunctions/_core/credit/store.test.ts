import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UniqueViolation } from '../errors';
import { person } from '../store/contract';
import type { CreditAdvanceRow, CreditRepaymentRow } from '../store/credit.port';
import type { PaymentOrderRow, Store } from '../store/port';
import { openSqliteStore } from '../store/sqlite';
import { reminderDue } from './reminders';

/** The credit feature's SQLite operations: the unique keys and compare-and-set transitions the services rely on. */
const AT = '2026-12-31T07:00:00.000Z';
const dirs: string[] = [];
let store: Store;

function order(orderId: string, personId: string): PaymentOrderRow {
  return {
    orderId, payerPersonId: personId, payerOpenid: 'o1', requestHash: `credit:${orderId}`, totalFen: 40000, accountFen: 0, wechatFen: 40000,
    state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'bank',
  };
}

function advance(advanceId: string, orderId: string, extra: Partial<CreditAdvanceRow> = {}): CreditAdvanceRow {
  return {
    advanceId, personId: 'per_1', benefitYear: 2027, signerPersonId: 'per_1', signerOpenid: 'o1', orderId, amountFen: 40000,
    signDate: '2026-12-31', dueDate: '2027-02-28', state: 'INIT', live: true, bankAdvanceId: null, failure: null, paidAt: null,
    overdueAt: null, repaidDate: null, repaidFen: 0, createdAt: AT, updatedAt: AT, ...extra,
  };
}

const repayment = (repaymentId: string, advanceId: string): CreditRepaymentRow => ({
  repaymentId, advanceId, amountFen: 40000, requestedBy: 'o1', channel: 'bank', state: 'INIT', failure: null, prepayId: null, channelTxnId: null, collectedAt: null, refundedAt: null, createdAt: AT, updatedAt: AT,
});

async function violation(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof UniqueViolation) return error.constraint;
    throw error;
  }
  throw new Error('expected a unique violation');
}

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'credit-store-'));
  dirs.push(dir);
  store = openSqliteStore(join(dir, 'app.sqlite'));
  await store.insertPerson(person(1));
  for (const id of ['ord_1', 'ord_2', 'ord_3']) await store.insertOrder(order(id, 'per_1'), []);
});
afterEach(() => store.close());
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('credit store (SQLite)', () => {
  it('keeps one live advance per person-year; a refused one frees the year for a new agreement', async () => {
    await store.insertCreditAdvance(advance('adv_1', 'ord_1'));
    expect(await violation(store.insertCreditAdvance(advance('adv_2', 'ord_2')))).toBe('credit_advance_live');
    expect(await store.transitionCreditAdvance({ advanceId: 'adv_1', from: ['INIT', 'UNKNOWN'], to: 'REFUSED', at: AT, patch: { failure: 'refused:CREDIT_REFUSED' } })).toBe(true);
    await store.insertCreditAdvance(advance('adv_2', 'ord_2'));
    const [newest, refused] = await store.listCreditAdvances(['per_1']);
    expect(newest.advanceId).toBe('adv_2');
    expect(refused).toMatchObject({ advanceId: 'adv_1', state: 'REFUSED', live: false, failure: 'refused:CREDIT_REFUSED' });
  });

  it('moves an advance only from the states given, applying the patch and leaving other columns alone', async () => {
    await store.insertCreditAdvance(advance('adv_1', 'ord_1'));
    expect(await store.transitionCreditAdvance({ advanceId: 'adv_1', from: ['PAID'], to: 'OVERDUE', at: AT })).toBe(false);
    expect(await store.transitionCreditAdvance({ advanceId: 'adv_1', from: ['INIT'], to: 'PAID', at: AT, patch: { bankAdvanceId: 'A1', paidAt: AT } })).toBe(true);
    expect(await store.transitionCreditAdvance({ advanceId: 'adv_1', from: ['INIT'], to: 'PAID', at: AT })).toBe(false);
    expect(await store.transitionCreditAdvance({ advanceId: 'adv_1', from: ['PAID'], to: 'REPAID', at: '2027-01-15T03:00:00.000Z', patch: { repaidDate: '2027-01-15' } })).toBe(true);
    expect(await store.getCreditAdvance('adv_1')).toMatchObject({
      state: 'REPAID', live: true, bankAdvanceId: 'A1', paidAt: AT, repaidDate: '2027-01-15', overdueAt: null, updatedAt: '2027-01-15T03:00:00.000Z',
    });
    expect(await store.listCreditAdvancesInStates(['PAID', 'OVERDUE'], '', 10)).toEqual([]);
    expect((await store.listCreditAdvancesInStates(['REPAID'], '', 10)).map((a) => a.advanceId)).toEqual(['adv_1']);
  });

  it('lists open advances to settle by age', async () => {
    await store.insertCreditAdvance(advance('adv_1', 'ord_1', { state: 'UNKNOWN', updatedAt: '2026-12-31T06:00:00.000Z' }));
    expect(await store.listCreditAdvancesToSettle(['INIT', 'UNKNOWN'], '2026-12-31T05:00:00.000Z', 10)).toEqual([]);
    expect((await store.listCreditAdvancesToSettle(['INIT', 'UNKNOWN'], '2026-12-31T06:30:00.000Z', 10)).map((a) => a.advanceId)).toEqual(['adv_1']);
  });

  it('allows one repayment awaiting an answer per advance', async () => {
    await store.insertCreditAdvance(advance('adv_1', 'ord_1', { state: 'PAID' }));
    await store.insertCreditRepayment(repayment('rpy_1', 'adv_1'));
    expect(await violation(store.insertCreditRepayment(repayment('rpy_2', 'adv_1')))).toBe('credit_repayment_open');
    expect(await store.transitionCreditRepayment({ repaymentId: 'rpy_1', from: ['INIT', 'UNKNOWN'], to: 'FAILED', at: AT, failure: 'rejected:X' })).toBe(true);
    await store.insertCreditRepayment(repayment('rpy_2', 'adv_1'));
    expect((await store.listCreditRepayments('adv_1')).map((r) => [r.repaymentId, r.state])).toEqual([['rpy_1', 'FAILED'], ['rpy_2', 'INIT']]);
    expect((await store.listCreditRepaymentsToSettle(['INIT', 'UNKNOWN'], '2027-01-01T00:00:00.000Z', 10)).map((r) => r.repaymentId)).toEqual(['rpy_2']);
  });

  it('records an overdue once per advance and resolves it on repayment, keeping the entry', async () => {
    await store.insertCreditAdvance(advance('adv_1', 'ord_1', { state: 'OVERDUE' }));
    const entry = { recordId: 'crr_1', personId: 'per_1', advanceId: 'adv_1', kind: 'advance-overdue' as const, detail: '逾期', recordedAt: AT, resolvedAt: null };
    expect(await store.insertCreditRecord(entry)).toBe(true);
    expect(await store.insertCreditRecord({ ...entry, recordId: 'crr_2' })).toBe(false);
    expect(await store.resolveCreditRecords('adv_1', '2027-03-10T08:00:00.000Z')).toBe(1);
    expect(await store.resolveCreditRecords('adv_1', '2027-03-11T08:00:00.000Z')).toBe(0);
    expect(await store.listCreditRecords('per_1')).toEqual([{ ...entry, resolvedAt: '2027-03-10T08:00:00.000Z' }]);
  });
});

describe('reminderDue', () => {
  it.each([
    [10, null],
    [7, 7],
    [5, 7],
    [1, 1],
    [0, 1],
    [-1, null],
  ])('%i days left → reminder %p', (daysLeft, expected) => {
    expect(reminderDue(daysLeft, [1, 7])).toBe(expected);
  });
});
