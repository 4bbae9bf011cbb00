import type { App } from '../app';
import { isoInstant, todayIn } from '../clock';
import { AppError } from '../errors';
import { accounts } from '../ledger/accounts';
import { InsufficientBalance, type TransferInput } from '../ledger/transfer';
import { log } from '../log';
import type { PersonRow } from '../store/port';
import type { SavingsWithdrawalRow } from '../store/savings.port';
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
  const target = await targetFor(app, person, todayIn(app.clock));
  const live = (await app.store.findLiveSavingsPlan(person.personId)) !== null;
  return { balanceFen, withdrawableFen: withdrawableFen(balanceFen, reservedFen(balanceFen, target.dueFen, target.paid, live)) };
}

/**
 * Moves savings back to the worker's bank account. The withdrawal row (our payout number) and the ledger transfer
 * are stored together before any payout is asked for, so a kill can neither lose the money nor pay it twice.
 *
 * The partner bank's API (simulators/bank/README.md) has no payout call yet: the payout is simulated and marked
 * PAID at once. With a real payout, PAID or RETURNED (with a compensating transfer back) would follow its answer.
 */
export async function withdrawSavings(app: App, person: PersonRow, amountFen: number): Promise<SavingsWithdrawalRow> {
  const plan = (await app.store.listSavingsPlans(person.personId))[0];
  if (!plan) throw new AppError('NOT_FOUND', '没有零存整缴存款');
  const target = await targetFor(app, person, todayIn(app.clock));
  const at = isoInstant(app.clock);
  const row: SavingsWithdrawalRow = {
    withdrawalId: app.ids('swd'), planId: plan.planId, personId: person.personId, openid: plan.openid, amountFen, accountMasked: plan.accountMasked,
    state: 'REQUESTED', createdAt: at, updatedAt: at,
  };
  try {
    await app.store.transaction(async (tx) => {
      const balanceFen = await tx.balanceOf(accounts.savings(person.personId).id);
      const live = (await tx.findLiveSavingsPlan(person.personId)) !== null;
      const available = withdrawableFen(balanceFen, reservedFen(balanceFen, target.dueFen, target.paid, live));
      if (amountFen > available) throw new AppError('INVALID_INPUT', `可转出金额为 ${formatYuan(available)}（存款中用于缴纳医保费的部分不能转出）`);
      await tx.insertSavingsWithdrawal(row);
      await tx.postTransfer(withdrawalTransfer(row, app.ids('trf'), at));
    });
  } catch (error) {
    if (error instanceof InsufficientBalance) throw new AppError('INVALID_INPUT', '存款余额不足');
    throw error;
  }
  // Simulated payout (see above): the money is already out of the savings account and owed to the bank account.
  await app.store.transitionSavingsWithdrawal({ withdrawalId: row.withdrawalId, from: ['REQUESTED'], to: 'PAID', at: isoInstant(app.clock) });
  log('info', 'savings.withdrawn', { withdrawalId: row.withdrawalId, amountFen });
  return { ...row, state: 'PAID' };
}
