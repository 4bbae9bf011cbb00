import { runDeductionBatch } from '../_core/agreements/deductions';
import { defineTimerFunction } from '../_core/handler';

/** Hourly during the concentrated period: notices, then entrusted debits for every active auto-renewal. */
export const main = defineTimerFunction('deductionBatch', (_event, app) => runDeductionBatch(app));
