import { AID_CATEGORY_LABELS, type AidCategory } from '../categories';
import { percentOfFen } from '../money';
import { reduction, type Reduction } from './measure';

/**
 * Medical-aid subsidy (医疗救助资助参保), pilot §三（三）3: "医疗救助基金对特困人员给予全额资助；对低保对象、低保边缘家庭
 * 老年人、计划生育特殊家庭父母给予90%定额资助；对乡村振兴部门认定的返贫致贫人口给予80%定额资助；防止返贫监测对象给予50%定额
 * 资助；对低保边缘家庭给予20%定额资助。"
 * D3: "Several categories: the highest only, never stacked." The share is of the individual standard, in fen,
 * rounded down. Null when the person is in no category.
 */
export function medicalAidSubsidy(
  shares: Readonly<Record<AidCategory, number>>,
  categories: readonly AidCategory[],
  standardFen: number,
): Reduction | null {
  let best: AidCategory | undefined;
  for (const category of categories) {
    if (best === undefined || shares[category] > shares[best]) best = category;
  }
  if (best === undefined || shares[best] === 0) return null;
  return reduction('medical-aid', percentOfFen(standardFen, shares[best]), `${AID_CATEGORY_LABELS[best]} ${shares[best]}%`);
}

/**
 * D3: "New recipients are subsidised from their certification date." A payment made before the certification
 * cannot carry the subsidy; it was a full-price payment of someone who was not yet a recipient.
 */
export function aidAppliesOn(paymentDate: string, certifiedDate: string | undefined): boolean {
  return certifiedDate === undefined || certifiedDate <= paymentDate;
}

/**
 * D9 exempts "new medical-aid recipients" from the waiting period. We read "new" as certified after the benefit
 * year's concentrated period closed: such a person could not have enrolled with the subsidy in time.
 */
export function isNewAidRecipient(certifiedDate: string | undefined, periodEnd: string): boolean {
  return certifiedDate !== undefined && certifiedDate > periodEnd;
}
