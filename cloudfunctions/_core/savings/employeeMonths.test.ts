import { lastDayOf, monthsChoiceError, monthsFrom, monthsLabel, monthsStanding } from './employeeMonths';

describe('employee insurance months (零存整缴 second target)', () => {
  it('names months as people say them: runs joined, the year said once per run unless it changes', () => {
    expect(monthsLabel(['2027-03', '2027-01', '2027-02'])).toBe('2027年1月至3月');
    expect(monthsLabel(['2026-12', '2027-01', '2027-05'])).toBe('2026年12月至2027年1月、2027年5月');
    expect(monthsLabel(['2027-07'])).toBe('2027年7月');
  });

  it('offers this month and the next ones, and knows each month’s last day', () => {
    expect(monthsFrom('2026-11-27', 3)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(lastDayOf('2027-02')).toBe('2027-02-28');
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
  });

  it('splits the chosen months into paid, open (due by the end of the first) and missed', () => {
    const choice = { kind: 'employee-months' as const, months: ['2027-03', '2027-01', '2027-02', '2027-04'], monthlyFen: 45_000 };
    expect(monthsStanding(choice, new Set(['2027-01']), '2027-02-15')).toEqual({
      paid: ['2027-01'], open: ['2027-02', '2027-03', '2027-04'], missed: [], dueFen: 135_000, deadline: '2027-02-28',
    });
    // March ended unpaid: it is missed, not kept in the amount due.
    expect(monthsStanding(choice, new Set(['2027-01', '2027-02']), '2027-04-01')).toEqual({
      paid: ['2027-01', '2027-02'], open: ['2027-04'], missed: ['2027-03'], dueFen: 45_000, deadline: '2027-04-30',
    });
    expect(monthsStanding(choice, new Set(choice.months), '2027-05-01')).toMatchObject({ open: [], missed: [], dueFen: 0, deadline: null });
  });

  it('refuses months outside the offered ones, repeated or already paid, in words', () => {
    const offered = monthsFrom('2026-11-27', 12);
    expect(monthsChoiceError(['2026-12', '2027-01'], offered, new Set())).toBeNull();
    expect(monthsChoiceError([], offered, new Set())).toBe('请选择要缴费的月份');
    expect(monthsChoiceError(['2027-01', '2027-01'], offered, new Set())).toBe('缴费月份有重复');
    expect(monthsChoiceError(['2026-10', '2027-11'], offered, new Set())).toBe('2026年10月、2027年11月不在可选范围内（2026年11月至2027年10月）');
    expect(monthsChoiceError(['2026-12', '2027-01'], offered, new Set(['2026-12']))).toBe('2026年12月已缴费，请不要重复选择');
  });
});
