import { ReconciliationInput } from '../../shared/api/contract';
import { defineFunction } from '../_core/handler';
import { requireRole } from '../_core/identity/access';
import { reconcileDay, storedReconciliation } from '../_core/reconciliation/service';

/** Fund staff: a statement day's reconciliation report, or run it again now. Differences are listed, never corrected. */
export const main = defineFunction('reconciliation', ReconciliationInput, async (input, caller, app) => {
  await requireRole(app, caller, ['fund', 'staff']);
  return input.action === 'run' ? reconcileDay(app, input.billDate) : storedReconciliation(app, input.billDate);
});
