import type { z } from 'zod';
import type { App } from '../app';
import type { Caller } from '../caller';
import { isoInstant, todayIn } from '../clock';
import { requireRole } from '../identity/access';
import { findPlatform, normaliseEnterpriseName } from '../../../shared/enterprises/platforms';
import type { EnterpriseCountRow, EnterpriseSnapshotRow, GigWorkerRow } from '../store/savings.port';
import { ENTERPRISE_TYPE_LABELS, type EnterpriseRateView, type EnterpriseRatesRequest, type EnterpriseSchema } from './contract';
import { addDays } from './schedule';
import { openPeriodYear } from '../agreements/deductions';
import { targetYear } from './target';

/**
 * Platform enterprises' gig-worker enrollment rates. Pilot §三(三)4: "对灵活就业人员在肥参保率显著提高的企业给予适当
 * 激励" — staff compare each enterprise's rate over time; what counts as a significant rise is theirs to decide
 * (the pilot names no threshold), so the rate and its change are shown, not judged.
 */

/** What a worker's enterprise is recorded as: a listed platform under its own name and type, or the name as typed. */
export function resolveEnterprise(type: GigWorkerRow['enterpriseType'], typedName: string): Pick<GigWorkerRow, 'enterpriseKey' | 'enterpriseName' | 'enterpriseType'> {
  const platform = findPlatform(typedName, type);
  if (platform) return { enterpriseKey: `platform:${platform.code}`, enterpriseName: platform.name, enterpriseType: platform.type };
  const name = typedName.normalize('NFKC').trim();
  // The same company typed with other spacing, punctuation or full-width letters is one enterprise.
  return { enterpriseKey: `${type}:${normaliseEnterpriseName(name) || name}`, enterpriseName: name, enterpriseType: type };
}

export async function recordEnterprise(app: App, personId: string, enterprise: z.infer<typeof EnterpriseSchema>, at: string): Promise<void> {
  await app.store.upsertGigWorker({ personId, ...resolveEnterprise(enterprise.type, enterprise.name), recordedAt: at, updatedAt: at });
}

/**
 * Counts re-keyed by today's directory and summed: a worker recorded before a spelling joined the list (or under a
 * key an older rule made) counts with the enterprise it means, in the rates and in the snapshots alike.
 */
export function mergeByEnterprise<T extends EnterpriseCountRow>(rows: readonly T[]): T[] {
  const merged = new Map<string, T>();
  for (const row of rows) {
    const resolved = resolveEnterprise(row.enterpriseType, row.enterpriseName);
    const seen = merged.get(resolved.enterpriseKey);
    merged.set(resolved.enterpriseKey, seen
      ? { ...seen, workers: seen.workers + row.workers, enrolled: seen.enrolled + row.enrolled }
      : { ...row, ...resolved });
  }
  return [...merged.values()].sort((a, b) => (a.enterpriseKey < b.enterpriseKey ? -1 : a.enterpriseKey > b.enterpriseKey ? 1 : 0));
}

/** enrolled / workers in basis points, rounded down: an integer that never overstates the rate. */
export function rateBp(enrolled: number, workers: number): number {
  return workers === 0 ? 0 : Math.floor((enrolled * 10_000) / workers);
}

export function rateLabel(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(Math.floor((bp % 100) / 10))}%`;
}

/** The daily snapshot the deposit run writes: this year and the year being saved for. Re-running a day replaces it. */
export async function snapshotEnterpriseRates(app: App): Promise<{ benefitYear: number; enterprises: number }[]> {
  const today = todayIn(app.clock);
  const years = [...new Set([Number(today.slice(0, 4)), targetYear(today)])];
  const taken: { benefitYear: number; enterprises: number }[] = [];
  for (const year of years) {
    const rows = mergeByEnterprise(await app.store.countEnterpriseEnrollment(year));
    await app.store.saveEnterpriseSnapshot(today, year, rows, isoInstant(app.clock));
    taken.push({ benefitYear: year, enterprises: rows.length });
  }
  return taken;
}

function rateView(current: EnterpriseCountRow, history: EnterpriseRateView['history'], today: string): EnterpriseRateView {
  const bp = rateBp(current.enrolled, current.workers);
  // The change over the window counts from its first day before today: today's own snapshot compared with now
  // is no history, and would print "0.0 个百分点" for an enterprise first seen today.
  const since = history.find((h) => h.date < today);
  return {
    enterpriseKey: current.enterpriseKey, name: current.enterpriseName, type: current.enterpriseType, typeLabel: ENTERPRISE_TYPE_LABELS[current.enterpriseType],
    workers: current.workers, enrolled: current.enrolled, rateBp: bp, rateLabel: rateLabel(bp), history,
    changeBp: since ? bp - since.rateBp : null,
  };
}

/** Snapshots by day, in the order the store gave them (by date). */
function groupByDate(rows: readonly EnterpriseSnapshotRow[]): Map<string, EnterpriseSnapshotRow[]> {
  const days = new Map<string, EnterpriseSnapshotRow[]>();
  for (const row of rows) {
    const day = days.get(row.snapshotDate);
    if (day) day.push(row);
    else days.set(row.snapshotDate, [row]);
  }
  return days;
}

/**
 * The years staff can look at, the default first: the year being collected while its concentrated period is open,
 * otherwise the current year (in January the year just collected is the one whose rate means something; the next
 * one has hardly begun). Both are snapshotted daily (snapshotEnterpriseRates).
 */
export function rateYears(today: string): number[] {
  const current = Number(today.slice(0, 4));
  const collecting = openPeriodYear(today);
  return [...new Set(collecting !== null ? [collecting, current] : [current, targetYear(today)])];
}

/** Staff and fund staff: every enterprise's workers, enrolled, rate now, and the daily snapshots of the window. */
export async function enterpriseRates(app: App, caller: Caller, input: EnterpriseRatesRequest): Promise<{ benefitYear: number; years: number[]; asOf: string; enterprises: EnterpriseRateView[] }> {
  await requireRole(app, caller, ['staff', 'fund']);
  const today = todayIn(app.clock);
  const years = rateYears(today);
  const benefitYear = input.benefitYear ?? years[0];
  const current = mergeByEnterprise(await app.store.countEnterpriseEnrollment(benefitYear));
  const stored = await app.store.listEnterpriseSnapshots(benefitYear, addDays(today, -(input.days - 1)), today);
  // One pass to group a window of snapshots (up to a year of days, by enterprise), not a scan per day or per enterprise.
  const history = new Map<string, EnterpriseRateView['history']>();
  for (const day of groupByDate(stored).values()) {
    for (const s of mergeByEnterprise(day)) {
      const line = history.get(s.enterpriseKey) ?? [];
      line.push({ date: s.snapshotDate, workers: s.workers, enrolled: s.enrolled, rateBp: rateBp(s.enrolled, s.workers) });
      history.set(s.enterpriseKey, line);
    }
  }
  const enterprises = current.map((c) => rateView(c, history.get(c.enterpriseKey) ?? [], today));
  return { benefitYear, years, asOf: today, enterprises };
}
