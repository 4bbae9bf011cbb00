import type { z } from 'zod';
import { BindIdentityOutput, CoverageOutput, MeOutput, RelativesOutput, type Relation } from '@shared/api/contract';
import { checkedCall } from '../lib/checkedCall';

/** Answers are checked against the shared contract before any page sees them (lib/checkedCall.ts). */
const call = checkedCall;

export type MeData = z.infer<typeof MeOutput>;
export type CoverageData = z.infer<typeof CoverageOutput>;
export type RelativesData = z.infer<typeof RelativesOutput>;

export interface NewRelative {
  relation: Relation;
  name: string;
  idNumber: string;
}

/** Identity and coverage calls, typed by the shared contract (payment calls: pages/payment/common/paymentApi.ts). */
export const api = {
  me: () => call('me', {}, MeOutput),
  bindIdentity: (fields: { name: string; idNumber: string }) => call('bindIdentity', fields, BindIdentityOutput),
  listRelatives: () => call('relatives', { action: 'list' }, RelativesOutput),
  addRelative: (relative: NewRelative) => call('relatives', { action: 'add', ...relative }, RelativesOutput),
  removeRelative: (linkId: string) => call('relatives', { action: 'remove', linkId }, RelativesOutput),
  coverage: () => call('coverage', {}, CoverageOutput),
};
