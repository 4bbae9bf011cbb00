import { nextTryDay, retryDueNow } from './retrySchedule';

const at = (date: string, time = '10:00') => Date.parse(`${date}T${time}:00+08:00`);
const every3Days = { retryIntervalMs: 72 * 3600_000 };

describe('the next try after a failed debit (D17: retries until the period\'s last day)', () => {
  it('is a retry interval later inside the period', () => {
    expect(nextTryDay(at('2026-11-01'), every3Days, '2026-12-31')).toBe('2026-11-04');
    expect(nextTryDay(at('2026-12-28'), every3Days, '2026-12-31')).toBe('2026-12-31');
  });

  it('falls on the last day when the interval would step past it', () => {
    expect(nextTryDay(at('2026-12-29'), every3Days, '2026-12-31')).toBe('2026-12-31');
    expect(nextTryDay(at('2026-12-30', '23:30'), every3Days, '2026-12-31')).toBe('2026-12-31');
  });

  it('is none after a failure on the last day itself', () => {
    expect(nextTryDay(at('2026-12-31', '08:00'), every3Days, '2026-12-31')).toBeNull();
  });

  it('has no end outside a period', () => {
    expect(nextTryDay(at('2026-12-31'), every3Days, null)).toBe('2027-01-03');
  });
});

describe('whether a failed debit may be tried now', () => {
  it('after its interval, or on the last day that owes it a try', () => {
    expect(retryDueNow(at('2026-11-01'), at('2026-11-03'), every3Days, '2026-12-31')).toBe(false);
    expect(retryDueNow(at('2026-11-01'), at('2026-11-04'), every3Days, '2026-12-31')).toBe(true);
    expect(retryDueNow(at('2026-12-29'), at('2026-12-30'), every3Days, '2026-12-31')).toBe(false);
    expect(retryDueNow(at('2026-12-29'), at('2026-12-31'), every3Days, '2026-12-31')).toBe(true);
    expect(retryDueNow(at('2026-12-31', '08:00'), at('2026-12-31', '15:00'), every3Days, '2026-12-31')).toBe(false);
  });
});
