import { RelativesInput } from '../../shared/api/contract';
import { defineFunction } from '../_core/handler';
import { relatives } from '../_core/identity/service';

/** List, add and remove the caller's 近亲属. */
export const main = defineFunction('relatives', RelativesInput, (input, caller, app) => relatives(app, caller, input));
