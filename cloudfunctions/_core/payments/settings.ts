import { z } from 'zod';

/**
 * Operational settings of payments (not policy: no premium, rate or policy date lives here). Defaults suit
 * production; tests and the local runtime shorten them through the environment.
 */
const SettingsSchema = z.object({
  /** How long a payer has to complete a WeChat payment before the order is closed. */
  PAYMENT_EXPIRE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** The janitor leaves orders younger than this alone: their callback is probably on its way. */
  JANITOR_MIN_AGE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** The oldest statement day a reconciliation run may fetch: WeChat Pay serves trade bills for three months. */
  RECONCILIATION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export function paymentSettings(env: NodeJS.ProcessEnv = process.env) {
  const s = SettingsSchema.parse(env);
  return { expireMinutes: s.PAYMENT_EXPIRE_MINUTES, janitorMinAgeSeconds: s.JANITOR_MIN_AGE_SECONDS, reconciliationMaxAgeDays: s.RECONCILIATION_MAX_AGE_DAYS };
}
