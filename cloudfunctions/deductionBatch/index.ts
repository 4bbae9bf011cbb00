import { runDeductionBatch } from '../_core/agreements/deductions';
import { settleStaleSignings } from '../_core/agreements/service';
import { defineTimerFunction } from '../_core/handler';
import { errorText, log } from '../_core/log';

/**
 * Hourly: signings whose answer was lost are settled (all year), then, during the concentrated period, notices and
 * entrusted debits for every active auto-renewal. A failure settling signings is logged and never keeps the debits
 * from running: they are the money people are told is coming.
 */
export const main = defineTimerFunction('deductionBatch', async (_event, app) => {
  const signing = await settleStaleSignings(app).catch((error: unknown) => {
    log('error', 'agreements.signing-settle-failed', { error: errorText(error) });
    return null;
  });
  return { ...(await runDeductionBatch(app)), signing };
});
