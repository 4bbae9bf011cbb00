import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessBank, type InProcessBank } from '../agreements/inProcessBank';
import { useBankChannel } from '../agreements/bankChannel';
import { type App, createApp } from '../app';
import type { BankClient } from '../channels/bank';
import { fixedClock } from '../clock';
import { UniqueViolation } from '../errors';
import { accounts } from '../ledger/accounts';
import { person } from '../store/contract';
import type { SavingsPlanRow } from '../store/savings.port';
import { runSavingsDeposits } from './deposits';

/**
 * The deposit run against an in-process bank, with kills between the steps: the (plan, scheduled day) key and the
 * id stored before the call mean a rerun finishes what a killed run left, and never debits a day twice.
 * 2026-11-27 is a Friday inside the 2027 concentrated period; 10:00 in Hefei is inside the bank's hours.
 */
const START_MS = Date.parse('2026-11-27T02:00:00Z');
const dirs: string[] = [];
let app: App;
let clock: ReturnType<typeof fixedClock>;
let bank: InProcessBank;
let realDebit: BankClient['debit'];

const plan = (extra: Partial<SavingsPlanRow> = {}): SavingsPlanRow => ({
  planId: 'svp_1', personId: 'per_1', openid: 'o1', contractNo: 'ctr_000001', accountMasked: '6222*******1234', maxDebitFen: 100_000,
  depositFen: 50_000, schedule: { kind: 'weekly', weekday: 5 }, topUp: false, state: 'ACTIVE', live: true, activeSince: '2026-11-27',
  createdAt: '2026-11-27T01:00:00.000Z', updatedAt: '2026-11-27T01:00:00.000Z', ...extra,
});

const killed = () => {
  throw new Error('killed');
};

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'savings-run-'));
  dirs.push(dir);
  clock = fixedClock(START_MS);
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock });
  await app.store.insertPerson(person(1));
  await app.store.insertSavingsPlan(plan());
  bank = inProcessBank(() => new Date(clock.nowMs()));
  realDebit = bank.client.debit;
  useBankChannel(app, bank);
});
afterEach(() => app.store.close());
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const balance = () => app.store.balanceOf(accounts.savings('per_1').id);
const enrolled2027 = async () => (await app.store.listEnrollments(['per_1'])).some((e) => e.benefitYear === 2027);
/** The settle step leaves answers younger than a minute to the notification in flight. */
const later = () => clock.advance(120_000);

describe('the last days of the period: shortfall reminders count the deposits still to come', () => {
  it('a plan whose remaining deposits cover the premium is not told it falls short; one that will not is told by how much', async () => {
    clock.advance(21 * 86_400_000); // Friday 2026-12-18: inside the period's last 14 days; one more Friday (12-25) to come
    await app.store.insertPerson(person(2));
    await app.store.insertPerson(person(3));
    const since = { activeSince: '2026-12-18', createdAt: '2026-12-18T01:00:00.000Z', updatedAt: '2026-12-18T01:00:00.000Z' };
    await app.store.insertSavingsPlan(plan({ planId: 'svp_2', personId: 'per_2', openid: 'o2', contractNo: 'ctr_000002', depositFen: 20_000, ...since }));
    await app.store.insertSavingsPlan(plan({ planId: 'svp_3', personId: 'per_3', openid: 'o3', contractNo: 'ctr_000003', depositFen: 10_000, ...since }));
    // 测试4's card is refused today: a plan whose latest deposit failed is not counted on for the ones to come.
    await app.store.insertPerson(person(4));
    await app.store.insertSavingsPlan(plan({ planId: 'svp_4', personId: 'per_4', openid: 'o4', contractNo: 'ctr_000004', depositFen: 20_000, ...since }));
    bank.client.debit = async (input) => input.out_contract_no !== 'ctr_000004' ? realDebit(input) : { kind: 'ok', data: {
      debit_id: 'D-refused', out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no, amount_fen: input.amount_fen,
      state: 'FAILED', fail_code: 'INSUFFICIENT_FUNDS', fail_message: '余额不足', created_at: '2026-12-18T10:00:00+08:00', finished_at: '2026-12-18T10:00:00+08:00' } };
    await runSavingsDeposits(app);
    const shortfalls = async (openid: string) => (await app.store.listNotices(openid, 10)).filter((n) => n.kind === 'savings.shortfall');
    // 200 元 today and 200 on 12-25 make the 400-yuan premium.
    expect(await shortfalls('o2')).toEqual([]);
    // 100 today and 100 on 12-25 leave 200 to find.
    const [short] = await shortfalls('o3');
    expect(short.body).toBe('2027 年度居民医保费 400.00元，您的零存整缴存款按计划存入后仍差 200.00元。集中参保期 2026-12-31 结束，请在此之前补足存款或在小程序中直接缴费。');
    const [refused] = await shortfalls('o4');
    expect(refused.body).toBe('2027 年度居民医保费 400.00元，您的零存整缴存款还差 400.00元。集中参保期 2026-12-31 结束，请在此之前补足存款或在小程序中直接缴费。');
  });
});

describe('savings deposit run (kills and reruns)', () => {
  it('deposits the scheduled day once, pays the premium from savings, and a rerun changes nothing', async () => {
    const first = await runSavingsDeposits(app);
    expect(first.deposits).toEqual({ deposited: 1 });
    expect(first.sweeps).toEqual({ paid: 1 });
    expect(await enrolled2027()).toBe(true);
    const left = await balance();
    expect(left).toBeGreaterThan(0);
    const premium = await app.store.balanceOf(accounts.premium('per_1', 2027).id);
    expect(left + premium).toBeGreaterThanOrEqual(50_000);

    later();
    const second = await runSavingsDeposits(app);
    expect(second.deposits).toEqual({ 'already-deposited': 1 });
    expect(second.sweeps).toEqual({ 'enrolled-already': 1 });
    expect(bank.debits.size).toBe(1);
    expect(await balance()).toBe(left);
    expect((await app.store.ledgerCheck()).ok).toBe(true);
  });

  it('killed after the bank debited but before the answer was stored: the rerun asks the bank and books it once', async () => {
    bank.client.debit = async (input) => {
      await realDebit(input);
      return killed();
    };
    await expect(runSavingsDeposits(app)).rejects.toThrow('killed');
    expect((await app.store.listSavingsDeposits('svp_1')).map((d) => d.state)).toEqual(['INIT']);

    bank.client.debit = realDebit;
    later();
    const rerun = await runSavingsDeposits(app);
    expect(rerun.settled).toEqual({ examined: 1, settled: 1 });
    expect(rerun.deposits).toEqual({ 'already-deposited': 1 });
    expect(bank.debits.size).toBe(1);
    expect(await enrolled2027()).toBe(true);
    expect((await app.store.ledgerCheck()).ok).toBe(true);
  });

  it('killed before the bank heard of it: the deposit is ended as not at the bank and retried with a new id', async () => {
    bank.client.debit = killed;
    await expect(runSavingsDeposits(app)).rejects.toThrow('killed');
    bank.client.debit = realDebit;
    later();
    const rerun = await runSavingsDeposits(app);
    expect(rerun.deposits).toEqual({ deposited: 1 });
    const deposits = await app.store.listSavingsDeposits('svp_1');
    expect(deposits.map((d) => [d.attempt, d.state])).toEqual([[1, 'FAILED'], [2, 'SUCCESS']]);
    expect([...bank.debits.keys()]).toEqual([deposits[1].depositId]);
  });

  it('retries a refused deposit on each run up to the bound, then leaves the day', async () => {
    let calls = 0;
    bank.client.debit = async (input) => {
      calls += 1;
      return { kind: 'ok', data: { debit_id: `D${calls}`, out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no, amount_fen: input.amount_fen,
        state: 'FAILED', fail_code: 'INSUFFICIENT_FUNDS', fail_message: '余额不足', created_at: '2026-11-27T10:00:00+08:00', finished_at: '2026-11-27T10:00:00+08:00' } };
    };
    for (let run = 0; run < 3; run += 1) expect((await runSavingsDeposits(app)).deposits).toEqual({ 'deposit-failed': 1 });
    expect((await runSavingsDeposits(app)).deposits).toEqual({ 'gave-up': 1 });
    expect(calls).toBe(3);
    expect(await balance()).toBe(0);
    expect((await app.store.listNotices('o1', 10)).filter((n) => n.kind === 'savings.deposit-failed')).toHaveLength(3);
  });

  it('a deposit carries the bank’s finish time, the clock the bank’s statement (and so reconciliation) is cut by', async () => {
    bank.client.debit = async (input) => ({ kind: 'ok', data: { debit_id: 'D-late', out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no,
      amount_fen: input.amount_fen, state: 'SUCCESS', fail_code: null, fail_message: null, created_at: '2026-11-27T09:59:58+08:00', finished_at: '2026-11-27T09:59:59+08:00' } });
    expect((await runSavingsDeposits(app)).deposits).toEqual({ deposited: 1 });
    const [deposit] = await app.store.listSavingsDeposits('svp_1', '2026-11-27');
    expect(deposit).toMatchObject({ state: 'SUCCESS', updatedAt: '2026-11-27T01:59:59.000Z' });
  });

  it('keeps one live deposit per plan and day in the store itself', async () => {
    const row = { depositId: 'sdp_1', planId: 'svp_1', personId: 'per_1', slot: '2026-11-27', kind: 'scheduled' as const, attempt: 1, amountFen: 100,
      state: 'INIT' as const, failure: null, bankDebitId: null, createdAt: '2026-11-27T02:00:00.000Z', updatedAt: '2026-11-27T02:00:00.000Z' };
    await app.store.insertSavingsDeposit(row);
    await expect(app.store.insertSavingsDeposit({ ...row, depositId: 'sdp_2', attempt: 2 })).rejects.toBeInstanceOf(UniqueViolation);
    await app.store.transitionSavingsDeposit({ depositId: 'sdp_1', from: ['INIT'], to: 'FAILED', at: row.createdAt, failure: 'x' });
    await app.store.insertSavingsDeposit({ ...row, depositId: 'sdp_2', attempt: 2 });
    await expect(app.store.insertSavingsPlan(plan({ planId: 'svp_2', contractNo: 'ctr_000002' }))).rejects.toBeInstanceOf(UniqueViolation);
  });

  it('a paused plan deposits nothing, yet savings that already cover the premium are still paid in', async () => {
    await app.store.postTransfer({ transferId: 'trf_seed', kind: 'savings.deposit', ref: 'seed', at: '2026-11-27T01:00:00.000Z', legs: [
      { account: accounts.channel('bank'), amountFen: -60_000 }, { account: accounts.savings('per_1'), amountFen: 60_000 },
    ] });
    await app.store.transitionSavingsPlan({ planId: 'svp_1', from: ['ACTIVE'], to: 'PAUSED', cause: 'test', at: '2026-11-27T01:00:00.000Z' });
    const run = await runSavingsDeposits(app);
    expect(run.deposits).toEqual({ paused: 1 });
    expect(run.sweeps).toEqual({ paid: 1 });
    expect(bank.debits.size).toBe(0);
  });
});
