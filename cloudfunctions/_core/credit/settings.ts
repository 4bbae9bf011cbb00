import { z } from 'zod';
import { BANK_MAX_CLOCK_SKEW_SECONDS } from '../channels/bank';

/**
 * Operational settings of credit enrollment. Not policy: the policy fixes the interest-free period (params/credit.json)
 * and the consequences of being overdue; when we remind people and how long we wait before asking the bank about a
 * lost answer is ours to choose.
 */
const DaysListSchema = z
  .string()
  .regex(/^\d{1,3}(,\d{1,3})*$/, 'CREDIT_REMINDER_DAYS: days before the due date, comma separated, e.g. 7,1')
  .transform((text) => [...new Set(text.split(',').map(Number))].sort((a, b) => a - b));

const Schema = z.object({
  /** Reminders go out this many days before the due date (a missed day's reminder goes out at the next run). */
  CREDIT_REMINDER_DAYS: DaysListSchema.default([1, 7]),
  /**
   * An advance or repayment without an answer is asked about once it is at least this old: one the bank answers 404
   * for is ended as never received, safe only once no request of ours can still be taken (agreements/settings.ts).
   */
  CREDIT_SETTLE_MIN_AGE_SECONDS: z.coerce.number().int().min(0).max(3600).default(2 * BANK_MAX_CLOCK_SKEW_SECONDS),
  /**
   * Money collected by WeChat Pay that the bank has still not taken this long after (the janitor sends it again every
   * pass) is put before fund staff: by then a rejection is not passing, and the person is still shown 还款确认中.
   */
  CREDIT_REMITTANCE_ALERT_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
});

export interface CreditSettings {
  /** Ascending. */
  reminderDays: number[];
  settleMinAgeMs: number;
  remittanceAlertMs: number;
}

export function creditSettings(env: NodeJS.ProcessEnv = process.env): CreditSettings {
  const s = Schema.parse(env);
  return {
    reminderDays: s.CREDIT_REMINDER_DAYS, settleMinAgeMs: s.CREDIT_SETTLE_MIN_AGE_SECONDS * 1000,
    remittanceAlertMs: s.CREDIT_REMITTANCE_ALERT_MINUTES * 60_000,
  };
}
