/**
 * How far a worker's savings go toward the year's premium, and what part of them is free to take out.
 * Pure arithmetic in fen; the percentage is rounded down, so 100% is shown only when the premium is covered.
 */
export interface Progress {
  /** Savings counted toward the premium: at most the premium. */
  progressFen: number;
  progressPercent: number;
  shortfallFen: number;
}

export function savingsProgress(balanceFen: number, dueFen: number, paid: boolean): Progress {
  if (paid || dueFen <= 0) return { progressFen: Math.max(dueFen, 0), progressPercent: 100, shortfallFen: 0 };
  const progressFen = Math.min(Math.max(balanceFen, 0), dueFen);
  return { progressFen, progressPercent: Math.floor((progressFen * 100) / dueFen), shortfallFen: dueFen - progressFen };
}

/**
 * D17: "any saved balance beyond the premium stays theirs and is withdrawable". While a live plan still has
 * an unpaid premium to save for, that much is kept back; once the year is paid, or the plan has ended,
 * everything in the savings account is the worker's to take out.
 */
export function reservedFen(balanceFen: number, dueFen: number | null, paid: boolean, planLive: boolean): number {
  if (!planLive || paid || dueFen === null) return 0;
  return Math.min(Math.max(balanceFen, 0), Math.max(dueFen, 0));
}

export function withdrawableFen(balanceFen: number, reserved: number): number {
  return Math.max(balanceFen - reserved, 0);
}

/** The last days of the concentrated period, when a worker who has not saved enough is reminded (and topped up). */
export function inShortfallWindow(today: string, periodEnd: string, leadDays: number): boolean {
  const endMs = Date.parse(`${periodEnd}T00:00:00Z`);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  return todayMs <= endMs && todayMs >= endMs - leadDays * 86_400_000;
}
