import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessBank } from '../agreements/inProcessBank';
import { useBankChannel } from '../agreements/bankChannel';
import { type App, createApp } from '../app';
import { fixedClock } from '../clock';
import { person } from '../store/contract';
import type { SavingsPlanRow } from '../store/savings.port';
import { runSavingsDeposits } from './deposits';
import { pausePlan } from './plans';

/**
 * The daily deposit run reads a page of plans, then debits them one by one. A worker who pauses meanwhile has been
 * told 已暂停: their plan is read again, locked, before its deposit is stored, and nothing is taken. Real SQLite store,
 * the in-process bank.
 */
let app: App;
let dir: string;
const plan = (extra: Partial<SavingsPlanRow> = {}): SavingsPlanRow => ({
  planId: 'svp_1', personId: 'per_1', openid: 'o1', contractNo: 'ctr_000001', accountMasked: '6222*******1234', maxDebitFen: 100_000,
  depositFen: 5_000, schedule: { kind: 'weekly', weekday: 5 }, topUp: false, state: 'ACTIVE', live: true, activeSince: '2026-11-27',
  createdAt: '2026-11-27T01:00:00.000Z', updatedAt: '2026-11-27T01:00:00.000Z', ...extra,
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'savings-pause-race-'));
  const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock });
  await app.store.insertPerson(person(1));
  await app.store.insertPerson(person(2));
  await app.store.insertSavingsPlan(plan());
  await app.store.insertSavingsPlan(plan({ planId: 'svp_2', personId: 'per_2', openid: 'o2', contractNo: 'ctr_000002' }));
  const bank = inProcessBank(() => new Date(clock.nowMs()));
  const realDebit = bank.client.debit;
  bank.client.debit = async (input) => {
    // While the run waits on the bank for worker 1, worker 2 taps 暂停 and is told 已暂停.
    if (input.out_contract_no === 'ctr_000001') await pausePlan(app, (await app.store.getSavingsPlan('svp_2'))!);
    return realDebit(input);
  };
  useBankChannel(app, bank);
});
afterEach(async () => {
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('takes no deposit from a plan paused (and told so) before its debit was sent', async () => {
  await runSavingsDeposits(app, { concurrency: 1 });
  expect(await app.store.listSavingsDeposits('svp_1')).toHaveLength(1);
  expect((await app.store.getSavingsPlan('svp_2'))!.state).toBe('PAUSED');
  expect(await app.store.listSavingsDeposits('svp_2')).toEqual([]);
});
