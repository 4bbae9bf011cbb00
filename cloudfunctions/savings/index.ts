import { SavingsInput } from '../_core/savings/contract';
import { savings } from '../_core/savings/service';
import { defineFunction } from '../_core/handler';

/** 零存整缴 (D17): a gig worker's savings plan — get, setup, estimate, pause, resume, cancel, withdraw (once per requestId), history. */
export const main = defineFunction('savings', SavingsInput, async (input, caller, app): Promise<unknown> => savings(app, caller, input));
