import type { App } from '../app';
import { isoInstant, todayIn } from '../clock';
import { createHash } from 'node:crypto';
import { AppError, UniqueViolation } from '../errors';
import { accounts } from '../ledger/accounts';
import { InsufficientBalance, type TransferInput } from '../ledger/transfer';
import { log } from '../log';
import type { PersonRow, StoreOps } from '../store/port';
import type { SavingsPlanRow, SavingsWithdrawalRow } from '../store/savings.port';
import { formatYuan } from './notices';
import { reservedFen, withdrawableFen } from './progress';
import { targetFor } from './target';

/** Savings leave the system through the bank: savings:<person> → bank clearing, once per withdrawal. */
export function withdrawalTransfer(w: SavingsWithdrawalRow, transferId: string, at: string): TransferInput {
  return {
    transferId, kind: 'savings.withdrawal', ref: w.withdrawalId, at,
    legs: [
      { account: accounts.savings(w.personId), amountFen: -w.amountFen },
      { account: accounts.channel('bank'), amountFen: w.amountFen },
    ],
  };
}

/** What the worker may take out now: everything beyond the premium still being saved for (D17). */
export async function withdrawable(app: App, person: PersonRow): Promise<{ balanceFen: number; withdrawableFen: number }> {
  const balanceFen = await app.store.balanceOf(accounts.savings(person.personId).id);
  const livePlan = await app.store.findLiveSavingsPlan(person.personId);
  const target = await targetFor(app, person, todayIn(app.clock), livePlan?.target);
  const live = livePlan !== null;
  return { balanceFen, withdrawableFen: withdrawableFen(balanceFen, reservedFen(balanceFen, target.dueFen, target.paid, live)) };
}

/**
 * The withdrawal id of one request: derived from the worker and the mini-program's request id, so the same request
 * always names the same withdrawal (and the same ledger transfer, recorded once per withdrawal id), and two
 * workers' request ids can never meet. Hashed because the request id is the client's text.
 */
export function withdrawalIdFor(personId: string, requestId: string): string {
  return `swd_${createHash('sha256').update(`${personId}\u0000${requestId}`).digest('hex').slice(0, 32)}`;
}

async function findWithdrawal(store: StoreOps, personId: string, withdrawalId: string): Promise<SavingsWithdrawalRow | null> {
  return (await store.listSavingsWithdrawals(personId)).find((w) => w.withdrawalId === withdrawalId) ?? null;
}

/** A repeat must be the same request: the same id with another amount is a mistake, never a second payout. */
function sameRequest(earlier: SavingsWithdrawalRow, amountFen: number): SavingsWithdrawalRow {
  if (earlier.amountFen !== amountFen) throw new AppError('CONFLICT', `该转出请求已办理，金额为 ${formatYuan(earlier.amountFen)}，请刷新后重试`);
  return earlier;
}

/** Simulated payout (see withdrawSavings): the money is already out of the savings account and owed to the bank account. */
async function payOut(app: App, row: SavingsWithdrawalRow): Promise<SavingsWithdrawalRow> {
  if (row.state !== 'REQUESTED') return row;
  if (await app.store.transitionSavingsWithdrawal({ withdrawalId: row.withdrawalId, from: ['REQUESTED'], to: 'PAID', at: isoInstant(app.clock) })) {
    log('info', 'savings.withdrawn', { withdrawalId: row.withdrawalId, amountFen: row.amountFen });
  }
  return (await findWithdrawal(app.store, row.personId, row.withdrawalId)) ?? { ...row, state: 'PAID' };
}

/**
 * Moves savings back to the worker's bank account, once per request id. The withdrawal row (our payout number,
 * derived from the request id) and the ledger transfer are stored together before any payout is asked for, so a
 * kill can neither lose the money nor pay it twice, and a repeat of the request (a double tap, a retry after a
 * lost answer) finds the row and returns it instead of moving money again.
 *
 * The partner bank's API (simulators/bank/README.md) has no payout call yet: the payout is simulated and marked
 * PAID at once. With a real payout, PAID or RETURNED (with a compensating transfer back) would follow its answer.
 */
/** Why a withdrawal is too large: the reason given only when part of the savings is in fact kept back. */
function withdrawRefusal(availableFen: number, reservedFen: number, keptFor: string): string {
  if (availableFen === 0 && reservedFen === 0) return '当前没有可转出的存款';
  const kept = reservedFen > 0 ? `（存款中 ${formatYuan(reservedFen)} 留作${keptFor}，不能转出）` : '';
  return `可转出金额为 ${formatYuan(availableFen)}${kept}`;
}

/**
 * The plan whose account the savings go back to: the newest one the bank took a deposit from, so an account it verified
 * by debiting it. Never merely the newest plan: one whose signing the bank refused, or whose answer never came, names
 * an account nobody has checked (a typing slip, or someone else's). The live plan, if any, decides what is kept back.
 */
async function payoutPlan(app: App, personId: string): Promise<SavingsPlanRow> {
  const plans = await app.store.listSavingsPlans(personId);
  if (plans.length === 0) throw new AppError('NOT_FOUND', '没有零存整缴存款');
  for (const plan of plans) {
    if ((await app.store.listSavingsDeposits(plan.planId)).some((d) => d.state === 'SUCCESS')) return plan;
  }
  throw new AppError('INVALID_INPUT', '当前没有可转出的存款');
}

export async function withdrawSavings(app: App, person: PersonRow, amountFen: number, requestId: string): Promise<SavingsWithdrawalRow> {
  const withdrawalId = withdrawalIdFor(person.personId, requestId);
  const earlier = await findWithdrawal(app.store, person.personId, withdrawalId);
  if (earlier) return payOut(app, sameRequest(earlier, amountFen));
  const plan = await payoutPlan(app, person.personId);
  const livePlan = await app.store.findLiveSavingsPlan(person.personId);
  const target = await targetFor(app, person, todayIn(app.clock), livePlan?.target);
  const at = isoInstant(app.clock);
  const row: SavingsWithdrawalRow = {
    withdrawalId, planId: plan.planId, personId: person.personId, openid: plan.openid, amountFen, accountMasked: plan.accountMasked,
    state: 'REQUESTED', createdAt: at, updatedAt: at,
  };
  let stored: SavingsWithdrawalRow;
  try {
    stored = await app.store.transaction(async (tx) => {
      // Checked again inside the transaction: a repeat that arrived together with the first sees its row here,
      // before the balance (already lowered by the first) could refuse it.
      const raced = await findWithdrawal(tx, person.personId, withdrawalId);
      if (raced) return sameRequest(raced, amountFen);
      const balanceFen = await tx.balanceOf(accounts.savings(person.personId).id);
      const live = (await tx.findLiveSavingsPlan(person.personId)) !== null;
      const reserved = reservedFen(balanceFen, target.dueFen, target.paid, live);
      const available = withdrawableFen(balanceFen, reserved);
      if (amountFen > available) throw new AppError('INVALID_INPUT', withdrawRefusal(available, reserved, target.label));
      await tx.insertSavingsWithdrawal(row);
      await tx.postTransfer(withdrawalTransfer(row, app.ids('trf'), at));
      return row;
    });
  } catch (error) {
    if (error instanceof InsufficientBalance) throw new AppError('INVALID_INPUT', '存款余额不足');
    // A store without a serialising transaction (CloudBase) lets the twin through to the unique key: the first wins.
    if (error instanceof UniqueViolation) {
      const first = await findWithdrawal(app.store, person.personId, withdrawalId);
      if (first) return payOut(app, sameRequest(first, amountFen));
    }
    throw error;
  }
  return payOut(app, stored);
}
