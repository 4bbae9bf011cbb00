import { RefundsInput, type RestoreOutput } from '../../shared/api/contract';
import type { RefundOutput, RefundsListOutput } from '../../shared/api/paymentOutputs';
import { defineFunction } from '../_core/handler';
import { getRefund, listRefunds, requestRefund } from '../_core/payments/refunds';
import { restoreSuspendedYear } from '../_core/coverage/restore';

/** Request a refund (D15) and follow it; staff restore a year a refund suspended. */
export const main = defineFunction('refunds', RefundsInput, async (input, caller, app): Promise<RefundOutput | RefundsListOutput | RestoreOutput> => {
  if (input.action === 'request') return { refund: await requestRefund(app, caller, input) };
  if (input.action === 'restore') return { restored: await restoreSuspendedYear(app, caller, input) };
  if (input.action === 'get') return { refund: await getRefund(app, caller, input.refundId) };
  return listRefunds(app, caller);
});
