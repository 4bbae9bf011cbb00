import { nextFire, parseCron } from './cron';

const at = (iso: string) => Date.parse(iso);

describe('WeChat 7-field cron', () => {
  it('fires a daily 01:00 job at 01:00 Hefei time, which is 17:00 UTC the day before', () => {
    expect(new Date(nextFire(parseCron('0 0 1 * * * *'), at('2026-11-26T12:00:00Z'))!).toISOString()).toBe('2026-11-26T17:00:00.000Z');
  });

  it('steps and lists: every 15 minutes during working hours', () => {
    const cron = parseCron('0 */15 9-17 * * * *');
    expect(new Date(nextFire(cron, at('2026-11-26T01:07:00Z'))!).toISOString()).toBe('2026-11-26T01:15:00.000Z');
    expect(new Date(nextFire(cron, at('2026-11-26T09:50:00Z'))!).toISOString()).toBe('2026-11-27T01:00:00.000Z');
  });

  it('respects the day of week and the year', () => {
    const mondays2027 = parseCron('0 30 8 * * 1 2027');
    expect(new Date(nextFire(mondays2027, at('2026-11-26T00:00:00Z'))!).toISOString()).toBe('2027-01-04T00:30:00.000Z');
  });

  it.each(['0 0 1 * * *', '0 61 1 * * * *', '0 0 1 * 13 * *', '0 0 1 * * * x'])('refuses "%s"', (bad) => {
    expect(() => parseCron(bad)).toThrow();
  });
});
