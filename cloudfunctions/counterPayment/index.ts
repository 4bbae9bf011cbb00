import { CounterPaymentInput } from '../../shared/api/contract';
import { defineFunction } from '../_core/handler';
import { recordCounterPayment } from '../_core/payments/counter';

/** Staff: record a cash payment taken at a service counter, once per paper receipt. */
export const main = defineFunction('counterPayment', CounterPaymentInput, (input, caller, app) => recordCounterPayment(app, caller, input));
