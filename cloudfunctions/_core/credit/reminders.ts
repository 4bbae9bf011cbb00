/**
 * The daily credit job (timer `creditReminders`): settle lost answers, remind people before the due date, and
 * mark advances overdue once the due date has passed unpaid — whether or not the bank's ADVANCE.OVERDUE has
 * reached us. It can be killed at any point and run again: notices are unique per (kind, ref) and every
 * transition is compare-and-set.
 */
import type { App } from '../app';
import { bank } from '../agreements/bankChannel';
import { formatYuan, noticeIn } from '../agreements/notices';
import { isoInstant, todayIn } from '../clock';
import type { CreditAdvanceRow } from '../store/credit.port';
import { dates } from '../../../shared/policy';
import { applyAdvanceAnswer, markOverdueIn } from './advances';
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

async function remind(app: App, advance: CreditAdvanceRow, threshold: number, daysLeft: number): Promise<boolean> {
  const ref = `${advance.advanceId}:${threshold}`;
  if (await app.store.findNotice('credit.due-soon', ref)) return false;
  // Ask before telling: a repayment made at the bank counter whose notification we missed closes the advance instead.
  const current = await bank(app).client.queryAdvance(advance.advanceId);
  if (current.kind === 'ok' && current.data.state !== 'PAID') {
    await applyAdvanceAnswer(app, advance.advanceId, current, 'reminders.query', 'system');
    return false;
  }
  const name = (await app.store.getPerson(advance.personId))?.name ?? '';
  const when = daysLeft === 0 ? '今天' : `${daysLeft} 天后（${advance.dueDate}）`;
  return app.store.transaction((tx) =>
    noticeIn(tx, app, {
      personId: advance.personId, openid: advance.signerOpenid, kind: 'credit.due-soon', ref, title: '信用参保还款提醒',
      body: `银行为 ${name} 代缴的 ${advance.benefitYear} 年度居民医保费 ${formatYuan(advance.amountFen)} ${when}到期，请按时还款（免息）。逾期将记入医保信用档案并暂缓享受医保待遇。`,
    }),
  );
}

/** The due date has passed: the bank's word first (repaid at the counter? already overdue?), then our own clock's. */
async function passDue(app: App, advance: CreditAdvanceRow): Promise<'overdue' | 'repaid' | 'unchanged'> {
  const current = await bank(app).client.queryAdvance(advance.advanceId);
  if (current.kind === 'ok') {
    const outcome = await applyAdvanceAnswer(app, advance.advanceId, current, 'reminders.query', 'system');
    if (outcome === 'repaid') return 'repaid';
    if (outcome === 'overdue') return 'overdue';
  }
  const marked = await app.store.transaction((tx) =>
    markOverdueIn(tx, app, advance.advanceId, isoInstant(app.clock), 'reminders.due-date-passed', 'system'),
  );
  return marked ? 'overdue' : 'unchanged';
}

export async function runCreditReminders(app: App, options: { pageSize?: number } = {}): Promise<CreditReminderReport> {
  const pageSize = options.pageSize ?? 500;
  const settings = creditSettings();
  const today = todayIn(app.clock);
  const report: CreditReminderReport = {
    today,
    settled: { advances: await settleAdvances(app), repayments: await settleRepayments(app) },
    examined: 0, reminded: 0, overdue: 0, repaid: 0,
  };
  let cursor = '';
  for (;;) {
    const page = await app.store.listCreditAdvancesInStates(['PAID', 'OVERDUE'], cursor, pageSize);
    if (page.length === 0) break;
    for (const advance of page) {
      report.examined += 1;
      if (advance.state === 'OVERDUE') {
        // A counter repayment whose ADVANCE.REPAID the bank gave up re-sending still reaches us, a day late at most.
        const current = await bank(app).client.queryAdvance(advance.advanceId);
        if (current.kind === 'ok' && (await applyAdvanceAnswer(app, advance.advanceId, current, 'reminders.query', 'system')) === 'repaid') report.repaid += 1;
        continue;
      }
      const daysLeft = dates.daysBetween(today, advance.dueDate);
      if (daysLeft < 0) {
        const outcome = await passDue(app, advance);
        if (outcome !== 'unchanged') report[outcome] += 1;
        continue;
      }
      const threshold = reminderDue(daysLeft, settings.reminderDays);
      if (threshold !== null && (await remind(app, advance, threshold, daysLeft))) report.reminded += 1;
    }
    cursor = page[page.length - 1].advanceId;
  }
  return report;
}
