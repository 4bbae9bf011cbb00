import fc from 'fast-check';
import { addDays, isoWeekday, isScheduledOn, latestScheduledDate, nextScheduledDate, scheduledDatesThrough, scheduleLabel } from './schedule';

describe('deposit schedule → due dates', () => {
  it('knows the weekday of a calendar date (2026-11-27 is a Friday, 2026-11-29 a Sunday)', () => {
    expect(isoWeekday('2026-11-27')).toBe(5);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('2026-11-30')).toBe(1);
  });

  it('a weekly Friday plan is due on the Friday itself, and the Monday after still points back to it', () => {
    const friday = { kind: 'weekly' as const, weekday: 5 };
    expect(latestScheduledDate(friday, '2026-11-27', '2026-11-01')).toBe('2026-11-27');
    expect(latestScheduledDate(friday, '2026-11-30', '2026-11-01')).toBe('2026-11-27');
    expect(latestScheduledDate(friday, '2026-11-26', '2026-11-01')).toBe('2026-11-20');
  });

  it('a scheduled day before the plan became active is not due (no deposit for days before signing)', () => {
    expect(latestScheduledDate({ kind: 'weekly', weekday: 5 }, '2026-11-26', '2026-11-24')).toBeNull();
    expect(latestScheduledDate({ kind: 'monthly', day: 15 }, '2026-11-14', '2026-11-01')).toBeNull();
  });

  it('a monthly plan on the 15th: due on the 15th, and before it the previous month’s 15th (across a year end too)', () => {
    const fifteenth = { kind: 'monthly' as const, day: 15 };
    expect(latestScheduledDate(fifteenth, '2026-11-15', '2026-01-01')).toBe('2026-11-15');
    expect(latestScheduledDate(fifteenth, '2026-11-14', '2026-01-01')).toBe('2026-10-15');
    expect(latestScheduledDate(fifteenth, '2027-01-03', '2026-01-01')).toBe('2026-12-15');
  });

  it('the next scheduled day is on or after the given day', () => {
    expect(nextScheduledDate({ kind: 'weekly', weekday: 5 }, '2026-11-27')).toBe('2026-11-27');
    expect(nextScheduledDate({ kind: 'weekly', weekday: 5 }, '2026-11-28')).toBe('2026-12-04');
    expect(nextScheduledDate({ kind: 'monthly', day: 28 }, '2026-12-29')).toBe('2027-01-28');
    expect(nextScheduledDate({ kind: 'monthly', day: 1 }, '2026-02-01')).toBe('2026-02-01');
  });

  it('labels a schedule in Chinese', () => {
    expect(scheduleLabel({ kind: 'weekly', weekday: 7 })).toBe('每周日');
    expect(scheduleLabel({ kind: 'monthly', day: 8 })).toBe('每月8日');
  });

  it('for any schedule and day, the latest due day is scheduled, not after today, and no scheduled day lies between it and today', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2025-01-01', n));
    const schedule = fc.oneof(
      fc.integer({ min: 1, max: 7 }).map((weekday) => ({ kind: 'weekly' as const, weekday })),
      fc.integer({ min: 1, max: 28 }).map((d) => ({ kind: 'monthly' as const, day: d })),
    );
    fc.assert(
      fc.property(schedule, day, (s, today) => {
        const latest = latestScheduledDate(s, today, '2024-01-01')!;
        expect(isScheduledOn(s, latest)).toBe(true);
        expect(latest <= today).toBe(true);
        for (let d = addDays(latest, 1); d <= today; d = addDays(d, 1)) expect(isScheduledOn(s, d)).toBe(false);
        const next = nextScheduledDate(s, today);
        expect(isScheduledOn(s, next)).toBe(true);
        expect(next >= today).toBe(true);
        expect(next === today || latest < today).toBe(true);
      }),
    );
  });
});

describe('scheduled days before a deadline', () => {
  it('from 2026-11-27 to 2026-12-31 a Friday plan has five deposits left (11-27 … 12-25), both ends included', () => {
    expect(scheduledDatesThrough({ kind: 'weekly', weekday: 5 }, '2026-11-27', '2026-12-31')).toEqual(['2026-11-27', '2026-12-04', '2026-12-11', '2026-12-18', '2026-12-25']);
    expect(scheduledDatesThrough({ kind: 'weekly', weekday: 4 }, '2026-11-26', '2026-12-31')).toHaveLength(6);
    expect(scheduledDatesThrough({ kind: 'monthly', day: 28 }, '2026-11-29', '2026-12-31')).toEqual(['2026-12-28']);
    expect(scheduledDatesThrough({ kind: 'weekly', weekday: 5 }, '2027-01-01', '2026-12-31')).toEqual([]);
  });
});
