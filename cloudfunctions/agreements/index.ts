import { AgreementsInput } from '../../shared/api/contract';
import { agreements } from '../_core/agreements/service';
import { defineFunction } from '../_core/handler';

/** Auto-renewal agreements (续约协议): list, sign (bank account or WeChat Pay 委托代扣 contract), pause, resume, cancel. */
export const main = defineFunction('agreements', AgreementsInput, async (input, caller, app): Promise<unknown> => agreements(app, caller, input));
