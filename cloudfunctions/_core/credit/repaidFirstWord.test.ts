import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../app';
import { fixedClock } from '../clock';
import { person } from '../store/contract';
import { applyAdvanceAnswer } from './advances';

/**
 * The first word we have of an advance is the bank's REPAID (our signing answer was lost, and by the time we asked the
 * person had already repaid at the bank counter). The notices tell what happened: paid by the bank, repaid; nobody is
 * asked to repay money already repaid.
 */
const AT = '2026-11-27T02:00:00.000Z';
let app: App;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'repaid-first-'));
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock: fixedClock(Date.parse(AT)) });
  await app.store.insertPerson(person(1));
  await app.store.insertOrder({
    orderId: 'ord_1', payerPersonId: 'per_1', payerOpenid: 'o1', requestHash: 'credit:adv_1', totalFen: 40000, accountFen: 0, wechatFen: 40000,
    state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'bank',
  }, [{ orderId: 'ord_1', itemNo: 0, personId: 'per_1', benefitYear: 2027, standardFen: 40000, dueFen: 40000, quote: JSON.stringify({ standardFen: 40000, reductions: [], repairFen: 0 }), live: true }]);
  await app.store.insertCreditAdvance({
    advanceId: 'adv_1', personId: 'per_1', benefitYear: 2027, signerPersonId: 'per_1', signerOpenid: 'o1', orderId: 'ord_1', amountFen: 40000,
    signDate: '2026-11-20', dueDate: '2027-01-20', state: 'UNKNOWN', live: true, bankAdvanceId: null, failure: null, paidAt: null,
    overdueAt: null, repaidDate: null, repaidFen: 0, createdAt: AT, updatedAt: AT,
  });
});
afterEach(async () => {
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('asks nobody to repay an advance whose first word from the bank is that it was repaid', async () => {
  const answer = {
    kind: 'ok' as const,
    data: {
      advance_id: 'b1', out_advance_no: 'adv_1', id_hash: 'h', amount_fen: 40000, repaid_fen: 40000, outstanding_fen: 0, state: 'REPAID' as const, fail_code: null,
      due_date: '2027-01-20', paid_at: '2026-11-20T10:00:00+08:00', overdue_at: null, repaid_at: '2026-11-25T10:00:00+08:00', credit_reported: false,
      repayments: [{ repayment_id: 'br1', out_repayment_no: null, out_advance_no: 'adv_1', amount_fen: 40000, channel: 'BANK_COUNTER' as const, repaid_at: '2026-11-25T10:00:00+08:00' }],
    },
  };
  expect(await applyAdvanceAnswer(app, 'adv_1', answer, 'test', 'system')).toBe('repaid');
  const notices = await app.store.listNotices('o1', 10);
  expect(notices.map((n) => n.kind).sort()).toEqual(['credit.advanced', 'credit.repaid']);
  expect(notices.find((n) => n.kind === 'credit.advanced')?.body).not.toContain('还款');
  expect((await app.store.ledgerCheck()).ok).toBe(true);
});

it('records an overdue learned only once repaid, resolved, and asks nobody to repay', async () => {
  const answer = {
    kind: 'ok' as const,
    data: {
      advance_id: 'b1', out_advance_no: 'adv_1', id_hash: 'h', amount_fen: 40000, repaid_fen: 40000, outstanding_fen: 0, state: 'REPAID' as const, fail_code: null,
      due_date: '2027-01-20', paid_at: '2026-11-20T10:00:00+08:00', overdue_at: '2027-01-21T00:00:00+08:00', repaid_at: '2027-02-01T10:00:00+08:00', credit_reported: true,
      repayments: [{ repayment_id: 'br1', out_repayment_no: null, out_advance_no: 'adv_1', amount_fen: 40000, channel: 'BANK_COUNTER' as const, repaid_at: '2027-02-01T10:00:00+08:00' }],
    },
  };
  expect(await applyAdvanceAnswer(app, 'adv_1', answer, 'test', 'system')).toBe('repaid');
  for (const n of await app.store.listNotices('o1', 10)) expect(`${n.kind}: ${n.body}`).not.toMatch(/还清后|请.*还款/);
  expect((await app.store.listCreditRecords('per_1')).map((r) => r.resolvedAt !== null)).toEqual([true]);
});
