import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { person } from '../contract';
import type { AgreementRow, DebitRow, PaymentOrderRow, ReconciliationLine, Store } from '../port';
import { openSqliteStore } from './index';

/** Reports per (channel, day), and our side of a bank statement day, in the SQLite adapter. */
const DAY_FROM = '2026-11-25T16:00:00.000Z';
const DAY_TO = '2026-11-26T16:00:00.000Z';
const IN_DAY = '2026-11-26T02:00:00.000Z';
const NEXT_DAY = '2026-11-26T17:00:00.000Z';
const dirs: string[] = [];
let store: Store;

const line = (ref: string, kind: ReconciliationLine['kind'], status: ReconciliationLine['status']): ReconciliationLine => ({
  billDate: '2026-11-26', kind, ref, status, ourFen: 100, channelFen: 100, detail: '', checkedAt: IN_DAY,
});
const order = (orderId: string): PaymentOrderRow => ({
  orderId, payerPersonId: 'per_1', payerOpenid: 'o1', requestHash: orderId, totalFen: 40000, accountFen: 0, wechatFen: 40000,
  state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: IN_DAY, updatedAt: IN_DAY, channel: 'bank',
});
const agreement: AgreementRow = {
  agreementId: 'agr_1', kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: 'o1', personId: 'per_1', channel: 'bank',
  contractNo: 'ctr_1', accountMasked: '6222********1234', state: 'ACTIVE', live: true, createdAt: IN_DAY, updatedAt: IN_DAY,
};
const debit = (debitId: string, orderId: string, periodKey: string): DebitRow => ({
  debitId, agreementId: 'agr_1', periodKey, attempt: 1, amountFen: 40000, orderId, state: 'INIT', failure: null, createdAt: IN_DAY, updatedAt: IN_DAY,
});

/** A debit the bank finished at `paidAt`: the debit and its order both succeed, the order keeping the bank's time. */
async function paidDebit(debitId: string, orderId: string, periodKey: string, paidAt: string): Promise<void> {
  await store.insertOrder(order(orderId), []);
  await store.insertDebit(debit(debitId, orderId, periodKey));
  await store.transitionDebit({ debitId, from: ['INIT'], to: 'SUCCESS', at: paidAt });
  await store.transitionOrder({ orderId, from: ['INIT'], to: 'SUCCESS', cause: 'test', at: paidAt, patch: { paidAt } });
}

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reconciliation-store-'));
  dirs.push(dir);
  store = openSqliteStore(join(dir, 'app.sqlite'));
  await store.insertPerson(person(1));
  await store.insertAgreement(agreement);
});
afterEach(() => store.close());
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('reconciliation reports and bank movements (SQLite)', () => {
  it('keeps one report per channel and day: re-running WeChat replaces only WeChat lines', async () => {
    await store.saveReconciliation('2026-11-26', [line('ord_1', 'payment', 'MATCHED')]);
    await store.saveReconciliation('2026-11-26', [line('dbt_1', 'debit', 'MATCHED'), line('bank:B1', 'repayment', 'STATUS_MISMATCH')], 'bank');
    await store.saveReconciliation('2026-11-26', [line('ord_2', 'payment', 'AMOUNT_MISMATCH')], 'wechatpay');

    expect((await store.listReconciliation('2026-11-26')).map((l) => l.ref)).toEqual(['ord_2']);
    // Differences first, then matches, so staff see what needs them at the top.
    expect((await store.listReconciliation('2026-11-26', 'bank')).map((l) => [l.kind, l.ref])).toEqual([['repayment', 'bank:B1'], ['debit', 'dbt_1']]);
    expect(await store.listReconciliation('2026-11-27', 'bank')).toEqual([]);
  });

  it('lists the bank movements we booked inside the day, and only those that completed', async () => {
    await paidDebit('dbt_in', 'ord_in', '2027', IN_DAY);
    await paidDebit('dbt_next', 'ord_next', '2028', NEXT_DAY);
    await store.insertOrder(order('ord_open'), []);
    await store.insertDebit(debit('dbt_open', 'ord_open', '2029'));

    expect(await store.listBankMovementsBetween(DAY_FROM, DAY_TO)).toEqual([{ kind: 'debit', ref: 'dbt_in', amountFen: 40000, at: IN_DAY }]);
    expect((await store.listBankMovementsBetween(DAY_TO, '2026-11-27T16:00:00.000Z')).map((m) => m.ref)).toEqual(['dbt_next']);
  });
});
