import { CoverageInput } from '../../shared/api/contract';
import { coverage } from '../_core/coverage/service';
import { defineFunction } from '../_core/handler';

/** 我的参保: this and next year's coverage for the caller and linked relatives. */
export const main = defineFunction('coverage', CoverageInput, (_input, caller, app) => coverage(app, caller));
