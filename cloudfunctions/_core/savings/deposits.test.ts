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
import { depositTarget, targetFor } from './target';
import { savingsOutlook } from './outlook';
import { overview } from './service';
import { savingsSettings } from './settings';

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
/** The settle step leaves deposits younger than the settle age alone (their request may still reach the bank). */
const later = () => clock.advance(savingsSettings().settleMinAgeMs + 60_000);

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

  it('once the year is paid, deposits save for the year after and stop once its premium is saved (no date is promised then)', async () => {
    const week = () => clock.advance(7 * 86_400_000);
    expect((await runSavingsDeposits(app)).sweeps).toEqual({ paid: 1 });
    const self = (await app.store.getPerson('per_1'))!;
    const next = await depositTarget(app, self, '2026-11-27', await targetFor(app, self, '2026-11-27'));
    expect(next).toMatchObject({ benefitYear: 2028, paid: false });
    expect(next.dueFen).toBeGreaterThan(0);
    const taken: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      week();
      taken.push(Object.keys((await runSavingsDeposits(app)).deposits)[0]);
    }
    // Deposits of 500 yuan: one more reaches the 2028 premium; from then on none is taken.
    expect(taken).toEqual(['deposited', 'covered', 'covered', 'covered', 'covered']);
    expect(await balance()).toBeGreaterThanOrEqual(next.dueFen!);
    expect(bank.debits.size).toBe(2);
    // The page promises no deposit day while none will be taken.
    expect((await overview(app, self)).plan).toMatchObject({ state: 'ACTIVE', nextDepositDate: null });
  });

  it('a year whose period ends unpaid is told once, from the day after (the plan then saves for the next year)', async () => {
    await app.store.transitionSavingsPlan({ planId: 'svp_1', from: ['ACTIVE'], to: 'CANCELLED', cause: 'test', at: '2026-11-27T01:00:00.000Z' });
    await app.store.insertSavingsPlan(plan({ planId: 'svp_small', contractNo: 'ctr_000002', depositFen: 1_000 }));
    expect((await runSavingsDeposits(app)).sweeps).toEqual({ short: 1 });
    const missed = async () => (await app.store.listNotices('o1', 50)).filter((n) => n.kind === 'savings.year-missed');
    clock.set(Date.parse('2026-12-31T02:00:00Z'));
    await runSavingsDeposits(app);
    expect(await missed()).toHaveLength(0);
    clock.set(Date.parse('2027-01-01T02:00:00Z'));
    await runSavingsDeposits(app);
    clock.set(Date.parse('2027-01-02T02:00:00Z'));
    await runSavingsDeposits(app);
    const told = await missed();
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('2027 年度居民医保集中参保期已于 2026-12-31 结束，您的零存整缴存款未能缴清 2027 年度的保费。存款继续为 2028 年度积累');
  });

  it('killed after the bank debited but before the answer was stored: the rerun asks the bank and books it once', async () => {
    bank.client.debit = async (input) => {
      await realDebit(input);
      return killed();
    };
    // A kill here leaves what the throw leaves: the deposit INIT, its answer never stored (the run goes on to other plans).
    expect((await runSavingsDeposits(app)).deposits).toEqual({ error: 1 });
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
    expect((await runSavingsDeposits(app)).deposits).toEqual({ error: 1 });
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

  it('a plan that throws is logged and counted, and the plans after it still get their day', async () => {
    await app.store.insertPerson(person(2));
    await app.store.insertSavingsPlan(plan({ planId: 'svp_2', personId: 'per_2', openid: 'o2', contractNo: 'ctr_000002' }));
    bank.client.debit = async (input) => {
      if (input.out_contract_no === 'ctr_000001') throw new Error('connection reset by a proxy the client did not expect');
      return realDebit(input);
    };
    expect((await runSavingsDeposits(app, { concurrency: 1 })).deposits).toEqual({ error: 1, deposited: 1 });
    expect((await app.store.listSavingsDeposits('svp_2')).map((d) => d.state)).toEqual(['SUCCESS']);
  });

  it('a plan whose contract the holder ended at the bank ends here, and the worker is told so instead of a retry', async () => {
    bank.client.debit = async (input) => ({ kind: 'ok', data: { debit_id: 'D1', out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no, amount_fen: input.amount_fen,
      state: 'FAILED', fail_code: 'CONTRACT_INACTIVE', fail_message: '协议已失效', created_at: '2026-11-27T10:00:00+08:00', finished_at: '2026-11-27T10:00:00+08:00' } });
    bank.client.queryContract = async (no) => ({ kind: 'ok', data: {
      contract_id: 'C1', out_contract_no: no, state: 'TERMINATED', holder_name_masked: '*伟', account_no_masked: '6222*******1234', id_hash: 'h', max_amount_per_debit_fen: 100_000,
      signed_at: '2026-11-01T10:00:00+08:00', terminated_at: '2026-11-26T10:00:00+08:00', terminated_by: 'ACCOUNT_HOLDER',
    } });
    expect((await runSavingsDeposits(app)).deposits).toEqual({ 'deposit-failed': 1 });
    expect((await app.store.getSavingsPlan('svp_1'))!.state).toBe('CANCELLED');
    const notices = await app.store.listNotices('o1', 10);
    expect(notices.find((n) => n.kind === 'savings.deposit-failed')?.body).toContain('我们正在向银行核实代扣协议');
    expect(notices.find((n) => n.kind === 'savings.ended-at-bank')?.body).toContain('已在银行终止，不会再自动存入');
    // Told once: the bank's own TERMINATED notification, arriving after, changes nothing.
    await runSavingsDeposits(app);
    expect((await app.store.listNotices('o1', 10)).filter((n) => n.kind === 'savings.ended-at-bank')).toHaveLength(1);
  });

  it('a deposit carries the bank’s finish time, the clock the bank’s statement (and so reconciliation) is cut by', async () => {
    bank.client.debit = async (input) => ({ kind: 'ok', data: { debit_id: 'D-late', out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no,
      amount_fen: input.amount_fen, state: 'SUCCESS', fail_code: null, fail_message: null, created_at: '2026-11-27T09:59:58+08:00', finished_at: '2026-11-27T09:59:59+08:00' } });
    expect((await runSavingsDeposits(app)).deposits).toEqual({ deposited: 1 });
    const [deposit] = await app.store.listSavingsDeposits('svp_1', '2026-11-27');
    expect(deposit).toMatchObject({ state: 'SUCCESS', updatedAt: '2026-11-27T01:59:59.000Z' });
  });

  it('one run at a time: a second run while the first waits on the bank leaves the work to it, so nothing is debited twice', async () => {
    let sent!: () => void;
    const atBank = new Promise<void>((resolve) => {
      sent = resolve;
    });
    let release!: () => void;
    const answer = new Promise<void>((resolve) => {
      release = resolve;
    });
    bank.client.debit = async (input) => {
      sent();
      await answer;
      return realDebit(input);
    };
    const first = runSavingsDeposits(app);
    await atBank;
    // Long enough for the first run's deposit, stored and not yet at the bank, to look old to a settle step.
    later();
    expect(await runSavingsDeposits(app)).toMatchObject({ skipped: 'another-run', plans: 0, settled: { examined: 0 } });
    release();
    expect((await first).deposits).toEqual({ deposited: 1 });
    bank.client.debit = realDebit;
    later();
    expect((await runSavingsDeposits(app)).deposits).toEqual({ 'already-deposited': 1 });
    expect(bank.debits.size).toBe(1);
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

describe('employee insurance months (零存整缴 second target), walked day by day', () => {
  const DAY = 86_400_000;
  const months = (list: string[], extra: Partial<SavingsPlanRow> = {}) =>
    plan({ planId: 'svp_m', personId: 'per_5', openid: 'o5', contractNo: 'ctr_000005', target: { kind: 'employee-months', months: list, monthlyFen: 45_000 }, ...extra });
  const savingsOf5 = () => app.store.balanceOf(accounts.savings('per_5').id);
  const monthPaid = (month: string) => app.store.balanceOf(accounts.employeeContribution('per_5', month).id);
  const noticesOf5 = async (kind: string) => (await app.store.listNotices('o5', 20)).filter((n) => n.kind === kind).map((n) => n.body);
  /** The worker saves new terms for svp_m while the run's deposit is at the bank (after the bank took it, before the answer). */
  const changeWhileAtBank = (terms: { depositFen: number; topUp: boolean; target: SavingsPlanRow['target'] }) => {
    bank.client.debit = async (input) => {
      const answer = await realDebit(input);
      await app.store.updateSavingsPlanTerms({ planId: 'svp_m', schedule: { kind: 'weekly', weekday: 5 }, at: new Date(clock.nowMs()).toISOString(), ...terms });
      return answer;
    };
  };
  /** One run every Friday from the clock's day on, `weeks` times. */
  const fridays = async (weeks: number) => {
    const runs = [];
    for (let i = 0; i < weeks; i += 1) {
      if (i > 0) clock.advance(7 * DAY);
      runs.push(await runSavingsDeposits(app));
    }
    return runs;
  };

  beforeEach(async () => {
    // Only the months plan runs here: the file's resident plan is ended.
    await app.store.transitionSavingsPlan({ planId: 'svp_1', from: ['ACTIVE'], to: 'CANCELLED', cause: 'test', at: '2026-11-27T01:00:00.000Z' });
    await app.store.insertPerson(person(5));
  });

  it('saves until the chosen months are covered, pays them all at once, once, and keeps the rest the worker’s', async () => {
    await app.store.insertSavingsPlan(months(['2027-01', '2027-02', '2027-03']));
    const runs = await fridays(3); // 11-27, 12-04, 12-11: 500 元 each; 1350 元 due by 2027-01-31
    expect(runs.map((r) => r.sweeps)).toEqual([{ short: 1 }, { short: 1 }, { paid: 1 }]);
    expect([await monthPaid('2027-01'), await monthPaid('2027-02'), await monthPaid('2027-03')]).toEqual([45_000, 45_000, 45_000]);
    expect(await savingsOf5()).toBe(15_000);
    expect(await noticesOf5('savings.paid')).toEqual([
      '已从您的零存整缴存款中缴纳职工医保（灵活就业）2027年1月至3月，共 3 个月 1350.00元（每月 450.00元）。剩余存款仍归您所有，可以随时转出。',
    ]);

    later();
    const again = await runSavingsDeposits(app);
    expect(again.sweeps).toEqual({ 'enrolled-already': 1 });
    expect(await app.store.listEmployeeContributions('per_5')).toEqual([expect.objectContaining({ months: ['2027-01', '2027-02', '2027-03'], amountFen: 135_000 })]);
    expect((await app.store.ledgerCheck()).ok).toBe(true);
  });

  it('near a month’s end, pays the months the savings cover and keeps saving for the next', async () => {
    await app.store.insertSavingsPlan(months(['2026-12', '2027-01'], { depositFen: 10_000 }));
    const december = await fridays(5); // 11-27 … 12-25: 100 元 a week
    // 12-18 is inside the last 14 days of December, and the 12-25 deposit will make 450 元: no reminder.
    expect(await noticesOf5('savings.shortfall')).toEqual([]);
    expect(december[4].sweeps).toEqual({ 'paid-part': 1 });
    expect(await monthPaid('2026-12')).toBe(45_000);
    expect(await savingsOf5()).toBe(5_000);
    expect(await noticesOf5('savings.paid')).toEqual([
      '已从您的零存整缴存款中缴纳职工医保（灵活就业）2026年12月，共 1 个月 450.00元（每月 450.00元）。存款不够同时缴纳2027年1月，存够后将继续缴纳。',
    ]);
    clock.advance(7 * DAY);
    const january = await fridays(4); // 01-01 … 01-22: 450 元 saved on 01-22
    expect(january.map((r) => r.sweeps)).toEqual([{ short: 1 }, { short: 1 }, { short: 1 }, { paid: 1 }]);
    expect(await monthPaid('2027-01')).toBe(45_000);
    expect((await app.store.ledgerCheck()).ok).toBe(true);
  });

  it('with 补足 agreed, a month short at its end is topped up from the card and paid', async () => {
    clock.advance(21 * DAY); // Friday 2026-12-18
    await app.store.insertSavingsPlan(months(['2026-12'], { depositFen: 10_000, topUp: true, activeSince: '2026-12-18' }));
    const [run] = await fridays(1);
    expect(run.topUps).toEqual({ deposited: 1 });
    expect(run.sweeps).toEqual({ paid: 1 });
    expect(await noticesOf5('savings.shortfall')).toEqual([
      '职工医保（灵活就业）2026年12月的 450.00元 须在 2026-12-31 前缴纳，您的零存整缴存款还差 350.00元。我们将从您签约的银行账户补足差额。',
    ]);
    const topUp = (await app.store.listSavingsDeposits('svp_m')).find((d) => d.kind === 'top-up');
    expect(topUp).toMatchObject({ slot: 'topup:months:2026-12', amountFen: 35_000, state: 'SUCCESS' });
    expect(await monthPaid('2026-12')).toBe(45_000);
  });

  it('with 补足, run daily, takes what the page’s outlook says, on the days it says', async () => {
    await app.store.insertSavingsPlan(months(['2027-01', '2027-02'], { depositFen: 5_000, topUp: true }));
    const said = savingsOutlook({
      target: { kind: 'employee-months', benefitYear: 2027, label: '', dueFen: 90_000, paid: false, periodEnd: '2027-01-31', months: { open: ['2027-01', '2027-02'], monthlyFen: 45_000 } },
      balanceFen: 0, terms: { depositFen: 5_000, schedule: { kind: 'weekly', weekday: 5 }, topUp: true }, state: 'ACTIVE', from: '2026-11-27',
      maxDepositFen: 100_000, shortfallLeadDays: 14,
    })!.message;
    expect(said).toMatch(/按计划 2027-01-17 起约补 50\.00元（2027年1月），2027-02-14 起约补 250\.00元（2027年2月）。$/);
    for (let day = 0; day < 94; day += 1) {
      if (day > 0) clock.advance(DAY);
      await runSavingsDeposits(app);
    }
    const topUps = (await app.store.listSavingsDeposits('svp_m')).filter((d) => d.kind === 'top-up' && d.state === 'SUCCESS');
    expect(topUps.map((d) => [d.createdAt.slice(0, 10), d.amountFen])).toEqual([['2027-01-17', 5_000], ['2027-02-14', 25_000]]);
    expect([await monthPaid('2027-01'), await monthPaid('2027-02')]).toEqual([45_000, 45_000]);
  });

  it('补足 switched off while the run waits on the bank wins: no top-up, and the reminder does not promise one', async () => {
    clock.advance(21 * DAY); // Friday 2026-12-18: inside December's last 14 days
    await app.store.insertSavingsPlan(months(['2026-12'], { depositFen: 10_000, topUp: true, activeSince: '2026-12-18' }));
    changeWhileAtBank({ depositFen: 10_000, topUp: false, target: { kind: 'employee-months', months: ['2026-12'], monthlyFen: 45_000 } });
    const [run] = await fridays(1);
    expect(run.topUps).toEqual({ 'not-agreed': 1 });
    expect((await app.store.listSavingsDeposits('svp_m')).filter((d) => d.kind === 'top-up')).toEqual([]);
    expect(await noticesOf5('savings.shortfall')).toEqual([expect.stringMatching(/请在此之前补足存款，否则该月无法从存款缴费。$/)]);
  });

  it('on a window’s first day, 补足 waits for the answer on that day’s deposit rather than take it twice', async () => {
    clock.advance(21 * DAY); // Friday 2026-12-18: a deposit day, and December's window has begun
    await app.store.insertSavingsPlan(months(['2026-12'], { depositFen: 10_000, topUp: true, activeSince: '2026-12-18' }));
    bank.client.debit = async (input) => ({ kind: 'ok', data: { debit_id: 'D-slow', out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no,
      amount_fen: input.amount_fen, state: 'PROCESSING', fail_code: null, fail_message: null, created_at: '2026-12-18T10:00:00+08:00', finished_at: null } });
    const [run] = await fridays(1);
    expect(run.deposits).toEqual({ 'deposit-pending': 1 });
    expect(run.topUps).toEqual({ 'deposit-open': 1 });
    // The reminder counts the deposit on its way: 350 元 short, not 450.
    expect(await noticesOf5('savings.shortfall')).toEqual([expect.stringContaining('还差 350.00元')]);
  });

  it('without 补足, a month that ends short is missed: the worker is told before, and the next month stands on its own', async () => {
    clock.advance(28 * DAY); // Friday 2026-12-25: the last deposit before December ends
    await app.store.insertSavingsPlan(months(['2026-12', '2027-01'], { depositFen: 10_000, activeSince: '2026-12-25' }));
    await fridays(1);
    expect(await noticesOf5('savings.shortfall')).toEqual([
      '职工医保（灵活就业）2026年12月的 450.00元 须在 2026-12-31 前缴纳，您的零存整缴存款还差 350.00元。请在此之前补足存款，否则该月无法从存款缴费。',
    ]);
    clock.advance(7 * DAY); // 2027-01-01
    const target = await targetFor(app, (await app.store.getPerson('per_5'))!, '2027-01-01', (await app.store.getSavingsPlan('svp_m'))!.target);
    expect(target).toMatchObject({
      label: '职工医保（灵活就业）2027年1月', dueFen: 45_000, periodEnd: '2027-01-31', paid: false,
      note: '2026年12月已过缴费月份，未能从存款缴费；如需补缴，请咨询医保经办机构。',
      months: { open: ['2027-01'], missed: ['2026-12'], paid: [] },
    });
    expect(await app.store.listEmployeeContributions('per_5')).toEqual([]);
    // The run of that day tells her, once, that December was missed.
    await runSavingsDeposits(app);
    later();
    await runSavingsDeposits(app);
    expect(await noticesOf5('savings.month-missed')).toEqual([
      '您的零存整缴存款不够缴纳职工医保（灵活就业）2026年12月的费用，该月已过缴费月份，未能从存款缴费；如需补缴，请咨询医保经办机构。',
    ]);
  });

  it('with every chosen month paid or ended, the card is not debited until new months are chosen', async () => {
    clock.advance(35 * DAY); // Friday 2027-01-01: December, the only month chosen, has ended
    await app.store.insertSavingsPlan(months(['2026-12'], { depositFen: 10_000, activeSince: '2026-12-25' }));
    const [run] = await fridays(1);
    expect(run.deposits).toEqual({ 'nothing-due': 1 });
    expect(bank.debits.size).toBe(0);
  });

  it('a change of months that lands while the run waits on the bank wins: the months it dropped are not paid', async () => {
    await app.store.insertSavingsPlan(months(['2027-01'], { depositFen: 50_000 }));
    // The worker switches to February while the deposit is at the bank.
    changeWhileAtBank({ depositFen: 50_000, topUp: false, target: { kind: 'employee-months', months: ['2027-02'], monthlyFen: 45_000 } });
    const [run] = await fridays(1);
    expect(run.sweeps).toEqual({ 'not-payable': 1 });
    expect(await app.store.listEmployeeContributions('per_5')).toEqual([]);
    bank.client.debit = realDebit;
    later();
    expect((await runSavingsDeposits(app)).sweeps).toEqual({ paid: 1 });
    expect(await monthPaid('2027-02')).toBe(45_000);
    expect(await monthPaid('2027-01')).toBe(0);
  });
});
