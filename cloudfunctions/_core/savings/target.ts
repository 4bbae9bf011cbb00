import { concentratedPeriod, params, quote as policyQuote, type Quote } from '../../../shared/policy';
import type { App } from '../app';
import { openPeriodYear } from '../agreements/deductions';
import { quoteRequestFor } from '../coverage/service';
import type { PersonRow, StoreOps } from '../store/port';

/**
 * The benefit year a worker is saving for: the year whose concentrated period is open (pilot §三(四): paid "在居民
 * 集中参保期结束前"), otherwise next year. In January a plan starts saving for the year after.
 */
export function targetYear(today: string): number {
  return openPeriodYear(today) ?? Number(today.slice(0, 4)) + 1;
}

export interface Target {
  benefitYear: number;
  paid: boolean;
  /** The server's quote for the year (totalFen is what the sweep pays); null when the year cannot be paid. */
  quote: Quote | null;
  dueFen: number | null;
  note?: string;
  periodEnd: string | null;
  /** True when today is inside the year's concentrated period: the only time savings are swept into it. */
  periodOpen: boolean;
}

/** Where a person stands for the year they save for: enrolled already, or what the rules engine charges today. */
export async function targetFor(app: App, person: PersonRow, today: string, store: StoreOps = app.store): Promise<Target> {
  const benefitYear = targetYear(today);
  const period = concentratedPeriod(params, benefitYear);
  const base = { benefitYear, periodEnd: period?.end ?? null, periodOpen: openPeriodYear(today) === benefitYear };
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
