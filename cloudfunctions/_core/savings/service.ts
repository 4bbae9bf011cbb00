import type { App } from '../app';
import type { Caller } from '../caller';
import { todayIn } from '../clock';
import { requireBoundPerson } from '../identity/service';
import { accounts } from '../ledger/accounts';
import { heldSources } from '../payments/postings';
import type { PersonRow } from '../store/port';
import type { SavingsPlanRow } from '../store/savings.port';
import {
  DEPOSIT_STATE_LABELS,
  ENTERPRISE_TYPE_LABELS,
  PLAN_STATE_LABELS,
  WITHDRAWAL_STATE_LABELS,
  type SavingsEstimate,
  type SavingsHistoryEntry,
  type SavingsOutlookView,
  type SavingsOverview,
  type SavingsPlanView,
  type SavingsRequest,
  type SavingsTargetView,
} from './contract';
import { employeeMonthsTitle, monthsFrom, monthsLabel } from './employeeMonths';
import { formatYuan } from './notices';
import { type OutlookInput, savingsOutlook } from './outlook';
import { cancelPlan, depositRange, depositRangeError, pausePlan, requireLivePlan, resolveTarget, resumePlan, settleSigningPlans, setupPlan } from './plans';
import { debitFailureReason } from '../agreements/debitFailures';
import { depositsOpenOn, latestDepositFailed } from './deposits';
import { reservedFen, savingsProgress, withdrawableFen } from './progress';
import { addDays, nextScheduledDate, scheduleLabel } from './schedule';
import { savingsSettings } from './settings';
import { depositsCovered, depositTarget, paidEmployeeMonths, type Target, targetFor } from './target';
import { withdrawSavings } from './withdraw';

/** The first day whose deposit is still to come: today, unless today's deposit is made or on its way. */
async function depositsFrom(app: App, plan: SavingsPlanRow | null, today: string): Promise<string> {
  if (!plan) return today;
  const doneToday = (await app.store.listSavingsDeposits(plan.planId, today)).some((d) => d.state !== 'FAILED');
  return doneToday ? addDays(today, 1) : today;
}

/**
 * The next day a deposit will be asked for: today while today's is still to come, else the next scheduled day; none
 * while the run would take none (deposits.ts): no month left to save for, or the savings already cover what they
 * are for (until that is paid, or the balance drops).
 */
async function nextDeposit(app: App, plan: SavingsPlanRow, self: PersonRow, today: string, target: Target, balanceFen: number): Promise<string | null> {
  if (plan.state !== 'ACTIVE') return null;
  if (target.months && target.months.open.length === 0) return null;
  if (depositsCovered(await depositTarget(app, self, today, target), balanceFen)) return null;
  return nextScheduledDate(plan.schedule, await depositsFrom(app, plan, today));
}

/** What the terms (the live plan's, or ones being typed) do by the deadline, from the first deposit still to come. */
type EstimateInput = Extract<SavingsRequest, { action: 'estimate' }>;

async function outlookFor(app: App, live: SavingsPlanRow | null, terms: OutlookInput['terms'], target: Target, balanceFen: number, today: string): Promise<SavingsOutlookView | null> {
  // Today's deposit still at the bank is counted as landed: it is past `from`, and not in the balance yet.
  const pendingFen = live ? await depositsOpenOn(app, live, today) : 0;
  return savingsOutlook({
    target, balanceFen: balanceFen + pendingFen, terms, state: live?.state ?? 'new', from: await depositsFrom(app, live, today),
    maxDepositFen: depositRange(live, today).maxFen, shortfallLeadDays: savingsSettings().shortfallLeadDays,
    lastDepositFailed: live ? await latestDepositFailed(app, live, today) : false,
  });
}

async function planView(app: App, plan: SavingsPlanRow, self: PersonRow, today: string, target: Target, balanceFen: number): Promise<SavingsPlanView> {
  return {
    planId: plan.planId, state: plan.state, stateLabel: PLAN_STATE_LABELS[plan.state], accountMasked: plan.accountMasked, depositFen: plan.depositFen,
    schedule: plan.schedule, scheduleLabel: scheduleLabel(plan.schedule), topUp: plan.topUp, target: plan.target ?? { kind: 'resident' }, nextDepositDate: await nextDeposit(app, plan, self, today, target, balanceFen),
    createdAt: plan.createdAt,
  };
}

/** Where the target stands and how far the savings go toward it, as the pages show it. */
async function targetView(app: App, self: PersonRow, target: Target, balanceFen: number): Promise<SavingsTargetView> {
  const progress = savingsProgress(balanceFen, target.dueFen ?? 0, target.paid);
  let paidHow = {};
  if (target.paid && target.months) {
    // Months are paid only from savings, each at the amount it was paid with (an amount may change between payments).
    const chosen = new Set(target.months.chosen);
    const rows = await app.store.listEmployeeContributions(self.personId);
    paidHow = { paidFromSavings: true, progressFen: rows.reduce((sum, c) => sum + c.months.filter((m) => chosen.has(m)).length * c.monthlyFen, 0) };
  } else if (target.paid) {
    // A paid year says how: from these savings (and how much they took), or some other way that left them untouched.
    // A sweep that was refunded and the year paid again another way does not count: the enrollment names its order.
    const enrolled = (await app.store.listEnrollments([self.personId])).find((e) => e.benefitYear === target.benefitYear);
    const swept = enrolled ? (await app.store.listSavingsSweeps(self.personId)).find((s) => s.benefitYear === target.benefitYear && enrolled.source === `payment:${s.orderId}`) : undefined;
    paidHow = { paidFromSavings: swept !== undefined, progressFen: swept?.amountFen ?? 0 };
  }
  return {
    kind: target.kind, label: target.label, benefitYear: target.benefitYear, dueFen: target.dueFen, paid: target.paid,
    ...(target.dueFen === null && !target.paid ? { progressFen: 0, progressPercent: 0, shortfallFen: 0 } : progress), ...paidHow,
    periodEnd: target.periodEnd, ...(target.note ? { note: target.note } : {}),
    ...(target.months ? { months: { chosen: target.months.chosen, paid: target.months.paid, open: target.months.open, missed: target.months.missed, monthlyFen: target.months.monthlyFen } } : {}),
  };
}

/** The months an employee insurance target may choose today: this month and the next ones, paid ones left out. */
async function monthChoices(app: App, self: PersonRow, today: string): Promise<string[]> {
  const paid = await paidEmployeeMonths(app.store, self.personId);
  return monthsFrom(today, savingsSettings().employeeMonthsAhead).filter((m) => !paid.has(m));
}

/** The worker's plan (the live one, else the latest), savings, what may be withdrawn, and progress toward its target. */
export async function overview(app: App, self: PersonRow): Promise<SavingsOverview> {
  const today = todayIn(app.clock);
  const plans = await app.store.listSavingsPlans(self.personId);
  const plan = plans.find((p) => p.live) ?? plans[0] ?? null;
  const worker = await app.store.getGigWorker(self.personId);
  const balanceFen = await app.store.balanceOf(accounts.savings(self.personId).id);
  const target = await targetFor(app, self, today, plan?.target);
  const reserved = reservedFen(balanceFen, target.dueFen, target.paid, plan?.live ?? false);
  const live = plan?.live ? plan : null;
  return {
    plan: plan ? await planView(app, plan, self, today, target, balanceFen) : null,
    enterprise: worker ? { name: worker.enterpriseName, type: worker.enterpriseType, typeLabel: ENTERPRISE_TYPE_LABELS[worker.enterpriseType] } : null,
    balanceFen,
    withdrawableFen: withdrawableFen(balanceFen, reserved),
    target: await targetView(app, self, target, balanceFen),
    depositRange: depositRange(live, today),
    outlook: live ? await outlookFor(app, live, live, target, balanceFen, today) : null,
    monthChoices: await monthChoices(app, self, today),
  };
}

/**
 * `estimate`: what terms would do before they are saved, with the server's refusals for the amount field and the
 * target (the months chosen, the monthly amount), and the target as they would save for it.
 */
async function estimate(app: App, self: PersonRow, terms: EstimateInput): Promise<SavingsEstimate> {
  const today = todayIn(app.clock);
  const live = await app.store.findLiveSavingsPlan(self.personId);
  const range = depositRange(live, today);
  const { target: chosen, refused } = await resolveTarget(app, self, live, terms.target, terms.topUp, today);
  const balanceFen = await app.store.balanceOf(accounts.savings(self.personId).id);
  const target = refused ? null : await targetFor(app, self, today, chosen);
  const view = target ? await targetView(app, self, target, balanceFen) : null;
  const amountError = depositRangeError(terms.depositFen, range);
  const errors = { amountError, targetError: refused?.message ?? null, targetErrorField: refused?.field ?? null };
  if (amountError || !target) return { ...errors, target: view, depositRange: range, outlook: null };
  return { ...errors, target: view, depositRange: range, outlook: await outlookFor(app, live, terms, target, balanceFen, today) };
}

/** `topup:2027` → 2027 年度补足存入; `topup:months:2027-01` → 职工医保 2027年1月补足存入. */
function topUpDetail(slot: string): string {
  const key = slot.replace('topup:', '');
  return key.startsWith('months:') ? `职工医保${monthsLabel([key.slice('months:'.length)])}补足存入` : `${key} 年度补足存入`;
}

/** Every deposit attempt, premium paid from savings, refund back into them and withdrawal, newest first. */
async function history(app: App, caller: Caller, self: PersonRow): Promise<{ entries: SavingsHistoryEntry[] }> {
  const entries: SavingsHistoryEntry[] = [];
  for (const plan of await app.store.listSavingsPlans(self.personId)) {
    for (const d of await app.store.listSavingsDeposits(plan.planId)) {
      entries.push({
        kind: d.kind === 'top-up' ? 'top-up' : 'deposit', ref: d.depositId, at: d.updatedAt, amountFen: d.amountFen,
        savingsChangeFen: d.state === 'SUCCESS' ? d.amountFen : 0, state: d.state, stateLabel: DEPOSIT_STATE_LABELS[d.state],
        detail: d.kind === 'top-up' ? topUpDetail(d.slot) : `${d.slot} 定期存入${d.attempt > 1 ? `（第 ${d.attempt} 次尝试）` : ''}${d.failure ? `：${debitFailureReason(d.failure)}` : ''}`,
      });
    }
  }
  for (const s of await app.store.listSavingsSweeps(self.personId)) {
    entries.push({
      kind: 'premium', ref: s.orderId, at: s.sweptAt, amountFen: s.amountFen, savingsChangeFen: -s.amountFen, state: 'SUCCESS', stateLabel: '已缴费',
      detail: `缴纳 ${s.benefitYear} 年度居民医保费 ${formatYuan(s.amountFen)}`,
    });
  }
  for (const c of await app.store.listEmployeeContributions(self.personId)) {
    entries.push({
      kind: 'premium', ref: c.paymentId, at: c.paidAt, amountFen: c.amountFen, savingsChangeFen: -c.amountFen, state: 'SUCCESS', stateLabel: '已缴费',
      detail: `缴纳${employeeMonthsTitle(c.months)}共 ${c.months.length} 个月 ${formatYuan(c.amountFen)}`,
    });
  }
  // A refund gives the savings part back at once (refunds.ts, heldRefundTransfer), whatever the WeChat part does.
  for (const r of await app.store.listRefundsRequestedBy(caller.openid, 200)) {
    const { savingsFen } = heldSources(r);
    if (savingsFen <= 0 || (await app.store.getOrder(r.orderId))?.order.payerPersonId !== self.personId) continue;
    entries.push({
      kind: 'refund', ref: r.refundId, at: r.createdAt, amountFen: savingsFen, savingsChangeFen: savingsFen, state: 'SUCCESS', stateLabel: '已退回',
      detail: `${r.benefitYear} 年度居民医保费退费，退回零存整缴账户 ${formatYuan(savingsFen)}`,
    });
  }
  for (const w of await app.store.listSavingsWithdrawals(self.personId)) {
    entries.push({
      kind: 'withdrawal', ref: w.withdrawalId, at: w.createdAt, amountFen: w.amountFen, savingsChangeFen: w.state === 'RETURNED' ? 0 : -w.amountFen,
      state: w.state, stateLabel: WITHDRAWAL_STATE_LABELS[w.state], detail: `转出至尾号 ${w.accountMasked.slice(-4)} 的银行账户`,
    });
  }
  entries.sort((a, b) => (a.at === b.at ? b.ref.localeCompare(a.ref) : b.at.localeCompare(a.at)));
  return { entries: entries.slice(0, 200) };
}

/** 零存整缴 (D17) for the caller's own premium: see, set up, estimate, pause, resume, cancel, withdraw, history. */
export async function savings(app: App, caller: Caller, input: SavingsRequest): Promise<unknown> {
  const self = await requireBoundPerson(app, caller);
  switch (input.action) {
    case 'get': {
      // A plan whose signing answer was lost is settled by asking the bank, as the agreements list does.
      await settleSigningPlans(app, (await app.store.listSavingsPlans(self.personId)).filter((p) => p.live));
      return overview(app, self);
    }
    case 'setup':
      await setupPlan(app, caller, self, input);
      return overview(app, self);
    case 'pause':
      await pausePlan(app, await requireLivePlan(app, self));
      return overview(app, self);
    case 'resume':
      await resumePlan(app, await requireLivePlan(app, self));
      return overview(app, self);
    case 'cancel':
      await cancelPlan(app, await requireLivePlan(app, self));
      return overview(app, self);
    case 'withdraw': {
      const w = await withdrawSavings(app, self, input.amountFen, input.requestId);
      return {
        withdrawal: { withdrawalId: w.withdrawalId, amountFen: w.amountFen, accountMasked: w.accountMasked, state: w.state, stateLabel: WITHDRAWAL_STATE_LABELS[w.state], createdAt: w.createdAt },
        ...(await overview(app, self)),
      };
    }
    case 'estimate':
      return estimate(app, self, input);
    case 'history':
      return history(app, caller, self);
  }
}
