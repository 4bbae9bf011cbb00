import { MeInput } from '../../shared/api/contract';
import { defineFunction } from '../_core/handler';
import { me } from '../_core/identity/service';

/** Who am I: creates the account on first call and says whether identity is bound. */
export const main = defineFunction('me', MeInput, (_input, caller, app) => me(app, caller));
