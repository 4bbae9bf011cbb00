import { defineTimerFunction } from '../_core/handler';
import { reconcileDay, yesterday } from '../_core/reconciliation/service';

/** Every morning after WeChat publishes yesterday's trade bill: reconcile it and keep the report for fund staff. */
export const main = defineTimerFunction('reconcileDaily', async (_event, app) => {
  const result = await reconcileDay(app, yesterday(app));
  return { billDate: result.billDate, counts: result.counts };
});
