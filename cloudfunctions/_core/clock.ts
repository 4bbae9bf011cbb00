import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Calendar dates in this product are Hefei's: a payment at 23:30 UTC on Dec 31 is a Jan 1 payment. */
export const ZONE = 'Asia/Shanghai';

export interface Clock {
  /** The instant, as epoch milliseconds. */
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock tests and the local runtime can move (`DEV_TODAY` / time-travel tests). */
export function fixedClock(startMs: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let current = startMs;
  return {
    nowMs: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export function todayIn(clock: Clock): string {
  return dayjs(clock.nowMs()).tz(ZONE).format('YYYY-MM-DD');
}

export function isoInstant(clock: Clock): string {
  return new Date(clock.nowMs()).toISOString();
}
