/**
 * Money is integer fen. A percentage of an amount is rounded down to the fen; whatever the rounding leaves stays
 * with the payer ("a percentage subsidy is computed in fen and rounded down", product.md, money and dates).
 */
export function percentOfFen(amountFen: number, percent: number): number {
  return Math.floor((amountFen * percent) / 100);
}

/**
 * An amount of fen as yuan with two decimals, e.g. 40000 → "400.00": what a message shows people, who read 元, not
 * 分 (product.md: "show 元 with two decimals to users"). Integer arithmetic only, so no float rounding shows up.
 */
export function fenToYuanText(amountFen: number): string {
  const sign = amountFen < 0 ? '-' : '';
  const absFen = Math.abs(amountFen);
  return `${sign}${Math.floor(absFen / 100)}.${String(absFen % 100).padStart(2, '0')}`;
}
