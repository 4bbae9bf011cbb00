/**
 * The next planned debit of an auto-renewal agreement, as the agreements page shows it: which benefit year, how
 * much, when (and whether the notice went out), and the last failure. Read-only: it reads the rows the deduction
 * batch writes (debits, the 'debit.upcoming' notice) and mirrors the batch's own timing rules (deductions.ts
 * planAgreement): the notice first, the debit `noticeLead` after it, a failed attempt retried `retryInterval` later,
 * at most `maxAttempts` tries, and only inside the concentrated period. Pilot §三(四): "在居民集中参保期结束前 ... 自动扣取
 * 参保费用". It never decides anything the batch relies on.
 */
import type { NextDebit } from '../../../shared/api/contract';
import { concentratedPeriod, params, quote as policyQuote } from '../../../shared/policy';
import type { App } from '../app';
import { todayIn } from '../clock';
import { quoteRequestFor } from '../coverage/service';
import type { AgreementRow, DebitRow } from '../store/port';
import { debitFailureReason } from './debitFailures';
import { noticeTakesEffectMs, openPeriodYear } from './deductions';
import { nextTryDay } from './retrySchedule';
import { debitSettings } from './settings';

const STATUS_LABELS: Record<NextDebit['status'], string> = {
  scheduled: '待扣款',
  noticed: '已发送扣款提醒',
  'in-progress': '扣款处理中',
  retrying: '上次扣款未成功，将再次尝试',
  paid: '已扣款',
  enrolled: '本年度已缴费，无需扣款',
  'nothing-due': '本年度个人无需缴费',
  'not-payable': '本年度无法自动扣款',
  'gave-up': '本年度已停止自动扣款',
  paused: '协议已暂停，不会扣款',
};

/** The Asia/Shanghai calendar date of an instant. */
const dateOf = (ms: number): string => todayIn({ nowMs: () => ms });

/** The benefit year the next debit would pay: the one whose period is open, else the next period to open. */
function debitYear(today: string): number {
  const open = openPeriodYear(today);
  if (open !== null) return open;
  const next = Number(today.slice(0, 4)) + 1;
  const period = concentratedPeriod(params, next);
  return period && period.end < today ? next + 1 : next;
}

type View = Omit<NextDebit, 'statusLabel'>;

function withLabel(view: View): NextDebit {
  return { ...view, statusLabel: STATUS_LABELS[view.status] };
}

/**
 * Only agreements that may still debit (ACTIVE or PAUSED) have a next debit, and a cancelled one whose debit of the
 * year the bank or WeChat was processing (it may still succeed: 'in-progress') or made ('paid'), so its card does not
 * read as if the year were unpaid; the others answer undefined.
 */
export async function nextDebitOf(app: App, agreement: AgreementRow): Promise<NextDebit | undefined> {
  if (agreement.state === 'SIGNING' || agreement.state === 'FAILED') return undefined;
  const today = todayIn(app.clock);
  const benefitYear = debitYear(today);
  const periodKey = String(benefitYear);
  const period = concentratedPeriod(params, benefitYear);
  const settings = debitSettings();
  const [debits, notice, person] = await Promise.all([
    app.store.listDebitsOf([agreement.agreementId], periodKey),
    app.store.findNotice('debit.upcoming', `${agreement.agreementId}:${periodKey}`),
    app.store.getPerson(agreement.personId),
  ]);
  const ordered = [...debits].sort((a, b) => a.attempt - b.attempt);
  const last: DebitRow | undefined = ordered[ordered.length - 1];
  const failed = ordered.filter((d) => d.state === 'FAILED').pop();
  const base: Omit<View, 'status'> = {
    benefitYear,
    amountFen: last?.amountFen ?? null,
    plannedDate: null,
    // Resumed after the reminder: the resume sent a fresh one (service.ts remindOnResume) and the wait counts from it.
    noticeSentAt: notice ? new Date(noticeTakesEffectMs(notice, agreement.state === 'ACTIVE' ? agreement : { updatedAt: notice.createdAt })).toISOString() : null,
    lastFailure: failed ? { at: failed.updatedAt, attempt: failed.attempt, reason: debitFailureReason(failed.failure) } : null,
    ...(period ? { periodEnd: period.end } : {}),
  };
  // A debit made or on its way followed the reminder as it was sent: a later resume sent none (remindOnResume skips it).
  const sent = { noticeSentAt: notice ? notice.createdAt : null };
  if (last && last.state !== 'FAILED' && last.state !== 'SUCCESS') return withLabel({ ...base, ...sent, status: 'in-progress' });
  if (last?.state === 'SUCCESS') return withLabel({ ...base, ...sent, status: 'paid' });
  if (agreement.state === 'CANCELLED') return undefined;

  const enrollments = person ? await app.store.listEnrollments([person.personId]) : [];
  if (enrollments.some((e) => e.benefitYear === benefitYear)) return withLabel({ ...base, status: 'enrolled' });
  const priced = person ? policyQuote(await quoteRequestFor(app, person, benefitYear, enrollments, today), today) : null;
  if (!priced || 'error' in priced) {
    return withLabel({ ...base, status: 'not-payable', ...(priced && 'error' in priced ? { note: priced.error.message } : {}) });
  }
  const known = { ...base, amountFen: last?.amountFen ?? priced.totalFen };
  if (priced.totalFen === 0) return withLabel({ ...known, status: 'nothing-due' });
  if (agreement.state === 'PAUSED') return withLabel({ ...known, status: 'paused' });
  if (ordered.length >= settings.maxAttempts) return withLabel({ ...known, status: 'gave-up' });

  const nowMs = app.clock.nowMs();
  let planned: string;
  if (openPeriodYear(today) !== benefitYear) planned = period?.start ?? today;
  else if (!notice) planned = dateOf(nowMs + settings.noticeLeadMs);
  else {
    // As the batch waits: the lead time after the reminder (or after a resume that came later), and a retry interval after a failure.
    const afterNotice = noticeTakesEffectMs(notice, agreement) + settings.noticeLeadMs;
    const earliest = dateOf(Math.max(nowMs, afterNotice));
    const retryDay = last ? nextTryDay(Date.parse(last.updatedAt), settings, period?.end ?? null) : null;
    // A retry the interval would push past the period falls on its last day instead (retrySchedule.ts).
    planned = retryDay !== null && retryDay > earliest ? retryDay : last && retryDay === null ? dateOf(Date.parse(last.updatedAt) + settings.retryIntervalMs) : earliest;
  }
  // Past the period's last day the batch stops asking: the year must be paid in the app instead.
  if (period && planned > period.end) return withLabel({ ...known, status: 'gave-up' });
  return withLabel({ ...known, plannedDate: planned, status: last ? 'retrying' : notice ? 'noticed' : 'scheduled' });
}

/** The `nextDebit` field of an agreement's view: spread into it, absent when the agreement can no longer debit. */
export async function nextDebitView(app: App, agreement: AgreementRow): Promise<{ nextDebit?: NextDebit }> {
  const nextDebit = await nextDebitOf(app, agreement);
  return nextDebit ? { nextDebit } : {};
}
