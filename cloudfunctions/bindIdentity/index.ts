import { BindIdentityInput } from '../../shared/api/contract';
import { defineFunction } from '../_core/handler';
import { bindIdentity } from '../_core/identity/service';

/** Real-name binding of the caller's WeChat account to a person in the population registry. */
export const main = defineFunction('bindIdentity', BindIdentityInput, (input, caller, app) => bindIdentity(app, caller, input));
