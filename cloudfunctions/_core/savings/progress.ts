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

export interface DepositProjection {
  /** Scheduled deposits still to come on or before the deadline. */
  remainingDeposits: number;
  /** Deposits of this amount still needed for the premium (deposits stop once it is covered). */
  depositsNeeded: number;
  /** What the savings toward the premium reach by the deadline: at most the premium. */
  projectedFen: number;
  /** The premium minus what the plan reaches; 0 when it is on track. */
  shortfallFen: number;
  /** The smallest deposit that would reach the premium in the remaining deposits; null when none remain. */
  sufficientDepositFen: number | null;
}

/**
 * Where a plan's remaining scheduled deposits take the savings by the deadline. Integer fen: the sufficient
 * deposit is rounded up, so that many deposits of it never fall a fen short.
 */
export function projectDeposits(balanceFen: number, dueFen: number, depositFen: number, remainingDeposits: number): DepositProjection {
  const needFen = Math.max(dueFen - Math.max(balanceFen, 0), 0);
  const projectedFen = Math.min(dueFen, Math.max(balanceFen, 0) + remainingDeposits * depositFen);
  return {
    remainingDeposits,
    depositsNeeded: Math.ceil(needFen / depositFen),
    projectedFen: Math.max(projectedFen, 0),
    shortfallFen: Math.max(dueFen - projectedFen, 0),
    sufficientDepositFen: remainingDeposits > 0 ? Math.ceil(needFen / remainingDeposits) : null,
  };
}
