import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessBank } from '../agreements/inProcessBank';
import { useBankChannel } from '../agreements/bankChannel';
import { type App, createApp } from '../app';
import { fixedClock } from '../clock';
import { person } from '../store/contract';
import type { SavingsPlanRow } from '../store/savings.port';
import { settleOpenDeposits } from './deposits';

/**
 * A deposit refused for want of a contract whose answer comes by the settle step (or a notification), not the debit
 * call: the contract is checked as the failure notice promises, and a plan ended at the bank ends here too.
 */
let app: App;
let dir: string;
const AT = '2026-11-27T02:00:00.000Z';
const plan: SavingsPlanRow = {
  planId: 'svp_1', personId: 'per_1', openid: 'o1', contractNo: 'ctr_000001', accountMasked: '6222*******1234', maxDebitFen: 100_000,
  depositFen: 5_000, schedule: { kind: 'weekly', weekday: 5 }, topUp: false, state: 'ACTIVE', live: true, activeSince: '2026-11-20',
  createdAt: '2026-11-20T01:00:00.000Z', updatedAt: '2026-11-20T01:00:00.000Z',
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'savings-contract-gone-'));
  const clock = fixedClock(Date.parse(AT));
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock });
  await app.store.insertPerson(person(1));
  await app.store.insertSavingsPlan(plan);
  await app.store.insertSavingsDeposit({ depositId: 'sdp_1', planId: 'svp_1', personId: 'per_1', slot: '2026-11-27', kind: 'scheduled', attempt: 1, amountFen: 5_000,
    state: 'UNKNOWN', failure: null, bankDebitId: null, createdAt: '2026-11-27T00:00:00.000Z', updatedAt: '2026-11-27T00:00:00.000Z' });
  const bank = inProcessBank(() => new Date(clock.nowMs()));
  bank.client.queryDebit = async (no) => ({ kind: 'ok', data: { debit_id: 'D1', out_debit_no: no, out_contract_no: 'ctr_000001', amount_fen: 5_000,
    state: 'FAILED', fail_code: 'CONTRACT_INACTIVE', fail_message: '协议已失效', created_at: '2026-11-27T08:00:00+08:00', finished_at: '2026-11-27T08:00:01+08:00' } });
  bank.client.queryContract = async (no) => ({ kind: 'ok', data: {
    contract_id: 'C1', out_contract_no: no, state: 'TERMINATED', holder_name_masked: '*伟', account_no_masked: '6222*******1234', id_hash: 'h', max_amount_per_debit_fen: 100_000,
    signed_at: '2026-11-01T10:00:00+08:00', terminated_at: '2026-11-26T10:00:00+08:00', terminated_by: 'ACCOUNT_HOLDER',
  } });
  useBankChannel(app, bank);
});
afterEach(async () => {
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('checks the contract it told the worker it is checking', async () => {
  await settleOpenDeposits(app);
  const notices = await app.store.listNotices('o1', 10);
  expect(notices.find((n) => n.kind === 'savings.deposit-failed')?.body).toContain('我们正在向银行核实代扣协议');
  expect((await app.store.getSavingsPlan('svp_1'))!.state).toBe('CANCELLED');
  expect(notices.map((n) => n.kind)).toContain('savings.ended-at-bank');
});
