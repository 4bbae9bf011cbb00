import type { App } from '../app';
import { isoInstant } from '../clock';
import { accounts } from '../ledger/accounts';
import { InsufficientBalance, type TransferInput } from '../ledger/transfer';
import { holdTransfer } from '../payments/postings';
import { succeed as bookPaidOrder } from '../payments/service';
import type { PaymentItemRow, PaymentOrderRow, PersonRow } from '../store/port';
import type { EmployeeContributionRow, SavingsPlanRow } from '../store/savings.port';
import { employeeMonthsTitle, monthsLabel } from './employeeMonths';
import { formatYuan, leftoverSavingsText, noticeIn } from './notices';
import { paidEmployeeMonths, type Target } from './target';

/** A plan whose savings may still be paid in: depositing or paused, not ended (a pause stops deposits, not payment). */
export const mayPay = (plan: Pick<SavingsPlanRow, 'state'> | null): plan is SavingsPlanRow => plan !== null && (plan.state === 'ACTIVE' || plan.state === 'PAUSED');

export type SweepOutcome = 'paid' | 'paid-part' | 'enrolled-already' | 'swept-before' | 'short' | 'period-closed' | 'not-payable' | 'payment-open' | 'plan-ended';

/**
 * The savings leg of a premium paid from savings. An order's held leg (`accountFen`) is paid from its hold account
 * (payments/postings.ts `paidOrderTransfer`), so the savings go there first, in the same transaction:
 * savings:<person> → order-hold:<order> → premium:<person>:<year>. The order says the held leg came from savings
 * (`savingsFen`), so a refund of it goes back to savings, not to the employee personal account.
 */
export function sweepHoldTransfer(order: PaymentOrderRow, transferId: string, at: string): TransferInput {
  return holdTransfer(order, transferId, at, 'savings.swept');
}

/**
 * D17 零存整缴: once the savings cover the year's premium, inside the concentrated period, the premium is paid
 * from them — enrollment and ledger in one transaction, so a kill leaves either nothing or everything. The
 * quote is the server's (the same one a WeChat payment would be charged); whatever the savings hold beyond it
 * stays the worker's.
 */
export async function sweepIfCovered(app: App, plan: SavingsPlanRow, person: PersonRow, target: Target): Promise<SweepOutcome> {
  if (!mayPay(plan)) return 'plan-ended';
  if (target.paid) return 'enrolled-already';
  if (!target.periodOpen) return 'period-closed';
  if (target.months) {
    if (target.dueFen === null) return 'not-payable';
    if ((await app.store.balanceOf(accounts.savings(person.personId).id)) < target.dueFen) return 'short';
    return payMonths(app, plan, person, target.months.open, target.months.monthlyFen, []);
  }
  const priced = target.quote;
  if (!priced) return 'not-payable';
  const savingsAccount = accounts.savings(person.personId).id;
  if ((await app.store.balanceOf(savingsAccount)) < priced.totalFen) return 'short';
  const benefitYear = target.benefitYear;
  const at = isoInstant(app.clock);
  const order: PaymentOrderRow = {
    orderId: app.ids('ord'), payerPersonId: person.personId, payerOpenid: plan.openid, requestHash: `savings:${plan.planId}:${benefitYear}`,
    totalFen: priced.totalFen, accountFen: priced.totalFen, savingsFen: priced.totalFen, wechatFen: 0, state: 'INIT', prepayId: null, channelTxnId: null, failure: null,
    createdAt: at, updatedAt: at, channel: 'bank',
  };
  const item: PaymentItemRow = {
    orderId: order.orderId, itemNo: 0, personId: person.personId, benefitYear, standardFen: priced.standardFen, dueFen: priced.totalFen,
    quote: JSON.stringify(priced), live: true,
  };
  try {
    return await app.store.transaction(async (tx) => {
      // Inside the write transaction these checks cannot race: a plan cancelled or switched to employee insurance
      // months since the run read it, or a year paid or being paid another way, is left alone.
      const now = await tx.getSavingsPlan(plan.planId);
      if (!mayPay(now)) return 'plan-ended';
      if (now.target?.kind === 'employee-months') return 'not-payable';
      if ((await tx.listEnrollments([person.personId])).some((e) => e.benefitYear === benefitYear)) return 'enrolled-already';
      if (await tx.findLiveOrder(person.personId, benefitYear)) return 'payment-open';
      // Savings paid this year once and it is no longer enrolled: it was refunded (D15, the refund went back to
      // savings) or suspended. Paying it again on our own would undo the worker's refund; they may still pay in the app.
      if ((await tx.listSavingsSweeps(person.personId)).some((s) => s.benefitYear === benefitYear)) return 'swept-before';
      await tx.insertOrder(order, [item]);
      if (order.accountFen > 0) await tx.postTransfer(sweepHoldTransfer(order, app.ids('trf'), at));
      await bookPaidOrder(tx, app, order, [item], 'savings.swept', null, at);
      await tx.insertSavingsSweep({ orderId: order.orderId, planId: plan.planId, personId: person.personId, benefitYear, amountFen: order.totalFen, sweptAt: at });
      await noticeIn(tx, app, {
        personId: person.personId, openid: plan.openid, kind: 'savings.paid', ref: `${plan.planId}:${benefitYear}`,
        title: '零存整缴已缴纳医保费',
        body: `已从您的零存整缴存款中缴纳 ${benefitYear} 年度居民医保费 ${formatYuan(order.totalFen)}。${leftoverSavingsText(benefitYear, target.periodEnd, true)}`,
      });
      return 'paid' as const;
    });
  } catch (error) {
    // A withdrawal took the money between the read and the transaction: nothing was written; the next run looks again.
    if (error instanceof InsufficientBalance) return 'short';
    throw error;
  }
}

/**
 * Employee insurance months the savings can pay now, near a deadline they cannot fully meet: the first open months,
 * as many whole months as the savings cover, so a month is not lost for want of the later ones. None when they
 * cover not even the first month.
 */
export async function payCoveredMonths(app: App, plan: SavingsPlanRow, person: PersonRow, target: Target): Promise<SweepOutcome> {
  if (!target.months || target.months.open.length === 0 || !mayPay(plan)) return 'not-payable';
  const { open, monthlyFen } = target.months;
  const covered = Math.min(open.length, Math.floor((await app.store.balanceOf(accounts.savings(person.personId).id)) / monthlyFen));
  if (covered === 0) return 'short';
  const outcome = await payMonths(app, plan, person, open.slice(0, covered), monthlyFen, open.slice(covered));
  return outcome === 'paid' && covered < open.length ? 'paid-part' : outcome;
}

/**
 * Pays employee insurance months from savings: one transfer, savings:<person> → employee-contribution:<person>:<month>
 * per month, with the record that makes each month payable once per person and the notice, in one transaction.
 */
async function payMonths(app: App, plan: SavingsPlanRow, person: PersonRow, months: string[], monthlyFen: number, rest: string[]): Promise<SweepOutcome> {
  const at = isoInstant(app.clock);
  const row: EmployeeContributionRow = {
    paymentId: app.ids('emc'), planId: plan.planId, personId: person.personId, months, monthlyFen, amountFen: months.length * monthlyFen, paidAt: at,
  };
  const title = employeeMonthsTitle(months);
  try {
    return await app.store.transaction(async (tx) => {
      // The plan as it is now: a cancel or a change of months that landed since the run read it wins.
      const now = await tx.getSavingsPlan(plan.planId);
      if (!mayPay(now)) return 'plan-ended';
      const chosen = now.target?.kind === 'employee-months' ? now.target : null;
      if (!chosen || chosen.monthlyFen !== monthlyFen || months.some((m) => !chosen.months.includes(m))) return 'not-payable';
      const paid = await paidEmployeeMonths(tx, person.personId);
      if (months.some((m) => paid.has(m))) return 'swept-before';
      await tx.insertEmployeeContribution(row);
      await tx.postTransfer({
        transferId: app.ids('trf'), kind: 'savings.employee-months', ref: row.paymentId, at,
        legs: [
          { account: accounts.savings(person.personId), amountFen: -row.amountFen },
          ...months.map((m) => ({ account: accounts.employeeContribution(person.personId, m), amountFen: monthlyFen })),
        ],
      });
      await noticeIn(tx, app, {
        personId: person.personId, openid: plan.openid, kind: 'savings.paid', ref: `${plan.planId}:months:${months[0]}`,
        title: '零存整缴已缴纳医保费',
        body: `已从您的零存整缴存款中缴纳${title}，共 ${months.length} 个月 ${formatYuan(row.amountFen)}（每月 ${formatYuan(monthlyFen)}）。${
          rest.length > 0 ? `存款不够同时缴纳${monthsLabel(rest)}，存够后将继续缴纳。` : leftoverSavingsText(0, null, false)
        }`,
      });
      return 'paid' as const;
    });
  } catch (error) {
    if (error instanceof InsufficientBalance) return 'short';
    throw error;
  }
}
