/**
 * Money is integer fen. A percentage of an amount is rounded down to the fen; whatever the rounding leaves stays
 * with the payer ("a percentage subsidy is computed in fen and rounded down", product.md, money and dates).
 */
export function percentOfFen(amountFen: number, percent: number): number {
  return Math.floor((amountFen * percent) / 100);
}
