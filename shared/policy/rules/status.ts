import { addDays, type IsoDate } from '../dates';

export interface EnrollmentFacts {
  benefitYear: number;
  /** From the quote the person paid by. */
  benefitStart: IsoDate;
  benefitEnd: IsoDate;
  /** A bank advance (D16) and, once repaid, the repayment day. */
  credit?: { dueDate: IsoDate; repaidDate?: IsoDate };
  /** The person left after the year started (D15) and the enrollment is suspended from this day. */
  suspendedFrom?: IsoDate;
  /** Earlier suspensions, lifted at the counter: each suspended from `from` up to the day before `until`. */
  suspendedBetween?: readonly { from: IsoDate; until: IsoDate }[];
}

export type BenefitStatusName = 'active' | 'waiting' | 'suspended' | 'not-enrolled';
export type BenefitStatusReason =
  | 'enrolled'
  | 'waiting-period'
  | 'credit-not-repaid'
  | 'credit-overdue'
  | 'credit-repaid'
  | 'left-after-year-start'
  | 'no-enrollment'
  | 'outside-benefit-year';

export interface BenefitStatus {
  status: BenefitStatusName;
  reason: BenefitStatusReason;
  message: string;
  /** The first day the status changes, when the rules know it (end of waiting, end of the year). */
  until?: IsoDate;
}

/**
 * Benefit status on a date: active / waiting / suspended / not enrolled, with the reason.
 * D10 decides the waiting period's end (benefitStart). D16: "Before using benefits the advance must be repaid.
 * Overdue: a credit record entry and benefits suspended; repayment restores them the next day." We apply "the next
 * day" to any repayment, early or late, so one rule decides. D15: after the year starts, leaving suspends the
 * enrollment instead of refunding it.
 */
export function benefitStatus(date: IsoDate, enrollment: EnrollmentFacts | null | undefined): BenefitStatus {
  const status = statusBeforeSuspension(date, enrollment);
  // Before a suspension (the current one, or one since lifted), whatever holds ends the day it starts.
  const starts = [enrollment?.suspendedFrom, ...(enrollment?.suspendedBetween ?? []).map((gap) => gap.from)];
  const from = starts.filter((d): d is IsoDate => d !== undefined && date < d).sort()[0];
  if (from !== undefined && status.status !== 'not-enrolled' && (status.until === undefined || status.until > from)) return { ...status, until: from };
  return status;
}

function statusBeforeSuspension(date: IsoDate, enrollment: EnrollmentFacts | null | undefined): BenefitStatus {
  if (!enrollment) return { status: 'not-enrolled', reason: 'no-enrollment', message: '未参加居民医保' };
  if (date < `${enrollment.benefitYear}-01-01` || date > enrollment.benefitEnd) {
    return { status: 'not-enrolled', reason: 'outside-benefit-year', message: `${date} 不在 ${enrollment.benefitYear} 待遇年度内` };
  }
  if (enrollment.suspendedFrom !== undefined && date >= enrollment.suspendedFrom) {
    return { status: 'suspended', reason: 'left-after-year-start', message: `已退出居民医保，本年度参保自 ${enrollment.suspendedFrom} 起暂停` };
  }
  const gap = enrollment.suspendedBetween?.find((g) => date >= g.from && date < g.until);
  if (gap) {
    return { status: 'suspended', reason: 'left-after-year-start', message: `已退出居民医保，本年度参保于 ${gap.from} 起暂停，${gap.until} 起恢复`, until: gap.until };
  }
  const waitingUntil = date < enrollment.benefitStart ? enrollment.benefitStart : undefined;
  const credit = enrollment.credit;
  // An advance still owed is said first, waiting period or not: it is what the person must do (and, overdue, what the
  // 医保信用档案 holds); benefits then wait for both the repayment and the end of the waiting period.
  if (credit && (credit.repaidDate === undefined || date < credit.repaidDate || (date === credit.repaidDate && waitingUntil === undefined))) {
    // Repaid in the waiting period, the answer changes on the repayment day itself (to waiting); else the day after.
    const restoredFrom = credit.repaidDate === undefined ? undefined : waitingUntil ? credit.repaidDate : addDays(credit.repaidDate, 1);
    // The repayment day itself: repaid, nothing left to do, benefits from tomorrow (asked about later, an earlier day
    // answers as it stood then).
    if (credit.repaidDate === date && restoredFrom !== undefined) {
      return { status: 'suspended', reason: 'credit-repaid', message: `已于 ${date} 还清银行代缴的保费，${restoredFrom} 起${date > credit.dueDate ? '恢复' : ''}享受待遇`, until: restoredFrom };
    }
    const thenWaiting = waitingUntil ? `；待遇等待期至 ${addDays(waitingUntil, -1)}，还清且等待期满后享受待遇` : '';
    return date > credit.dueDate
      ? { status: 'suspended', reason: 'credit-overdue', message: `银行代缴保费逾期未还（应于 ${credit.dueDate} 前还款），已记入信用档案，暂停享受待遇${thenWaiting}`, until: restoredFrom }
      : { status: 'suspended', reason: 'credit-not-repaid', message: `请先归还银行代缴的保费（${credit.dueDate} 前免息）${thenWaiting || '，还款次日起享受待遇'}`, until: restoredFrom };
  }
  if (waitingUntil) {
    return { status: 'waiting', reason: 'waiting-period', message: `待遇等待期中，${waitingUntil} 起享受待遇`, until: waitingUntil };
  }
  return { status: 'active', reason: 'enrolled', message: '正常享受待遇', until: addDays(enrollment.benefitEnd, 1) };
}
