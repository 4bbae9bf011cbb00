/**
 * What a resident reads about a bank advance that did not go through, or a repayment that did not: Chinese
 * reasons and the next step. The technical reason (`rejected:CODE`, `unknown:timeout after 3000 ms`) stays in
 * the row's `failure` column, the audit trail and the logs; it never reaches a resident's screen or notice,
 * whatever the bank's own message says (the bank's messages are not ours to show: they may be English or change).
 */
import { dates } from '../../../shared/policy';
import type { CreditAdvanceRow, CreditRepaymentRow } from '../store/credit.port';

/** The code part of a stored failure (`rejected:CODE`, `refused:CODE`, `unknown:...`, `not-at-bank`). */
function codeOf(failure: string | null): { kind: string; code: string } {
  const text = failure ?? '';
  const at = text.indexOf(':');
  return at < 0 ? { kind: text, code: '' } : { kind: text.slice(0, at), code: text.slice(at + 1) };
}

/** The bank's advance refusal codes (simulators/bank/README.md) in words a resident understands. */
const ADVANCE_REASONS: Record<string, string> = {
  CREDIT_REFUSED: '信用等级不满足信用参保条件',
  DUE_DATE_TOO_EARLY: '还款期限不符合银行要求',
  OUT_ADVANCE_NO_USED: '银行未受理本次代缴申请',
  ADVANCE_NOT_FOUND: '银行未收到代缴申请，未代缴保费',
  NOT_FOUND: '银行未收到代缴申请，未代缴保费',
};

/** What to do next when the bank did not pay: the year is still payable in the app (the order was closed). */
export const ADVANCE_NEXT_STEP = '本年度仍可在小程序中直接缴费，或到经办窗口咨询';

/** Why a REFUSED or FAILED advance did not go through, and the next step; undefined for any other state. */
export function advanceEndedNote(advance: Pick<CreditAdvanceRow, 'state' | 'failure'>): string | undefined {
  if (advance.state !== 'REFUSED' && advance.state !== 'FAILED') return undefined;
  const { code } = codeOf(advance.failure);
  const reason =
    ADVANCE_REASONS[code] ?? (advance.state === 'REFUSED' ? ADVANCE_REASONS.CREDIT_REFUSED : '银行未能办理代缴，未代缴保费');
  return `${reason}。${ADVANCE_NEXT_STEP}`;
}

/** The bank's repayment refusal codes in words a resident understands. */
const REPAYMENT_REASONS: Record<string, string> = {
  REPAYMENT_EXCEEDS_OUTSTANDING: '还款金额超过待还金额，请刷新后重试',
  ADVANCE_NOT_REPAYABLE: '该笔代缴无需还款',
  OUT_REPAYMENT_NO_USED: '银行未受理本次还款，请稍后重试',
  INSUFFICIENT_FUNDS: '账户余额不足',
};

/**
 * A FAILED repayment's reason in Chinese; undefined for any other state: a repayment awaiting its answer or
 * confirmed says nothing more than its state (the timeout that made it wait is ours, not the resident's).
 */
export function repaymentFailureText(repayment: Pick<CreditRepaymentRow, 'state' | 'failure'>): string | undefined {
  const { kind, code } = codeOf(repayment.failure);
  if (repayment.state === 'REFUNDING' || repayment.state === 'REFUNDED') {
    // Paid by WeChat Pay, then refused by the bank (most often: repaid meanwhile, in part or all, at its counter).
    const why = code.startsWith('REPAYMENT_EXCEEDS_OUTSTANDING') ? '待还金额已变化（可能已在银行还过款）' : '银行未受理本次还款';
    return `${why}，所付款项${repayment.state === 'REFUNDED' ? '已' : '正在'}原路退回微信`;
  }
  if (repayment.state === 'MANUAL') {
    return (repayment.failure ?? '').includes('refund-stuck') ? '原路退回未成功，经办人员将另行退还，无需重复操作' : '款项需经办人员核实处理，无需重复支付';
  }
  if (repayment.state !== 'FAILED') return undefined;
  if (kind === 'not-at-bank') return '银行未收到该笔还款，未扣款，可重新还款';
  if (kind === 'wechat') return '未完成微信支付，未扣款，可重新还款';
  return REPAYMENT_REASONS[code] ?? '银行未受理本次还款，未扣款，可重新还款';
}

/**
 * Whether a repayment lifted a hold on benefits: only a repayment on or after the day benefits of the advanced year
 * could first be used (its priced benefit start: 1 January, or a waiting period's end; benefitStartOf). A 2027 advance
 * repaid in November 2026, or in January under a waiting period to May, never held anything back: nothing is "restored".
 */
export function restoredFromOf(advance: Pick<CreditAdvanceRow, 'repaidDate'>, benefitStart: string): string | undefined {
  if (!advance.repaidDate || advance.repaidDate < benefitStart) return undefined;
  return dates.addDays(advance.repaidDate, 1);
}

/** The resident's line for a repaid advance, with or without a restoration of benefits. */
export function repaidText(advance: Pick<CreditAdvanceRow, 'benefitYear' | 'repaidDate'>, benefitStart: string): string {
  const restoredFrom = restoredFromOf(advance, benefitStart);
  return restoredFrom
    ? `已还清，${restoredFrom} 起恢复医保待遇`
    : `已还清，${advance.benefitYear} 年度医保待遇不受银行代缴影响`;
}

/**
 * When the advanced year's benefits may be used, told as the bank pays (D16: "Before using benefits the advance
 * must be repaid"): from the year's benefit start (1 January, or a waiting period's end, as the quote has it) if
 * repaid before then, else from the day after the repayment. Once that start has passed only the second part holds.
 */
export function benefitsAfterAdvanceText(benefitYear: number, benefitStart: string, today: string): string {
  if (today < benefitStart) return `${benefitYear} 年度医保待遇自 ${benefitStart} 起享受，须在此前还清；此后还清的，从还清后的次日起享受。`;
  return `${benefitYear} 年度医保待遇从还清后的次日起享受。`;
}
