import type { App } from '../app';
import type { ChannelOutcome, Debit } from '../channels/bank';
import { isoInstant } from '../clock';
import { accounts } from '../ledger/accounts';
import { log } from '../log';
import type { StoreOps } from '../store/port';
import type { SavingsDepositRow } from '../store/savings.port';
import { contractGone } from '../agreements/contractState';
import { checkContract } from './plans';
import { debitFailureReason } from '../agreements/debitFailures';
import { formatYuan, noticeIn } from './notices';

export type DepositOutcome = 'deposited' | 'deposit-pending' | 'deposit-unknown' | 'deposit-failed';

/** Money from the worker's bank account into their savings: bank clearing → savings:<person>, once per deposit. */
export function depositTransfer(deposit: SavingsDepositRow, transferId: string, at: string) {
  return {
    transferId, kind: 'savings.deposit', ref: deposit.depositId, at,
    legs: [
      { account: accounts.channel('bank'), amountFen: -deposit.amountFen },
      { account: accounts.savings(deposit.personId), amountFen: deposit.amountFen },
    ],
  };
}

/**
 * Applies the bank's answer about one deposit inside the caller's transaction: the deposit, the ledger and the
 * failure notice move together. Compare-and-set everywhere, so a second answer (a re-sent notification, a query
 * after a callback) changes nothing; a timeout stays UNKNOWN until the bank is asked.
 */
export async function applyDepositAnswerIn(tx: StoreOps, app: App, deposit: SavingsDepositRow, answer: ChannelOutcome<Debit>): Promise<DepositOutcome> {
  const at = isoInstant(app.clock);
  if (answer.kind === 'unknown') {
    await tx.transitionSavingsDeposit({ depositId: deposit.depositId, from: ['INIT'], to: 'UNKNOWN', at });
    return 'deposit-unknown';
  }
  if (answer.kind === 'ok' && answer.data.state === 'PROCESSING') {
    await tx.transitionSavingsDeposit({ depositId: deposit.depositId, from: ['INIT', 'UNKNOWN'], to: 'PENDING', at, bankDebitId: answer.data.debit_id });
    return 'deposit-pending';
  }
  if (answer.kind === 'ok' && answer.data.state === 'SUCCESS') {
    if (answer.data.amount_fen !== deposit.amountFen) {
      log('error', 'savings.deposit-amount-mismatch', { depositId: deposit.depositId, expected: deposit.amountFen, got: answer.data.amount_fen });
      return 'deposit-unknown';
    }
    // Stamped with the bank's finish time, the clock its statement is cut by: a deposit finished at 23:59:59 and
    // booked after midnight belongs to the bank's day (reconciliation reads this time), as a debit's paid_at does.
    const finishedAt = answer.data.finished_at ? new Date(answer.data.finished_at).toISOString() : at;
    if (await tx.transitionSavingsDeposit({ depositId: deposit.depositId, from: ['INIT', 'PENDING', 'UNKNOWN'], to: 'SUCCESS', at: finishedAt, bankDebitId: answer.data.debit_id })) {
      await tx.postTransfer(depositTransfer(deposit, app.ids('trf'), at));
    }
    return 'deposited';
  }
  // Refused by the bank (a signed 4xx) or a FAILED debit: final for this attempt; a later run may try again with a new id.
  const failure = answer.kind === 'rejected' ? `rejected:${answer.code}` : `failed:${answer.data.fail_code ?? 'UNKNOWN'}`;
  if (await tx.transitionSavingsDeposit({ depositId: deposit.depositId, from: ['INIT', 'PENDING', 'UNKNOWN'], to: 'FAILED', at, failure })) {
    const plan = (await tx.getSavingsPlan(deposit.planId))!;
    await noticeIn(tx, app, {
      personId: deposit.personId, openid: plan.openid, kind: 'savings.deposit-failed', ref: deposit.depositId,
      title: '零存整缴存入未成功',
      // The reason in words, as for auto-renewal debits: the bank's code stays in the deposit row and the logs.
      body: `从尾号 ${plan.accountMasked.slice(-4)} 的银行账户存入 ${formatYuan(deposit.amountFen)} 未成功：${debitFailureReason(failure)}。${
        // A contract the bank calls inactive may have been ended there: that is checked next (deposits.ts), and told.
        contractGone(answer) ? '我们正在向银行核实代扣协议；协议已终止的，将不再自动存入，并另行通知。' : '我们会在下次扣款时再试。'}`,
    });
  }
  return 'deposit-failed';
}

/**
 * One answer (the debit call's, a query's, a notification's), applied; a refusal for want of a contract then asks the
 * bank about the plan's contract, as the failure notice promised, whichever way the refusal came.
 */
export async function applyDepositAnswer(app: App, deposit: SavingsDepositRow, answer: ChannelOutcome<Debit>): Promise<DepositOutcome> {
  const outcome = await app.store.transaction((tx) => applyDepositAnswerIn(tx, app, deposit, answer));
  if (outcome === 'deposit-failed' && contractGone(answer)) {
    const plan = await app.store.getSavingsPlan(deposit.planId);
    if (plan) await checkContract(app, plan);
  }
  return outcome;
}
