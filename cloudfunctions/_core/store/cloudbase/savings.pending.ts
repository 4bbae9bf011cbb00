import type { SavingsStoreOps } from '../savings.port';
import { NotImplementedInCloudbase } from './notYetImplemented';

const refuse = (method: keyof SavingsStoreOps) => async (): Promise<never> => {
  throw new NotImplementedInCloudbase(method);
};

/**
 * The savings operations have no CloudBase layout yet; each fails loudly (see notYetImplemented.ts), so a cloud
 * deployment can never silently skip a deposit, a withdrawal or a premium paid from savings.
 */
export const savingsPendingOps: SavingsStoreOps = {
  insertSavingsPlan: refuse('insertSavingsPlan'),
  getSavingsPlan: refuse('getSavingsPlan'),
  findLiveSavingsPlan: refuse('findLiveSavingsPlan'),
  findSavingsPlanByContract: refuse('findSavingsPlanByContract'),
  listSavingsPlans: refuse('listSavingsPlans'),
  transitionSavingsPlan: refuse('transitionSavingsPlan'),
  updateSavingsPlanTerms: refuse('updateSavingsPlanTerms'),
  listSavingsPlansInStates: refuse('listSavingsPlansInStates'),
  insertSavingsDeposit: refuse('insertSavingsDeposit'),
  getSavingsDeposit: refuse('getSavingsDeposit'),
  listSavingsDeposits: refuse('listSavingsDeposits'),
  transitionSavingsDeposit: refuse('transitionSavingsDeposit'),
  listSavingsDepositsToSettle: refuse('listSavingsDepositsToSettle'),
  insertSavingsWithdrawal: refuse('insertSavingsWithdrawal'),
  transitionSavingsWithdrawal: refuse('transitionSavingsWithdrawal'),
  listSavingsWithdrawals: refuse('listSavingsWithdrawals'),
  insertSavingsSweep: refuse('insertSavingsSweep'),
  listSavingsSweeps: refuse('listSavingsSweeps'),
  upsertGigWorker: refuse('upsertGigWorker'),
  getGigWorker: refuse('getGigWorker'),
  countEnterpriseEnrollment: refuse('countEnterpriseEnrollment'),
  saveEnterpriseSnapshot: refuse('saveEnterpriseSnapshot'),
  listEnterpriseSnapshots: refuse('listEnterpriseSnapshots'),
};
