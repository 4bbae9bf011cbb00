import type { App } from '../app';
import { bank, bankNotifyUrl } from '../agreements/bankChannel';
import { hourIn, isoInstant, todayIn } from '../clock';
import { UniqueViolation } from '../errors';
import { accounts } from '../ledger/accounts';
import { errorText, log } from '../log';
import type { SavingsDepositRow, SavingsPlanRow } from '../store/savings.port';
import { applyDepositAnswer, type DepositOutcome } from './depositAnswers';
import { snapshotEnterpriseRates } from './enterprises';
import { formatYuan, noticeIn } from './notices';
import { notify } from '../agreements/notices';
import { awaitLease, releaseLease, SAVINGS_RUN_KEY, takeLease } from '../agreements/batchLease';
import { settleSigningPlans } from './plans';
import { inShortfallWindow, projectDeposits, savingsProgress } from './progress';
import { addDays, latestScheduledDate, scheduledDatesThrough } from './schedule';
import { savingsSettings } from './settings';
import { mayPay, payCoveredMonths, type SweepOutcome, sweepIfCovered } from './sweep';
import { depositsCovered, depositTarget, type Target, targetFor, targetYear } from './target';
import { concentratedPeriod, params } from '../../../shared/policy';
import { monthsLabel } from './employeeMonths';

export type DepositStep = DepositOutcome | 'not-due' | 'already-deposited' | 'deposit-open' | 'gave-up' | 'outside-hours' | 'covered' | 'paused' | 'plan-changed' | 'nothing-due' | 'error';
export type TopUpStep = DepositStep | 'not-agreed' | 'not-needed';

export interface PlanReport {
  planId: string;
  deposit: DepositStep;
  sweep: SweepOutcome;
  reminded: boolean;
  topUp: TopUpStep | null;
}

function withinDebitHours(app: App): boolean {
  const { fromHour, toHour } = savingsSettings();
  const hour = hourIn(app.clock);
  return hour >= fromHour && hour < toHour;
}

/**
 * One deposit for one (plan, slot): the id is stored (INIT) before the bank hears of it, and the (plan, slot)
 * key admits one live or paid deposit, so a second run — or a run started again after a kill — can never debit
 * the same day twice. A failed attempt frees the slot for the next run's attempt, up to the configured bound.
 */
async function depositFor(app: App, plan: SavingsPlanRow, slot: string, kind: SavingsDepositRow['kind'], amountFen: number): Promise<DepositStep> {
  const settings = savingsSettings();
  const earlier = await app.store.listSavingsDeposits(plan.planId, slot);
  if (earlier.some((d) => d.state === 'SUCCESS')) return 'already-deposited';
  if (earlier.some((d) => d.state !== 'FAILED')) return 'deposit-open';
  if (earlier.length >= settings.maxAttempts) return 'gave-up';
  if (!withinDebitHours(app)) return 'outside-hours';
  const at = isoInstant(app.clock);
  const deposit: SavingsDepositRow = {
    depositId: app.ids('sdp'), planId: plan.planId, personId: plan.personId, slot, kind, attempt: earlier.length + 1, amountFen,
    state: 'INIT', failure: null, bankDebitId: null, createdAt: at, updatedAt: at,
  };
  try {
    // The plan as it is now, locked: one paused or cancelled since the run read it (the worker was told "已暂停") or
    // changed meanwhile is left for the next run, which reads it afresh. Never debited on a copy read before the change.
    const unchanged = await app.store.transaction(async (tx) => {
      const now = await tx.lockSavingsPlan(plan.planId);
      if (now?.state !== 'ACTIVE' || now.updatedAt !== plan.updatedAt) return false;
      await tx.insertSavingsDeposit(deposit);
      return true;
    });
    if (!unchanged) return 'plan-changed';
  } catch (error) {
    // Another run got there first (two timers at once): its deposit is the one.
    if (error instanceof UniqueViolation) return 'deposit-open';
    throw error;
  }
  const answer = await bank(app).client.debit({
    out_debit_no: deposit.depositId,
    out_contract_no: plan.contractNo,
    amount_fen: amountFen,
    description: `${plan.target?.kind === 'employee-months' ? '合肥灵活就业职工医保' : '合肥居民医保'} 零存整缴 ${kind === 'top-up' ? '补足存入' : '定期存入'}`,
    notify_url: bankNotifyUrl(),
  });
  return applyDepositAnswer(app, deposit, answer);
}

/** What the plan's deposits of `day` still at the bank will add to the savings (their answer not in yet). */
export async function depositsOpenOn(app: App, plan: SavingsPlanRow, day: string): Promise<number> {
  const open = (await app.store.listSavingsDeposits(plan.planId, day)).filter((d) => d.state !== 'SUCCESS' && d.state !== 'FAILED');
  return open.reduce((sum, d) => sum + d.amountFen, 0);
}

/** The plan's latest scheduled deposit was tried and every try failed (an empty or closed card). */
export async function latestDepositFailed(app: App, plan: SavingsPlanRow, today: string): Promise<boolean> {
  const slot = latestScheduledDate(plan.schedule, today, plan.activeSince);
  const latest = slot ? await app.store.listSavingsDeposits(plan.planId, slot) : [];
  return latest.length > 0 && latest.every((d) => d.state === 'FAILED');
}

/**
 * The scheduled deposits a plan can still count on before the deadline: today's while the bank has not answered it,
 * and the days to come, unless the latest scheduled deposit failed (an empty or closed card fails again; counting
 * on it would hold the reminder back until the last days).
 */
async function depositsStillExpected(app: App, plan: SavingsPlanRow, today: string, deadline: string): Promise<number> {
  if (await latestDepositFailed(app, plan, today)) return 0;
  const pending = (await depositsOpenOn(app, plan, today)) > 0 ? 1 : 0;
  return pending + scheduledDatesThrough(plan.schedule, addDays(today, 1), deadline).length;
}

/**
 * A plan's whole day: the scheduled deposit if one is due, then the premium from savings if they cover it; near
 * the period's end with a shortfall, a reminder and (if the worker agreed) one top-up debit of the difference.
 */
async function runPlan(app: App, plan: SavingsPlanRow, today: string): Promise<PlanReport> {
  const settings = savingsSettings();
  const person = (await app.store.getPerson(plan.personId))!;
  const savingsAccount = accounts.savings(plan.personId).id;
  let target = await targetFor(app, person, today, plan.target);
  const report: PlanReport = { planId: plan.planId, deposit: 'paused', sweep: 'short', reminded: false, topUp: null };

  if (target.months) await noticeMissedMonths(app, plan, target.months.missed);
  else await noticeMissedYear(app, plan, today);
  if (plan.state === 'ACTIVE') {
    const slot = latestScheduledDate(plan.schedule, today, plan.activeSince);
    const balance = await app.store.balanceOf(savingsAccount);
    if (!slot) report.deposit = 'not-due';
    // Every chosen month paid or ended: nothing to save for until the worker chooses new months (the page says so).
    else if (target.months && target.months.open.length === 0) report.deposit = 'nothing-due';
    // Saved enough already (for the target, or for the year after a paid one): nothing more is taken until it is paid.
    else if (depositsCovered(await depositTarget(app, person, today, target), balance) && (await app.store.listSavingsDeposits(plan.planId, slot)).length === 0) report.deposit = 'covered';
    else report.deposit = await depositFor(app, plan, slot, 'scheduled', plan.depositFen);
  }

  report.sweep = await sweepIfCovered(app, plan, person, target);
  if (report.sweep !== 'short' || !target.periodEnd || !target.dueFen) return report;
  if (!inShortfallWindow(today, target.periodEnd, settings.shortfallLeadDays)) return report;

  const balance = await app.store.balanceOf(savingsAccount);
  // Employee insurance months are due one by one (each by its month's end): near a deadline what counts is the
  // first open month. Savings that cover it pay it, with as many of the next months as they cover, at once.
  const deadlineFen = target.months ? target.months.monthlyFen : target.dueFen;
  if (target.months && balance >= deadlineFen) {
    report.sweep = await payCoveredMonths(app, plan, person, target);
    return report;
  }
  // The plan as it is now: a change of target, a pause, a cancel or 补足 switched off while this run waited on the
  // bank wins, in the reminder's words and in what is taken; a changed target is left to the next run.
  const now = (await app.store.getSavingsPlan(plan.planId)) ?? plan;
  if (!mayPay(now) || JSON.stringify(now.target ?? null) !== JSON.stringify(plan.target ?? null)) return report;
  const topUpNow = now.topUp && now.state === 'ACTIVE';
  // Today's scheduled deposit still at the bank is not in the balance yet, but will be: 补足 does not take it twice.
  const pendingFen = await depositsOpenOn(app, plan, today);
  const { shortfallFen } = savingsProgress(balance + pendingFen, deadlineFen, false);
  // Without 补足, the deposits still scheduled before the deadline count: a plan on track is not told it falls short
  // (the page says "on track" the same day). With 补足, the difference is taken now (once, retried if refused), so
  // the premium is paid with days to spare rather than hanging on the last deposit.
  const comingDeposits = now.state === 'ACTIVE' ? await depositsStillExpected(app, now, today, target.periodEnd) : 0;
  const expectedShortFen = topUpNow ? shortfallFen : projectDeposits(balance, deadlineFen, now.depositFen, comingDeposits).shortfallFen;
  if (expectedShortFen === 0) return report;
  report.reminded = await app.store.transaction((tx) =>
    noticeIn(tx, app, {
      personId: plan.personId, openid: plan.openid, kind: 'savings.shortfall', ref: `${plan.planId}:${target.key}`,
      title: '零存整缴存款不足',
      body: shortfallText(target, topUpNow, !topUpNow && comingDeposits > 0, expectedShortFen),
    }),
  );
  if (!now.topUp) report.topUp = 'not-agreed';
  else if (now.state !== 'ACTIVE') report.topUp = 'paused';
  // Before the deadline, the top-up waits for today's deposit's answer: the next run takes what is then missing.
  else if (pendingFen > 0 && today < target.periodEnd) report.topUp = 'deposit-open';
  else {
    report.topUp = await depositFor(app, now, `topup:${target.key}`, 'top-up', Math.min(shortfallFen, now.maxDebitFen));
    if (report.topUp === 'deposited') {
      target = await targetFor(app, person, today, now.target);
      report.sweep = target.months ? await payCoveredMonths(app, now, person, target) : await sweepIfCovered(app, now, person, target);
    }
  }
  return report;
}

/** A chosen month that ended unpaid is said once, in a notice, as well as on the page. */
async function noticeMissedMonths(app: App, plan: SavingsPlanRow, missed: string[]): Promise<void> {
  for (const month of missed) {
    await notify(app, {
      personId: plan.personId, openid: plan.openid, kind: 'savings.month-missed', ref: `${plan.planId}:${month}`,
      title: '零存整缴未能按时缴费',
      body: `您的零存整缴存款不够缴纳职工医保（灵活就业）${monthsLabel([month])}的费用，该月已过缴费月份，未能从存款缴费；如需补缴，请咨询医保经办机构。`,
    });
  }
}

/**
 * The resident year the plan saved for ended its concentrated period unpaid: from the next day the plan saves for the
 * year after (target.ts), so the worker is told once, rather than finding their savings quietly meant for next year
 * while this year is uncovered. A plan started after that period never saved for it and says nothing.
 */
async function noticeMissedYear(app: App, plan: SavingsPlanRow, today: string): Promise<void> {
  if (plan.target?.kind === 'employee-months') return;
  const year = targetYear(today) - 1;
  const period = concentratedPeriod(params, year);
  if (!period || today <= period.end || plan.activeSince > period.end) return;
  if ((await app.store.listEnrollments([plan.personId])).some((e) => e.benefitYear === year)) return;
  await notify(app, {
    personId: plan.personId, openid: plan.openid, kind: 'savings.year-missed', ref: `${plan.planId}:${year}`,
    title: '零存整缴未能缴清本年度保费',
    body: `${year} 年度居民医保集中参保期已于 ${period.end} 结束，您的零存整缴存款未能缴清 ${year} 年度的保费。存款继续为 ${year + 1} 年度积累（解约后可全部提取）；如仍需参加 ${year} 年度居民医保，可在“我的参保”中直接缴费（待遇起始日以缴费时页面所示为准）。`,
  });
}

/** The shortfall reminder: how much is missing, by when, and what happens then. */
function shortfallText(target: Target, topUp: boolean, countsComingDeposits: boolean, shortFen: number): string {
  const gap = `您的零存整缴存款${countsComingDeposits ? '按计划存入后仍差' : '还差'} ${formatYuan(shortFen)}`;
  if (target.kind === 'resident') {
    return `${target.benefitYear} 年度居民医保费 ${formatYuan(target.dueFen!)}，${gap}。集中参保期 ${target.periodEnd} 结束，${
      topUp ? '我们将从您签约的银行账户补足差额' : '请在此之前补足存款或在小程序中直接缴费'
    }。`;
  }
  const { open, monthlyFen } = target.months!;
  return `职工医保（灵活就业）${monthsLabel([open[0]])}的 ${formatYuan(monthlyFen)} 须在 ${target.periodEnd} 前缴纳，${gap}。${
    topUp ? '我们将从您签约的银行账户补足差额' : '请在此之前补足存款，否则该月无法从存款缴费'
  }。`;
}

/** Asks the bank about every deposit whose answer we lack; a deposit the bank never received is ended, to be retried. */
export async function settleOpenDeposits(app: App, limit = 1000): Promise<{ examined: number; settled: number }> {
  const before = new Date(app.clock.nowMs() - savingsSettings().settleMinAgeMs).toISOString();
  let examined = 0;
  let settled = 0;
  for (;;) {
    const open = await app.store.listSavingsDepositsToSettle(['INIT', 'UNKNOWN', 'PENDING'], before, limit);
    if (open.length === 0) break;
    let progressed = 0;
    for (const deposit of open) {
      examined += 1;
      const answer = await bank(app).client.queryDebit(deposit.depositId);
      // 404: the bank never recorded it (the call was lost on the way) — safe to end; a retry uses a new id.
      if (answer.kind === 'unknown' || (answer.kind === 'rejected' && answer.httpStatus !== 404)) continue;
      const outcome = await applyDepositAnswer(app, deposit, answer);
      if (outcome === 'deposited' || outcome === 'deposit-failed') {
        settled += 1;
        progressed += 1;
      }
    }
    if (progressed === 0 || open.length < limit) break;
  }
  return { examined, settled };
}

export interface SavingsRunReport {
  date: string;
  plans: number;
  signingSettled: number;
  settled: { examined: number; settled: number };
  deposits: Partial<Record<DepositStep, number>>;
  sweeps: Partial<Record<SweepOutcome, number>>;
  reminded: number;
  topUps: Partial<Record<TopUpStep, number>>;
  snapshots: { benefitYear: number; enterprises: number }[];
  /** Set when another run held the lease: this run did nothing and left the work to it. */
  skipped?: 'another-run';
}

const count = <K extends string>(tally: Partial<Record<K, number>>, key: K) => {
  tally[key] = (tally[key] ?? 0) + 1;
};

/**
 * One plan's day, whatever befalls it: a plan that throws (a store error, a row it cannot read) is logged and counted,
 * and the run goes on to the next. Thrown out of the run, one bad plan would stop every plan after it, every day.
 */
async function runPlanAlone(app: App, plan: SavingsPlanRow, today: string): Promise<PlanReport> {
  try {
    return await runPlan(app, plan, today);
  } catch (error) {
    log('error', 'savings.plan-failed', { planId: plan.planId, error: errorText(error) });
    return { planId: plan.planId, deposit: 'error', sweep: 'short', reminded: false, topUp: null };
  }
}

/**
 * The savings deposit run (daily timer): settle what earlier runs left open, walk every live plan in id order a
 * page at a time, then snapshot the platform enterprises' rates. It can be killed at any point and started again.
 */
export async function runSavingsDeposits(app: App, options: { pageSize?: number; concurrency?: number } = {}): Promise<SavingsRunReport> {
  const pageSize = options.pageSize ?? 200;
  const concurrency = options.concurrency ?? 8;
  const today = todayIn(app.clock);
  const empty = { date: today, plans: 0, signingSettled: 0, settled: { examined: 0, settled: 0 }, deposits: {}, sweeps: {}, reminded: 0, topUps: {}, snapshots: [] };
  // One run at a time, as the deduction batch (agreements/batchLease.ts): settling ends a deposit the bank has not
  // heard of, which is safe only when no other run may be about to send it.
  const holder = app.ids('run');
  if (!(await awaitLease(app, SAVINGS_RUN_KEY, holder))) return { ...empty, skipped: 'another-run' };
  try {
    const report: SavingsRunReport = { ...empty, settled: await settleOpenDeposits(app) };
    for (let cursor = ''; ; ) {
      const signing = await app.store.listSavingsPlansInStates(['SIGNING'], cursor, pageSize);
      if (signing.length === 0) break;
      report.signingSettled += await settleSigningPlans(app, signing);
      cursor = signing[signing.length - 1].planId;
    }
    for (let cursor = ''; ; ) {
      const page = await app.store.listSavingsPlansInStates(['ACTIVE', 'PAUSED'], cursor, pageSize);
      if (page.length === 0) break;
      // Plans are independent: a few at a time keeps the bank busy without holding the store's lock for long.
      for (let i = 0; i < page.length; i += concurrency) {
        for (const r of await Promise.all(page.slice(i, i + concurrency).map((plan) => runPlanAlone(app, plan, today)))) {
          report.plans += 1;
          count(report.deposits, r.deposit);
          count(report.sweeps, r.sweep);
          if (r.reminded) report.reminded += 1;
          if (r.topUp) count(report.topUps, r.topUp);
        }
      }
      cursor = page[page.length - 1].planId;
      // Renewed after every page; a lease taken over meanwhile (this run stalled past it) stops this run here.
      if (!(await takeLease(app, SAVINGS_RUN_KEY, holder))) return report;
    }
    report.snapshots = await snapshotEnterpriseRates(app);
    return report;
  } finally {
    await releaseLease(app, SAVINGS_RUN_KEY, holder);
  }
}
