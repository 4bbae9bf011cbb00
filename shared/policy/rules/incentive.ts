import { firstDayOfYear } from '../dates';
import { percentOfFen } from '../money';
import { datedValue } from '../params/lookup';
import { params as shippedParams } from '../params';
import type { Params } from '../params/schema';

export interface CapIncreaseInput {
  benefitYear: number;
  /** Benefit years with basic medical insurance, including benefitYear when the person is enrolled for it. */
  coveredYears: readonly number[];
  /** Years in which the fund paid nothing for the person (基金零报销). */
  zeroClaimYears?: readonly number[];
  /** The catastrophic insurance cap before any incentive (大病保险原封顶线), in fen. */
  originalCapFen: number;
}

export interface CapIncrease {
  /** Consecutive covered years ending with benefitYear, counted from 2025. */
  continuousYears: number;
  continuityIncreaseFen: number;
  zeroClaimIncreaseFen: number;
  /** The two together, never above maxIncreaseFen. */
  increaseFen: number;
  maxIncreaseFen: number;
  capFen: number;
}

/**
 * Continuity and zero-claim incentive on the catastrophic cap, D11 (国办发〔2024〕38号; Anhui practice): "from 2025,
 * after 4 continuous years, each further continuous year raises the catastrophic cap by 3000 yuan; a zero-claim
 * year also adds 3000; together at most 20% of the original cap. Counting starts in 2025."
 * A zero-claim year raises the next year's cap (38号: 当年基金零报销的，次年提高), so only years before benefitYear
 * count; and only years inside the current continuous run, because a break starts the counting over.
 */
export function catastrophicCapIncrease(input: CapIncreaseInput, params: Params = shippedParams): CapIncrease {
  const { benefitYear, coveredYears, originalCapFen } = input;
  const rules = datedValue(params['continuity-incentive'].values, firstDayOfYear(benefitYear));
  let continuousYears = 0;
  if (rules) {
    for (let year = benefitYear; year >= rules.countFromYear && coveredYears.includes(year); year -= 1) continuousYears += 1;
  }
  if (!rules || continuousYears === 0) {
    return { continuousYears, continuityIncreaseFen: 0, zeroClaimIncreaseFen: 0, increaseFen: 0, maxIncreaseFen: 0, capFen: originalCapFen };
  }
  const runStart = benefitYear - continuousYears + 1;
  const continuitySteps = Math.max(0, continuousYears - rules.continuousYearsBeforeIncrease);
  let zeroClaimSteps = 0;
  for (const year of new Set(input.zeroClaimYears ?? [])) if (year >= runStart && year < benefitYear) zeroClaimSteps += 1;
  const continuityIncreaseFen = continuitySteps * rules.continuityStepFen;
  const zeroClaimIncreaseFen = zeroClaimSteps * rules.zeroClaimStepFen;
  const maxIncreaseFen = percentOfFen(originalCapFen, rules.maxSharePercentOfOriginalCap);
  const increaseFen = Math.min(continuityIncreaseFen + zeroClaimIncreaseFen, maxIncreaseFen);
  return { continuousYears, continuityIncreaseFen, zeroClaimIncreaseFen, increaseFen, maxIncreaseFen, capFen: originalCapFen + increaseFen };
}
