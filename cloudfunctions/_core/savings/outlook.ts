import type { DepositSchedule, SavingsPlanState } from '../store/savings.port';
import type { SavingsOutlookView } from './contract';
import { formatYuan, leftoverSavingsText } from './notices';
import { monthsOutlook } from './monthsOutlook';
import { projectDeposits } from './progress';
import { addDays, scheduledDatesThrough, scheduleLabel } from './schedule';

export interface OutlookInput {
  target: {
    kind: 'resident' | 'employee-months';
    benefitYear: number;
    label: string;
    dueFen: number | null;
    paid: boolean;
    periodEnd: string | null;
    /** Employee insurance months: the months still to pay, each due by its own month's end. */
    months?: { open: string[]; monthlyFen: number };
  };
  balanceFen: number;
  terms: { depositFen: number; schedule: DepositSchedule; topUp: boolean };
  /** The plan's state, or 'new' for terms not yet set up. */
  state: SavingsPlanState | 'new';
  /** The first day whose scheduled deposit is still to come (today for a new plan). */
  from: string;
  /** The largest deposit the worker may choose, to tell whether a larger amount can still make it. */
  maxDepositFen: number;
  shortfallLeadDays: number;
  /** The live plan's latest deposit failed: what it projects assumes a card that has just been refused. */
  lastDepositFailed?: boolean;
}

const TOP_UP_LABEL = '开启“补足”（集中参保期结束前从银行卡一次补足差额）';

/**
 * Once the year is paid, further deposits are not for it. D17 says only that "any saved balance beyond the
 * premium stays theirs and is withdrawable"; it does not say deposits stop, so none is stopped for the worker:
 * the page says what the money is for and offers the pause the worker may choose.
 */
function paidMessage(target: OutlookInput['target'], state: OutlookInput['state']): string {
  const { benefitYear, periodEnd } = target;
  const live = state === 'ACTIVE' || state === 'SIGNING' || state === 'PAUSED';
  if (target.kind === 'employee-months') {
    // Nothing is left to save for: deposits stop (deposits.ts 'nothing-due') until other months are chosen.
    const next = live ? '在您选择新的月份之前，不再从银行卡存入；如需为其他月份存钱，请修改存入计划选择月份。' : '';
    return `所选月份的职工医保费已全部缴清。${leftoverSavingsText(benefitYear, null, false)}${next}`;
  }
  const base = `${benefitYear}年度医保费已缴清，之后存入的钱不再用于${benefitYear}年度。${leftoverSavingsText(benefitYear, periodEnd, live)}`;
  if (state === 'ACTIVE' || state === 'SIGNING') return `${base}如暂时不需要继续存入，可以暂停存入计划。`;
  if (state === 'PAUSED') return `${base}存入计划已暂停，需要时可以恢复。`;
  return base;
}

/**
 * What a plan's terms will do by the deadline (the end of the concentrated period, pilot §三(四): paid "在居民集中
 * 参保期结束前"): how many scheduled deposits remain, what they reach, and, when that falls short of the premium,
 * the shortfall in 元 and what would close it. Null when the year has no premium to save for (the target's note
 * says why) or no deadline.
 */
export function savingsOutlook(input: OutlookInput): SavingsOutlookView | null {
  const outlook = termsOutlook(input);
  // The reminder counts on no more deposits from a refused card (deposits.ts); the page says why it may fall short.
  if (outlook && outlook.kind !== 'paid' && input.lastDepositFailed) return { ...outlook, message: `最近一次存入未成功，请确认银行卡可以扣款，否则无法按计划存够。${outlook.message}` };
  // A paused plan deposits nothing until resumed: its outlook is what resuming today would do.
  if (outlook && outlook.kind !== 'paid' && input.state === 'PAUSED') return { ...outlook, message: `存入计划已暂停，恢复存入后：${outlook.message}` };
  return outlook;
}

/**
 * When 补足 takes money and about how much: on the first of the period's last `shortfallLeadDays` days (deposits.ts
 * runPlan), the whole difference left then, in one debit, and the premium is paid at once. Deposits scheduled
 * after that day do not lower it; they stay the worker's savings. The amount assumes every deposit before it lands.
 */
function topUpNote(input: OutlookInput, dates: readonly string[]): string {
  const { target, terms } = input;
  const windowStart = addDays(target.periodEnd!, -input.shortfallLeadDays);
  const before = dates.filter((d) => d <= windowStart).length;
  const then = projectDeposits(input.balanceFen, target.dueFen!, terms.depositFen, before);
  if (then.shortfallFen === 0) return '';
  // Two amounts, said apart: what the savings hold on that day, and so what 补足 takes then (not the deadline's gap).
  const when = input.from <= windowStart ? `${windowStart} 起` : '即日起';
  return `您已开启补足：${when}存款仍不够时，将从银行卡一次补足差额并缴费（按计划届时已存 ${formatYuan(then.projectedFen)}，约补 ${formatYuan(then.shortfallFen)}），此后的存入仍是您的存款。`;
}

function termsOutlook(input: OutlookInput): SavingsOutlookView | null {
  const { target, terms } = input;
  const empty = { deadline: target.periodEnd, remainingDeposits: 0, firstDate: null, lastDate: null, depositsNeeded: 0, projectedFen: 0, shortfallFen: 0, suggestedDepositFen: null };
  if (target.paid) return { kind: 'paid', ...empty, message: paidMessage(target, input.state) };
  if (target.dueFen === null || target.periodEnd === null) return null;
  if (target.months && target.months.open.length > 0) return monthsOutlook(input, target.months);
  const deadline = target.periodEnd;
  const dates = scheduledDatesThrough(terms.schedule, input.from, deadline);
  const p = projectDeposits(input.balanceFen, target.dueFen, terms.depositFen, dates.length);
  const due = formatYuan(target.dueFen);
  const view = {
    deadline, remainingDeposits: dates.length, firstDate: dates[0] ?? null, lastDate: dates[dates.length - 1] ?? null,
    depositsNeeded: p.depositsNeeded, projectedFen: p.projectedFen, shortfallFen: p.shortfallFen, suggestedDepositFen: null,
  };
  if (p.shortfallFen === 0) {
    const message = p.depositsNeeded === 0
      ? `存款已够缴纳${target.benefitYear}年度医保费 ${due}，集中参保期内将自动缴费。`
      : `截止 ${deadline} 前还可存入 ${dates.length} 次，约存 ${p.depositsNeeded} 次可存够应缴金额 ${due}。${terms.topUp ? topUpNote(input, dates) : ''}`;
    return { kind: 'on-track', ...view, message };
  }
  const reach = dates.length === 0
    ? `截止 ${deadline} 前已没有${scheduleLabel(terms.schedule)}的存入日，存款比应缴的 ${due} 少 ${formatYuan(p.shortfallFen)}。`
    : `按${scheduleLabel(terms.schedule)}存 ${formatYuan(terms.depositFen)}，截止 ${deadline} 前只能再存入 ${dates.length} 次（${view.firstDate === view.lastDate ? view.firstDate : `${view.firstDate} 至 ${view.lastDate}`}），` +
      `最多存到 ${formatYuan(p.projectedFen)}，比应缴的 ${due} 少 ${formatYuan(p.shortfallFen)}。`;
  if (terms.topUp) {
    return { kind: 'top-up', ...view, message: `${reach}${topUpNote(input, dates)}` };
  }
  const suggested = p.sufficientDepositFen !== null && p.sufficientDepositFen <= input.maxDepositFen ? p.sufficientDepositFen : null;
  const advice = suggested !== null
    ? `请把每次存入提高到至少 ${formatYuan(suggested)}，或${TOP_UP_LABEL}。`
    : `请${TOP_UP_LABEL}，或在集中参保期内直接缴费。`;
  return { kind: 'short', ...view, suggestedDepositFen: suggested, message: `${reach}${advice}` };
}
