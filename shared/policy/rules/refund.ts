import { REFUND_REASON_LABELS, type RefundReason } from '../categories';
import { firstDayOfYear, type IsoDate } from '../dates';
import { fenToYuanText } from '../money';
import { datedValue } from '../params/lookup';
import { params as shippedParams } from '../params';
import type { Params } from '../params/schema';

export interface PaidPart {
  /** Where this part of the person's payment came from, e.g. "wechat-pay", "personal-account", "cash". */
  source: string;
  fen: number;
}

export interface RefundRequest {
  benefitYear: number;
  requestDate: IsoDate;
  reason: RefundReason;
  /** Paid ahead as a prepayment (D12), which may be withdrawn without another reason until its year starts. */
  prepaid?: boolean;
  /** What the person paid, by source; subsidies are not the person's money and are settled with their funds. */
  paidBy: readonly PaidPart[];
}

export type RefundDecision =
  | { outcome: 'refund'; refundFen: number; refunds: PaidPart[]; message: string }
  | { outcome: 'suspend'; refundFen: 0; refunds: []; message: string }
  | { outcome: 'refuse'; refundFen: 0; refunds: []; message: string };

/**
 * Refund eligibility and amount, D15 (pilot §三（四）: "因参加职工医保、离境等原因退出居民医保的，可在网上办理退费手续"):
 * "full refund of what the person paid, to the sources it came from, when leaving before the benefit year starts:
 * joined employee insurance, emigration (离境), death, duplicate payment, enrolled elsewhere. After the year
 * starts: no refund, the enrollment is suspended. Prepaid future years: refundable until they start."
 * D12 / pilot §三（一）: "预缴预存的参保费用待遇年度未开始的，可申请退还". A duplicate payment is refunded at any time
 * (params/refund.json, flagged as our interpretation): the second payment bought nothing.
 */
export function refundEligibility(request: RefundRequest, params: Params = shippedParams): RefundDecision {
  const rules = datedValue(params.refund.values, request.requestDate);
  const yearStarted = request.requestDate >= firstDayOfYear(request.benefitYear);
  const reasonLabel = REFUND_REASON_LABELS[request.reason];
  const refund = (): RefundDecision => {
    const refunds = request.paidBy.filter((part) => part.fen > 0).map((part) => ({ source: part.source, fen: part.fen }));
    const refundFen = refunds.reduce((sum, part) => sum + part.fen, 0);
    return { outcome: 'refund', refundFen, refunds, message: `因${reasonLabel}，全额退还本人所缴 ${fenToYuanText(refundFen)} 元，按原渠道退回` };
  };
  const refuse = (message: string): RefundDecision => ({ outcome: 'refuse', refundFen: 0, refunds: [], message });
  if (!rules) return refuse('该日期尚无退费规定');
  if (rules.anyTimeReasons.includes(request.reason)) return refund();
  if (request.reason === 'prepaid-year-withdrawal') {
    if (!request.prepaid) return refuse('只有预缴的年度可以无理由申请退还');
    return yearStarted ? refuse(`${request.benefitYear} 年度已开始，预缴费用不再退还`) : refund();
  }
  if (!rules.beforeYearStartReasons.includes(request.reason)) return refuse(`“${reasonLabel}”不是可以退费的原因`);
  if (!yearStarted) return refund();
  return {
    outcome: 'suspend',
    refundFen: 0,
    refunds: [],
    message: `${request.benefitYear} 年度已开始，不予退费；因${reasonLabel}，暂停本年度居民医保参保`,
  };
}
