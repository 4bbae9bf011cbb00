/**
 * The business day a simulator keeps when the local runtime pins "today" (DEV_TODAY, RUNTIME=local): the cloud
 * functions' clock is then the wall clock moved by whole days, keeping the real time of day
 * (cloudfunctions/_core/app.ts), and a channel must see the same calendar for its bills, statements, due dates
 * and overdue checks to agree with ours. Only business time moves: signature timestamps stay real, because both
 * sides check them against the real clock for freshness.
 */
import { todayIn } from '../../cloudfunctions/_core/clock';
import { isCalendarDate } from '../../shared/policy/dates';

/**
 * How far to move a clock that reads `nowMs` so that it reads `today` at the same time of day. Computed once at
 * start, as the runtime computes its own, so both move on together (a restart with the same day agrees again).
 */
export function dayShiftMs(today: string, nowMs: number): number {
  if (!isCalendarDate(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  const realToday = todayIn({ nowMs: () => nowMs });
  return Date.parse(`${today}T00:00:00Z`) - Date.parse(`${realToday}T00:00:00Z`);
}
