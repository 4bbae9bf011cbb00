import { runDeductionBatch } from '../_core/agreements/deductions';
import { settleStaleSignings } from '../_core/agreements/service';
import { defineTimerFunction } from '../_core/handler';

/**
 * Hourly: signings whose answer was lost are settled (all year), then, during the concentrated period, notices and
 * entrusted debits for every active auto-renewal.
 */
export const main = defineTimerFunction('deductionBatch', async (_event, app) => {
  const signing = await settleStaleSignings(app);
  return { ...(await runDeductionBatch(app)), signing };
});
