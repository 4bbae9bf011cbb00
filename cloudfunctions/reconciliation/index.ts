import { ReconciliationInput } from '../../shared/api/contract';
import { defineFunction } from '../_core/handler';
import { requireRole } from '../_core/identity/access';
import { reconcileDay, storedReconciliation } from '../_core/reconciliation/service';

/**
 * Fund staff: a statement day's reconciliation report of one channel (WeChat Pay unless `channel` says bank), or
 * run it again now. Differences are listed, never corrected.
 */
export const main = defineFunction('reconciliation', ReconciliationInput, async (input, caller, app) => {
  await requireRole(app, caller, ['fund', 'staff']);
  return input.action === 'run' ? reconcileDay(app, input.billDate, input.channel) : storedReconciliation(app, input.billDate, input.channel);
});
