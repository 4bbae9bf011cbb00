import { CreditInput } from '../_core/credit/contract';
import { credit } from '../_core/credit/service';
import { defineFunction } from '../_core/handler';

/** Credit enrollment (信用参保, D16): eligibility, sign a bank advance, list, repay. */
export const main = defineFunction('credit', CreditInput, async (input, caller, app): Promise<unknown> => credit(app, caller, input));
