import { EnterpriseRatesInput } from '../_core/savings/contract';
import { enterpriseRates } from '../_core/savings/enterprises';
import { defineFunction } from '../_core/handler';

/** Staff: platform enterprises' gig-worker enrollment rates and their change over time (pilot §三(三)4). */
export const main = defineFunction('enterpriseRates', EnterpriseRatesInput, async (input, caller, app): Promise<unknown> => enterpriseRates(app, caller, input));
