/**
 * The closed vocabularies the rules and their callers share, with the Chinese words the mini-program shows.
 * Keys are stable API (requests, parameter tables and stored records use them); labels may be reworded.
 */

/** Medical-aid categories of pilot §三（三）3, ordered as the pilot lists them. */
export const AID_CATEGORIES = [
  'tekun',
  'dibao',
  'dibao-edge-elderly',
  'family-planning-special-parent',
  'poverty-relapse',
  'poverty-monitored',
  'dibao-edge',
] as const;
export type AidCategory = (typeof AID_CATEGORIES)[number];

export const AID_CATEGORY_LABELS: Record<AidCategory, string> = {
  tekun: '特困人员',
  dibao: '低保对象',
  'dibao-edge-elderly': '低保边缘家庭老年人',
  'family-planning-special-parent': '计划生育特殊家庭父母',
  'poverty-relapse': '返贫致贫人口',
  'poverty-monitored': '防止返贫监测对象',
  'dibao-edge': '低保边缘家庭成员',
};

/** Who bears each reduction; these are the ledger's funding accounts (architecture.md, money movement). */
export const PAYERS = ['medical-aid-fund', 'city-finance', 'maternity-fund', 'village-fund'] as const;
export type Payer = (typeof PAYERS)[number];

export const PAYER_LABELS: Record<Payer, string> = {
  'medical-aid-fund': '医疗救助基金',
  'city-finance': '财政',
  'maternity-fund': '生育保险基金',
  'village-fund': '村集体经济组织',
};

/** The reductions a quote can carry, one per measure of pilot §三（三）. */
export const REDUCTION_RULES = [
  'medical-aid',
  'newborn-half',
  'newborn-waiver',
  'infant-waiver',
  'student-standard',
  'village-subsidy',
] as const;
export type ReductionRule = (typeof REDUCTION_RULES)[number];

export const REDUCTION_LABELS: Record<ReductionRule, string> = {
  'medical-aid': '医疗救助资助参保',
  'newborn-half': '新生儿参保首年减半征收',
  'newborn-waiver': '新生儿参保首年免缴',
  'infant-waiver': '职工医保参保人婴幼儿免缴',
  'student-standard': '在肥大学生缴费标准',
  'village-subsidy': '村集体资助',
};

/** Who pays each reduction: fixed by the pilot's wording, so it is vocabulary rather than a parameter. */
export const REDUCTION_PAYERS: Record<ReductionRule, Payer> = {
  'medical-aid': 'medical-aid-fund',
  // The pilot says the premium is "减免/减半征收": the fund collects less, and city finance carries the gap.
  'newborn-half': 'city-finance',
  'newborn-waiver': 'city-finance',
  // "其政策范围内医疗费用由生育保险基金支付": the maternity fund stands in for the waived premium.
  'infant-waiver': 'maternity-fund',
  'student-standard': 'city-finance',
  'village-subsidy': 'village-fund',
};

/** Reasons a person leaves resident insurance or asks money back (D15, D12). */
export const REFUND_REASONS = [
  'joined-employee-insurance',
  'emigration',
  'death',
  'duplicate-payment',
  'enrolled-elsewhere',
  'prepaid-year-withdrawal',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export const REFUND_REASON_LABELS: Record<RefundReason, string> = {
  'joined-employee-insurance': '参加职工医保',
  emigration: '离境',
  death: '死亡',
  'duplicate-payment': '重复缴费',
  'enrolled-elsewhere': '已在其他地区参保',
  'prepaid-year-withdrawal': '申请退还未开始年度的预缴费用',
};
