// A notice written inside the caller's transaction lands with the money movement it tells about.
export { formatYuan, noticeIn } from '../agreements/notices';

/**
 * What the savings left once a year is paid are for. They are the worker's (D17), free to take out until the
 * year's period ends; from the next day a live plan saves toward the next year, whose premium is kept back
 * (progress.ts reservedFen) and only the part beyond it can be taken out. Said wherever "paid" is said.
 */
export function leftoverSavingsText(benefitYear: number, periodEnd: string | null, planLive: boolean): string {
  if (!planLive || !periodEnd) return '剩余存款仍归您所有，可以随时转出。';
  return `剩余存款仍归您所有：${periodEnd} 前可以随时转出；此后将留作 ${benefitYear + 1} 年度医保费的存款，超出应缴金额的部分仍可转出。`;
}
