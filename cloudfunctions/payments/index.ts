import { PaymentsInput } from '../../shared/api/contract';
import { defineFunction } from '../_core/handler';
import { getPayment, listPayments } from '../_core/payments/service';

/** My payments and receipts; one order's state while paying. */
export const main = defineFunction('payments', PaymentsInput, async (input, caller, app): Promise<unknown> =>
  input.action === 'list' ? listPayments(app, caller) : { order: await getPayment(app, caller, input.orderId) },
);
