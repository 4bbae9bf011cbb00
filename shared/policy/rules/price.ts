import type { AidCategory } from '../categories';
import type { IsoDate } from '../dates';
import type { Params } from '../params/schema';
import { combineMeasures, type Combination } from './combine';
import { infantWaiver } from './infant';
import { aidAppliesOn, medicalAidSubsidy } from './medicalAid';
import { newbornReduction, type NewbornParams } from './newborn';
import { studentReduction } from './student';
import type { VillageSubsidy } from './village';

/** The standards a price is computed from: the year's own, or a locked earlier year's for a prepayment (D12). */
export interface PriceBasis {
  yearStart: IsoDate;
  standardFen: number;
  studentStandardFen: number | undefined;
  aidShares: Readonly<Record<AidCategory, number>> | undefined;
}

export interface PricedPerson {
  birthDate: IsoDate;
  student?: boolean;
  aidCategories?: readonly AidCategory[];
  aidCertifiedDate?: IsoDate;
  parentInEmployeeInsurance?: boolean;
  villageSubsidy?: VillageSubsidy;
}

/**
 * The amount due for one person and benefit year: every public measure the person qualifies for is priced, the
 * most favourable applies (D6), then the village subsidy pays from what remains (D7).
 */
export function priceYear(
  params: Params,
  basis: PriceBasis,
  person: PricedPerson,
  paymentDate: IsoDate,
  newborn: NewbornParams | undefined,
): Combination {
  const standardFen = basis.standardFen;
  const aid =
    basis.aidShares !== undefined && person.aidCategories !== undefined && aidAppliesOn(paymentDate, person.aidCertifiedDate)
      ? medicalAidSubsidy(basis.aidShares, person.aidCategories, standardFen)
      : null;
  const newbornMeasure = newborn ? newbornReduction(newborn, person.birthDate, standardFen) : null;
  const infant = infantWaiver(
    params,
    person.birthDate,
    person.parentInEmployeeInsurance === true,
    paymentDate,
    basis.yearStart,
    standardFen,
  );
  const student = person.student === true ? studentReduction(basis.studentStandardFen, standardFen) : null;
  return combineMeasures(standardFen, [aid, newbornMeasure, infant, student], person.villageSubsidy);
}
