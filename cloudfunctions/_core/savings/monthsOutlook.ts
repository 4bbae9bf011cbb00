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
    const note = terms.topUp ? topUpNote(input, months, dates) : '';
    const each = open.length > 1 ? `所选 ${open.length} 个月（共 ${due}）都能在各月月底前存够` : `所选月份的 ${due} 能在当月月底前存够`;
    return { kind: 'on-track', ...view, message: `${plan}，${each}，约存 ${view.depositsNeeded} 次可全部缴清。${note}` };
  }
  const shortFen = found.needFen - found.projectedFen;
  const reach = `${plan}，到 ${found.deadline}（${monthsLabel([found.month])}缴费截止）只能存到 ${formatYuan(found.projectedFen)}，比${
    found.needFen === monthlyFen ? '当月' : `截至当月的 ${found.needFen / monthlyFen} 个月`
  }应缴的 ${formatYuan(found.needFen)} 少 ${formatYuan(shortFen)}。`;
  if (terms.topUp) return { kind: 'top-up', ...view, shortfallFen: shortFen, message: `${reach}${topUpNote(input, months, dates)}` };
  const suggested = Number.isFinite(sufficientFen) && sufficientFen <= input.maxDepositFen ? sufficientFen : null;
  // Fewer months helps only when a later month falls short; the first month's own gap needs money before its end.
  const instead = found.month !== open[0] ? '或少选几个月份' : '或在缴费截止前补足存款';
  const advice = suggested !== null ? `请把每次存入提高到至少 ${formatYuan(suggested)}，或${MONTHS_TOP_UP_LABEL}。` : `请${MONTHS_TOP_UP_LABEL}，${instead}。`;
  return { kind: 'short', ...view, shortfallFen: shortFen, suggestedDepositFen: suggested, message: `${reach}${advice}` };
}

/**
 * What 补足 will take, month by month, as the run does it (deposits.ts): from the first of a month's last
 * shortfallLeadDays days, savings short of that month's amount are topped up at once by the difference, without
 * waiting for the deposits still scheduled that month; the months before are paid by then. Empty when no top-up is
 * expected (every deposit before each window landing).
 */
function topUpNote(input: OutlookInput, months: { open: string[]; monthlyFen: number }, dates: readonly string[]): string {
  const takes: string[] = [];
  let toppedFen = 0;
  months.open.forEach((month, i) => {
    const windowStart = addDays(lastDayOf(month), -input.shortfallLeadDays);
    const when = input.from > windowStart ? input.from : windowStart;
    const savedFen = Math.max(input.balanceFen, 0) + dates.filter((d) => d <= when).length * input.terms.depositFen + toppedFen;
    const gapFen = (i + 1) * months.monthlyFen - savedFen;
    if (gapFen <= 0) return;
    toppedFen += gapFen;
    takes.push(`${when === input.from ? '即日起' : `${when} 起`}约补 ${formatYuan(gapFen)}（${monthsLabel([month])}）`);
  });
  if (takes.length === 0) return '';
  return `您已开启补足：每月缴费截止前 ${input.shortfallLeadDays} 天起存款仍不够当月费用时，将从银行卡补足差额，按计划${takes[0].startsWith('即日起') ? '' : ' '}${takes.join('，')}。`;
}
