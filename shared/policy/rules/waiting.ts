import { addDays, addMonths, maxDate, type IsoDate } from '../dates';
import type { ValueOf } from '../params/schema';
import { isOnTime, type PaymentWindow } from './period';
import type { YearRules } from './year';

export type WaitingParams = ValueOf<'waiting-period'>;

export interface WaitingMonths {
  waitingMonths: number;
  fixedMonths: number;
  variableMonths: number;
  repairedMonths: number;
}

/**
 * Waiting period (待遇等待期), D9 after 国办发〔2024〕38号: "outside the period or after a break: fixed 3 months; each
 * break year beyond the first adds 1 month (variable). ... Each extra year paid (缴费修复, at that year's standard)
 * removes one variable month. A break of 4+ years never waits less than 6 months in total."
 * Exemptions (newborns, new medical-aid recipients, the grace window) are decided by the caller, benefitTiming.
 */
export function waitingMonths(breakYears: number, onTime: boolean, repairYears: number, rules: WaitingParams): WaitingMonths {
  if (breakYears === 0 && onTime) return { waitingMonths: 0, fixedMonths: 0, variableMonths: 0, repairedMonths: 0 };
  const fixedMonths = rules.fixedMonths;
  const variableMonths = breakYears > 1 ? (breakYears - 1) * rules.variableMonthsPerExtraBreakYear : 0;
  const repairedMonths = Math.min(variableMonths, repairYears * rules.repairMonthsPerYear);
  let total = fixedMonths + variableMonths - repairedMonths;
  if (breakYears >= rules.longBreakYears && total < rules.longBreakMinMonths) total = rules.longBreakMinMonths;
  return { waitingMonths: total, fixedMonths, variableMonths, repairedMonths };
}

/** How many break years can usefully be repaid: one per variable month (D9). */
export function maxRepairYears(breakYears: number, rules: WaitingParams): number {
  if (breakYears <= 1 || rules.repairMonthsPerYear === 0) return 0;
  return Math.ceil(((breakYears - 1) * rules.variableMonthsPerExtraBreakYear) / rules.repairMonthsPerYear);
}

/** The break years a repayment pays for, most recent first; each is charged at that year's standard (D9). */
export function repairedYears(benefitYear: number, repairYears: number): number[] {
  const years: number[] = [];
  for (let index = 1; index <= repairYears; index += 1) years.push(benefitYear - index);
  return years;
}

export type WaitingExemption = 'newborn' | 'new-aid-recipient' | 'grace-window' | null;

export interface BenefitTiming extends WaitingMonths {
  benefitStart: IsoDate;
  paymentWindow: PaymentWindow;
  exemption: WaitingExemption;
}

export interface TimingFacts {
  paymentDate: IsoDate;
  birthDate: IsoDate;
  window: PaymentWindow;
  breakYears: number;
  continuous: boolean;
  repairYears: number;
  newborn: boolean;
  newAidRecipient: boolean;
}

/**
 * Benefit start (待遇享受起始日), D10: "paid in the concentrated period by a non-continuous person: benefits from
 * Jan 1 + N months. Paid outside it: benefits from (payment date + N months) + 1 day."
 * D8: in the grace window "a continuous enrollee is covered from the day after payment, with no waiting".
 * D4: a newborn registered in time "is covered from birth"; D9: newborns and new medical-aid recipients are exempt
 * from waiting (a new recipient paying late is covered from the day after payment, like the grace window).
 */
export function benefitTiming(year: YearRules, facts: TimingFacts): BenefitTiming {
  const { paymentDate, window } = facts;
  if (facts.newborn) return timing(facts.birthDate, window, 'newborn', null);
  const onTime = isOnTime(window);
  if (facts.newAidRecipient) {
    const benefitStart = onTime ? year.yearStart : maxDate(addDays(paymentDate, 1), year.yearStart);
    return timing(benefitStart, window, 'new-aid-recipient', null);
  }
  if (window === 'grace' && facts.continuous) return timing(addDays(paymentDate, 1), window, 'grace-window', null);
  const months = waitingMonths(facts.breakYears, onTime, facts.repairYears, year.waiting);
  const benefitStart = onTime
    ? addMonths(year.yearStart, months.waitingMonths)
    : maxDate(addDays(addMonths(paymentDate, months.waitingMonths), 1), year.yearStart);
  return timing(benefitStart, window, null, months);
}

/** One object shape for every outcome keeps the hot path monomorphic. */
function timing(
  benefitStart: IsoDate,
  paymentWindow: PaymentWindow,
  exemption: WaitingExemption,
  months: WaitingMonths | null,
): BenefitTiming {
  return {
    waitingMonths: months === null ? 0 : months.waitingMonths,
    fixedMonths: months === null ? 0 : months.fixedMonths,
    variableMonths: months === null ? 0 : months.variableMonths,
    repairedMonths: months === null ? 0 : months.repairedMonths,
    benefitStart,
    paymentWindow,
    exemption,
  };
}
