import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../app';
import { useBankChannel } from '../agreements/bankChannel';
import type { BankClient } from '../channels/bank';
import { fixedClock } from '../clock';
import { person } from '../store/contract';
import { applyAdvanceAnswer } from './advances';
import { advancePaidTransfer, repaymentCollectedTransfer } from './postings';
import { runCreditReminders } from './reminders';
import { benefitStatusOf } from './status';

/**
 * The borrower repays the whole advance by WeChat Pay at 22:00 on the due date; we hold the money (COLLECTED) and the
 * remittance to the bank has not gone through yet (the bank is briefly unreachable). They paid on time: neither our
 * clock nor the bank's overdue word, which only means the bank has not had the money, may put them in the 医保信用档案,
 * and the bank's REPAID, when the remittance lands, is dated the day they paid us.
 */
const AT = '2026-12-02T02:00:00.000Z';
let app: App;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'remitted-late-'));
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock: fixedClock(Date.parse(AT)) });
  const unknown = async () => ({ kind: 'unknown' as const, reason: 'timeout after 10000 ms' });
  useBankChannel(app, { client: { queryAdvance: unknown, repay: unknown } as unknown as BankClient, idHash: (id) => id });
  await app.store.insertPerson(person(1));
  await app.store.insertOrder({
    orderId: 'ord_1', payerPersonId: 'per_1', payerOpenid: 'o1', requestHash: 'credit:adv_1', totalFen: 40000, accountFen: 0, wechatFen: 40000,
    state: 'SUCCESS', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'bank',
  }, []);
  await app.store.insertCreditAdvance({
    advanceId: 'adv_1', personId: 'per_1', benefitYear: 2027, signerPersonId: 'per_1', signerOpenid: 'o1', orderId: 'ord_1', amountFen: 40000,
    signDate: '2026-10-01', dueDate: '2026-12-01', state: 'PAID', live: true, bankAdvanceId: 'b1', failure: null, paidAt: '2026-10-01T02:00:00.000Z',
    overdueAt: null, repaidDate: null, repaidFen: 0, createdAt: '2026-10-01T02:00:00.000Z', updatedAt: '2026-10-01T02:00:00.000Z',
  });
  // The books as the bank's payment and our WeChat collection left them.
  await app.store.postTransfer(advancePaidTransfer((await app.store.getCreditAdvance('adv_1'))!, 'trf_paid', '2026-10-01T02:00:00.000Z'));
  await app.store.insertCreditRepayment({
    repaymentId: 'rpy_1', advanceId: 'adv_1', amountFen: 40000, requestedBy: 'o1', channel: 'wechatpay', state: 'COLLECTED', failure: null,
    prepayId: 'wx1', channelTxnId: '4200001', collectedAt: '2026-12-01T14:00:00.000Z', refundedAt: null,
    createdAt: '2026-12-01T13:59:00.000Z', updatedAt: '2026-12-01T14:00:00.000Z',
  });
  await app.store.postTransfer(repaymentCollectedTransfer((await app.store.getCreditRepayment('rpy_1'))!, 'trf_collected', '2026-12-01T14:00:00.000Z'));
});
afterEach(async () => {
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const bankSays = (state: 'OVERDUE' | 'REPAID') => ({
  kind: 'ok' as const,
  data: {
    advance_id: 'b1', out_advance_no: 'adv_1', id_hash: 'h', amount_fen: 40000, repaid_fen: state === 'REPAID' ? 40000 : 0, outstanding_fen: state === 'REPAID' ? 0 : 40000,
    state, fail_code: null, due_date: '2026-12-01', paid_at: '2026-10-01T10:00:00+08:00', overdue_at: '2026-12-02T00:00:00+08:00',
    repaid_at: state === 'REPAID' ? '2026-12-03T09:00:00+08:00' : null, credit_reported: false,
    repayments: state === 'REPAID' ? [{ repayment_id: 'br1', out_repayment_no: 'rpy_1' as string | null, out_advance_no: 'adv_1', amount_fen: 40000, channel: 'PARTNER' as 'PARTNER' | 'BANK_COUNTER', repaid_at: '2026-12-03T09:00:00+08:00' }] : [],
  },
});

it('marks no advance overdue whose whole repayment we collected by the due date, on our clock or the bank word', async () => {
  expect(await runCreditReminders(app)).toMatchObject({ overdue: 0 });
  expect(await applyAdvanceAnswer(app, 'adv_1', bankSays('OVERDUE'), 'test', 'system')).toBe('unchanged');
  expect((await app.store.getCreditAdvance('adv_1'))!.state).toBe('PAID');
  expect(await app.store.findNotice('credit.overdue', 'adv_1')).toBeNull();
  expect(await app.store.listCreditRecords('per_1')).toEqual([]);
  // Asked meanwhile (a hospital, before the bank confirms): repaid the day they paid us, not overdue.
  await app.store.insertEnrollment({ personId: 'per_1', benefitYear: 2027, source: 'payment:ord_1', enrolledAt: '2026-10-01T02:00:00.000Z' });
  expect(await benefitStatusOf(app, (await app.store.getPerson('per_1'))!, '2027-01-05')).toMatchObject({ status: 'active' });
});

it('dates the repayment the day we collected it when the remittance lands after the due date: never overdue', async () => {
  expect(await applyAdvanceAnswer(app, 'adv_1', bankSays('REPAID'), 'test', 'system')).toBe('repaid');
  expect(await app.store.getCreditAdvance('adv_1')).toMatchObject({ state: 'REPAID', repaidDate: '2026-12-01' });
  expect(await benefitStatusOf(app, (await app.store.getPerson('per_1'))!, '2026-12-02')).not.toMatchObject({ reason: 'credit-overdue' });
  expect(await app.store.listCreditRecords('per_1')).toEqual([]);
  expect((await app.store.ledgerCheck()).ok).toBe(true);
});

it('dates a repayment the bank took at its counter by the bank, not by money of ours it never received', async () => {
  const counter = bankSays('REPAID');
  counter.data.repayments = [{ ...counter.data.repayments[0], out_repayment_no: null, channel: 'BANK_COUNTER' }];
  expect(await applyAdvanceAnswer(app, 'adv_1', counter, 'test', 'system')).toBe('repaid');
  expect(await app.store.getCreditAdvance('adv_1')).toMatchObject({ state: 'REPAID', repaidDate: '2026-12-03' });
});
