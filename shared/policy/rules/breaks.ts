/**
 * Break years (断保年数), D9: "consecutive benefit years right before this one with no basic medical insurance
 * anywhere, counting from 2025". Years before the person's birth year are not breaks; the birth year itself is a
 * break when the child was not enrolled for it (the newborn registration of D4 is the way to avoid that).
 */
export function breakYears(
  benefitYear: number,
  birthYear: number,
  coveredYears: readonly number[] | undefined,
  countFromYear: number,
): number {
  const earliest = countFromYear > birthYear ? countFromYear : birthYear;
  let count = 0;
  for (let year = benefitYear - 1; year >= earliest; year -= 1) {
    if (coveredYears !== undefined && coveredYears.includes(year)) break;
    count += 1;
  }
  return count;
}

/** A continuous enrollee (连续参保人员) had basic medical insurance in the benefit year right before this one. */
export function isContinuous(benefitYear: number, coveredYears: readonly number[] | undefined): boolean {
  return coveredYears !== undefined && coveredYears.includes(benefitYear - 1);
}
