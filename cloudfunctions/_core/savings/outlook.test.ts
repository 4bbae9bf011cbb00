import { savingsOutlook, type OutlookInput } from './outlook';
import { projectDeposits } from './progress';

/** 2026-11-27 is a Friday; the 2027 concentrated period ends 2026-12-31; the premium is 400 元. */
const input = (extra: Partial<OutlookInput> = {}, terms: Partial<OutlookInput['terms']> = {}): OutlookInput => ({
  target: { kind: 'resident', label: '2027年度居民医保费', benefitYear: 2027, dueFen: 40_000, paid: false, periodEnd: '2026-12-31' },
  balanceFen: 0,
  terms: { depositFen: 5_000, schedule: { kind: 'weekly', weekday: 5 }, topUp: false, ...terms },
  state: 'new',
  from: '2026-11-27',
  maxDepositFen: 100_000,
  shortfallLeadDays: 14,
  ...extra,
});

describe('projected deposits', () => {
  it('five deposits of 50 元 reach 250 of 400 元: 150 元 short, 80 元 a time would do', () => {
    expect(projectDeposits(0, 40_000, 5_000, 5)).toEqual({ remainingDeposits: 5, depositsNeeded: 8, projectedFen: 25_000, shortfallFen: 15_000, sufficientDepositFen: 8_000 });
  });

  it('rounds the sufficient deposit up to the fen, and caps what is reached at the premium', () => {
    expect(projectDeposits(0, 40_000, 5_000, 6).sufficientDepositFen).toBe(6_667);
    expect(projectDeposits(10_000, 40_000, 100_000, 1)).toMatchObject({ projectedFen: 40_000, shortfallFen: 0, depositsNeeded: 1 });
    expect(projectDeposits(0, 40_000, 5_000, 0)).toMatchObject({ projectedFen: 0, shortfallFen: 40_000, sufficientDepositFen: null });
  });
});

describe('a plan’s outlook by the deadline', () => {
  it('50 元 every Friday from 2026-11-27 without 补足 falls 150.00元 short, and says so with what would close it', () => {
    const outlook = savingsOutlook(input())!;
    expect(outlook).toMatchObject({ kind: 'short', remainingDeposits: 5, firstDate: '2026-11-27', lastDate: '2026-12-25', projectedFen: 25_000, shortfallFen: 15_000, suggestedDepositFen: 8_000 });
    expect(outlook.message).toBe(
      '按每周五存 50.00元，截止 2026-12-31 前只能再存入 5 次（2026-11-27 至 2026-12-25），最多存到 250.00元，比应缴的 400.00元 少 150.00元。' +
        '请把每次存入提高到至少 80.00元，或开启“补足”（集中参保期结束前从银行卡一次补足差额）。',
    );
  });

  it('with 补足 on, the shortfall is still shown, with the day it is topped up and what that day’s difference will be', () => {
    const outlook = savingsOutlook(input({}, { topUp: true }))!;
    expect(outlook.kind).toBe('top-up');
    expect(outlook.message).toContain('少 150.00元');
    // 12-17 opens the last 14 days; by then only 11-27, 12-04 and 12-11 have been deposited: 150 of 400.
    expect(outlook.message).toContain('您已开启补足：2026-12-17 起存款仍不够时，将从银行卡一次补足差额并缴费（按计划届时已存 150.00元，约补 250.00元），此后的存入仍是您的存款。');
  });

  it('with 补足 on and on track, the page still says what 补足 will take on its day; nothing when savings cover it by then', () => {
    expect(savingsOutlook(input({}, { topUp: true, depositFen: 10_000 }))!.message).toContain('按计划届时已存 300.00元，约补 100.00元');
    expect(savingsOutlook(input({ balanceFen: 40_000 }, { topUp: true }))!.message).not.toContain('补足');
  });

  it('0.50 元 a week cannot be saved up: no larger amount in range would do either when the range is small', () => {
    const outlook = savingsOutlook(input({ maxDepositFen: 5_000 }, { depositFen: 50 }))!;
    expect(outlook).toMatchObject({ kind: 'short', shortfallFen: 39_750, suggestedDepositFen: null });
    expect(outlook.message).toContain('请开启“补足”');
  });

  it('enough deposits left: on track, with how many are needed', () => {
    const outlook = savingsOutlook(input({}, { depositFen: 10_000 }))!;
    expect(outlook).toMatchObject({ kind: 'on-track', remainingDeposits: 5, depositsNeeded: 4, shortfallFen: 0 });
    expect(outlook.message).toBe('截止 2026-12-31 前还可存入 5 次，约存 4 次可存够应缴金额 400.00元。');
  });

  it('a plan whose latest deposit was refused says so before what it projects', () => {
    expect(savingsOutlook(input({ state: 'ACTIVE', lastDepositFailed: true }, { depositFen: 10_000 }))!.message).toMatch(/^最近一次存入未成功，请确认银行卡可以扣款，否则无法按计划存够。截止 2026-12-31 前还可存入/);
  });

  it('a paused plan’s outlook says it is what resuming would do', () => {
    expect(savingsOutlook(input({ state: 'PAUSED' }))!.message).toMatch(/^存入计划已暂停，恢复存入后：/);
  });

  it('a paid year: further deposits stay the worker’s savings (D17), withdrawable until the period ends, then kept toward next year; pausing is offered', () => {
    const outlook = savingsOutlook(input({ state: 'ACTIVE', target: { kind: 'resident', label: '2027年度居民医保费', benefitYear: 2027, dueFen: null, paid: true, periodEnd: '2026-12-31' } }))!;
    expect(outlook.kind).toBe('paid');
    expect(outlook.message).toBe(
      '2027年度医保费已缴清，之后存入的钱不再用于2027年度。剩余存款仍归您所有：2026-12-31 前可以随时转出；此后将留作 2028 年度医保费的存款，超出应缴金额的部分仍可转出。如暂时不需要继续存入，可以暂停存入计划。',
    );
    // A plan that has ended keeps nothing back (progress.ts reservedFen): all of it can be taken out, any day.
    expect(savingsOutlook(input({ state: 'CANCELLED', target: { kind: 'resident', label: '2027年度居民医保费', benefitYear: 2027, dueFen: null, paid: true, periodEnd: '2026-12-31' } }))!.message).toBe(
      '2027年度医保费已缴清，之后存入的钱不再用于2027年度。剩余存款仍归您所有，可以随时转出。',
    );
  });

  it('no premium to save for (the target note says why), or no deadline: no outlook', () => {
    expect(savingsOutlook(input({ target: { kind: 'resident', label: '2027年度居民医保费', benefitYear: 2027, dueFen: null, paid: false, periodEnd: '2026-12-31' } }))).toBeNull();
    expect(savingsOutlook(input({ target: { kind: 'resident', label: '2027年度居民医保费', benefitYear: 2027, dueFen: 40_000, paid: false, periodEnd: null } }))).toBeNull();
  });
});

describe('savingsOutlook for employee insurance months', () => {
  const months = (extra: Partial<OutlookInput['target']> = {}): OutlookInput['target'] => ({
    kind: 'employee-months', label: '职工医保（灵活就业）2027年1月至3月', benefitYear: 2027, dueFen: 135_000, paid: false, periodEnd: '2027-01-31',
    months: { open: ['2027-01', '2027-02', '2027-03'], monthlyFen: 45_000 }, ...extra,
  });

  it('holds each month to its own month’s end: the first month that would fall short is said, with the deposit that meets them all', () => {
    // Fridays from 11-27: 10 through 01-31, 14 through 02-28, 18 through 03-31; 50 元 each.
    const outlook = savingsOutlook(input({ target: months() }))!;
    expect(outlook).toMatchObject({ kind: 'short', deadline: '2027-01-31', remainingDeposits: 18, shortfallFen: 20_000, suggestedDepositFen: 7_500 });
    expect(outlook.message).toBe(
      '按每周五存 50.00元，到 2027-02-28（2027年2月缴费截止）只能存到 700.00元，比截至当月的 2 个月应缴的 900.00元 少 200.00元。' +
        '请把每次存入提高到至少 75.00元，或开启“补足”（每月缴费截止前从银行卡补足当月差额）。',
    );
    expect(savingsOutlook(input({ target: months() }, { depositFen: 7_500 }))!.message).toBe('按每周五存 75.00元，所选 3 个月（共 1350.00元）都能在各月月底前存够，约存 18 次可全部缴清。');
    // 补足 tops up each month from its last 14 days on, without waiting for that month's later deposits (as the run does).
    expect(savingsOutlook(input({ target: months() }, { topUp: true }))!).toMatchObject({
      kind: 'top-up',
      message: expect.stringMatching(
        /您已开启补足：每月缴费截止前 14 天起存款仍不够当月费用时，将从银行卡补足差额，按计划 2027-01-17 起约补 50\.00元（2027年1月），2027-02-14 起约补 250\.00元（2027年2月），2027-03-17 起约补 250\.00元（2027年3月）。$/,
      ),
    });
    // On track by each month's end, yet short on the first day of a window: the top-up is said too.
    expect(savingsOutlook(input({ target: months() }, { depositFen: 7_500, topUp: true }))!.message).toMatch(/都能在各月月底前存够，约存 18 次可全部缴清。您已开启补足：.*按计划 2027-03-17 起约补 150\.00元（2027年3月）。$/);
    expect(savingsOutlook(input({ target: months(), balanceFen: 135_000 }))!.message).toBe('存款已够缴纳职工医保（灵活就业）2027年1月至3月 1350.00元，将自动缴费。');
  });

  it('words for one month, a top-up from today, and a first month no deposit can save in time', () => {
    const one = months({ label: '职工医保（灵活就业）2027年1月', dueFen: 45_000, months: { open: ['2027-01'], monthlyFen: 45_000 } });
    expect(savingsOutlook(input({ target: one }, { depositFen: 5_000 }))!.message).toBe('按每周五存 50.00元，所选月份的 450.00元 能在当月月底前存够，约存 9 次可全部缴清。');
    // Inside the first month's window already: the top-up is from today, said without a stray space.
    const late = { ...input({ target: months({ periodEnd: '2026-11-30', months: { open: ['2026-11', '2026-12'], monthlyFen: 45_000 } }) }, { topUp: true }), from: '2026-11-27' };
    expect(savingsOutlook(late)!.message).toContain('按计划即日起约补');
    // The first month cannot be saved in time whatever the deposit (one Friday left): choosing fewer months would not help.
    const first = savingsOutlook({ ...input({ target: months({ periodEnd: '2026-11-30', months: { open: ['2026-11', '2026-12'], monthlyFen: 200_000 } }) }), maxDepositFen: 100_000 })!;
    expect(first.kind).toBe('short');
    expect(first.message).toContain('或在缴费截止前补足存款');
    expect(first.message).not.toContain('少选');
  });

  it('all chosen months paid: the rest is free, and new months can be chosen', () => {
    expect(savingsOutlook(input({ state: 'ACTIVE', target: months({ paid: true, dueFen: null, periodEnd: null, months: { open: [], monthlyFen: 45_000 } }) }))!.message).toBe(
      '所选月份的职工医保费已全部缴清。剩余存款仍归您所有，可以随时转出。在您选择新的月份之前，不再从银行卡存入；如需为其他月份存钱，请修改存入计划选择月份。',
    );
  });
});
