import { concentratedPeriod, params, quote as policyQuote, type Quote } from '../../../shared/policy';
import type { App } from '../app';
import { openPeriodYear } from '../agreements/deductions';
import { quoteRequestFor } from '../coverage/service';
import type { PersonRow, StoreOps } from '../store/port';
import type { SavingsTargetChoice } from '../store/savings.port';
import { type EmployeeMonthsChoice, employeeMonthsTitle, type MonthsStanding, monthsLabel, monthsStanding } from './employeeMonths';

/**
 * The benefit year a worker is saving for: the year whose concentrated period is open (pilot §三(四): paid "在居民
 * 集中参保期结束前"), otherwise next year. In January a plan starts saving for the year after.
 */
export function targetYear(today: string): number {
  return openPeriodYear(today) ?? Number(today.slice(0, 4)) + 1;
}

export interface Target {
  kind: SavingsTargetChoice['kind'];
  /** The resident premium's benefit year; for employee insurance months, the year of the first chosen month. */
  benefitYear: number;
  /** What reminders and the top-up are keyed by: the benefit year, or `months:<first open month>`. */
  key: string;
  /** What the savings are for, as the worker reads it: 2027年度居民医保费, 职工医保（灵活就业）2027年1月至3月. */
  label: string;
  paid: boolean;
  /** The server's quote for the resident year (totalFen is what the sweep pays); null otherwise. */
  quote: Quote | null;
  dueFen: number | null;
  note?: string;
  /** The deadline: the concentrated period's last day, or the last day of the first month still to pay. */
  periodEnd: string | null;
  /** True when savings may be swept into the target today. */
  periodOpen: boolean;
  /** Employee insurance months only: where each chosen month stands. */
  months?: MonthsStanding & { monthlyFen: number; chosen: string[] };
}

/** Where a person stands for the year they save for: enrolled already, or what the rules engine charges today. */
async function residentTarget(app: App, person: PersonRow, today: string, store: StoreOps, benefitYear = targetYear(today)): Promise<Target> {
  const period = concentratedPeriod(params, benefitYear);
  const base = {
    kind: 'resident' as const, benefitYear, key: String(benefitYear), label: `${benefitYear}年度居民医保费`,
    periodEnd: period?.end ?? null, periodOpen: openPeriodYear(today) === benefitYear,
  };
  const enrollments = await store.listEnrollments([person.personId]);
  if (enrollments.some((e) => e.benefitYear === benefitYear)) return { ...base, paid: true, quote: null, dueFen: null };
  if ((await store.listSavingsSweeps(person.personId)).some((s) => s.benefitYear === benefitYear)) {
    // Paid from savings once and no longer enrolled: refunded (D15, the money went back to the savings) or
    // suspended. Savings are not kept back for it, nor swept into it again (sweep.ts); the worker may pay in the app.
    return { ...base, paid: false, quote: null, dueFen: null, note: `${benefitYear} 年度已从存款缴费后退费，零存整缴不再为该年度自动缴费` };
  }
  const priced = policyQuote(await quoteRequestFor(app, person, benefitYear, enrollments, today), today);
  if ('error' in priced) return { ...base, paid: false, quote: null, dueFen: null, note: priced.error.message };
  return { ...base, paid: false, quote: priced, dueFen: priced.totalFen };
}

/** The months a person has paid from savings, whichever plan paid them. */
export async function paidEmployeeMonths(store: StoreOps, personId: string): Promise<Set<string>> {
  return new Set((await store.listEmployeeContributions(personId)).flatMap((c) => c.months));
}

/**
 * Employee insurance months: the open months (chosen, unpaid, not ended) at the worker's monthly amount, due by
 * the end of the first of them. Months that ended unpaid are said in the note; nothing is kept back for them.
 */
async function monthsTarget(choice: EmployeeMonthsChoice, person: PersonRow, today: string, store: StoreOps): Promise<Target> {
  const standing = monthsStanding(choice, await paidEmployeeMonths(store, person.personId), today);
  const chosen = [...new Set(choice.months)].sort();
  const missed = standing.missed.length === 0
    ? ''
    : `${monthsLabel(standing.missed)}已过缴费月份，未能从存款缴费；如需补缴，请咨询医保经办机构。${
      standing.open.length === 0 ? '在您选择新的月份之前，不再从银行卡存入。' : ''
    }`;
  const paid = standing.open.length === 0 && standing.missed.length === 0;
  return {
    kind: 'employee-months', benefitYear: Number(chosen[0].slice(0, 4)), key: `months:${standing.open[0] ?? chosen[0]}`,
    label: employeeMonthsTitle(standing.open.length > 0 ? standing.open : chosen),
    paid, quote: null, dueFen: standing.open.length > 0 ? standing.dueFen : null, periodEnd: standing.deadline, periodOpen: standing.open.length > 0,
    months: { ...standing, monthlyFen: choice.monthlyFen, chosen },
    ...(missed ? { note: missed } : {}),
  };
}

/** What the worker's savings are for today: the plan's chosen target (the resident premium when none is chosen). */
export async function targetFor(app: App, person: PersonRow, today: string, choice?: SavingsTargetChoice, store: StoreOps = app.store): Promise<Target> {
  if (choice?.kind === 'employee-months') return monthsTarget(choice, person, today, store);
  return residentTarget(app, person, today, store);
}

/**
 * What deposits are saving for today: the target, or, once its resident year is paid (from the savings or any other
 * way), the year after it. So deposits stop once that next premium is saved (depositsCovered), not never.
 */
export async function depositTarget(app: App, person: PersonRow, today: string, target: Target, store: StoreOps = app.store): Promise<Target> {
  if (target.kind !== 'resident' || !target.paid) return target;
  return residentTarget(app, person, today, store, target.benefitYear + 1);
}

/** Saved enough for what deposits are for, not yet paid: no more of the worker's money is parked with us until it is. */
export function depositsCovered(saving: Target, balanceFen: number): boolean {
  return !saving.paid && saving.dueFen !== null && balanceFen >= saving.dueFen;
}
