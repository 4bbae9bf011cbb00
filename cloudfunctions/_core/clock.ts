import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { isCalendarDate } from '../../shared/policy/dates';

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
export type FixedClock = Clock & { set(ms: number): void; advance(ms: number): void };

export function fixedClock(startMs: number): FixedClock {
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

/**
 * Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so its calendar date is plain arithmetic;
 * dayjs's timezone plugin gives the same answer through Intl at a hundred times the cost, which matters in
 * batches that ask for every one of a million agreements.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function todayIn(clock: Clock): string {
  return new Date(clock.nowMs() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The hour of the day (0–23) in Hefei. */
export function hourIn(clock: Clock): number {
  return new Date(clock.nowMs() + SHANGHAI_OFFSET_MS).getUTCHours();
}

export function isoInstant(clock: Clock): string {
  return new Date(clock.nowMs()).toISOString();
}

/**
 * How far to move a clock that reads `nowMs` so that it reads the calendar day `today` (Asia/Shanghai) at the same
 * time of day: a pinned "today" (DEV_TODAY, local runs) for the functions and, by the same arithmetic, for the
 * simulators' business clocks, so every process (and every restart) agrees on the same instant.
 */
export function dayShiftMs(today: string, nowMs: number): number {
  if (!isCalendarDate(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  const realToday = todayIn({ nowMs: () => nowMs });
  return Date.parse(`${today}T00:00:00Z`) - Date.parse(`${realToday}T00:00:00Z`);
}
