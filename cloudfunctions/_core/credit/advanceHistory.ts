/**
 * The life of one bank advance as a resident reads it (信用参保 page, 办理记录): signed, paid by the bank, overdue
 * and recorded in the credit file, each repayment asked for, repaid. Read-only, from the advance row's own
 * timestamps and its repayment rows; nothing here decides a state.
 */
import type { App } from '../app';
import type { CreditAdvanceRow, CreditRepaymentState } from '../store/credit.port';
import { formatYuan } from '../agreements/notices';
import { HELD_PAID_OUT } from '../reconciliation/payOut';
import { benefitStartOf } from './advances';
import { advanceEndedNote, repaidText, repaymentFailureText } from './wording';

export interface AdvanceEvent {
  /** An ISO instant, or an Asia/Shanghai date for events the row keeps as a day. */
  at: string;
  kind: 'signed' | 'paid' | 'refused' | 'failed' | 'overdue' | 'repayment' | 'repaid';
  label: string;
}

const STEP: Record<AdvanceEvent['kind'], number> = { signed: 0, paid: 1, refused: 1, failed: 1, overdue: 2, repayment: 2, repaid: 3 };

const REPAYMENT_LABELS: Record<CreditRepaymentState, string> = {
  INIT: '还款确认中', PENDING: '待微信支付', UNKNOWN: '还款确认中', COLLECTED: '已付款，正在转交银行', SUCCESS: '还款成功', FAILED: '还款未成功',
  REFUNDING: '银行未受理，正在退回', REFUNDED: '银行未受理，已退回', MANUAL: '待经办人员处理',
};

/** `benefitStart`: the year's priced benefit start, when the caller has it already (benefitStartOf reads the order). */
export async function advanceEvents(app: App, a: CreditAdvanceRow, benefitStart?: string): Promise<AdvanceEvent[]> {
  // A repayment term is only a term once the bank has paid: a refused or failed request owes nothing.
  const ended = a.state === 'REFUSED' || a.state === 'FAILED';
  const events: AdvanceEvent[] = [{ at: a.createdAt, kind: 'signed', label: ended ? '申请银行代缴' : `签订银行代缴协议，约定 ${a.dueDate} 前还款` }];
  // The bank stamps paid_at in whole seconds, which can fall a fraction before our own signing instant: a payment
  // is shown no earlier than the signing it answers.
  if (a.paidAt) events.push({ at: Date.parse(a.paidAt) < Date.parse(a.createdAt) ? a.createdAt : a.paidAt, kind: 'paid', label: `银行已代缴 ${formatYuan(a.amountFen)}，${a.benefitYear} 年度已参保` });
  if (a.state === 'REFUSED') events.push({ at: a.updatedAt, kind: 'refused', label: `银行未同意代缴：${advanceEndedNote(a)}` });
  if (a.state === 'FAILED') events.push({ at: a.updatedAt, kind: 'failed', label: `未办理成功：${advanceEndedNote(a)}` });
  if (a.overdueAt) events.push({ at: a.overdueAt, kind: 'overdue', label: '逾期未还款，已记入医保信用档案，暂停享受医保待遇' });
  const repayments = await app.store.listCreditRepayments(a.advanceId);
  // The audit trail keeps what the bank said was repaid at its counter, and what fund staff paid back by hand.
  const audit = (a.paidAt && a.repaidFen > 0) || repayments.some((r) => r.paidOutAt) ? await app.store.listAudit(a.personId) : [];
  for (const r of repayments) {
    // Only a failed repayment says why, in Chinese; the stored technical reason stays in the row (issue: a timeout's
    // "timeout after 3000 ms" was shown to residents, and stayed after the repayment succeeded).
    const why = repaymentFailureText(r);
    // Money fund staff paid back another way (reconciliation/payOut.ts) is no longer waiting for them. Only a refund
    // that stuck after the bank's refusal was refused by the bank; the rest WeChat took in a way we could not book.
    const paidOutFen = audit.find((e) => e.action === HELD_PAID_OUT && e.detail.ref === r.repaymentId)?.detail.amountFen as number | undefined;
    const paidBack = paidOutFen !== undefined && paidOutFen !== r.amountFen ? `（退还 ${formatYuan(paidOutFen)}）` : '';
    const paidOut = `${(r.failure ?? '').includes('refund-stuck') ? '银行未受理，已由经办机构线下退还' : '款项经核实，已由经办机构线下退还'}${paidBack}`;
    const outcome = r.state === 'MANUAL' && r.paidOutAt ? paidOut : `${REPAYMENT_LABELS[r.state]}${why ? `（${why}）` : ''}`;
    events.push({ at: r.createdAt, kind: 'repayment', label: `${r.channel === 'wechatpay' ? '微信还款' : '还款'} ${formatYuan(r.amountFen)}：${outcome}` });
  }
  // Part repaid at the bank counter: known only from the bank's word, which the audit kept with its amount.
  if (a.paidAt && a.repaidFen > 0) {
    for (const entry of audit) {
      if (entry.action !== 'credit.advance-part-repaid' || entry.detail.advanceId !== a.advanceId) continue;
      const { repaidFen, outstandingFen } = entry.detail as { repaidFen: number; outstandingFen: number };
      events.push({ at: entry.at, kind: 'repayment', label: `银行已收到还款共 ${formatYuan(repaidFen)}，尚需归还 ${formatYuan(outstandingFen)}` });
    }
  }
  // Signing comes first and the bank's decision next; overdue and repayments follow in time order.
  events.sort((x, y) => STEP[x.kind] - STEP[y.kind] || Date.parse(x.at) - Date.parse(y.at));
  // Repaid in full ends the story; the row keeps it as a day, which would sort before that day's instants.
  if (a.repaidDate) events.push({ at: a.repaidDate, kind: 'repaid', label: repaidText(a, benefitStart ?? (await benefitStartOf(app.store, a))) });
  return events;
}

/** The `history` field of an advance's view (spread into it). */
export async function advanceHistoryView(app: App, a: CreditAdvanceRow, benefitStart?: string): Promise<{ history: AdvanceEvent[] }> {
  return { history: await advanceEvents(app, a, benefitStart) };
}
