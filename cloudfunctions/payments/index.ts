import { PaymentsInput } from '../../shared/api/contract';
import type { PayOptionsOutput, PaymentsListOutput, PaymentsOrderOutput } from '../../shared/api/paymentOutputs';
import { defineFunction } from '../_core/handler';
import { cancelPayment } from '../_core/payments/cancel';
import { payOptions } from '../_core/payments/options';
import { getPayment, listPayments } from '../_core/payments/service';

/** My payments and receipts; one order's state while paying; cancelling a sheet; what 缴费 shows before ordering. */
export const main = defineFunction('payments', PaymentsInput, async (input, caller, app): Promise<PaymentsListOutput | PaymentsOrderOutput | PayOptionsOutput> => {
  switch (input.action) {
    case 'list':
      return listPayments(app, caller);
    case 'get':
      return { order: await getPayment(app, caller, input.orderId) };
    case 'cancel':
      return { order: await cancelPayment(app, caller, input.orderId) };
    case 'options':
      return payOptions(app, caller);
  }
});
