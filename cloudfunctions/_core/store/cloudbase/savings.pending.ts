import type { SavingsStoreOps } from '../savings.port';

/** The savings operations have no CloudBase layout yet; each fails loudly (see notYetImplemented.ts). */
export const savingsPendingOps: SavingsStoreOps = {};
