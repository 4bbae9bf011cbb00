import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../app';
import { fixedClock } from '../clock';
import { AppError } from '../errors';
import { accounts } from '../ledger/accounts';
import { person } from '../store/contract';
import type { PersonRow } from '../store/port';
import type { SavingsPlanRow } from '../store/savings.port';
import { SavingsInput } from './contract';
import { depositTransfer } from './depositAnswers';
import { withdrawalIdFor, withdrawSavings } from './withdraw';

/**
 * Withdrawals are money movements: one per request id however often (or however simultaneously) it arrives.
 * The worker's plan is cancelled, so all of the 50 元 saved is theirs to take out (D17).
 */
const dirs: string[] = [];
let app: App;
let worker: PersonRow;

const plan: SavingsPlanRow = {
  planId: 'svp_1', personId: 'per_1', openid: 'o1', contractNo: 'ctr_000001', accountMasked: '6222*******1234', maxDebitFen: 100_000,
  depositFen: 5_000, schedule: { kind: 'weekly', weekday: 5 }, topUp: false, state: 'CANCELLED', live: false, activeSince: '2026-11-27',
  createdAt: '2026-11-27T01:00:00.000Z', updatedAt: '2026-11-27T01:00:00.000Z',
};
const REQUEST = 'wdr-0123456789abcdef';
const AT = '2026-11-20T02:00:00.000Z';

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'savings-withdraw-'));
  dirs.push(dir);
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock: fixedClock(Date.parse('2026-11-27T02:00:00Z')) });
  worker = person(1);
  await app.store.insertPerson(worker);
  await app.store.insertSavingsPlan(plan);
  const deposit = { depositId: 'sdp_1', planId: 'svp_1', personId: 'per_1', slot: '2026-11-20', kind: 'scheduled' as const, attempt: 1, amountFen: 5_000, state: 'SUCCESS' as const, failure: null, bankDebitId: 'bd_1', createdAt: AT, updatedAt: AT };
  await app.store.insertSavingsDeposit(deposit);
  await app.store.postTransfer(depositTransfer(deposit, 'trf_1', '2026-11-20T02:00:00.000Z'));
});
afterEach(() => app.store.close());
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const balance = () => app.store.balanceOf(accounts.savings('per_1').id);

describe('withdrawing savings once per request', () => {
  it('two identical requests at the same instant move 20 元 once and answer with the same withdrawal', async () => {
    const [a, b] = await Promise.all([withdrawSavings(app, worker, 2_000, REQUEST), withdrawSavings(app, worker, 2_000, REQUEST)]);
    expect(a.withdrawalId).toBe(b.withdrawalId);
    expect(a).toMatchObject({ amountFen: 2_000, state: 'PAID' });
    expect(b.state).toBe('PAID');
    expect(await balance()).toBe(3_000);
    expect(await app.store.listSavingsWithdrawals('per_1')).toHaveLength(1);
  });

  it('a retry after the answer was lost returns the first result; a new request moves money again', async () => {
    const first = await withdrawSavings(app, worker, 2_000, REQUEST);
    expect(await withdrawSavings(app, worker, 2_000, REQUEST)).toEqual(first);
    expect(await balance()).toBe(3_000);
    await withdrawSavings(app, worker, 2_000, 'wdr-fedcba9876543210');
    expect(await balance()).toBe(1_000);
    expect(await app.store.listSavingsWithdrawals('per_1')).toHaveLength(2);
  });

  it('pays out to the account the deposits came from, never to a later plan whose signing the bank refused', async () => {
    await app.store.insertSavingsPlan({ ...plan, planId: 'svp_2', contractNo: 'ctr_000002', accountMasked: '6228*******9999', state: 'FAILED', createdAt: '2026-11-27T01:30:00.000Z', updatedAt: '2026-11-27T01:30:00.000Z' });
    expect((await app.store.listSavingsPlans('per_1'))[0].planId).toBe('svp_2');
    expect(await withdrawSavings(app, worker, 5_000, REQUEST)).toMatchObject({ planId: 'svp_1', accountMasked: '6222*******1234' });
  });

  it('the same request id with another amount is refused, not paid', async () => {
    await withdrawSavings(app, worker, 2_000, REQUEST);
    await expect(withdrawSavings(app, worker, 3_000, REQUEST)).rejects.toEqual(new AppError('CONFLICT', '该转出请求已办理，金额为 20.00元，请刷新后重试'));
    expect(await balance()).toBe(3_000);
  });

  it('the withdrawal id is the worker’s and the request’s: another worker’s same request id names another withdrawal', () => {
    expect(withdrawalIdFor('per_1', REQUEST)).toBe(withdrawalIdFor('per_1', REQUEST));
    expect(withdrawalIdFor('per_2', REQUEST)).not.toBe(withdrawalIdFor('per_1', REQUEST));
    expect(withdrawalIdFor('per_1', REQUEST)).toMatch(/^swd_[0-9a-f]{32}$/);
  });

  it('the request id is required and validated at the boundary', () => {
    expect(SavingsInput.safeParse({ action: 'withdraw', amountFen: 2_000 }).success).toBe(false);
    expect(SavingsInput.safeParse({ action: 'withdraw', amountFen: 2_000, requestId: 'short' }).success).toBe(false);
    expect(SavingsInput.safeParse({ action: 'withdraw', amountFen: 2_000, requestId: 'bad id with spaces!!' }).success).toBe(false);
    expect(SavingsInput.safeParse({ action: 'withdraw', amountFen: 2_000, requestId: REQUEST }).success).toBe(true);
  });
});
