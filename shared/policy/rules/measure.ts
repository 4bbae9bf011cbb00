import { PAYER_LABELS, REDUCTION_LABELS, REDUCTION_PAYERS, type Payer, type ReductionRule } from '../categories';

/** One reduction of the individual standard, and who bears it. */
export interface Reduction {
  rule: ReductionRule;
  payer: Payer;
  fen: number;
  /** Chinese, for the mini-program's breakdown, e.g. "医疗救助资助参保（低保对象 90%）". */
  label: string;
  payerLabel: string;
}

export function reduction(rule: ReductionRule, fen: number, detail?: string): Reduction {
  const payer = REDUCTION_PAYERS[rule];
  return {
    rule,
    payer,
    fen,
    label: detail === undefined ? REDUCTION_LABELS[rule] : `${REDUCTION_LABELS[rule]}（${detail}）`,
    payerLabel: PAYER_LABELS[payer],
  };
}
