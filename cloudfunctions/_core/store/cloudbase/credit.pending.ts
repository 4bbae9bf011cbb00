import type { CreditStoreOps } from '../credit.port';

/** The credit operations have no CloudBase layout yet; each fails loudly (see notYetImplemented.ts). */
export const creditPendingOps: CreditStoreOps = {};
