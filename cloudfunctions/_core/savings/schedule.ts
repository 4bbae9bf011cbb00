import type { DepositSchedule } from '../store/savings.port';

/**
 * When a plan deposits: pure date arithmetic on Asia/Shanghai calendar dates (`YYYY-MM-DD`). A calendar date
 * has no time zone of its own, so UTC midnight stands for it here and no clock is read.
 */
const DAY_MS = 86_400_000;

const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromMs(toMs(date) + days * DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(toMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function isScheduledOn(schedule: DepositSchedule, date: string): boolean {
  return schedule.kind === 'weekly' ? isoWeekday(date) === schedule.weekday : Number(date.slice(8, 10)) === schedule.day;
}

/** The scheduled day of `date`'s month (monthly plans only allow days 1–28, which every month has). */
function inMonth(date: string, day: number): string {
  return `${date.slice(0, 8)}${String(day).padStart(2, '0')}`;
}

function previousMonth(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
}

/**
 * The most recent scheduled day on or before `today`, if it is not before `since` (the day the plan became
 * active). A run that missed a day (the timer was down) still finds it, but only the latest one: a worker
 * never gets several deposits at once for days the system slept through.
 */
export function latestScheduledDate(schedule: DepositSchedule, today: string, since: string): string | null {
  let date: string;
  if (schedule.kind === 'weekly') date = addDays(today, -((isoWeekday(today) - schedule.weekday + 7) % 7));
  else date = Number(today.slice(8, 10)) >= schedule.day ? inMonth(today, schedule.day) : inMonth(previousMonth(today), schedule.day);
  return date >= since ? date : null;
}

/** The first scheduled day on or after `from`. */
export function nextScheduledDate(schedule: DepositSchedule, from: string): string {
  if (schedule.kind === 'weekly') return addDays(from, (schedule.weekday - isoWeekday(from) + 7) % 7);
  if (Number(from.slice(8, 10)) <= schedule.day) return inMonth(from, schedule.day);
  const year = Number(from.slice(0, 4));
  const month = Number(from.slice(5, 7));
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return inMonth(next, schedule.day);
}

/**
 * Every scheduled day from `from` to `until`, both included: the deposits a plan still makes before a deadline.
 * Bounded by the calendar (at most one a day), so a far deadline costs a few hundred steps at worst.
 */
export function scheduledDatesThrough(schedule: DepositSchedule, from: string, until: string): string[] {
  const dates: string[] = [];
  for (let date = nextScheduledDate(schedule, from); date <= until; date = nextScheduledDate(schedule, addDays(date, 1))) dates.push(date);
  return dates;
}

const WEEKDAY_LABELS = ['', '一', '二', '三', '四', '五', '六', '日'];

export function scheduleLabel(schedule: DepositSchedule): string {
  return schedule.kind === 'weekly' ? `每周${WEEKDAY_LABELS[schedule.weekday]}` : `每月${schedule.day}日`;
}
