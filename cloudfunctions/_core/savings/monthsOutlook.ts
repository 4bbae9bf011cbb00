import type { SavingsOutlookView } from './contract';
import { lastDayOf, monthsLabel } from './employeeMonths';
import { formatYuan } from './notices';
import type { OutlookInput } from './outlook';
import { addDays, scheduledDatesThrough, scheduleLabel } from './schedule';

export const MONTHS_TOP_UP_LABEL = '开启“补足”（每月缴费截止前从银行卡补足当月差额）';

/**
 * What a plan's terms do for employee insurance months. Each open month must be paid by its own month's end
 * (employeeMonths.ts), and the run pays, near each deadline, the months the savings cover (deposits.ts): so the
 * k-th open month is met when the balance plus the deposits scheduled through its last day reach k months' amount.
 * The first month that would not be met is the shortfall said; the smallest deposit that meets every month is the
 * one suggested.
 */
export function monthsOutlook(input: OutlookInput, months: { open: string[]; monthlyFen: number }): SavingsOutlookView {
  const { target, terms, balanceFen } = input;
  const { open, monthlyFen } = months;
  const dueFen = open.length * monthlyFen;
  const dates = scheduledDatesThrough(terms.schedule, input.from, lastDayOf(open[open.length - 1]));
  let short: { month: string; deadline: string; needFen: number; projectedFen: number } | null = null;
  let sufficientFen = 0;
  open.forEach((month, i) => {
    const deadline = lastDayOf(month);
    const count = dates.filter((d) => d <= deadline).length;
    const needFen = (i + 1) * monthlyFen;
    const projectedFen = Math.max(balanceFen, 0) + count * terms.depositFen;
    if (!short && projectedFen < needFen) short = { month, deadline, needFen, projectedFen };
    const fromDeposits = needFen - Math.max(balanceFen, 0);
    if (fromDeposits > 0) sufficientFen = Math.max(sufficientFen, count > 0 ? Math.ceil(fromDeposits / count) : Number.POSITIVE_INFINITY);
  });
  const missing = Math.max(dueFen - Math.max(balanceFen, 0), 0);
  const view = {
    deadline: target.periodEnd, remainingDeposits: dates.length, firstDate: dates[0] ?? null, lastDate: dates[dates.length - 1] ?? null,
    depositsNeeded: Math.ceil(missing / terms.depositFen), projectedFen: Math.min(dueFen, Math.max(balanceFen, 0) + dates.length * terms.depositFen),
    shortfallFen: 0, suggestedDepositFen: null as number | null,
  };
  const due = formatYuan(dueFen);
  if (missing === 0) return { kind: 'on-track', ...view, message: `存款已够缴纳${target.label} ${due}，将自动缴费。` };
  const plan = `按${scheduleLabel(terms.schedule)}存 ${formatYuan(terms.depositFen)}`;
  const found = short as { month: string; deadline: string; needFen: number; projectedFen: number } | null;
  if (!found) {
    return { kind: 'on-track', ...view, message: `${plan}，所选 ${open.length} 个月（共 ${due}）都能在各月月底前存够，约存 ${view.depositsNeeded} 次可全部缴清。` };
  }
  const shortFen = found.needFen - found.projectedFen;
  const reach = `${plan}，到 ${found.deadline}（${monthsLabel([found.month])}缴费截止）只能存到 ${formatYuan(found.projectedFen)}，比${
    found.needFen === monthlyFen ? '当月' : `截至当月的 ${found.needFen / monthlyFen} 个月`
  }应缴的 ${formatYuan(found.needFen)} 少 ${formatYuan(shortFen)}。`;
  if (terms.topUp) {
    // The top-up is taken from the first of the month's last shortfallLeadDays days (deposits.ts), at once if that has come.
    const when = input.from >= addDays(found.deadline, -input.shortfallLeadDays) ? '即日起' : `${addDays(found.deadline, -input.shortfallLeadDays)} 起`;
    return { kind: 'top-up', ...view, shortfallFen: shortFen, message: `${reach}您已开启补足：${when}存款仍不够当月费用时，将从银行卡补足差额（约 ${formatYuan(shortFen)}）。` };
  }
  const suggested = Number.isFinite(sufficientFen) && sufficientFen <= input.maxDepositFen ? sufficientFen : null;
  const advice = suggested !== null ? `请把每次存入提高到至少 ${formatYuan(suggested)}，或${MONTHS_TOP_UP_LABEL}。` : `请${MONTHS_TOP_UP_LABEL}，或少选几个月份。`;
  return { kind: 'short', ...view, shortfallFen: shortFen, suggestedDepositFen: suggested, message: `${reach}${advice}` };
}
