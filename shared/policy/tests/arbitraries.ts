/** fast-check generators of quote requests that stay inside the supported years, for the property tests. */
import fc from 'fast-check';
import { AID_CATEGORIES } from '../categories';
import { fromDayNumber, toDayNumber } from '../dates';

export const dateBetween = (from: string, to: string) =>
  fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);

export const villageSubsidyArb = fc.oneof(
  fc.constant(undefined),
  fc.constant({ kind: 'full' as const }),
  fc.integer({ min: 0, max: 50000 }).map((fen) => ({ kind: 'fixed' as const, fen })),
);

export const categoriesArb = fc.subarray([...AID_CATEGORIES]);

/** A request for a benefit year 2025–2030, paid between September of the year before and the year's end. */
export const quoteRequestArb = fc
  .record({
    benefitYear: fc.integer({ min: 2025, max: 2030 }),
    paymentOffsetDays: fc.integer({ min: 0, max: 486 }),
    ageDays: fc.integer({ min: 0, max: 36500 }),
    covered: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    student: fc.boolean(),
    aidCategories: categoriesArb,
    parentInEmployeeInsurance: fc.boolean(),
    villageSubsidy: villageSubsidyArb,
    // Repair is only allowed up to the variable months, so most persons repair nothing.
    repairYears: fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 }),
  })
  .map((draw) => {
    const paymentDay = toDayNumber(`${draw.benefitYear - 1}-09-01`) + draw.paymentOffsetDays;
    const coveredYears = draw.covered.flatMap((isCovered, index) => (isCovered ? [draw.benefitYear - 8 + index] : []));
    return {
      benefitYear: draw.benefitYear,
      paymentDate: fromDayNumber(paymentDay),
      person: {
        birthDate: fromDayNumber(paymentDay - draw.ageDays),
        coveredYears,
        student: draw.student,
        aidCategories: draw.aidCategories,
        parentInEmployeeInsurance: draw.parentInEmployeeInsurance,
        ...(draw.villageSubsidy ? { villageSubsidy: draw.villageSubsidy } : {}),
      },
      repairYears: draw.repairYears,
    };
  });
