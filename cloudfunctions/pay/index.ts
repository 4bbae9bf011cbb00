import { PayInput } from '../../shared/api/contract';
import type { PayOutput } from '../../shared/api/paymentOutputs';
import { defineFunction } from '../_core/handler';
import { startPayment } from '../_core/payments/service';

/** Pay for oneself, verified relatives and future years: priced here, paid by personal account and/or WeChat Pay. */
export const main = defineFunction('pay', PayInput, (input, caller, app): Promise<PayOutput> => startPayment(app, caller, input));
