import dayjs from 'dayjs';
import type { SavingsTargetChoice } from '../store/savings.port';

/**
 * 零存整缴's second target (pilot §三(三)4: "以“零存整缴”的形式缴纳职工医保或居民医保费"; §三(四): deductions "在…灵活
 * 就业人员确定的定期缴费时间"): flexible-employment employee insurance for months the worker chose. Pure calendar
 * arithmetic on `YYYY-MM` months and Asia/Shanghai dates.
 *
 * Our reading, to confirm with the 医保 office: a month is paid in or before that month (当月缴当月), so each
 * chosen month can be paid until its last day and not after; months still ahead may be paid early, together.
 */
export type EmployeeMonthsChoice = Extract<SavingsTargetChoice, { kind: 'employee-months' }>;

export const monthOf = (date: string): string => date.slice(0, 7);

/** The last calendar day of a `YYYY-MM` month. */
export function lastDayOf(month: string): string {
  return dayjs(`${month}-01`).endOf('month').format('YYYY-MM-DD');
}

/** `count` months from the month of `today` on: the months a worker may choose now. */
export function monthsFrom(today: string, count: number): string[] {
  const first = dayjs(`${monthOf(today)}-01`);
  return Array.from({ length: count }, (_, i) => first.add(i, 'month').format('YYYY-MM'));
}

const monthName = (month: string, withYear: boolean) => `${withYear ? `${month.slice(0, 4)}年` : ''}${Number(month.slice(5, 7))}月`;

/** 2027年1月至3月、2027年5月: runs of consecutive months, as people say them. */
export function monthsLabel(months: readonly string[]): string {
  const sorted = [...months].sort();
  const runs: string[][] = [];
  for (const m of sorted) {
    const run = runs[runs.length - 1];
    if (run && dayjs(`${run[run.length - 1]}-01`).add(1, 'month').format('YYYY-MM') === m) run.push(m);
    else runs.push([m]);
  }
  return runs
    .map((run) => {
      const [first, last] = [run[0], run[run.length - 1]];
      if (first === last) return monthName(first, true);
      return `${monthName(first, true)}至${monthName(last, first.slice(0, 4) !== last.slice(0, 4))}`;
    })
    .join('、');
}

/** 职工医保（灵活就业）2027年1月至3月: what the savings are for. */
export const employeeMonthsTitle = (months: readonly string[]) => `职工医保（灵活就业）${monthsLabel(months)}`;

export interface MonthsStanding {
  /** Chosen months already paid (from savings, by any plan of the worker). */
  paid: string[];
  /** Chosen months not paid whose month has not ended: what the savings are for now. */
  open: string[];
  /** Chosen months that ended unpaid: no longer payable from savings. */
  missed: string[];
  /** What the open months cost at the worker's monthly amount. */
  dueFen: number;
  /** The last day of the first open month: the savings must cover it by then. */
  deadline: string | null;
}

export function monthsStanding(choice: EmployeeMonthsChoice, paidMonths: ReadonlySet<string>, today: string): MonthsStanding {
  const current = monthOf(today);
  const chosen = [...new Set(choice.months)].sort();
  const paid = chosen.filter((m) => paidMonths.has(m));
  const open = chosen.filter((m) => !paidMonths.has(m) && m >= current);
  const missed = chosen.filter((m) => !paidMonths.has(m) && m < current);
  return { paid, open, missed, dueFen: open.length * choice.monthlyFen, deadline: open.length > 0 ? lastDayOf(open[0]) : null };
}

/**
 * Why a choice of months cannot be saved for, or null: the months must be among those offered (this month and
 * the next ones, `offered`), each once, and not paid already.
 */
export function monthsChoiceError(months: readonly string[], offered: readonly string[], paidMonths: ReadonlySet<string>): string | null {
  if (months.length === 0) return '请选择要缴费的月份';
  if (new Set(months).size !== months.length) return '缴费月份有重复';
  const outside = months.filter((m) => !offered.includes(m)).sort();
  if (outside.length > 0) return `${monthsLabel(outside)}不在可选范围内（${monthsLabel([offered[0]])}至${monthsLabel([offered[offered.length - 1]])}）`;
  const paid = months.filter((m) => paidMonths.has(m)).sort();
  if (paid.length > 0) return `${monthsLabel(paid)}已缴费，请不要重复选择`;
  return null;
}
