import type { z } from 'zod';
import type { App } from '../app';
import type { Caller } from '../caller';
import { isoInstant, todayIn } from '../clock';
import { requireRole } from '../identity/access';
import type { EnterpriseCountRow, GigWorkerRow } from '../store/savings.port';
import { ENTERPRISE_TYPE_LABELS, type EnterpriseRateView, type EnterpriseRatesRequest, type EnterpriseSchema } from './contract';
import { addDays } from './schedule';
import { targetYear } from './target';

/**
 * Platform enterprises' gig-worker enrollment rates. Pilot §三(三)4: "对灵活就业人员在肥参保率显著提高的企业给予适当
 * 激励" — staff compare each enterprise's rate over time; what counts as a significant rise is theirs to decide
 * (the pilot names no threshold), so the rate and its change are shown, not judged.
 */

/** The same company typed with other spacing or full-width letters is one enterprise. */
export function enterpriseKey(type: GigWorkerRow['enterpriseType'], name: string): string {
  return `${type}:${name.normalize('NFKC').replace(/\s+/g, '').toLowerCase()}`;
}

export async function recordEnterprise(app: App, personId: string, enterprise: z.infer<typeof EnterpriseSchema>, at: string): Promise<void> {
  const name = enterprise.name.normalize('NFKC').trim();
  await app.store.upsertGigWorker({
    personId, enterpriseKey: enterpriseKey(enterprise.type, name), enterpriseName: name, enterpriseType: enterprise.type, recordedAt: at, updatedAt: at,
  });
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
    const rows = await app.store.countEnterpriseEnrollment(year);
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

/** Staff and fund staff: every enterprise's workers, enrolled, rate now, and the daily snapshots of the window. */
export async function enterpriseRates(app: App, caller: Caller, input: EnterpriseRatesRequest): Promise<{ benefitYear: number; asOf: string; enterprises: EnterpriseRateView[] }> {
  await requireRole(app, caller, ['staff', 'fund']);
  const today = todayIn(app.clock);
  const benefitYear = input.benefitYear ?? targetYear(today);
  const current = await app.store.countEnterpriseEnrollment(benefitYear);
  const snapshots = await app.store.listEnterpriseSnapshots(benefitYear, addDays(today, -(input.days - 1)), today);
  const enterprises = current.map((c) =>
    rateView(
      c,
      snapshots
        .filter((s) => s.enterpriseKey === c.enterpriseKey)
        .map((s) => ({ date: s.snapshotDate, workers: s.workers, enrolled: s.enrolled, rateBp: rateBp(s.enrolled, s.workers) })),
      today,
    ),
  );
  return { benefitYear, asOf: today, enterprises };
}
