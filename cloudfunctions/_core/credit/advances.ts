/**
 * The bank's word about an advance (an answer to our call, a query, a notification), applied to our books. One
 * function applies every kind of word, compare-and-set at every step, so an answer that arrives twice, late or
 * out of order changes nothing it should not: the bank's current state is the truth, our transitions only move
 * forward (INIT/UNKNOWN → PAID → OVERDUE → REPAID).
 */
import type { App } from '../app';
import { formatYuan, noticeIn } from '../agreements/notices';
import type { Advance, ChannelOutcome } from '../channels/bank';
import { toShanghaiDate } from '../channels/bank/bankTime';
import { isoInstant, todayIn } from '../clock';
import { log } from '../log';
import { fail as failOrder, succeed as bookPaidOrder } from '../payments/service';
import type { CreditAdvanceRow, CreditRepaymentRow } from '../store/credit.port';
import type { PaymentOrderRow, StoreOps } from '../store/port';
import { advancePaidTransfer, advancePartRepaidTransfer, advanceRepaidTransfer, repaymentRemittedTransfer } from './postings';
import { benefitsAfterAdvanceText, repaidText, restoredFromOf, advanceEndedNote } from './wording';

export type AdvanceOutcome = 'paid' | 'refused' | 'failed' | 'unknown' | 'overdue' | 'part-repaid' | 'repaid' | 'unchanged';

/** The states in which the bank has paid the premium: the person is enrolled and owes (or owed) the bank. */
export const ADVANCED_STATES = ['PAID', 'OVERDUE', 'REPAID'] as const;
/** The states in which money is owed to the bank. */
export const OWING_STATES = ['PAID', 'OVERDUE'] as const;

/** The amount a notice names: the premium, and what is still owed once part of it was repaid (ends in a separator). */
export function owedText(advance: Pick<CreditAdvanceRow, 'state' | 'amountFen' | 'repaidFen'>): string {
  const left = outstandingFen(advance);
  return left === advance.amountFen ? `${formatYuan(left)} ` : `${formatYuan(advance.amountFen)}（已还 ${formatYuan(advance.repaidFen)}，尚需归还 ${formatYuan(left)}）`;
}

/** What the bank has had back of the advance: all of it once repaid (older CloudBase rows keep 0 for REPAID). */
export function repaidSoFarFen(advance: Pick<CreditAdvanceRow, 'state' | 'amountFen' | 'repaidFen'>): number {
  return advance.amountFen - outstandingFen(advance);
}

/** What is still owed to the bank: nothing once repaid, else the premium less what the bank reports repaid. */
export function outstandingFen(advance: Pick<CreditAdvanceRow, 'state' | 'amountFen' | 'repaidFen'>): number {
  if (advance.state === 'REPAID') return 0;
  return Math.max(0, advance.amountFen - advance.repaidFen);
}

async function audit(tx: StoreOps, app: App, advance: CreditAdvanceRow, actor: string, action: string, detail: Record<string, unknown>): Promise<void> {
  await tx.appendAudit({
    at: isoInstant(app.clock), actor, action, subjectPersonId: advance.personId,
    detail: { advanceId: advance.advanceId, benefitYear: advance.benefitYear, ...detail },
  });
}

async function personName(tx: StoreOps, personId: string): Promise<string> {
  return (await tx.getPerson(personId))?.name ?? '';
}

/** A request the bank refused or that failed leaves a message too (it may end long after the page was closed). */
async function endedNoticeIn(tx: StoreOps, app: App, advance: CreditAdvanceRow, state: 'REFUSED' | 'FAILED', failure: string): Promise<void> {
  await noticeIn(tx, app, {
    personId: advance.personId, openid: advance.signerOpenid, kind: 'credit.ended', ref: advance.advanceId, title: '银行代缴未办理成功',
    body: `${await personName(tx, advance.personId)} ${advance.benefitYear} 年度居民医保费的银行代缴未办理成功：${advanceEndedNote({ state, failure })}。`,
  });
}

const isoOf = (bankTime: string | null | undefined, fallback: string) => (bankTime ? new Date(bankTime).toISOString() : fallback);

/**
 * Books the bank's payment: the reserved order is paid (ledger order.paid, enrollment for the year), and the
 * credit.advanced transfer says the money was the bank's. An order closed meanwhile (the payment janitor ends
 * open orders it cannot find at WeChat) is replaced by a fresh one for the same person-year; if someone paid
 * that year another way in between, the insert fails and the whole transaction rolls back, leaving the advance
 * open: the error is logged and the daily job keeps asking, so staff see it rather than a silent double book.
 */
async function bookAdvance(tx: StoreOps, app: App, advance: CreditAdvanceRow, data: Advance, cause: string): Promise<void> {
  const at = isoInstant(app.clock);
  const paidAt = isoOf(data.paid_at, at);
  const found = await tx.getOrder(advance.orderId);
  if (!found) throw new Error(`credit advance ${advance.advanceId}: order ${advance.orderId} is missing`);
  const booked = await bookPaidOrder(tx, app, found.order, found.items, cause, data.advance_id, paidAt);
  if (!booked && found.order.state !== 'SUCCESS') {
    log('warn', 'credit.advance-order-replaced', { advanceId: advance.advanceId, closedOrderId: advance.orderId, state: found.order.state });
    const order: PaymentOrderRow = {
      ...found.order, orderId: app.ids('ord'), requestHash: `credit:${advance.advanceId}:rebooked`, state: 'INIT', prepayId: null,
      channelTxnId: null, failure: null, paidAt: null, createdAt: at, updatedAt: at,
    };
    const items = found.items.map((item) => ({ ...item, orderId: order.orderId, live: true }));
    await tx.insertOrder(order, items);
    await bookPaidOrder(tx, app, order, items, cause, data.advance_id, paidAt);
    await tx.transitionCreditAdvance({ advanceId: advance.advanceId, from: ['PAID'], to: 'PAID', at, patch: { orderId: order.orderId } });
  }
  await tx.postTransfer(advancePaidTransfer(advance, app.ids('trf'), at));
}

/** The advanced year's first day of benefits as its order was priced (a waiting period moves it past 1 January). */
export async function benefitStartOf(tx: Pick<StoreOps, 'getOrder'>, advance: Pick<CreditAdvanceRow, 'orderId' | 'personId' | 'benefitYear'>): Promise<string> {
  const item = (await tx.getOrder(advance.orderId))?.items.find((i) => i.personId === advance.personId && i.benefitYear === advance.benefitYear);
  const start = item ? (JSON.parse(item.quote) as { benefitStart?: string }).benefitStart : undefined;
  return start ?? `${advance.benefitYear}-01-01`;
}

/**
 * The Hefei day the person paid us, by WeChat Pay, all that was still owed, if they did: we collect it and send it on
 * to the bank (wechatRepayment.ts), so the person repaid on that day whenever our remittance lands. Our repayment is
 * always of everything owed; one the bank refused (and we gave back) no longer counts. Benefit status (status.ts)
 * counts it as the repayment day too, while the bank has yet to confirm it.
 */
export async function collectedInFullOn(tx: Pick<StoreOps, 'listCreditRepayments'>, advance: CreditAdvanceRow, receivedByBank?: ReadonlySet<string>): Promise<string | null> {
  const owed = outstandingFen(advance);
  const days = (await tx.listCreditRepayments(advance.advanceId))
    .filter((r) => r.channel === 'wechatpay' && (r.state === 'COLLECTED' || r.state === 'SUCCESS') && r.collectedAt !== null && r.amountFen >= owed)
    .filter((r) => !receivedByBank || receivedByBank.has(r.repaymentId))
    .map((r) => toShanghaiDate(new Date(r.collectedAt!)))
    .sort();
  return days[0] ?? null;
}

/**
 * PAID → OVERDUE: an entry in the 医保信用档案, benefits suspended (by the status rule), the person told. Not for
 * someone who paid us in full by the due date: only our remittance is late (the bank may say overdue meanwhile, having
 * not yet had the money), and the bank's REPAID, when it lands, is dated the day they paid (markRepaidIn's caller).
 */
export async function markOverdueIn(tx: StoreOps, app: App, advanceId: string, overdueAt: string, cause: string, actor: string, tell = true): Promise<boolean> {
  const at = isoInstant(app.clock);
  const current = await tx.getCreditAdvance(advanceId);
  const paidUs = current ? await collectedInFullOn(tx, current) : null;
  if (current && paidUs !== null && paidUs <= current.dueDate) {
    log('info', 'credit.overdue-not-marked', { advanceId, collectedOn: paidUs, dueDate: current.dueDate, cause });
    return false;
  }
  if (!(await tx.transitionCreditAdvance({ advanceId, from: ['PAID'], to: 'OVERDUE', at, patch: { overdueAt } }))) return false;
  const advance = (await tx.getCreditAdvance(advanceId))!;
  const name = await personName(tx, advance.personId);
  await tx.insertCreditRecord({
    recordId: app.ids('crr'), personId: advance.personId, advanceId, kind: 'advance-overdue',
    detail: `${advance.benefitYear} 年度居民医保费银行代缴 ${formatYuan(advance.amountFen)}，应于 ${advance.dueDate} 前还款，逾期未还`,
    recordedAt: at, resolvedAt: null,
  });
  await audit(tx, app, advance, actor, 'credit.advance-overdue', { dueDate: advance.dueDate, overdueAt, cause });
  if (!tell) return true;
  await noticeIn(tx, app, {
    personId: advance.personId, openid: advance.signerOpenid, kind: 'credit.overdue', ref: advanceId, title: '信用参保还款已逾期',
    body: `银行为 ${name} 代缴的 ${advance.benefitYear} 年度居民医保费 ${owedText(advance)}已超过还款日（${advance.dueDate}），已记入医保信用档案并暂缓享受医保待遇。还清后次日起恢复待遇。`,
  });
  return true;
}

/**
 * Part of the advance repaid, but not all: at the bank counter (pilot §三(二) "由个人按约定偿还", in as many goes as the
 * bank takes), since our own repayment is always of everything owed. No notification tells of it; the amount the
 * bank reports is kept, the person told what is still owed, and the advance stays owing (benefits as they were).
 */
async function notePartRepaidIn(tx: StoreOps, app: App, advanceId: string, repaidFen: number, cause: string, actor: string): Promise<boolean> {
  const advance = (await tx.getCreditAdvance(advanceId))!;
  if (!(OWING_STATES as readonly string[]).includes(advance.state) || repaidFen <= advance.repaidFen || repaidFen >= advance.amountFen) return false;
  const at = isoInstant(app.clock);
  if (!(await tx.transitionCreditAdvance({ advanceId, from: [advance.state], to: advance.state, at, patch: { repaidFen } }))) return false;
  await tx.postTransfer(advancePartRepaidTransfer(advance, repaidFen, repaidFen - advance.repaidFen, app.ids('trf'), at));
  const owed = advance.amountFen - repaidFen;
  await audit(tx, app, advance, actor, 'credit.advance-part-repaid', { repaidFen, outstandingFen: owed, cause });
  const name = await personName(tx, advance.personId);
  // Learned after the due date but before the bank's overdue word: no "还清 before" a day already gone.
  const then = advance.state === 'OVERDUE' ? '还清后次日起恢复医保待遇。'
    : todayIn(app.clock) > advance.dueDate ? `已超过还款日（${advance.dueDate}），请尽快还清。` : `请在 ${advance.dueDate} 前还清（免息）。`;
  await noticeIn(tx, app, {
    personId: advance.personId, openid: advance.signerOpenid, kind: 'credit.part-repaid', ref: `${advanceId}:${repaidFen}`, title: '信用参保已收到部分还款',
    body: `银行为 ${name} 代缴的 ${advance.benefitYear} 年度居民医保费 ${formatYuan(advance.amountFen)}，银行已收到还款共 ${formatYuan(repaidFen)}，尚需归还 ${formatYuan(owed)}。${then}`,
  });
  return true;
}

async function markRepaidIn(tx: StoreOps, app: App, advanceId: string, repaidDate: string, cause: string, actor: string): Promise<boolean> {
  const at = isoInstant(app.clock);
  const before = (await tx.getCreditAdvance(advanceId))!;
  if (!(await tx.transitionCreditAdvance({ advanceId, from: OWING_STATES, to: 'REPAID', at, patch: { repaidDate, repaidFen: before.amountFen } }))) return false;
  const advance = (await tx.getCreditAdvance(advanceId))!;
  // Parts repaid at the counter were booked as the bank reported them; the rest is booked now.
  await tx.postTransfer(advanceRepaidTransfer(advance, outstandingFen(before), app.ids('trf'), at));
  const resolved = await tx.resolveCreditRecords(advanceId, at);
  // Only a repayment made once the year's benefits could be held speaks of restoring them (wording.ts).
  const benefitStart = await benefitStartOf(tx, advance);
  const restoredFrom = restoredFromOf({ repaidDate }, benefitStart) ?? null;
  await audit(tx, app, advance, actor, 'credit.advance-repaid', { repaidDate, restoredFrom, wasOverdue: advance.overdueAt !== null, recordsResolved: resolved, cause });
  const name = await personName(tx, advance.personId);
  await noticeIn(tx, app, {
    personId: advance.personId, openid: advance.signerOpenid, kind: 'credit.repaid', ref: advanceId, title: '信用参保已还款',
    body: `${name} ${advance.benefitYear} 年度银行代缴的居民医保费 ${formatYuan(advance.amountFen)} ${repaidText({ benefitYear: advance.benefitYear, repaidDate }, benefitStart)}。`,
  });
  return true;
}

/** The states from which the bank's listing confirms a repayment: asked of the bank, or (WeChat Pay) collected and sent. */
const AWAITING_BANK: Record<CreditRepaymentRow['channel'], readonly CreditRepaymentRow['state'][]> = {
  bank: ['INIT', 'UNKNOWN'],
  wechatpay: ['COLLECTED'],
};

/** Our repayments still awaiting the bank that the bank's advance lists as received. */
export function repaymentsConfirmedBy(open: readonly CreditRepaymentRow[], data: Pick<Advance, 'repayments'>): CreditRepaymentRow[] {
  const received = new Set(data.repayments.map((r) => r.out_repayment_no).filter((no): no is string => no !== null));
  return open.filter((r) => AWAITING_BANK[r.channel].includes(r.state) && received.has(r.repaymentId));
}

/** The bank has it: SUCCESS, and money we collected by WeChat Pay leaves the held account for the bank. */
export async function confirmRepaymentIn(tx: StoreOps, app: App, r: CreditRepaymentRow, at: string): Promise<boolean> {
  if (!(await tx.transitionCreditRepayment({ repaymentId: r.repaymentId, from: AWAITING_BANK[r.channel], to: 'SUCCESS', at }))) return false;
  if (r.channel === 'wechatpay') await tx.postTransfer(repaymentRemittedTransfer(r, app.ids('trf'), isoInstant(app.clock)));
  return true;
}

async function confirmListedRepaymentsIn(tx: StoreOps, app: App, advanceId: string, data: Advance, at: string): Promise<void> {
  for (const r of repaymentsConfirmedBy(await tx.listCreditRepayments(advanceId), data)) await confirmRepaymentIn(tx, app, r, bankRepaidAt(data, r.repaymentId, at));
}

/**
 * When the bank says our repayment was made (its statement's clock, which reconciliation compares by day), else `at`.
 * A repayment confirmed after midnight for a payment made before it stays on the bank's day.
 */
export function bankRepaidAt(data: Pick<Advance, 'repayments'>, repaymentId: string, at: string): string {
  const listed = data.repayments.find((r) => r.out_repayment_no === repaymentId);
  return listed ? new Date(listed.repaid_at).toISOString() : at;
}

/**
 * Applies one word from the bank about `advanceId` inside the caller's transaction. `rejected` is final only
 * for an advance that never got further than our request (a refused call, or a query answering 404 for an
 * advance old enough that no request can still be on its way): the caller decides which rejections to pass.
 */
export async function applyAdvanceAnswerIn(
  tx: StoreOps,
  app: App,
  advanceId: string,
  answer: ChannelOutcome<Advance>,
  cause: string,
  actor: string,
): Promise<AdvanceOutcome> {
  const at = isoInstant(app.clock);
  const advance = await tx.getCreditAdvance(advanceId);
  if (!advance) throw new Error(`credit advance ${advanceId} is missing`);
  if (answer.kind === 'unknown') {
    await tx.transitionCreditAdvance({ advanceId, from: ['INIT'], to: 'UNKNOWN', at });
    return 'unknown';
  }
  if (answer.kind === 'rejected') {
    const failure = `rejected:${answer.code}`;
    if (!(await tx.transitionCreditAdvance({ advanceId, from: ['INIT', 'UNKNOWN'], to: 'FAILED', at, patch: { failure } }))) return 'unchanged';
    const found = await tx.getOrder(advance.orderId);
    if (found) await failOrder(tx, app, found.order, `credit.${failure}`);
    await audit(tx, app, advance, actor, 'credit.advance-failed', { failure, cause });
    await endedNoticeIn(tx, app, advance, 'FAILED', failure);
    return 'failed';
  }
  const data = answer.data;
  if (data.out_advance_no !== advanceId || data.amount_fen !== advance.amountFen) {
    log('error', 'credit.advance-mismatch', { advanceId, got: data.out_advance_no, expectedFen: advance.amountFen, gotFen: data.amount_fen });
    return 'unchanged';
  }
  if (data.state === 'REFUSED') {
    const failure = `refused:${data.fail_code ?? 'CREDIT_REFUSED'}`;
    if (!(await tx.transitionCreditAdvance({ advanceId, from: ['INIT', 'UNKNOWN'], to: 'REFUSED', at, patch: { failure, bankAdvanceId: data.advance_id } }))) return 'unchanged';
    const found = await tx.getOrder(advance.orderId);
    if (found) await failOrder(tx, app, found.order, `credit.${failure}`);
    await audit(tx, app, advance, actor, 'credit.advance-refused', { failure, cause });
    await endedNoticeIn(tx, app, advance, 'REFUSED', failure);
    return 'refused';
  }
  // The bank lists every repayment it received: ours among them are confirmed whatever word brought the list (a
  // query, a notification, a later repayment's answer), so a repayment whose own answer was lost never waits for
  // the daily job while the advance already shows it repaid.
  await confirmListedRepaymentsIn(tx, app, advanceId, data, at);
  // PAID, OVERDUE and REPAID all say the bank paid the premium; each further step is taken in order.
  let outcome: AdvanceOutcome = 'unchanged';
  const paidAt = isoOf(data.paid_at, at);
  if (await tx.transitionCreditAdvance({ advanceId, from: ['INIT', 'UNKNOWN'], to: 'PAID', at, patch: { bankAdvanceId: data.advance_id, paidAt } })) {
    await bookAdvance(tx, app, advance, data, cause);
    await audit(tx, app, advance, actor, 'credit.advance-paid', { amountFen: advance.amountFen, dueDate: data.due_date, cause });
    const name = await personName(tx, advance.personId);
    await noticeIn(tx, app, {
      personId: advance.personId, openid: advance.signerOpenid, kind: 'credit.advanced', ref: advanceId, title: '银行已代缴医保费',
      // Learned only once repaid (the first word we had was the bank's REPAID): no "请还款"; the repaid notice follows.
      body: data.state === 'REPAID'
        ? `银行已为 ${name} 代缴 ${advance.benefitYear} 年度居民医保费 ${formatYuan(advance.amountFen)}。`
        : `银行已为 ${name} 代缴 ${advance.benefitYear} 年度居民医保费 ${formatYuan(advance.amountFen)}，请在 ${advance.dueDate} 前还款（免息）。${
          benefitsAfterAdvanceText(advance.benefitYear, await benefitStartOf(tx, advance), todayIn(app.clock))}`,
    });
    outcome = 'paid';
  } else if (advance.state === 'REFUSED' || advance.state === 'FAILED') {
    // We ended an advance the bank did pay: money moved that our books do not show. Staff must settle it by hand.
    log('error', 'credit.paid-after-ended', { advanceId, state: advance.state, bankState: data.state });
    await audit(tx, app, advance, 'system', 'credit.paid-after-ended', { ourState: advance.state, bankState: data.state, cause });
    return 'unchanged';
  }
  if (data.state === 'OVERDUE' || data.overdue_at !== null) {
    // Learned only once repaid: the overdue is recorded (and resolved just below), but nobody is asked to repay.
    if (await markOverdueIn(tx, app, advanceId, isoOf(data.overdue_at, at), cause, actor, data.state !== 'REPAID')) outcome = 'overdue';
  }
  if (data.state !== 'REPAID' && (await notePartRepaidIn(tx, app, advanceId, data.repaid_fen, cause, actor)) && outcome === 'unchanged') outcome = 'part-repaid';
  if (data.state === 'REPAID') {
    // The bank's day, or the earlier day the person paid us in full by WeChat Pay, if the bank has that remittance (one
    // it refused, the person having repaid at the counter meanwhile, goes back to them and dates nothing).
    const received = new Set(data.repayments.map((r) => r.out_repayment_no).filter((no): no is string => no !== null));
    const paidUs = await collectedInFullOn(tx, (await tx.getCreditAdvance(advanceId))!, received);
    const repaidDate = [toShanghaiDate(new Date(isoOf(data.repaid_at, at))), ...(paidUs ? [paidUs] : [])].sort()[0];
    if (await markRepaidIn(tx, app, advanceId, repaidDate, cause, actor)) outcome = 'repaid';
  }
  return outcome;
}

export function applyAdvanceAnswer(app: App, advanceId: string, answer: ChannelOutcome<Advance>, cause: string, actor: string): Promise<AdvanceOutcome> {
  return app.store.transaction((tx) => applyAdvanceAnswerIn(tx, app, advanceId, answer, cause, actor));
}
