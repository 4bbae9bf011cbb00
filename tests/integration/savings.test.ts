/**
 * Gig workers' savings plans (零存整缴, D17) against the running runtime and its bank simulator, on the real date.
 * The timer deposits for plans due today, so every plan here is scheduled weekly on today's weekday (the
 * server's today, from `coverage`). The premium is swept from savings only inside a concentrated period: with
 * today inside the 2027 period (2026-10-20 – 2026-12-31) the whole flow runs for 2027, as the deduction tests do.
 */
import { call, login } from '../support/http';
import { ledgerCheck } from '../support/ledger';
import { bankSim as sim, fireTimer } from '../support/sims';

async function runDeposits() {
  const res = await fireTimer('savingsDeposits', 'daily');
  const body = (await res.json()) as { ok: boolean; data: { deposits: Record<string, number>; sweeps: Record<string, number>; snapshots: unknown[] } };
  expect(body.ok).toBe(true);
  return body.data;
}

type HistoryEntry = { kind: string; state: string; amountFen: number; detail: string };

const savings = (token: string, data: Record<string, unknown>) => call('savings', data, token);
const history = async (token: string): Promise<HistoryEntry[]> => (await savings(token, { action: 'history' })).body.data.entries;

/** The contract the bank holds for one of this file's accounts (6222020300…, last four digits no other test uses). */
async function contractOf(lastFour: string): Promise<{ out_contract_no: string; account_token: string }> {
  return (await sim('/records')).contracts.find((c: { account_no_masked: string }) => c.account_no_masked === `6222***********${lastFour}`);
}

async function successfulDebits(contractNo: string): Promise<number> {
  return (await sim('/records')).debits.filter((d: { out_contract_no: string; state: string }) => d.out_contract_no === contractNo && d.state === 'SUCCESS').length;
}

describe('gig workers’ savings plans (零存整缴) and platform enterprises’ rates', () => {
  const tokens: Record<'courier' | 'delivery' | 'driver', string> = { courier: '', delivery: '', driver: '' };
  let today = '';
  let weekday = 0;

  beforeAll(async () => {
    // Debit hours are the bank's business; tests may run at any hour.
    await sim('/config', { allowedHours: { from: '00:00', to: '23:59' } });
    for (const [key, name, idNumber, openid] of [
      ['courier', '冯强', '34010419950228215X', 'savings-tester-1'],
      ['delivery', '陈晨', '340104199812120842', 'savings-tester-2'],
      // credit.test.ts binds 褚涛 as its "stranger" (openid credit-stranger) while this file runs in parallel: sharing
      // that openid makes either binding find the other (binding the same person again is idempotent) instead of
      // one of the two files failing with ALREADY_BOUND, whichever runs first.
      ['driver', '褚涛', '340104199207073398', 'credit-stranger'],
    ] as const) {
      tokens[key] = await login(openid);
      const bound = await call('bindIdentity', { name, idNumber }, tokens[key]);
      expect(bound.body.ok).toBe(true);
    }
    today = (await call('coverage', {}, tokens.courier)).body.data.today;
    const day = new Date(`${today}T00:00:00Z`).getUTCDay();
    weekday = day === 0 ? 7 : day;
  });

  it('sets up a plan with a bank account, records the platform enterprise, and shows the premium to save for', async () => {
    const setup = await savings(tokens.courier, {
      action: 'setup', depositFen: 50_000, schedule: { kind: 'weekly', weekday }, enterprise: { name: '顺丰速运', type: 'courier' },
      bankAccount: { holderName: '冯强', accountNo: '6222020300111127101' },
    });
    expect(setup.body).toMatchObject({
      ok: true,
      data: {
        plan: { state: 'ACTIVE', accountMasked: '6222***********7101', depositFen: 50_000, nextDepositDate: today },
        enterprise: { name: '顺丰速运', type: 'courier' },
        balanceFen: 0,
        withdrawableFen: 0,
        target: { benefitYear: 2027, dueFen: 40_000, paid: false, progressFen: 0, progressPercent: 0, shortfallFen: 40_000 },
      },
    });
    expect(JSON.stringify(setup.body)).not.toContain('6222020300111127101');

    const again = await savings(tokens.courier, {
      action: 'setup', depositFen: 5_000, schedule: { kind: 'weekly', weekday }, enterprise: { name: '顺丰速运', type: 'courier' },
      bankAccount: { holderName: '冯强', accountNo: '6222020300155557102' },
    });
    expect(again.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('deposits on the scheduled day, pays the premium from the savings, and a second run deposits nothing', async () => {
    const first = await runDeposits();
    expect(first.deposits.deposited).toBeGreaterThanOrEqual(1);
    expect(first.sweeps.paid).toBeGreaterThanOrEqual(1);

    const after = (await savings(tokens.courier, { action: 'get' })).body.data;
    // 500 yuan saved, the 2027 premium of 400 yuan paid from it: 100 yuan stays the worker's, free to withdraw.
    expect(after).toMatchObject({ balanceFen: 10_000, withdrawableFen: 10_000, target: { benefitYear: 2027, paid: true, progressPercent: 100 } });
    // D17 keeps further deposits the worker's: the page is told what they are for, and that pausing is possible.
    expect(after.outlook).toMatchObject({ kind: 'paid', message: expect.stringContaining('可以暂停存入计划') });
    expect(after.plan.state).toBe('ACTIVE');
    const coverage = (await call('coverage', {}, tokens.courier)).body.data.people[0];
    expect(coverage.years.find((y: { benefitYear: number }) => y.benefitYear === 2027).state).toBe('ENROLLED');
    const notices = (await call('notices', { action: 'list' }, tokens.courier)).body.data.notices;
    expect(notices.some((n: { kind: string }) => n.kind === 'savings.paid')).toBe(true);

    await runDeposits();
    const contract = await contractOf('7101');
    expect(await successfulDebits(contract.out_contract_no)).toBe(1);
    expect((await savings(tokens.courier, { action: 'get' })).body.data).toMatchObject({
      balanceFen: 10_000, target: { paid: true, paidFromSavings: true, progressFen: 40_000, progressPercent: 100 },
    });
    const entries = await history(tokens.courier);
    expect(entries.filter((e) => e.kind === 'deposit')).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'premium')).toEqual([expect.objectContaining({ amountFen: 40_000, state: 'SUCCESS' })]);
  });

  it('withdraws the balance above the premium, and no more; the same request twice at once moves the money once', async () => {
    const tooMuch = await savings(tokens.courier, { action: 'withdraw', amountFen: 10_001, requestId: 'it-savings-courier-0001' });
    // The year is paid, so nothing is kept back: the refusal gives the amount, and no reason that does not apply.
    expect(tooMuch.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '可转出金额为 100.00元' } });
    expect((await savings(tokens.courier, { action: 'withdraw', amountFen: 10_000 })).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const request = { action: 'withdraw', amountFen: 10_000, requestId: 'it-savings-courier-0002' };
    const [out, twin] = await Promise.all([savings(tokens.courier, request), savings(tokens.courier, request)]);
    expect(out.body).toMatchObject({ ok: true, data: { withdrawal: { amountFen: 10_000, state: 'PAID' }, balanceFen: 0, withdrawableFen: 0 } });
    expect(twin.body).toMatchObject({ ok: true, data: { withdrawal: { withdrawalId: out.body.data.withdrawal.withdrawalId, amountFen: 10_000 } } });
    // A retry after a lost answer: the first result again, nothing moved.
    const retry = await savings(tokens.courier, request);
    expect(retry.body.data).toMatchObject({ withdrawal: { withdrawalId: out.body.data.withdrawal.withdrawalId }, balanceFen: 0 });
    expect((await history(tokens.courier)).filter((e) => e.kind === 'withdrawal')).toHaveLength(1);
  });

  it('tells the worker when a deposit fails, retries it on the next run, and never deposits the day twice', async () => {
    const setup = await savings(tokens.delivery, {
      action: 'setup', depositFen: 20_000, schedule: { kind: 'weekly', weekday }, enterprise: { name: '美团外卖', type: 'food-delivery' },
      bankAccount: { holderName: '陈晨', accountNo: '6222020300177777103' },
    });
    expect(setup.body.data.plan.state).toBe('ACTIVE');
    const contract = await contractOf('7103');
    await sim('/accounts', { account_token: contract.account_token, balance_fen: 0 });

    const failed = await runDeposits();
    expect(failed.deposits['deposit-failed']).toBeGreaterThanOrEqual(1);
    expect(await history(tokens.delivery)).toEqual([expect.objectContaining({ kind: 'deposit', state: 'FAILED', detail: expect.stringContaining('账户余额不足') })]);
    const notices = (await call('notices', { action: 'list' }, tokens.delivery)).body.data.notices;
    // The reason in words; the bank's code is not shown to the worker.
    const failedNotices = notices.filter((n: { kind: string; body: string }) => n.kind === 'savings.deposit-failed');
    expect(failedNotices.some((n: { body: string }) => n.body.includes('未成功：账户余额不足'))).toBe(true);
    expect(failedNotices.every((n: { body: string }) => !/[A-Z_]{4,}/.test(n.body))).toBe(true);
    expect((await savings(tokens.delivery, { action: 'get' })).body.data.balanceFen).toBe(0);

    await sim('/accounts', { account_token: contract.account_token, balance_fen: 1_000_000 });
    await runDeposits();
    await runDeposits();
    expect(await successfulDebits(contract.out_contract_no)).toBe(1);
    const states = (await history(tokens.delivery)).map((e) => e.state).sort();
    expect(states).toEqual(['FAILED', 'SUCCESS']);
    // 200 of 400 yuan: half way, nothing paid yet, and the savings are kept for the premium while the plan is live.
    expect((await savings(tokens.delivery, { action: 'get' })).body.data).toMatchObject({
      balanceFen: 20_000, withdrawableFen: 0, target: { paid: false, progressFen: 20_000, progressPercent: 50, shortfallFen: 20_000 },
    });
    expect((await savings(tokens.delivery, { action: 'withdraw', amountFen: 100, requestId: 'it-savings-delivery-0001' })).body).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: '可转出金额为 0.00元（存款中 200.00元 留作2027年度居民医保费，不能转出）' },
    });
  });

  it('a cancelled plan stops depositing and everything saved can be withdrawn', async () => {
    const cancelled = await savings(tokens.delivery, { action: 'cancel' });
    expect(cancelled.body).toMatchObject({ ok: true, data: { plan: { state: 'CANCELLED' }, balanceFen: 20_000, withdrawableFen: 20_000 } });
    const out = await savings(tokens.delivery, { action: 'withdraw', amountFen: 20_000, requestId: 'it-savings-delivery-0002' });
    expect(out.body).toMatchObject({ ok: true, data: { balanceFen: 0 } });
  });

  it('estimates terms before they are saved: the deposits left before the period ends, the shortfall, and the allowed range', async () => {
    const tooSmall = (await savings(tokens.driver, { action: 'estimate', depositFen: 50, schedule: { kind: 'weekly', weekday } })).body.data;
    expect(tooSmall).toMatchObject({ amountError: '每次存入金额应在 1 元至 1000 元之间', outlook: null, depositRange: { minFen: 100, maxFen: 100_000, label: '每次可存 1 元至 1000 元' } });
    // 1 元 a week cannot reach 400 元 in the weeks left of the 2027 period (it ends 2026-12-31).
    const short = (await savings(tokens.driver, { action: 'estimate', depositFen: 100, schedule: { kind: 'weekly', weekday } })).body.data;
    expect(short.amountError).toBeNull();
    expect(short.outlook).toMatchObject({ kind: 'short', deadline: '2026-12-31', firstDate: today, projectedFen: 100 * short.outlook.remainingDeposits });
    expect(short.outlook.shortfallFen).toBe(40_000 - 100 * short.outlook.remainingDeposits);
    expect(short.outlook.message).toContain('补足');
    const topped = (await savings(tokens.driver, { action: 'estimate', depositFen: 100, schedule: { kind: 'weekly', weekday }, topUp: true })).body.data;
    expect(topped.outlook.kind).toBe('top-up');
  });

  it('a paused plan is skipped; resumed, it deposits on its day', async () => {
    const setup = await savings(tokens.driver, {
      action: 'setup', depositFen: 10_000, schedule: { kind: 'weekly', weekday }, enterprise: { name: '滴滴出行', type: 'ride-hailing' },
      bankAccount: { holderName: '褚涛', accountNo: '6222020300199997104' },
    });
    expect(setup.body.data.plan.state).toBe('ACTIVE');
    expect((await savings(tokens.driver, { action: 'pause' })).body.data.plan).toMatchObject({ state: 'PAUSED', nextDepositDate: null });
    await runDeposits();
    expect(await history(tokens.driver)).toEqual([]);

    expect((await savings(tokens.driver, { action: 'resume' })).body.data.plan.state).toBe('ACTIVE');
    await runDeposits();
    expect((await savings(tokens.driver, { action: 'get' })).body.data).toMatchObject({ balanceFen: 10_000, target: { progressPercent: 25 } });
  });

  it('saves for flexible-employment employee insurance months: months offered, refused in words, paid from savings at once, never twice', async () => {
    const worker = await login('savings-tester-months');
    expect((await call('bindIdentity', { name: '沈丽', idNumber: '340104198603091729' }, worker)).body.ok).toBe(true);
    const offered: string[] = (await savings(worker, { action: 'get' })).body.data.monthChoices;
    expect(offered).toHaveLength(12);
    expect(offered[0]).toBe(today.slice(0, 7));
    // Two months after next: their deadline is weeks away, so only savings that cover both pay them.
    const months = [offered[3], offered[2]];
    const target = { kind: 'employee-months', months, monthlyFen: 30_000 };
    const terms = { depositFen: 60_000, schedule: { kind: 'weekly', weekday }, topUp: false };

    const outside = await savings(worker, { action: 'estimate', ...terms, target: { ...target, months: ['2020-01'] } });
    expect(outside.body.data).toMatchObject({ targetError: expect.stringMatching(/^2020年1月不在可选范围内/), target: null, outlook: null });
    const estimate = await savings(worker, { action: 'estimate', ...terms, target });
    expect(estimate.body.data).toMatchObject({ targetError: null, target: { kind: 'employee-months', dueFen: 60_000, months: { open: [offered[2], offered[3]] } } });
    expect(estimate.body.data.target.label).toMatch(/^职工医保（灵活就业）\d{4}年\d{1,2}月至/);

    const setup = await savings(worker, {
      action: 'setup', ...terms, target, enterprise: { name: '货拉拉', type: 'other' }, bankAccount: { holderName: '沈丽', accountNo: '6222020300133337105' },
    });
    expect(setup.body).toMatchObject({
      ok: true,
      data: {
        plan: { state: 'ACTIVE', target: { kind: 'employee-months', months: [offered[2], offered[3]], monthlyFen: 30_000 } },
        target: { kind: 'employee-months', dueFen: 60_000, paid: false, progressFen: 0 },
      },
    });

    await runDeposits();
    const paid = (await savings(worker, { action: 'get' })).body.data;
    expect(paid).toMatchObject({
      balanceFen: 0, target: { kind: 'employee-months', paid: true, paidFromSavings: true, progressFen: 60_000, months: { paid: [offered[2], offered[3]], open: [] } },
      outlook: { kind: 'paid' },
    });
    // Nothing left to save for: no next deposit is promised (the run takes none until months are chosen).
    expect(paid.plan.nextDepositDate).toBeNull();
    expect(paid.monthChoices).not.toContain(offered[2]);
    const entries = await history(worker);
    expect(entries.filter((e) => e.kind === 'premium')).toEqual([expect.objectContaining({ amountFen: 60_000, detail: expect.stringMatching(/^缴纳职工医保（灵活就业）.*共 2 个月 600\.00元$/) })]);
    const notices = (await call('notices', { action: 'list' }, worker)).body.data.notices;
    expect(notices.filter((n: { kind: string }) => n.kind === 'savings.paid')).toHaveLength(1);
    // Saving for employee insurance paid no resident premium: the one premium entry above is the months'. (Her 2027
    // resident year is payment-cancel.test.ts's to pay, by her spouse, in parallel.)
    expect((await call('payments', { action: 'list' }, worker)).body.data.orders).toEqual([]);

    await runDeposits();
    expect(await successfulDebits((await contractOf('7105')).out_contract_no)).toBe(1);
    // A change that names no target (an older page changing only the amount) keeps the months, paid ones included.
    const amountOnly = await savings(worker, { action: 'setup', depositFen: 10_000, schedule: { kind: 'weekly', weekday }, topUp: false, enterprise: { name: '货拉拉', type: 'other' } });
    expect(amountOnly.body.data.plan).toMatchObject({ depositFen: 10_000, target: { kind: 'employee-months', months: [offered[2], offered[3]] } });
    // New months are added to the paid ones, which stay shown as paid.
    const more = await savings(worker, { action: 'setup', ...terms, target: { ...target, months: [offered[4]] }, enterprise: { name: '货拉拉', type: 'other' } });
    expect(more.body.data).toMatchObject({
      plan: { target: { months: [offered[2], offered[3], offered[4]] } },
      target: { dueFen: 30_000, months: { paid: [offered[2], offered[3]], open: [offered[4]] } },
    });
    // 补足 fills a month's gap in one debit, within the bank contract's per-debit limit.
    const limitMessage = '补足时单笔扣款不超过 1000 元（银行签约限额），请关闭补足，或解约后按新的金额重新开通';
    const tooBig = await savings(worker, { action: 'setup', ...terms, topUp: true, target: { ...target, months: [offered[4]], monthlyFen: 200_000 }, enterprise: { name: '货拉拉', type: 'other' } });
    expect(tooBig.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: limitMessage } });
    // The same amount without 补足 is saved; turning 补足 on later is refused under the amount, in the estimate too.
    const big = await savings(worker, { action: 'setup', ...terms, target: { ...target, months: [offered[4]], monthlyFen: 200_000 }, enterprise: { name: '货拉拉', type: 'other' } });
    expect(big.body.ok).toBe(true);
    expect((await savings(worker, { action: 'estimate', ...terms, topUp: true })).body.data).toMatchObject({ targetError: limitMessage, targetErrorField: 'monthly', outlook: null });
    expect((await savings(worker, { action: 'setup', ...terms, topUp: true, enterprise: { name: '货拉拉', type: 'other' } })).body).toMatchObject({ ok: false, error: { message: limitMessage } });
    const again = await savings(worker, { action: 'setup', ...terms, target: { ...target, months: [offered[3], offered[4]] }, enterprise: { name: '货拉拉', type: 'other' } });
    expect(again.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/已缴费，请不要重复选择$/) } });
    const typo = await savings(worker, { action: 'setup', ...terms, target: { ...target, months: [offered[5]], monthlyFen: 3_000_000 }, enterprise: { name: '货拉拉', type: 'other' } });
    expect(typo.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '每月缴费金额不超过 10000 元，请按缴费通知核对金额' } });
    // A slip the other way (1 fen) is refused too, before any month could be paid with it.
    const tiny = await savings(worker, { action: 'setup', ...terms, target: { ...target, months: [offered[5]], monthlyFen: 1 }, enterprise: { name: '货拉拉', type: 'other' } });
    expect(tiny.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '每月缴费金额不少于 100 元，请按缴费通知核对金额' } });
  });

  it('shows staff each platform enterprise’s workers, enrolled and rate, with today’s snapshot; a resident may not look', async () => {
    const staff = await login('demo-staff');
    const answer = await call('enterpriseRates', { action: 'list', benefitYear: 2027 }, staff);
    expect(answer.body.ok).toBe(true);
    const byName = (name: string) => answer.body.data.enterprises.find((e: { name: string }) => e.name === name);
    expect(byName('顺丰速运')).toMatchObject({ type: 'courier', workers: 1, enrolled: 1, rateBp: 10_000, rateLabel: '100.0%' });
    expect(byName('滴滴出行')).toMatchObject({ type: 'ride-hailing', workers: 1, enrolled: 0, rateBp: 0 });
    // 陈晨 typed 美团外卖: a listed platform's brand, so she counts with 美团 under its one key, not as her own spelling.
    expect(byName('美团')).toMatchObject({ enterpriseKey: 'platform:meituan', type: 'food-delivery', workers: 1 });
    expect(byName('美团外卖')).toBeUndefined();
    expect(byName('顺丰速运').history).toEqual([expect.objectContaining({ date: today, workers: 1, enrolled: 1, rateBp: 10_000 })]);
    // One day of snapshots is no history yet: no change is claimed.
    expect(byName('顺丰速运').changeBp).toBeNull();

    const resident = await call('enterpriseRates', { action: 'list' }, tokens.courier);
    expect(resident.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('leaves the ledger balanced: every deposit, premium and withdrawal sums to zero', () => {
    const report = ledgerCheck();
    expect(report).toMatchObject({ ok: true, totalFen: 0 });
  });
});
