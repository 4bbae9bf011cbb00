import { ReconciliationInput, type ReconciliationTodayOutput } from '../../shared/api/contract';
import { todayIn } from '../_core/clock';
import { defineFunction } from '../_core/handler';
import { hasRole, requireRole } from '../_core/identity/access';
import { listHeldMoney } from '../_core/reconciliation/heldMoney';
import { payOutHeld } from '../_core/reconciliation/payOut';
import { reconcileDay, storedReconciliation } from '../_core/reconciliation/service';

/**
 * Fund staff: a statement day's reconciliation report of one channel (WeChat Pay unless `channel` says bank), or
 * run it again now. Differences are listed, never corrected. `today` answers the functions' business day, from
 * which the page offers 今天 / 昨天: a phone's clock or time zone may be wrong, and the local runtime pins its day.
 * `held` lists the money code cannot finish, for staff to investigate; `payOut` (fund staff only) records one paid
 * to its person by another route (heldMoney.ts, payOut.ts).
 */
export const main = defineFunction('reconciliation', ReconciliationInput, async (input, caller, app) => {
  await requireRole(app, caller, ['fund', 'staff']);
  if (input.action === 'today') return { today: todayIn(app.clock) } satisfies ReconciliationTodayOutput;
  if (input.action === 'held') return listHeldMoney(app, await hasRole(app, caller, ['fund']));
  if (input.action === 'payOut') {
    // Moving money is fund staff's; other staff read the list.
    await requireRole(app, caller, ['fund'], '该操作仅限基金管理人员办理');
    const { notified } = await payOutHeld(app, caller, input);
    return { ...(await listHeldMoney(app, true)), notified };
  }
  return input.action === 'run' ? reconcileDay(app, input.billDate, input.channel) : storedReconciliation(app, input.billDate, input.channel);
});
