import type { Reduction } from './measure';
import type { VillageSubsidy } from './village';
import { villageSubsidy } from './village';

export interface Combination {
  reductions: Reduction[];
  dueFen: number;
  /** Public measures the person also qualified for, not applied because they do not stack (D6). */
  notApplied: Reduction[];
}

/**
 * Most favourable combination, D6: "public measures (D2–D5) do not stack: the one most favourable to the person
 * applies. A village collective subsidy (D7) then pays from what remains." Candidates come in a fixed order
 * (medical aid, newborn, infant, student); on a tie the earlier one applies, so the answer is deterministic.
 */
export function combineMeasures(
  standardFen: number,
  candidates: readonly (Reduction | null)[],
  village: VillageSubsidy | undefined,
): Combination {
  let chosen: Reduction | null = null;
  const notApplied: Reduction[] = [];
  for (const candidate of candidates) {
    if (candidate === null || candidate.fen <= 0) continue;
    if (chosen === null) chosen = candidate;
    else if (candidate.fen > chosen.fen) {
      notApplied.push(chosen);
      chosen = candidate;
    } else notApplied.push(candidate);
  }
  const reductions: Reduction[] = [];
  let dueFen = standardFen;
  if (chosen !== null) {
    const fen = Math.min(chosen.fen, dueFen);
    reductions.push(fen === chosen.fen ? chosen : { ...chosen, fen });
    dueFen -= fen;
  }
  const fromVillage = villageSubsidy(village, dueFen);
  if (fromVillage !== null) {
    reductions.push(fromVillage);
    dueFen -= fromVillage.fen;
  }
  return { reductions, dueFen, notApplied };
}
