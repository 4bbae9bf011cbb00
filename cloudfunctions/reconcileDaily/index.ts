import { AppError } from '../_core/errors';
import { defineTimerFunction } from '../_core/handler';
import { log } from '../_core/log';
import { reconcileDay, yesterday, type ReconciliationReport } from '../_core/reconciliation/service';
import type { ReconciliationChannel } from '../_core/store/port';

const CHANNELS: readonly ReconciliationChannel[] = ['wechatpay', 'bank'];

/**
 * Every morning after WeChat publishes yesterday's trade bill (the bank's statement of a past day is final by
 * then too): reconcile both and keep the reports for fund staff. One channel failing to answer does not stop
 * the other; the failure is logged and fails the run, so the timer's failure shows, and staff can run that
 * channel again from the 对账 page.
 */
export const main = defineTimerFunction('reconcileDaily', async (_event, app) => {
  const billDate = yesterday(app);
  const counts: Partial<Record<ReconciliationChannel, ReconciliationReport['counts']>> = {};
  const failed: ReconciliationChannel[] = [];
  for (const channel of CHANNELS) {
    try {
      counts[channel] = (await reconcileDay(app, billDate, channel)).counts;
    } catch (error) {
      log('error', 'reconciliation.failed', { channel, billDate, error: error instanceof Error ? error.message : String(error) });
      failed.push(channel);
    }
  }
  if (failed.length > 0) throw new AppError('INTERNAL', `${billDate} 对账未完成（${failed.join('、')}），请稍后重试`);
  return { billDate, counts: counts.wechatpay, bankCounts: counts.bank };
});
