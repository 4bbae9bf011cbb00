import { RefundsInput } from '../../shared/api/contract';
import type { RefundOutput, RefundsListOutput } from '../../shared/api/paymentOutputs';
import { defineFunction } from '../_core/handler';
import { getRefund, listRefunds, requestRefund } from '../_core/payments/refunds';

/** Request a refund (D15) and follow it. */
export const main = defineFunction('refunds', RefundsInput, async (input, caller, app): Promise<RefundOutput | RefundsListOutput> => {
  if (input.action === 'request') return { refund: await requestRefund(app, caller, input) };
  if (input.action === 'get') return { refund: await getRefund(app, caller, input.refundId) };
  return listRefunds(app, caller);
});
