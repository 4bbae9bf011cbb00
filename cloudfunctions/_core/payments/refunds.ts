import type { z } from 'zod';
import { REFUND_PAID_OUT_LABEL, REFUND_STATE_LABELS, type RefundsInput, type RefundView } from '../../../shared/api/contract';
import { REFUND_REASON_LABELS, refundEligibility, type Quote, type RefundReason } from '../../../shared/policy';
import type { App } from '../app';
import type { Caller } from '../caller';
import type { RefundStatus } from '../channels/wechatpay';
import { isoInstant, todayIn } from '../clock';
import { AppError, UniqueViolation } from '../errors';
import { accounts } from '../ledger/accounts';
import type { Leg } from '../ledger/transfer';
import { log } from '../log';
import type { PaymentItemRow, PaymentOrderRow, RefundRow, StoreOps } from '../store/port';
import { heldRefundTransfer, heldSources } from './postings';
import { SUSPENDED_PREFIX, suspendedNote, suspendedYears } from '../coverage/suspensions';
import { refundElsewhere } from './refundRoutes';
import { isOrderOf } from './service';
import { paymentSettings } from './settings';
import { notifyUrl, wechatPay } from './wechatpayChannel';

type RequestRefund = Extract<z.infer<typeof RefundsInput>, { action: 'request' }>;

export interface ItemSplit {
  /** The held part (personal account and savings together), as on the order. */
  accountFen: number;
  /** Of `accountFen`, what came from 零存整缴 savings. */
  savingsFen: number;
  wechatFen: number;
}

/**
 * Splits one item's payment between the order's sources: the held leg paid the first items first (D14 — the
 * account pays first), so the same rule tells which part of this item came from where. Within the held leg the
 * savings part is placed the same way, first items first.
 */
export function itemSplit(order: PaymentOrderRow, items: PaymentItemRow[], item: PaymentItemRow): ItemSplit {
  let accountLeft = order.accountFen;
  let savingsLeft = heldSources(order).savingsFen;
  for (const i of items) {
    const accountFen = Math.min(accountLeft, i.dueFen);
    const savingsFen = Math.min(savingsLeft, accountFen);
    if (i.itemNo === item.itemNo) return { accountFen, savingsFen, wechatFen: i.dueFen - accountFen };
    accountLeft -= accountFen;
    savingsLeft -= savingsFen;
  }
  throw new Error(`item ${item.itemNo} not in order ${order.orderId}`);
}

/**
 * A refund as the payer sees it: each source apart, and the rule's words kept from the decision. One WeChat would not
 * pay but fund staff paid another way is refunded, and says how (its row stays FAILED: WeChat's leg did fail).
 */
function view(r: RefundRow, fallbackMessage?: string): RefundView {
  const { personalFen, savingsFen } = heldSources(r);
  const paidOut = r.state === 'FAILED' && Boolean(r.paidOutAt);
  return {
    refundId: r.refundId, orderId: r.orderId, personId: r.personId, benefitYear: r.benefitYear, state: paidOut ? 'SUCCESS' : r.state,
    stateLabel: paidOut ? REFUND_PAID_OUT_LABEL : REFUND_STATE_LABELS[r.state], refundFen: r.accountFen + r.wechatFen, accountFen: personalFen, savingsFen,
    wechatFen: r.wechatFen, message: r.message ?? fallbackMessage ?? REFUND_STATE_LABELS[r.state], createdAt: r.createdAt,
  };
}

/** The approved refund in the ledger: premium income back to each payer, the person's part to refunds payable. */
function approvedLegs(r: RefundRow, item: PaymentItemRow): Leg[] {
  const quote = JSON.parse(item.quote) as Quote;
  const legs: Leg[] = [{ account: accounts.premium(r.personId, r.benefitYear), amountFen: -quote.standardFen }];
  if (quote.repairFen > 0) legs.push({ account: accounts.premiumRepair(r.personId, r.benefitYear), amountFen: -quote.repairFen });
  for (const red of quote.reductions) {
    const payer = { 'medical-aid-fund': accounts.aidFund(), 'city-finance': accounts.cityFinance(), 'maternity-fund': accounts.maternityFund(), 'village-fund': accounts.villageFund(`of:${r.personId}`) }[red.payer];
    legs.push({ account: payer, amountFen: red.fen });
  }
  legs.push({ account: accounts.refundsPayable(), amountFen: item.dueFen });
  return legs.filter((l) => l.amountFen !== 0);
}

async function wechatRefundPaid(tx: StoreOps, app: App, r: RefundRow, cause: string, refundedAt: string): Promise<boolean> {
  const at = isoInstant(app.clock);
  if (!(await tx.transitionRefund({ refundId: r.refundId, from: ['PENDING', 'UNKNOWN'], to: 'SUCCESS', at, patch: { refundedAt } }))) return false;
  await tx.postTransfer({
    transferId: app.ids('trf'), kind: 'refund.paid-out', ref: r.refundId, at,
    legs: [
      { account: accounts.refundsPayable(), amountFen: -r.wechatFen },
      { account: accounts.channel('wechatpay'), amountFen: r.wechatFen },
    ],
  });
  await tx.appendAudit({ at, actor: 'system', action: 'refund.succeeded', subjectPersonId: r.personId, detail: { refundId: r.refundId, cause } });
  return true;
}

/** Applies WeChat's word on a refund (query answer or callback); final states never move. */
export async function applyRefundStatus(app: App, refundId: string, status: RefundStatus, cause: string, successTime?: string): Promise<'settled' | 'unchanged'> {
  const r = await app.store.getRefund(refundId);
  if (!r || r.state === 'SUCCESS' || r.state === 'FAILED') return 'unchanged';
  if (status === 'SUCCESS') {
    const refundedAt = successTime ? new Date(successTime).toISOString() : isoInstant(app.clock);
    return (await app.store.transaction((tx) => wechatRefundPaid(tx, app, r, cause, refundedAt))) ? 'settled' : 'unchanged';
  }
  if (status === 'ABNORMAL' || status === 'CLOSED') {
    // The money stays in refunds payable, visible to fund staff, who pay it by another route.
    const moved = await app.store.transitionRefund({ refundId, from: ['PENDING', 'UNKNOWN'], to: 'FAILED', at: isoInstant(app.clock), patch: { failure: `${cause}:${status}` } });
    return moved ? 'settled' : 'unchanged';
  }
  if (r.state === 'UNKNOWN') {
    return (await app.store.transitionRefund({ refundId, from: ['UNKNOWN'], to: 'PENDING', at: isoInstant(app.clock) })) ? 'settled' : 'unchanged';
  }
  return 'unchanged';
}

/** Sends (or re-sends, with the same out_refund_no and body) the WeChat leg of a refund. */
async function sendWechatRefund(app: App, r: RefundRow, order: PaymentOrderRow): Promise<void> {
  const outcome = await wechatPay(app).refund({
    out_trade_no: order.orderId,
    out_refund_no: r.refundId,
    reason: REFUND_REASON_LABELS[r.reason as RefundReason] ?? '退费',
    notify_url: notifyUrl(),
    amount: { refund: r.wechatFen, total: order.wechatFen, currency: 'CNY' },
  });
  const at = isoInstant(app.clock);
  if (outcome.kind === 'ok') {
    await app.store.transitionRefund({ refundId: r.refundId, from: ['PENDING', 'UNKNOWN'], to: 'PENDING', at, patch: { channelRefundId: outcome.data.refund_id } });
    await applyRefundStatus(app, r.refundId, outcome.data.status, 'channel.answer', outcome.data.success_time);
  } else if (outcome.kind === 'rejected') {
    log('warn', 'refund.channel-rejected', { refundId: r.refundId, code: outcome.code });
    await app.store.transitionRefund({ refundId: r.refundId, from: ['PENDING', 'UNKNOWN'], to: 'FAILED', at, patch: { failure: `channel.rejected:${outcome.code}` } });
  } else {
    log('warn', 'refund.channel-unknown', { refundId: r.refundId, reason: outcome.reason });
    await app.store.transitionRefund({ refundId: r.refundId, from: ['PENDING'], to: 'UNKNOWN', at });
  }
}

/**
 * 重复缴费 is refunded at any time (params/refund.json), so it must be true: the year's cover came from another
 * payment (an import from the registry, or another order), and this order only paid for it twice. When the year's
 * enrollment is this very order's, or there is none (refunded, suspended), the reason would turn a refund the rules
 * refuse, or a suspension, into a full one. A duplicate paid outside this system is not in our records; the
 * counter checks the other receipt.
 */
async function requireDuplicate(app: App, order: PaymentOrderRow, item: { personId: string; benefitYear: number }): Promise<void> {
  const enrollment = (await app.store.listEnrollments([item.personId])).find((e) => e.benefitYear === item.benefitYear);
  if (enrollment && enrollment.source !== `payment:${order.orderId}`) return;
  throw new AppError('NOT_REFUNDABLE', `没有查到 ${item.benefitYear} 年度的另一笔缴费，本笔不属于重复缴费。如在其他渠道重复缴了费，请携带缴费凭证到医保经办窗口办理`);
}

/**
 * A refund request (D15): eligibility from the rules engine; the person's own payment goes back to where it
 * came from — the personal-account part at once, the WeChat part through a WeChat refund whose
 * out_refund_no (our refund id) is stored before the call. Subsidies go back to their funds. The person-year
 * is no longer enrolled and may be paid again. After the year started, the enrollment is suspended instead.
 */
export async function requestRefund(app: App, caller: Caller, input: RequestRefund): Promise<RefundView> {
  const found = await app.store.getOrder(input.orderId);
  if (!found || !(await isOrderOf(app, caller, found.order))) throw new AppError('NOT_FOUND');
  const { order, items } = found;
  const item = items.find((i) => i.personId === input.personId && i.benefitYear === input.benefitYear);
  if (!item) throw new AppError('NOT_FOUND');
  if (order.state !== 'SUCCESS') throw new AppError('NOT_REFUNDABLE', '该笔缴费未成功，没有可退的款项');
  const existing = await app.store.findRefund(order.orderId, item.personId, item.benefitYear);
  if (existing) return view(existing, '退费申请已受理');

  if (input.reason === 'duplicate-payment') await requireDuplicate(app, order, item);
  const split = itemSplit(order, items, item);
  const quote = JSON.parse(item.quote) as Quote;
  const decision = refundEligibility({
    benefitYear: item.benefitYear,
    requestDate: todayIn(app.clock),
    reason: input.reason,
    prepaid: quote.paymentWindow === 'before-period',
    paidBy: [
      { source: 'personal-account', fen: split.accountFen - split.savingsFen },
      { source: 'savings', fen: split.savingsFen },
      { source: 'wechat-pay', fen: split.wechatFen },
    ],
  });
  const at = isoInstant(app.clock);
  if (decision.outcome === 'refuse') throw new AppError('NOT_REFUNDABLE', decision.message);
  if (decision.outcome === 'suspend') {
    const suspendedNow = await app.store.transaction(async (tx) => {
      if (!(await tx.endEnrollment(item.personId, item.benefitYear, `${SUSPENDED_PREFIX}${input.reason}`, at))) return false;
      await tx.appendAudit({ at, actor: caller.openid, action: 'enrollment.suspended', subjectPersonId: item.personId, detail: { benefitYear: item.benefitYear, reason: input.reason } });
      return true;
    });
    // Asked again for a year already suspended: it stays as it is, and the answer is the suspension on record.
    const earlier = suspendedNow ? undefined : (await suspendedYears(app, [item.personId])).find((e) => e.benefitYear === item.benefitYear);
    return {
      refundId: null, orderId: order.orderId, personId: item.personId, benefitYear: item.benefitYear, state: 'SUSPENDED',
      stateLabel: REFUND_STATE_LABELS.SUSPENDED, refundFen: 0, accountFen: 0, savingsFen: 0, wechatFen: 0,
      message: earlier ? `${item.benefitYear} 年度${suspendedNote(earlier)}` : decision.message, createdAt: null,
    };
  }

  const elsewhere = refundElsewhere(order, split.wechatFen);
  if (elsewhere) throw new AppError('NOT_REFUNDABLE', elsewhere);

  const refund: RefundRow = {
    refundId: app.ids('rfd'), orderId: order.orderId, personId: item.personId, benefitYear: item.benefitYear, reason: input.reason,
    requestedBy: caller.openid, accountFen: split.accountFen, savingsFen: split.savingsFen, wechatFen: split.wechatFen,
    state: split.wechatFen > 0 ? 'PENDING' : 'SUCCESS', channelRefundId: null, failure: null, createdAt: at, updatedAt: at,
    message: decision.message,
  };
  try {
    await app.store.transaction(async (tx) => {
      await tx.insertRefund(refund);
      // The year's cover ends only if it is this order's: a duplicate's refund leaves the payment that holds it.
      const enrolled = (await tx.listEnrollments([item.personId])).find((e) => e.benefitYear === item.benefitYear);
      if (enrolled?.source === `payment:${order.orderId}`) await tx.endEnrollment(item.personId, item.benefitYear, `refunded:${input.reason}`, at);
      await tx.freeOrderItem(order.orderId, item.personId, item.benefitYear);
      await tx.postTransfer({ transferId: app.ids('trf'), kind: 'refund.approved', ref: refund.refundId, at, legs: approvedLegs(refund, item) });
      if (refund.accountFen > 0) await tx.postTransfer(heldRefundTransfer(refund, order.payerPersonId, app.ids('trf'), at));
      await tx.appendAudit({ at, actor: caller.openid, action: 'refund.requested', subjectPersonId: item.personId, detail: { refundId: refund.refundId, reason: input.reason } });
    });
  } catch (error) {
    if (error instanceof UniqueViolation) return view((await app.store.findRefund(order.orderId, item.personId, item.benefitYear))!, '退费申请已受理');
    throw error;
  }
  if (refund.wechatFen > 0) await sendWechatRefund(app, refund, order);
  return view((await app.store.getRefund(refund.refundId))!);
}

export async function listRefunds(app: App, caller: Caller): Promise<{ refunds: RefundView[] }> {
  const rows = await app.store.listRefundsRequestedBy(caller.openid, 50);
  return { refunds: rows.map((r) => view(r)) };
}

export async function getRefund(app: App, caller: Caller, refundId: string): Promise<RefundView> {
  const r = await app.store.getRefund(refundId);
  if (!r || r.requestedBy !== caller.openid) throw new AppError('NOT_FOUND');
  return view(r);
}

/** The janitor's refund half: every refund still open is asked about, and a lost request is re-sent as it was. */
export async function settleOpenRefunds(app: App, limit = 500): Promise<{ examined: number; settled: number; stillOpen: number }> {
  const before = new Date(app.clock.nowMs() - paymentSettings().janitorMinAgeSeconds * 1000).toISOString();
  const open = await app.store.listRefundsToSettle(['PENDING', 'UNKNOWN'], before, limit);
  const report = { examined: open.length, settled: 0, stillOpen: 0 };
  for (const r of open) {
    const answer = await wechatPay(app).queryRefund(r.refundId);
    if (answer.kind === 'ok') {
      if ((await applyRefundStatus(app, r.refundId, answer.data.status, 'janitor.query', answer.data.success_time)) === 'settled') report.settled += 1;
    } else if (answer.kind === 'rejected' && /NOT_?EXIST/.test(answer.code)) {
      // WeChat never received it: sending the same out_refund_no and body again cannot refund twice.
      const order = (await app.store.getOrder(r.orderId))!.order;
      await sendWechatRefund(app, r, order);
    }
    const after = await app.store.getRefund(r.refundId);
    if (after && (after.state === 'PENDING' || after.state === 'UNKNOWN')) report.stillOpen += 1;
  }
  return report;
}
