/**
 * Repaying a bank advance by WeChat Pay (issue 5 item 4: "repayment by WeChat Pay or bank"; pilot §三(二)
 * "享受医保待遇前应还清银行代为缴纳的居民医保费"). The money is the bank's, not the fund's: what WeChat collects is held
 * in the credit-remittance account and remitted to the bank under the repayment's own number, on which the bank's
 * repay is idempotent. One number (the repayment id) is stored before any call and names every step: WeChat's
 * out_trade_no, the bank's out_repayment_no, and, if the bank will not take it, WeChat's out_refund_no.
 *
 * A lost answer is never a reason to act again blindly: a sheet is settled by asking WeChat, a remittance by asking
 * the bank whether it lists the repayment (and only then resending the identical request), a refund by asking WeChat.
 */
import type { App } from '../app';
import { bank } from '../agreements/bankChannel';
import { formatYuan, noticeIn } from '../agreements/notices';
import type { RefundStatus, Transaction } from '../channels/wechatpay';
import { toWechatTime } from '../channels/wechatpay/wechatTime';
import { isoInstant } from '../clock';
import { AppError } from '../errors';
import { log } from '../log';
import { paymentSettings } from '../payments/settings';
import { notifyUrl, wechatPay } from '../payments/wechatpayChannel';
import type { CreditAdvanceRow, CreditRepaymentRow, CreditRepaymentState } from '../store/credit.port';
import type { StoreOps } from '../store/port';
import { applyAdvanceAnswer, applyAdvanceAnswerIn, outstandingFen } from './advances';
import { repaymentCollectedTransfer, repaymentRefundedTransfer } from './postings';
import { repaymentFailureText } from './wording';


const SHEET_OPEN: readonly CreditRepaymentState[] = ['INIT', 'PENDING'];
/** The payer asked to close the sheet and WeChat did not confirm it: no sheet is handed out, the janitor closes it. */
const CANCEL_REQUESTED = 'wechat:cancel-requested';
/**
 * The bank's refusals that mean it will not take this money (what is owed changed, or nothing is owed): only these
 * send it back. Any other rejection (a signature or clock error, a number it says is used, our own input check) is
 * no decision about the money: it stays held and the janitor asks the bank again.
 */
const BANK_REFUSES_MONEY = ['REPAYMENT_EXCEEDS_OUTSTANDING', 'ADVANCE_NOT_REPAYABLE'];

export const cancelRequested = (r: Pick<CreditRepaymentRow, 'state' | 'failure'>): boolean => r.state === 'PENDING' && r.failure === CANCEL_REQUESTED;

/**
 * A sheet is worth paying only while it asks for exactly what is owed: after a part (or all) was repaid at the bank
 * counter, paying it would take money the bank refuses, to be sent back days later. Such a sheet is closed instead.
 */
export function sheetStillNeeded(advance: Pick<CreditAdvanceRow, 'state' | 'amountFen' | 'repaidFen'>, r: Pick<CreditRepaymentRow, 'amountFen'>): boolean {
  return (advance.state === 'PAID' || advance.state === 'OVERDUE') && r.amountFen === outstandingFen(advance);
}

/** Closes the open sheets of an advance that no longer ask for what is owed (see sheetStillNeeded). */
export async function closeUnneededSheets(app: App, advanceId: string): Promise<void> {
  const advance = await app.store.getCreditAdvance(advanceId);
  if (!advance) return;
  for (const r of await app.store.listCreditRepayments(advanceId)) {
    if (r.channel === 'wechatpay' && SHEET_OPEN.includes(r.state) && !sheetStillNeeded(advance, r)) await cancelRepaymentSheet(app, r, 'wechat:not-needed');
  }
}

/** Closes the open sheets `openid` opened for this person's advances (a relative's link removed). */
export async function closeSheetsOpenedBy(app: App, openid: string, personId: string): Promise<void> {
  for (const advance of await app.store.listCreditAdvances([personId])) {
    for (const r of await app.store.listCreditRepayments(advance.advanceId)) {
      if (r.channel === 'wechatpay' && r.requestedBy === openid && SHEET_OPEN.includes(r.state)) await cancelRepaymentSheet(app, r, 'wechat:relative-removed');
    }
  }
}

async function audit(tx: Pick<StoreOps, 'appendAudit'>, app: App, advance: CreditAdvanceRow, action: string, detail: Record<string, unknown>): Promise<void> {
  await tx.appendAudit({ at: isoInstant(app.clock), actor: 'system', action, subjectPersonId: advance.personId, detail: { advanceId: advance.advanceId, ...detail } });
}

async function advanceOf(app: Pick<App, 'store'> | { store: StoreOps }, r: CreditRepaymentRow): Promise<CreditAdvanceRow> {
  const advance = await app.store.getCreditAdvance(r.advanceId);
  if (!advance) throw new Error(`repayment ${r.repaymentId}: advance ${r.advanceId} is missing`);
  return advance;
}

/**
 * Opens the WeChat sheet for a repayment row already stored (INIT, channel wechatpay). The body is derived from the
 * row alone, so a resend is identical and WeChat answers with the same prepay_id.
 */
export async function openRepaymentSheet(app: App, r: CreditRepaymentRow, benefitYear: number): Promise<CreditRepaymentRow> {
  const expireAt = new Date(Date.parse(r.createdAt) + paymentSettings().expireMinutes * 60_000);
  const outcome = await wechatPay(app).createJsapiOrder({
    description: `合肥城乡居民医保 ${benefitYear}年度 信用参保还款`,
    out_trade_no: r.repaymentId,
    notify_url: notifyUrl(),
    amount: { total: r.amountFen },
    payer: { openid: r.requestedBy },
    time_expire: toWechatTime(expireAt),
  });
  const at = isoInstant(app.clock);
  if (outcome.kind === 'ok') {
    await app.store.transitionCreditRepayment({ repaymentId: r.repaymentId, from: ['INIT'], to: 'PENDING', at, patch: { prepayId: outcome.data.prepay_id } });
  } else if (outcome.kind === 'rejected') {
    log('warn', 'credit.repayment-sheet-rejected', { repaymentId: r.repaymentId, code: outcome.code, httpStatus: outcome.httpStatus });
    await app.store.transitionCreditRepayment({ repaymentId: r.repaymentId, from: ['INIT'], to: 'FAILED', at, failure: `wechat:rejected:${outcome.code}` });
    throw new AppError('PAYMENT_FAILED', '微信支付暂时无法发起还款，未扣款，请稍后重试或选择银行账户还款');
  } else {
    // Stays INIT: the janitor asks WeChat about the number and closes it, since nobody can pay without a prepay_id.
    log('warn', 'credit.repayment-sheet-unknown', { repaymentId: r.repaymentId, reason: outcome.reason });
  }
  return (await app.store.getCreditRepayment(r.repaymentId))!;
}

/** The arguments of wx.requestPayment for a sheet still open, for the one who opened it. */
export function repaymentSheetArgs(app: App, r: CreditRepaymentRow) {
  return r.state === 'PENDING' && r.prepayId && !cancelRequested(r) ? wechatPay(app).buildRequestPayment(r.prepayId) : undefined;
}

/**
 * The payer left the sheet without paying: closed at WeChat, then ended here, so another repayment (or the bank) can
 * be chosen at once. A close WeChat does not confirm leaves the sheet to the janitor (it may have been paid after all).
 */
export async function cancelRepaymentSheet(app: App, r: CreditRepaymentRow, failure = 'wechat:cancelled'): Promise<void> {
  if (r.channel !== 'wechatpay' || !SHEET_OPEN.includes(r.state)) return;
  const closed = await wechatPay(app).closeOrder(r.repaymentId);
  if (closed.kind === 'ok') {
    await app.store.transitionCreditRepayment({ repaymentId: r.repaymentId, from: SHEET_OPEN, to: 'FAILED', at: isoInstant(app.clock), failure });
    return;
  }
  if (closed.kind === 'rejected' && closed.code === 'ORDERPAID') {
    const again = await wechatPay(app).queryOrder(r.repaymentId);
    if (again.kind === 'ok') await applyRepaymentTransaction(app, again.data, 'cancel.paid-before-close');
    return;
  }
  // Not confirmed: the request is kept, so no sheet is handed out and the janitor's next pass closes it.
  await app.store.transitionCreditRepayment({ repaymentId: r.repaymentId, from: ['PENDING'], to: 'PENDING', at: isoInstant(app.clock), failure: CANCEL_REQUESTED });
}

/**
 * Sends the collected money to the bank (or sends the identical request again). The bank's answer confirms the
 * repayment (applyAdvanceAnswerIn books it remitted and the advance repaid); a refusal gives the money back.
 */
export async function remitRepayment(app: App, repaymentId: string, cause: string): Promise<void> {
  const r = await app.store.getCreditRepayment(repaymentId);
  if (!r || r.state !== 'COLLECTED') return;
  const answer = await bank(app).client.repay({
    out_advance_no: r.advanceId, out_repayment_no: r.repaymentId, amount_fen: r.amountFen,
    funded_by: 'PARTNER_REMITTANCE', ...(r.channelTxnId ? { remittance_ref: r.channelTxnId } : {}),
  });
  if (answer.kind === 'ok') {
    await applyAdvanceAnswer(app, r.advanceId, { kind: 'ok', data: answer.data.advance }, `${cause}:remitted`, r.requestedBy);
    return;
  }
  if (answer.kind === 'unknown') {
    log('warn', 'credit.remittance-unknown', { repaymentId, reason: answer.reason });
    return;
  }
  if (!BANK_REFUSES_MONEY.includes(answer.code)) {
    log('error', 'credit.remittance-rejected', { repaymentId, code: answer.code, httpStatus: answer.httpStatus });
    return;
  }
  log('warn', 'credit.remittance-refused', { repaymentId, code: answer.code, httpStatus: answer.httpStatus });
  const moved = await app.store.transaction(async (tx) => {
    if (!(await tx.transitionCreditRepayment({ repaymentId, from: ['COLLECTED'], to: 'REFUNDING', at: isoInstant(app.clock), failure: `rejected:${answer.code}` }))) return false;
    await audit(tx, app, await advanceOf({ store: tx }, r), 'credit.repayment-remittance-refused', { repaymentId, amountFen: r.amountFen, code: answer.code });
    return true;
  });
  if (moved) await sendRepaymentRefund(app, repaymentId);
  // Most often the bank refuses because what is owed changed (a part repaid at its counter): the page should show it.
  const now = await bank(app).client.queryAdvance(r.advanceId);
  if (now.kind === 'ok') await applyAdvanceAnswer(app, r.advanceId, now, `${cause}:after-refusal`, 'system');
}

/** Gives collected money back to the payer's WeChat: the same out_refund_no (the repayment id) on every send. */
async function sendRepaymentRefund(app: App, repaymentId: string): Promise<void> {
  const r = await app.store.getCreditRepayment(repaymentId);
  if (!r || r.state !== 'REFUNDING') return;
  const outcome = await wechatPay(app).refund({
    out_trade_no: r.repaymentId, out_refund_no: r.repaymentId, reason: '信用参保还款未被银行受理，原路退回', notify_url: notifyUrl(),
    amount: { refund: r.amountFen, total: r.amountFen, currency: 'CNY' },
  });
  if (outcome.kind === 'ok') await applyRepaymentRefundStatus(app, repaymentId, outcome.data.status, 'refund.answer', outcome.data.success_time);
  else log('warn', 'credit.repayment-refund-not-sent', { repaymentId, kind: outcome.kind, ...(outcome.kind === 'rejected' ? { code: outcome.code } : {}) });
}

/** WeChat's word on a repayment's refund (its answer, a query, a REFUND.* callback). */
export async function applyRepaymentRefundStatus(app: App, repaymentId: string, status: RefundStatus, cause: string, successTime?: string): Promise<'settled' | 'unchanged'> {
  const r = await app.store.getCreditRepayment(repaymentId);
  if (!r || r.state !== 'REFUNDING') return 'unchanged';
  const at = isoInstant(app.clock);
  if (status === 'SUCCESS') {
    const refundedAt = successTime ? new Date(successTime).toISOString() : at;
    const done = await app.store.transaction(async (tx) => {
      if (!(await tx.transitionCreditRepayment({ repaymentId, from: ['REFUNDING'], to: 'REFUNDED', at, patch: { refundedAt } }))) return false;
      await tx.postTransfer(repaymentRefundedTransfer(r, app.ids('trf'), at));
      const advance = await advanceOf({ store: tx }, r);
      await audit(tx, app, advance, 'credit.repayment-refunded', { repaymentId, amountFen: r.amountFen, cause });
      const name = (await tx.getPerson(advance.personId))?.name ?? '';
      await noticeIn(tx, app, {
        personId: advance.personId, openid: r.requestedBy, kind: 'credit.repayment-refunded', ref: repaymentId, title: '还款已退回',
        body: `${name} ${advance.benefitYear} 年度银行代缴保费的微信还款 ${formatYuan(r.amountFen)} 未被银行受理：${repaymentFailureText({ ...r, state: 'REFUNDED' })}。${
          advance.state === 'REPAID' ? '该笔代缴已还清，无需再还款。' : '请在信用参保页面查看待还金额后重新还款。'}`,
      });
      return true;
    });
    return done ? 'settled' : 'unchanged';
  }
  if (status === 'ABNORMAL' || status === 'CLOSED') {
    // The money stays in credit-remittance, where fund staff see it and pay it back by another route.
    const moved = await app.store.transaction(async (tx) => {
      const failure = `${r.failure ?? ''};refund-stuck:${status}`;
      if (!(await tx.transitionCreditRepayment({ repaymentId, from: ['REFUNDING'], to: 'MANUAL', at, failure }))) return false;
      const advance = await advanceOf({ store: tx }, r);
      await audit(tx, app, advance, 'credit.repayment-refund-stuck', { repaymentId, amountFen: r.amountFen, status });
      await noticeIn(tx, app, {
        personId: advance.personId, openid: r.requestedBy, kind: 'credit.repayment-refund-manual', ref: repaymentId, title: '还款退回需人工办理',
        body: `${(await tx.getPerson(advance.personId))?.name ?? ''} ${advance.benefitYear} 年度银行代缴保费的微信还款 ${formatYuan(r.amountFen)} 未被银行受理，原路退回微信未成功。经办人员将另行退还，无需重复操作；如有疑问请到经办窗口咨询。`,
      });
      return true;
    });
    if (moved) log('error', 'credit.repayment-refund-stuck', { repaymentId, status });
    return moved ? 'settled' : 'unchanged';
  }
  return 'unchanged';
}

/**
 * WeChat's word on a repayment's payment (a verified callback or a query answer). Paid: the money is held for the
 * bank (one transfer, compare-and-set on the row) and remitted at once. The amount must be the row's.
 */
export async function applyRepaymentTransaction(app: App, txn: Transaction, cause: string): Promise<'settled' | 'unchanged' | 'mismatch' | 'unknown-order'> {
  const r = await app.store.getCreditRepayment(txn.out_trade_no);
  if (!r || r.channel !== 'wechatpay') return 'unknown-order';
  const at = isoInstant(app.clock);
  if (txn.trade_state === 'SUCCESS' || txn.trade_state === 'REFUND') {
    // Held money WeChat already shows refunded is marked so (payments/unbooked.ts): staff check before paying it again.
    const refunded = txn.trade_state === 'REFUND' ? ':REFUND' : '';
    if (!SHEET_OPEN.includes(r.state)) {
      if (r.state !== 'FAILED') return 'unchanged';
      // A sheet is ended only after WeChat confirmed its close; money on it anyway is put before fund staff: the row
      // waits for them (MANUAL, 待人工处理款项), once however often WeChat repeats it. Nothing is booked: the money
      // is only at WeChat, and the advance may since have been repaid another way.
      const moved = await app.store.transaction(async (tx) => {
        const failure = `wechat:paid-after-close:${txn.amount?.total ?? 'none'}${refunded}`;
        if (!(await tx.transitionCreditRepayment({ repaymentId: r.repaymentId, from: ['FAILED'], to: 'MANUAL', at, failure }))) return false;
        await audit(tx, app, await advanceOf({ store: tx }, r), 'credit.repayment-paid-after-failed', { repaymentId: r.repaymentId, fen: txn.amount?.total ?? null });
        return true;
      });
      if (moved) log('error', 'credit.repayment-paid-after-failed', { repaymentId: r.repaymentId, fen: txn.amount?.total });
      return 'mismatch';
    }
    if (txn.amount?.total !== r.amountFen) {
      // Not what was asked: nothing is booked, and staff settle it (once: the row leaves the sheet states).
      const moved = await app.store.transaction(async (tx) => {
        const failure = `wechat:amount-mismatch:${txn.amount?.total ?? 'none'}${refunded}`;
        if (!(await tx.transitionCreditRepayment({ repaymentId: r.repaymentId, from: SHEET_OPEN, to: 'MANUAL', at, failure }))) return false;
        await audit(tx, app, await advanceOf({ store: tx }, r), 'credit.repayment-amount-mismatch', { repaymentId: r.repaymentId, got: txn.amount?.total ?? null });
        return true;
      });
      if (moved) log('error', 'credit.repayment-amount-mismatch', { repaymentId: r.repaymentId, expected: r.amountFen, got: txn.amount?.total });
      return 'mismatch';
    }
    const collectedAt = txn.success_time ? new Date(txn.success_time).toISOString() : at;
    const collected = await app.store.transaction(async (tx) => {
      const patch = { channelTxnId: txn.transaction_id ?? null, collectedAt };
      if (!(await tx.transitionCreditRepayment({ repaymentId: r.repaymentId, from: SHEET_OPEN, to: 'COLLECTED', at, patch }))) return false;
      await tx.postTransfer(repaymentCollectedTransfer(r, app.ids('trf'), at));
      const advance = await advanceOf({ store: tx }, r);
      // The advance is written too (as it is): an overdue mark committing meanwhile, which reads our repayments to
      // spare whoever paid us on time (advances.ts markOverdueIn), then conflicts with this one on CloudBase and runs
      // again after it, seeing the money. SQLite's single writer orders the two already.
      await tx.transitionCreditAdvance({ advanceId: advance.advanceId, from: [advance.state], to: advance.state, at });
      await audit(tx, app, advance, 'credit.repayment-collected', { repaymentId: r.repaymentId, amountFen: r.amountFen, cause });
      return true;
    });
    if (collected) await remitRepayment(app, r.repaymentId, cause);
    return collected ? 'settled' : 'unchanged';
  }
  if (txn.trade_state === 'CLOSED' || txn.trade_state === 'REVOKED') {
    const moved = await app.store.transitionCreditRepayment({ repaymentId: r.repaymentId, from: SHEET_OPEN, to: 'FAILED', at, failure: `wechat:${txn.trade_state}` });
    return moved ? 'settled' : 'unchanged';
  }
  if ((txn.trade_state === 'NOTPAY' || txn.trade_state === 'USERPAYING') && r.state === 'INIT' && r.prepayId) {
    return (await app.store.transitionCreditRepayment({ repaymentId: r.repaymentId, from: ['INIT'], to: 'PENDING', at })) ? 'settled' : 'unchanged';
  }
  // PAYERROR: the payer may open the sheet again; the janitor closes it at expiry.
  return 'unchanged';
}

export interface WechatRepaymentReport {
  sheets: number;
  remitted: number;
  refunds: number;
}

/**
 * Every WeChat repayment left open and old enough that no call of ours is still travelling, each state by itself
 * so no group can crowd out another: sheets are asked about (and closed once expired, asked to close, or no longer
 * needed because the advance is repaid; at once when WeChat never gave one); collected money not yet at the bank is
 * asked about at the bank and sent again only when the bank does not list it; refunds are asked about (and sent
 * again when WeChat never had them). A row still open after its turn is touched, so the next pass starts with others.
 */
export async function settleWechatRepayments(app: App, before: string, limit: number): Promise<WechatRepaymentReport> {
  const report: WechatRepaymentReport = { sheets: 0, remitted: 0, refunds: 0 };
  const batch = (states: readonly CreditRepaymentState[]) => app.store.listCreditRepaymentsToSettle(states, before, limit, 'wechatpay');
  for (const r of await batch(SHEET_OPEN)) {
    if (await settleSheet(app, r)) report.sheets += 1;
    else await touch(app, r);
  }
  for (const r of await batch(['COLLECTED'])) {
    const asked = await bank(app).client.queryAdvance(r.advanceId);
    if (asked.kind !== 'ok') {
      await touch(app, r);
      continue;
    }
    if (asked.data.repayments.some((listed) => listed.out_repayment_no === r.repaymentId)) {
      await app.store.transaction((tx) => applyAdvanceAnswerIn(tx, app, r.advanceId, asked, 'janitor.remittance-query', 'system'));
    } else {
      await remitRepayment(app, r.repaymentId, 'janitor.remit-again');
    }
    if ((await app.store.getCreditRepayment(r.repaymentId))!.state !== 'COLLECTED') report.remitted += 1;
    else await touch(app, r);
  }
  for (const r of await batch(['REFUNDING'])) {
    const answer = await wechatPay(app).queryRefund(r.repaymentId);
    if (answer.kind === 'ok') {
      if ((await applyRepaymentRefundStatus(app, r.repaymentId, answer.data.status, 'janitor.refund-query', answer.data.success_time)) === 'settled') report.refunds += 1;
    } else if (answer.kind === 'rejected' && /NOT_?EXIST|NOT_FOUND/.test(answer.code)) {
      await sendRepaymentRefund(app, r.repaymentId);
    }
    if ((await app.store.getCreditRepayment(r.repaymentId))!.state === 'REFUNDING') await touch(app, r);
  }
  return report;
}

/** Moves a row still open to the back of the janitor's queue (updatedAt now), changing nothing else. */
async function touch(app: App, r: CreditRepaymentRow): Promise<void> {
  const now = (await app.store.getCreditRepayment(r.repaymentId))!;
  await app.store.transitionCreditRepayment({ repaymentId: r.repaymentId, from: [now.state], to: now.state, at: isoInstant(app.clock) });
}

/** One open sheet: WeChat's word applied, then closed if it should be. True when the row moved on. */
async function settleSheet(app: App, r: CreditRepaymentRow): Promise<boolean> {
  const answer = await wechatPay(app).queryOrder(r.repaymentId);
  if (answer.kind === 'ok') await applyRepaymentTransaction(app, answer.data, 'janitor.query');
  const now = (await app.store.getCreditRepayment(r.repaymentId))!;
  if (!SHEET_OPEN.includes(now.state)) return true;
  const needed = sheetStillNeeded(await advanceOf(app, r), now);
  const expired = app.clock.nowMs() > Date.parse(r.createdAt) + paymentSettings().expireMinutes * 60_000;
  // Without a prepay_id nobody can pay it; a cancelled one was asked to close; a repaid advance needs no more money.
  if (!(expired || !now.prepayId || cancelRequested(now) || !needed)) return false;
  if (answer.kind === 'unknown') return false;
  if (answer.kind === 'rejected' && !/NOT_?EXIST/.test(answer.code)) return false;
  const failure = answer.kind === 'rejected' ? 'wechat:not-at-channel' : cancelRequested(now) ? 'wechat:cancelled' : !needed ? 'wechat:not-needed' : 'wechat:expired';
  if (answer.kind === 'rejected') {
    return app.store.transitionCreditRepayment({ repaymentId: r.repaymentId, from: SHEET_OPEN, to: 'FAILED', at: isoInstant(app.clock), failure });
  }
  await cancelRepaymentSheet(app, now, failure);
  return !SHEET_OPEN.includes((await app.store.getCreditRepayment(r.repaymentId))!.state);
}
