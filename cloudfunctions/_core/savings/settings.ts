import { z } from 'zod';
import { debitSettings } from '../agreements/settings';

/**
 * Operational settings of savings plans. None is policy: the pilot (§三(三)4, §三(四)) says gig workers may pay
 * by 零存整缴 and that deposits are taken at the time the worker chose; the amounts a single deposit may be,
 * how often a failed deposit is retried and how early a shortfall is announced are ours to tune.
 * The bank's debit hours and the age before an open debit is asked about are the deduction batch's (same bank).
 */
const Schema = z.object({
  /** The smallest deposit worth a bank debit (1 yuan). */
  SAVINGS_MIN_DEPOSIT_FEN: z.coerce.number().int().min(1).default(100),
  /** The largest single deposit, also the per-debit limit agreed in the bank contract (unless the premium is higher). */
  SAVINGS_MAX_DEPOSIT_FEN: z.coerce.number().int().min(1).default(100_000),
  /** Attempts per scheduled deposit (one per run); after that the day is given up and the next scheduled day counts. */
  SAVINGS_DEPOSIT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /**
   * Days before the deadline (the concentrated period's end, or an employee insurance month's end) when a shortfall is
   * announced and, if agreed, topped up. At most 27, so a month's window never starts before the month before it ends.
   */
  SAVINGS_SHORTFALL_LEAD_DAYS: z.coerce.number().int().min(0).max(27).default(14),
  /** How many months, from the current one, a worker may choose to save employee insurance contributions for. */
  SAVINGS_EMPLOYEE_MONTHS_AHEAD: z.coerce.number().int().min(1).max(24).default(12),
  /**
   * The largest monthly amount the app accepts as typed from a contribution bill: a guard against a misplaced
   * decimal point, not a policy limit (the amount itself is the collecting authority's, on the worker's bill).
   */
  SAVINGS_MAX_MONTHLY_CONTRIBUTION_FEN: z.coerce.number().int().min(1).default(1_000_000),
  /**
   * The smallest: the same guard the other way (a 500-yuan bill typed as 5, or as 0.01). A month paid from savings
   * cannot be given back here, so a slip would cost the worker that month; 100 yuan is below any monthly amount a
   * bill of flexible-employment employee insurance could carry, and no policy figure.
   */
  SAVINGS_MIN_MONTHLY_CONTRIBUTION_FEN: z.coerce.number().int().min(1).default(10_000),
});

export function savingsSettings(env: NodeJS.ProcessEnv = process.env) {
  const s = Schema.parse(env);
  const debits = debitSettings(env);
  return {
    minDepositFen: s.SAVINGS_MIN_DEPOSIT_FEN,
    maxDepositFen: Math.max(s.SAVINGS_MAX_DEPOSIT_FEN, s.SAVINGS_MIN_DEPOSIT_FEN),
    maxAttempts: s.SAVINGS_DEPOSIT_MAX_ATTEMPTS,
    shortfallLeadDays: s.SAVINGS_SHORTFALL_LEAD_DAYS,
    employeeMonthsAhead: s.SAVINGS_EMPLOYEE_MONTHS_AHEAD,
    maxMonthlyContributionFen: s.SAVINGS_MAX_MONTHLY_CONTRIBUTION_FEN,
    minMonthlyContributionFen: Math.min(s.SAVINGS_MIN_MONTHLY_CONTRIBUTION_FEN, s.SAVINGS_MAX_MONTHLY_CONTRIBUTION_FEN),
    fromHour: debits.fromHour,
    toHour: debits.toHour,
    settleMinAgeMs: debits.settleMinAgeMs,
  };
}
