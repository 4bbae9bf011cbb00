import { z } from 'zod';
import { BANK_MAX_CLOCK_SKEW_SECONDS } from '../channels/bank';

/**
 * Operational settings of scheduled debits (not policy: the policy says "debit before the period ends, with
 * a notice first, retrying until the last day"; how early the notice goes and how often we retry is ours).
 */
const Schema = z.object({
  DEBIT_NOTICE_LEAD_HOURS: z.coerce.number().int().min(0).max(24 * 30).default(72),
  // Every third day, and enough attempts to reach the period's last day (about 73 days): D17 retries "until the last
  // day". A cap of 10 daily tries gave up ten days in, two months before the period closed.
  DEBIT_RETRY_INTERVAL_HOURS: z.coerce.number().int().min(0).max(24 * 30).default(72),
  DEBIT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(100),
  /** The bank accepts entrusted debits only inside these hours (Asia/Shanghai); we do not ask outside them. */
  BANK_DEBIT_HOURS: z.string().regex(/^\d{2}-\d{2}$/).default('06-22'),
  // A debit (or savings deposit) the bank answers 404 for is ended as never received, and the next try sends a new id:
  // safe only once no request of ours signed before the question can still be taken. The bank takes a request up to
  // BANK_MAX_CLOCK_SKEW_SECONDS from its own clock, and ours is within that of it: twice the window. (A minute let a
  // request delayed in the network land after its debit was ended, and the retry charge the person again.)
  DEBIT_SETTLE_MIN_AGE_SECONDS: z.coerce.number().int().min(0).max(3600).default(2 * BANK_MAX_CLOCK_SKEW_SECONDS),
  // One batch at a time, and one savings deposit run at a time (batchLease.ts): a run holds its lease this long past
  // its last page, so one killed mid-run blocks the next only that long. A timer that finds it held waits this long for it, then leaves the work to it.
  // The bank contract's per-debit limit, as a share of the coming year's standard: room for the rises of years to come.
  DEBIT_CAP_PERCENT_OF_STANDARD: z.coerce.number().int().min(100).max(500).default(150),
  DEBIT_BATCH_LEASE_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(900),
  DEBIT_BATCH_LEASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(0),
});

export function debitSettings(env: NodeJS.ProcessEnv = process.env) {
  const s = Schema.parse(env);
  const [fromHour, toHour] = s.BANK_DEBIT_HOURS.split('-').map(Number);
  return {
    noticeLeadMs: s.DEBIT_NOTICE_LEAD_HOURS * 3600_000,
    retryIntervalMs: s.DEBIT_RETRY_INTERVAL_HOURS * 3600_000,
    maxAttempts: s.DEBIT_MAX_ATTEMPTS,
    fromHour,
    toHour,
    settleMinAgeMs: s.DEBIT_SETTLE_MIN_AGE_SECONDS * 1000,
    capPercentOfStandard: s.DEBIT_CAP_PERCENT_OF_STANDARD,
    batchLeaseMs: s.DEBIT_BATCH_LEASE_SECONDS * 1000,
    batchLeaseWaitMs: s.DEBIT_BATCH_LEASE_WAIT_SECONDS * 1000,
  };
}

/**
 * Old enough that no call of ours signed before `updatedAt` (a signing, a debit) can still reach the bank: only then
 * may the bank's 404 for it be taken as "never received" (DEBIT_SETTLE_MIN_AGE_SECONDS). Savings use the same age.
 */
export function settleAgeReached(nowMs: number, updatedAt: string): boolean {
  return Date.parse(updatedAt) + debitSettings().settleMinAgeMs <= nowMs;
}
