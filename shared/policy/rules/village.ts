import { reduction, type Reduction } from './measure';

export type VillageSubsidy = { kind: 'fixed'; fen: number } | { kind: 'full' };

/**
 * Village collective subsidy (村集体资助), pilot §三（三）5: "鼓励乡村集体经济组织……对农村居民参加基本医保个人缴费部分
 * 给予定额资助或全额补助。" D7: "fixed amount (capped at what remains) or full". D6: it "then pays from what remains"
 * after the public measure, so it is applied last and never takes the due amount below zero.
 */
export function villageSubsidy(subsidy: VillageSubsidy | undefined, remainingFen: number): Reduction | null {
  if (!subsidy || remainingFen <= 0) return null;
  const fen = subsidy.kind === 'full' ? remainingFen : Math.min(subsidy.fen, remainingFen);
  return fen > 0 ? reduction('village-subsidy', fen, subsidy.kind === 'full' ? '全额补助' : '定额资助') : null;
}
