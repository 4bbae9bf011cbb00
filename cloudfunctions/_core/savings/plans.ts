import { individualStandard, params } from '../../../shared/policy';
import type { App } from '../app';
import { bank, bankNotifyUrl } from '../agreements/bankChannel';
import type { Caller } from '../caller';
import type { Contract } from '../channels/bank';
import { isoInstant, todayIn } from '../clock';
import { AppError, UniqueViolation } from '../errors';
import { decryptId } from '../identity/pii';
import { log } from '../log';
import type { PersonRow } from '../store/port';
import type { SavingsPlanRow, SavingsTargetChoice } from '../store/savings.port';
import { bankAccountToken, maskBankAccount } from '../agreements/bankAccount';
import { endContract, requestContractEndIn } from '../agreements/contractEnds';
import { settleAgeReached } from '../agreements/settings';
import type { DepositRangeView, SavingsRequest } from './contract';
import { formatYuan, noticeIn } from './notices';
import { recordEnterprise } from './enterprises';
import { savingsSettings } from './settings';
import { paidEmployeeMonths, targetYear } from './target';
import { monthsChoiceError, monthsFrom } from './employeeMonths';

type SetupInput = Extract<SavingsRequest, { action: 'setup' }>;

/** The bank contract's per-debit limit: the largest deposit we allow, or the premium if that is higher (a top-up). */
function maxDebitFen(today: string): number {
  const standard = individualStandard(params, targetYear(today));
  return Math.max(savingsSettings().maxDepositFen, standard?.standardFen ?? 0);
}

/** 1 元, 0.50 元: whole yuan without decimals, as people say an amount. */
const plainYuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : formatYuan(fen).replace('元', ''));

/** The amounts a deposit may be: the settings' range within the bank contract's limit (the live plan's, or a new one's). */
export function depositRange(live: SavingsPlanRow | null, today: string): DepositRangeView {
  const { minDepositFen, maxDepositFen } = savingsSettings();
  const maxFen = Math.min(maxDepositFen, live ? live.maxDebitFen : maxDebitFen(today));
  return { minFen: minDepositFen, maxFen, label: `每次可存 ${plainYuan(minDepositFen)} 元至 ${plainYuan(maxFen)} 元` };
}

/** The range refusal the worker sees under the amount field, or null when the amount is allowed. */
export function depositRangeError(depositFen: number, range: DepositRangeView): string | null {
  if (depositFen >= range.minFen && depositFen <= range.maxFen) return null;
  return `每次存入金额应在 ${plainYuan(range.minFen)} 元至 ${plainYuan(range.maxFen)} 元之间`;
}

/**
 * Why a target cannot be saved for, and under which field, or null. Employee insurance months must be among the
 * months offered now (this month and the next ones) and not paid already; the monthly amount is the worker's bill's,
 * held only to guards against a misplaced decimal point (either way) and, with 补足, to the bank contract's per-debit limit.
 */
async function targetChoiceError(
  app: App, self: PersonRow, target: SavingsTargetChoice, today: string, terms: { topUp: boolean; maxDebitFen: number },
): Promise<TargetRefusal | null> {
  if (target.kind === 'resident') return null;
  const { employeeMonthsAhead, maxMonthlyContributionFen, minMonthlyContributionFen } = savingsSettings();
  if (target.monthlyFen > maxMonthlyContributionFen) return { field: 'monthly', message: `每月缴费金额不超过 ${plainYuan(maxMonthlyContributionFen)} 元，请按缴费通知核对金额` };
  if (target.monthlyFen < minMonthlyContributionFen) return { field: 'monthly', message: `每月缴费金额不少于 ${plainYuan(minMonthlyContributionFen)} 元，请按缴费通知核对金额` };
  const limit = topUpLimitError(target, terms.topUp, terms.maxDebitFen);
  if (limit) return { field: 'monthly', message: limit };
  const error = monthsChoiceError(target.months, monthsFrom(today, employeeMonthsAhead), await paidEmployeeMonths(app.store, self.personId));
  return error ? { field: 'months', message: error } : null;
}

/** 补足 fills one month's gap in one debit: a monthly amount above the contract's per-debit limit could not be topped up. */
function topUpLimitError(target: SavingsTargetChoice | undefined, topUp: boolean, maxDebitFen: number): string | null {
  if (!topUp || target?.kind !== 'employee-months' || target.monthlyFen <= maxDebitFen) return null;
  return `补足时单笔扣款不超过 ${plainYuan(maxDebitFen)} 元（银行签约限额），请关闭补足，或解约后按新的金额重新开通`;
}

/** The per-debit limit a new contract asks for: the largest deposit or premium, or the target's monthly amount if higher. */
function newContractLimit(today: string, target: SavingsTargetChoice | undefined): number {
  return Math.max(maxDebitFen(today), target?.kind === 'employee-months' ? target.monthlyFen : 0);
}

export interface TargetRefusal {
  field: 'months' | 'monthly';
  message: string;
}

/**
 * The target terms save for, as `setup` stores it and `estimate` shows it. A request that names one has it checked,
 * and the live plan's months already paid stay in it (they are no longer offered, so a change never names them, and
 * the page keeps showing them as paid); months are stored sorted, as the sweep pays them. A request that names none
 * keeps the live plan's (an older page that changes only the amount must not switch it), a new plan's being the
 * resident premium (undefined). A refusal says the field it belongs under.
 */
export async function resolveTarget(
  app: App, self: PersonRow, live: SavingsPlanRow | null, requested: SavingsTargetChoice | undefined, topUp: boolean, today: string,
): Promise<{ target: SavingsTargetChoice | undefined; refused: TargetRefusal | null }> {
  const maxDebit = live?.maxDebitFen ?? newContractLimit(today, requested);
  if (!requested) {
    const limit = topUpLimitError(live?.target, topUp, maxDebit);
    return { target: live?.target, refused: limit ? { field: 'monthly', message: limit } : null };
  }
  const refused = await targetChoiceError(app, self, requested, today, { topUp, maxDebitFen: maxDebit });
  if (refused || requested.kind === 'resident') return { target: undefined, refused };
  const paid = await paidEmployeeMonths(app.store, self.personId);
  const kept = live?.target?.kind === 'employee-months' ? live.target.months.filter((m) => paid.has(m)) : [];
  return { target: { ...requested, months: [...new Set([...kept, ...requested.months])].sort() }, refused: null };
}

async function checkedTarget(app: App, self: PersonRow, live: SavingsPlanRow | null, input: SetupInput, today: string): Promise<SavingsTargetChoice | undefined> {
  const { target, refused } = await resolveTarget(app, self, live, input.target, input.topUp, today);
  if (refused) throw new AppError('INVALID_INPUT', refused.message);
  return target;
}

function checkDeposit(depositFen: number, range: DepositRangeView): void {
  const error = depositRangeError(depositFen, range);
  if (error) throw new AppError('INVALID_INPUT', error);
}

/**
 * The bank's word on a contract, applied by compare-and-set: a signed contract activates, an ended one cancels.
 * "Signed" for a plan that has ended meanwhile (cancelled while the signing call was on its way, or given up as
 * never signed) ends the contract at the bank too: nothing will debit under it.
 */
async function applyContract(app: App, plan: SavingsPlanRow, contract: Contract, cause: string): Promise<void> {
  const at = isoInstant(app.clock);
  if (contract.state !== 'ACTIVE') {
    // Ended at the bank (the holder cancelled there): the worker is told, once, that nothing more will be taken and
    // that what was saved stays theirs. A signing that never took needs no word: its page says so.
    await app.store.transaction(async (tx) => {
      if (await tx.transitionSavingsPlan({ planId: plan.planId, from: ['ACTIVE', 'PAUSED'], to: 'CANCELLED', cause: `${cause}:${contract.state}`, at })) {
        await noticeIn(tx, app, {
          personId: plan.personId, openid: plan.openid, kind: 'savings.ended-at-bank', ref: plan.planId, title: '零存整缴已在银行解约',
          body: `尾号 ${plan.accountMasked.slice(-4)} 的银行账户的零存整缴代扣协议已在银行终止，不会再自动存入。已存入的款项仍在您的零存整缴账户中，可在小程序中转出，或重新设置存入计划。`,
        });
      } else {
        await tx.transitionSavingsPlan({ planId: plan.planId, from: ['SIGNING'], to: 'CANCELLED', cause: `${cause}:${contract.state}`, at });
      }
    });
  } else if (!(await app.store.transitionSavingsPlan({ planId: plan.planId, from: ['SIGNING'], to: 'ACTIVE', cause, at }))) {
    const now = await app.store.getSavingsPlan(plan.planId);
    if (now?.state === 'CANCELLED' || now?.state === 'FAILED') await endContract(app, { channel: 'bank', contractNo: now.contractNo, ownerRef: now.planId, note: '灵活就业人员已解约零存整缴' });
  }
}

/**
 * A new plan: the worker's platform enterprise is recorded, the plan is stored with our contract number
 * (SIGNING) before the bank hears of it, then the entrusted-debit contract is signed. A lost answer is settled
 * by asking the bank about that number (settleSigningPlans), never by signing twice.
 */
async function createPlan(app: App, caller: Caller, self: PersonRow, input: SetupInput, bankAccount: NonNullable<SetupInput['bankAccount']>): Promise<SavingsPlanRow> {
  const at = isoInstant(app.clock);
  const today = todayIn(app.clock);
  checkDeposit(input.depositFen, depositRange(null, today));
  const target = await checkedTarget(app, self, null, input, today);
  const limitFen = newContractLimit(today, target);
  const plan: SavingsPlanRow = {
    planId: app.ids('svp'), personId: self.personId, openid: caller.openid, contractNo: app.ids('ctr'), accountMasked: maskBankAccount(bankAccount.accountNo),
    maxDebitFen: limitFen, depositFen: input.depositFen, schedule: input.schedule, topUp: input.topUp, ...(target ? { target } : {}), state: 'SIGNING', live: true,
    activeSince: today, createdAt: at, updatedAt: at,
  };
  try {
    await app.store.insertSavingsPlan(plan);
  } catch (error) {
    if (error instanceof UniqueViolation) throw new AppError('CONFLICT', '已有一份零存整缴计划，如需更换银行账户请先解约');
    throw error;
  }
  await recordEnterprise(app, self.personId, input.enterprise, at);
  const channel = bank(app);
  const outcome = await channel.client.signContract({
    out_contract_no: plan.contractNo,
    holder_name: bankAccount.holderName,
    account_no_masked: plan.accountMasked,
    account_token: bankAccountToken(app, bankAccount.accountNo),
    id_hash: channel.idHash(decryptId(app.pii, self.idSealed)),
    max_amount_per_debit_fen: limitFen,
    notify_url: bankNotifyUrl(),
  });
  if (outcome.kind === 'ok') await applyContract(app, plan, outcome.data, 'bank.signed');
  else if (outcome.kind === 'rejected') {
    await app.store.transitionSavingsPlan({ planId: plan.planId, from: ['SIGNING'], to: 'FAILED', cause: `bank.rejected:${outcome.code}`, at: isoInstant(app.clock) });
    throw new AppError('INVALID_INPUT', `银行未能签约：${outcome.message || outcome.code}`);
  } else log('warn', 'savings.sign-unknown', { planId: plan.planId, reason: outcome.reason });
  return (await app.store.getSavingsPlan(plan.planId))!;
}

/**
 * `setup`: a new plan with a bank account, or, without one, new terms (amount, schedule, top-up, enterprise) for
 * the live plan. Changing the bank account means a new contract: cancel first.
 */
export async function setupPlan(app: App, caller: Caller, self: PersonRow, input: SetupInput): Promise<SavingsPlanRow> {
  const live = await app.store.findLiveSavingsPlan(self.personId);
  if (!live) {
    if (!input.bankAccount) throw new AppError('INVALID_INPUT', '首次设置零存整缴请填写银行账户');
    return createPlan(app, caller, self, input, input.bankAccount);
  }
  if (input.bankAccount) throw new AppError('CONFLICT', '已有一份零存整缴计划，如需更换银行账户请先解约');
  checkDeposit(input.depositFen, depositRange(live, todayIn(app.clock)));
  const target = await checkedTarget(app, self, live, input, todayIn(app.clock));
  const at = isoInstant(app.clock);
  if (!(await app.store.updateSavingsPlanTerms({ planId: live.planId, depositFen: input.depositFen, schedule: input.schedule, topUp: input.topUp, target, at }))) {
    throw new AppError('CONFLICT', '计划已结束，请重新设置');
  }
  await recordEnterprise(app, self.personId, input.enterprise, at);
  return (await app.store.getSavingsPlan(live.planId))!;
}

export async function requireLivePlan(app: App, self: PersonRow): Promise<SavingsPlanRow> {
  const plan = await app.store.findLiveSavingsPlan(self.personId);
  if (!plan) throw new AppError('NOT_FOUND', '没有进行中的零存整缴计划');
  return plan;
}

export async function pausePlan(app: App, plan: SavingsPlanRow): Promise<void> {
  if (!(await app.store.transitionSavingsPlan({ planId: plan.planId, from: ['ACTIVE'], to: 'PAUSED', cause: 'user.paused', at: isoInstant(app.clock) }))) {
    throw new AppError('CONFLICT', '只有存入中的计划可以暂停');
  }
}

/** Resuming counts scheduled days from today on: days missed while paused are not made up at once. */
export async function resumePlan(app: App, plan: SavingsPlanRow): Promise<void> {
  const moved = await app.store.transitionSavingsPlan({
    planId: plan.planId, from: ['PAUSED'], to: 'ACTIVE', cause: 'user.resumed', at: isoInstant(app.clock), activeSince: todayIn(app.clock),
  });
  if (!moved) throw new AppError('CONFLICT', '只有已暂停的计划可以恢复');
}

/** Deposits stop at once on our side; the bank is told. The savings stay the worker's, withdrawable in full. */
export async function cancelPlan(app: App, plan: SavingsPlanRow): Promise<void> {
  const end = { channel: 'bank' as const, contractNo: plan.contractNo, ownerRef: plan.planId, note: '灵活就业人员解约零存整缴' };
  await app.store.transaction(async (tx) => {
    await tx.transitionSavingsPlan({ planId: plan.planId, from: ['SIGNING', 'ACTIVE', 'PAUSED'], to: 'CANCELLED', cause: 'user.cancelled', at: isoInstant(app.clock) });
    await requestContractEndIn(tx, app, end);
  });
  await endContract(app, end);
}

/** Plans whose signing answer was lost: the bank is asked about our contract number. */
export async function settleSigningPlans(app: App, plans: SavingsPlanRow[]): Promise<number> {
  let settled = 0;
  for (const plan of plans.filter((p) => p.state === 'SIGNING')) {
    const answer = await bank(app).client.queryContract(plan.contractNo);
    if (answer.kind === 'ok') await applyContract(app, plan, answer.data, 'bank.query');
    else if (answer.kind === 'rejected' && answer.httpStatus === 404 && settleAgeReached(app.clock.nowMs(), plan.updatedAt)) {
      // Given up (the worker may set up again), with a request to end the contract kept open: the lost signing
      // call may still land, and the janitor ends what it signs (contractEnds.ts). Not before the settle age: until
      // then the signing call may still be on its way, and the worker would be told it failed when it is about to succeed.
      await app.store.transaction(async (tx) => {
        if (await tx.transitionSavingsPlan({ planId: plan.planId, from: ['SIGNING'], to: 'FAILED', cause: 'bank.not-found', at: isoInstant(app.clock) })) {
          await requestContractEndIn(tx, app, { channel: 'bank', contractNo: plan.contractNo, ownerRef: plan.planId, note: '签约未完成' });
        }
      });
    } else continue;
    settled += 1;
  }
  return settled;
}

/** A deposit refused because the contract is no longer active: ask the bank, and end the plan if the contract ended. */
export async function checkContract(app: App, plan: SavingsPlanRow): Promise<void> {
  const answer = await bank(app).client.queryContract(plan.contractNo);
  if (answer.kind === 'ok' && answer.data.state !== 'ACTIVE') await applyContract(app, plan, answer.data, 'bank.query');
}

/** The bank says a contract ended (the holder cancelled at the bank): true when it was a savings plan's. */
export async function savingsContractEnded(app: App, contract: Contract, cause: string): Promise<boolean> {
  const plan = await app.store.findSavingsPlanByContract(contract.out_contract_no);
  if (!plan) return false;
  await applyContract(app, plan, contract, cause);
  return true;
}
