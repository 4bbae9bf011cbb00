import type { CreditStoreOps } from '../credit.port';
import { NotImplementedInCloudbase } from './notYetImplemented';

const refuse = (method: keyof CreditStoreOps) => async (): Promise<never> => {
  throw new NotImplementedInCloudbase(method);
};

/**
 * The credit operations have no CloudBase layout yet; each fails loudly (see notYetImplemented.ts), so a cloud
 * deployment can never silently skip an advance, a repayment or a credit record.
 */
export const creditPendingOps: CreditStoreOps = {
  insertCreditAdvance: refuse('insertCreditAdvance'),
  getCreditAdvance: refuse('getCreditAdvance'),
  listCreditAdvances: refuse('listCreditAdvances'),
  transitionCreditAdvance: refuse('transitionCreditAdvance'),
  listCreditAdvancesToSettle: refuse('listCreditAdvancesToSettle'),
  listCreditAdvancesInStates: refuse('listCreditAdvancesInStates'),
  insertCreditRepayment: refuse('insertCreditRepayment'),
  listCreditRepayments: refuse('listCreditRepayments'),
  transitionCreditRepayment: refuse('transitionCreditRepayment'),
  listCreditRepaymentsToSettle: refuse('listCreditRepaymentsToSettle'),
  insertCreditRecord: refuse('insertCreditRecord'),
  resolveCreditRecords: refuse('resolveCreditRecords'),
  listCreditRecords: refuse('listCreditRecords'),
};
