import { BenefitStatusInput } from '../_core/credit/contract';
import { benefitStatusFor } from '../_core/credit/status';
import { defineFunction } from '../_core/handler';

/** Benefit status on a date (active / waiting / suspended / not enrolled / repay first), with a Chinese reason. */
export const main = defineFunction('benefitStatus', BenefitStatusInput, async (input, caller, app): Promise<unknown> => benefitStatusFor(app, caller, input));
