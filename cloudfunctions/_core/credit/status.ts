/**
 * Benefit status on a date (待遇状态), as a hospital asks at settlement: the rules engine's benefitStatus over what
 * we hold — the enrollment of that benefit year, the benefit start of the quote it was paid by (waiting period,
 * D10), and a bank advance (D16: "享受医保待遇前应还清银行代为缴纳的居民医保费 …… 履行还款义务后恢复医保待遇").
 */
import { benefitStatus, dates, quote as policyQuote, type EnrollmentFacts, type Quote } from '../../../shared/policy';
import type { App } from '../app';
import type { Role } from '../../../shared/api/contract';
import type { Caller } from '../caller';
import { todayIn } from '../clock';
import { AppError } from '../errors';
import { quoteRequestFor } from '../coverage/service';
import { suspendedFrom, suspendedYears } from '../coverage/suspensions';
import { actingFor, hasRole } from '../identity/access';
import type { EnrollmentRow, PersonRow } from '../store/port';
import { ADVANCED_STATES, collectedInFullOn } from './advances';
import type { BenefitStatusView } from './contract';

/** Where the year's benefits start and end: the paid quote's dates; a year from elsewhere (an import) runs whole. */
async function enrollmentFacts(app: App, enrollment: EnrollmentRow, person: PersonRow): Promise<EnrollmentFacts> {
  const whole: EnrollmentFacts = {
    benefitYear: enrollment.benefitYear,
    benefitStart: dates.firstDayOfYear(enrollment.benefitYear),
    benefitEnd: dates.lastDayOfYear(enrollment.benefitYear),
    // Restored at the counter: the days it was suspended stay suspended.
    ...(enrollment.liftedSuspensions ? { suspendedBetween: enrollment.liftedSuspensions.map((gap) => ({ from: gap.from, until: gap.restoredOn })) } : {}),
  };
  const orderId = /^payment:(.+)$/.exec(enrollment.source)?.[1];
  if (!orderId) return whole;
  const found = await app.store.getOrder(orderId);
  const item = found?.items.find((i) => i.personId === enrollment.personId && i.benefitYear === enrollment.benefitYear);
  if (!found || !item) return whole;
  const quote = JSON.parse(item.quote) as Quote;
  const paidOn = todayIn({ nowMs: () => Date.parse(found.order.paidAt ?? enrollment.enrolledAt) });
  return { ...whole, benefitStart: await benefitStartNow(app, person, enrollment.benefitYear, quote, paidOn), benefitEnd: quote.benefitEnd };
}

/**
 * The paid quote's benefit start, or an earlier one when the break it was priced with has gone since: a year paid
 * ahead (2028) while the one before it (2027) was unpaid waits, until 2027 is paid too and 2028 follows it (D9:
 * break years are the unpaid years right before). The rules are asked again on the payment's day with what is
 * enrolled now; only the dates are taken, and never a later start than was paid for.
 */
async function benefitStartNow(app: App, person: PersonRow, benefitYear: number, paid: Quote, paidOn: string): Promise<string> {
  if (paid.waitingMonths === 0) return paid.benefitStart;
  const again = policyQuote(await quoteRequestFor(app, person, benefitYear, await app.store.listEnrollments([person.personId]), paidOn), paidOn);
  return 'error' in again || again.benefitStart >= paid.benefitStart ? paid.benefitStart : again.benefitStart;
}

/** The counter's answer (status and reason): two days with the same answer are one status, whatever the dates. */
const answerOf = (v: Pick<BenefitStatusView, 'status' | 'reason'>) => `${v.status}/${v.reason}`;

/**
 * The status on `date`, with `until` only when the status really changes that day: the rules engine's `until` is
 * where its own facts end (the year's end, the waiting period's end), and the next year may well answer the same
 * ("正常享受待遇" on 31 December and on 1 January is no change to announce).
 */
export async function benefitStatusOf(app: App, person: PersonRow, date: string): Promise<BenefitStatusView> {
  const view = await statusOn(app, person, date);
  if (view.until === undefined) return view;
  const next = await statusOn(app, person, view.until);
  if (answerOf(next) !== answerOf(view)) return view;
  const { until: _same, ...unchanged } = view;
  return unchanged;
}

async function statusOn(app: App, person: PersonRow, date: string): Promise<BenefitStatusView> {
  const benefitYear = dates.yearOf(date);
  const enrollment = (await app.store.listEnrollments([person.personId])).find((e) => e.benefitYear === benefitYear);
  // A year suspended after it started (D15) is still the year paid for; the rules answer "suspended" from that day.
  const suspended = enrollment ? undefined : (await suspendedYears(app, [person.personId])).find((e) => e.benefitYear === benefitYear);
  const facts = enrollment
    ? await enrollmentFacts(app, enrollment, person)
    : suspended
      ? { ...(await enrollmentFacts(app, suspended, person)), suspendedFrom: suspendedFrom(suspended) }
      : null;
  const advance = (await app.store.listCreditAdvances([person.personId])).find(
    (a) => a.benefitYear === benefitYear && (ADVANCED_STATES as readonly string[]).includes(a.state),
  );
  // Paid to us in full by WeChat Pay and on its way to the bank: repaid that day, as the bank's REPAID will be dated.
  const repaidDate = advance ? advance.repaidDate ?? (advance.state === 'REPAID' ? null : await collectedInFullOn(app.store, advance)) : null;
  if (facts && advance) facts.credit = { dueDate: advance.dueDate, ...(repaidDate ? { repaidDate } : {}) };
  const status = benefitStatus(date, facts);
  return {
    personId: person.personId,
    name: person.name,
    idNumberMasked: person.idMasked,
    date,
    benefitYear,
    // "Repay first" is its own answer at the counter: the person is enrolled, and one repayment away from benefits.
    status: status.reason === 'credit-not-repaid' ? 'repay-first' : status.status,
    reason: status.reason,
    message: status.message,
    ...(status.until ? { until: status.until } : {}),
    ...(advance
      ? { credit: { advanceId: advance.advanceId, dueDate: advance.dueDate, state: advance.state, ...(advance.repaidDate ? { repaidDate: advance.repaidDate } : {}) } }
      : {}),
  };
}

/** Who may ask about anyone by person id: staff, and hospitals settling a stay (定点医疗机构结算时查询待遇状态). */
const ASKS_FOR_ANYONE: readonly Role[] = ['staff', 'hospital'];

/**
 * The `benefitStatus` function. Staff and hospitals may ask about anyone by person id; everyone else about
 * themselves and their confirmed relatives (others answer NOT_FOUND).
 */
export async function benefitStatusFor(app: App, caller: Caller, input: { personId: string; date?: string }): Promise<BenefitStatusView> {
  let person: PersonRow;
  if (await hasRole(app, caller, ASKS_FOR_ANYONE)) {
    const found = await app.store.getPerson(input.personId);
    if (!found) throw new AppError('NOT_FOUND');
    person = found;
  } else {
    const acting = await actingFor(app, caller, input.personId);
    // An unconfirmed link is anyone whose name and ID number the caller typed: they learn nothing of this person.
    if (!acting.verified) throw new AppError('NOT_FOUND');
    person = acting.person;
  }
  return benefitStatusOf(app, person, input.date ?? todayIn(app.clock));
}
