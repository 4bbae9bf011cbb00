import { datedValue } from '../params/lookup';
import { params as shippedParams } from '../params';
import type { Params } from '../params/schema';

export type TargetGroup = 'registered' | 'residencePermit' | 'keyGroups';

export interface TargetCheck {
  targetPercent: number;
  met: boolean;
}

/**
 * Enrollment targets, D18 (pilot §一: "力争到2025年底，全市户籍人口参保率稳定在96%以上，常住人口（办理居住证人员）基本
 * 医保参保率稳定在97%以上，重点人群参保率稳定在99%以上"). Compared in integers (enrolled × 100 ≥ target × population)
 * so that 96% of 25 people is not a rounding question. Undefined before the first target's date.
 */
export function enrollmentTarget(
  group: TargetGroup,
  date: string,
  enrolledCount: number,
  populationCount: number,
  params: Params = shippedParams,
): TargetCheck | undefined {
  const targets = datedValue(params.targets.values, date);
  if (!targets) return undefined;
  const targetPercent = targets[group];
  return { targetPercent, met: enrolledCount * 100 >= targetPercent * populationCount };
}
