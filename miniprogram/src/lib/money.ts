/**
 * Shows an amount of integer fen as yuan with two decimals, e.g. 40000 → "400.00元".
 * Integer arithmetic only: dividing by 100 in floating point would print 0.1 + 0.2 style surprises.
 */
export function formatFen(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen)) return '—';
  const sign = amountFen < 0 ? '-' : '';
  const absFen = Math.abs(amountFen);
  const centsFen = absFen % 100;
  const yuan = (absFen - centsFen) / 100;
  return `${sign}${yuan}.${String(centsFen).padStart(2, '0')}元`;
}
