/**
 * The daily credit job (timer `creditReminders`): settle lost answers, remind people before the due date, and
 * mark advances overdue once the due date has passed unpaid — whether or not the bank's ADVANCE.OVERDUE has
 * reached us. It can be killed at any point and run again: notices are unique per (kind, ref), every transition is
 * compare-and-set, and a run cut short is continued by the next run from where it stopped.
 */
import type { App } from '../app';
import { bank } from '../agreements/bankChannel';
import { noticeIn } from '../agreements/notices';
import { isoInstant, todayIn } from '../clock';
import type { CreditAdvanceRow } from '../store/credit.port';
import { dates } from '../../../shared/policy';
import { pooled } from '../pooled';
import { applyAdvanceAnswer, markOverdueIn, owedText, type AdvanceOutcome } from './advances';
import { creditSettings } from './settings';
import { settleAdvances, settleRepayments } from './settle';

export interface CreditReminderReport {
  today: string;
  settled: { advances: number; repayments: number };
  examined: number;
  reminded: number;
  overdue: number;
  repaid: number;
}

/** The reminder due today: the nearest configured day at or beyond the days left (a missed run catches up once). */
export function reminderDue(daysLeft: number, reminderDays: readonly number[]): number | null {
  if (daysLeft < 0) return null;
  return reminderDays.find((d) => d >= daysLeft) ?? null;
}

/** The reminder due today, told with what is still owed (less any part repaid at the bank counter). */
async function remind(app: App, advance: CreditAdvanceRow, threshold: number, daysLeft: number): Promise<boolean> {
  const ref = `${advance.advanceId}:${threshold}`;
  if (await app.store.findNotice('credit.due-soon', ref)) return false;
  const name = (await app.store.getPerson(advance.personId))?.name ?? '';
  const when = daysLeft === 0 ? '今天' : `${daysLeft} 天后（${advance.dueDate}）`;
  return app.store.transaction(async (tx) =>
    // Repaid (or marked overdue) since it was read: no "请按时还款" to someone who has.
    (await tx.getCreditAdvance(advance.advanceId))?.state === 'PAID' && noticeIn(tx, app, {
      personId: advance.personId, openid: advance.signerOpenid, kind: 'credit.due-soon', ref, title: '信用参保还款提醒',
      body: `银行为 ${name} 代缴的 ${advance.benefitYear} 年度居民医保费 ${owedText(advance)}${when}到期，请按时还款（免息）。逾期将记入医保信用档案并暂缓享受医保待遇。`,
    }),
  );
}

/**
 * The bank's word on an advance that is owed, asked once a day: a repayment at the bank counter (in full, whose
 * ADVANCE.REPAID may have been lost, or in part, which no notification tells of) and the bank's own overdue mark
 * reach us before we remind anyone or mark anything. A bank that does not answer leaves the advance as we hold it.
 */
async function askBank(app: App, advance: CreditAdvanceRow): Promise<{ outcome: AdvanceOutcome; now: CreditAdvanceRow }> {
  const current = await bank(app).client.queryAdvance(advance.advanceId);
  if (current.kind !== 'ok') return { outcome: 'unchanged', now: advance };
  const outcome = await applyAdvanceAnswer(app, advance.advanceId, current, 'reminders.query', 'system');
  return { outcome, now: (await app.store.getCreditAdvance(advance.advanceId)) ?? advance };
}

/**
 * Where the last run got to, kept after every page and cleared when a run reaches the end: a run cut short (killed, or
 * ended by the platform's time limit on a city's worth of advances) is continued by the next one, whatever day that
 * is, instead of starting over and never reaching the advances at the end of the list. Every advance is thus asked
 * about at least every other run; a reminder missed meanwhile is caught up once (reminderDue), and an advance past its
 * due date is marked overdue when its turn comes.
 */
export const CREDIT_REMINDERS_PROGRESS = 'credit-reminders.progress';

type Tally = Pick<CreditReminderReport, 'examined' | 'reminded' | 'overdue' | 'repaid'>;

/** One advance: the bank's word on it first, then what that leaves to do (at once, so nothing acts on an old copy). */
async function followUp(app: App, advance: CreditAdvanceRow, today: string, reminderDays: readonly number[]): Promise<keyof Omit<Tally, 'examined'> | null> {
  const { outcome, now } = await askBank(app, advance);
  if (outcome === 'repaid' || outcome === 'overdue') return outcome;
  if (now.state !== 'PAID') return null;
  const daysLeft = dates.daysBetween(today, now.dueDate);
  if (daysLeft < 0) {
    // The due date has passed and the bank has not said so (or did not answer): our own clock decides.
    const marked = await app.store.transaction((tx) => markOverdueIn(tx, app, now.advanceId, isoInstant(app.clock), 'reminders.due-date-passed', 'system'));
    return marked ? 'overdue' : null;
  }
  const threshold = reminderDue(daysLeft, reminderDays);
  return threshold !== null && (await remind(app, now, threshold, daysLeft)) ? 'reminded' : null;
}

export async function runCreditReminders(app: App, options: { pageSize?: number; concurrency?: number } = {}): Promise<CreditReminderReport> {
  const pageSize = options.pageSize ?? 500;
  const concurrency = options.concurrency ?? 8;
  const settings = creditSettings();
  const today = todayIn(app.clock);
  const report: CreditReminderReport = {
    today,
    settled: { advances: await settleAdvances(app), repayments: await settleRepayments(app) },
    examined: 0, reminded: 0, overdue: 0, repaid: 0,
  };
  let cursor = (await app.store.getMeta(CREDIT_REMINDERS_PROGRESS)) ?? '';
  for (;;) {
    const page = await app.store.listCreditAdvancesInStates(['PAID', 'OVERDUE'], cursor, pageSize);
    if (page.length === 0) break;
    // A few advances at once: one at a time, a city's advances outlast the run.
    for (const done of await pooled(page, concurrency, (advance) => followUp(app, advance, today, settings.reminderDays))) {
      report.examined += 1;
      if (done) report[done] += 1;
    }
    cursor = page[page.length - 1].advanceId;
    await app.store.setMeta(CREDIT_REMINDERS_PROGRESS, cursor);
  }
  await app.store.setMeta(CREDIT_REMINDERS_PROGRESS, '');
  return report;
}
