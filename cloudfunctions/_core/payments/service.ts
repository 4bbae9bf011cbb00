import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ORDER_STATE_LABELS, paidOrderLabel, type OrderView, type PayInput } from '../../../shared/api/contract';
import type { Quote } from '../../../shared/policy';
import type { App } from '../app';
import type { Caller } from '../caller';
import type { Transaction } from '../channels/wechatpay';
import { toWechatTime } from '../channels/wechatpay/wechatTime';
import { isoInstant, todayIn } from '../clock';
import { AppError, UniqueViolation } from '../errors';
import { actingFor } from '../identity/access';
import { requireBoundPerson } from '../identity/service';
import { log } from '../log';
import { refuseSuspendedYear, suspendedYears } from '../coverage/suspensions';
import type { EnrollmentRow, OrderTransition, PaymentItemRow, PaymentOrderRow, StoreOps } from '../store/port';
import { refundElsewhere } from './refundRoutes';
import { readUnbooked, unbookedFailure, unbookedNotice, type UnbookedKind } from './unbooked';
import { bookPaidOrders } from './bookPaid';
import { heldSources, holdTransfer, releaseTransfer } from './postings';
import { quoteForPayment } from './pricing';
import { paymentSettings } from './settings';
import { CANCEL_REQUESTED, OPEN_STATES, statesLeadingTo } from './states';
import { notifyUrl, wechatPay } from './wechatpayChannel';

type PayRequest = z.infer<typeof PayInput>;

interface PricedItem {
  personId: string;
  name: string;
  benefitYear: number;
  quote: Quote;
}

/** Prices every item on the server, for people the caller may pay for; the client sends no amount. */
async function priceItems(app: App, caller: Caller, input: PayRequest): Promise<{ payer: string; items: PricedItem[] }> {
  const seen = new Set<string>();
  const today = todayIn(app.clock);
  const items: PricedItem[] = [];
  let payer = '';
  for (const item of input.items) {
    const key = `${item.personId}:${item.benefitYear}`;
    if (seen.has(key)) throw new AppError('INVALID_INPUT', '同一人员同一年度只能出现一次');
    seen.add(key);
    const acting = await actingFor(app, caller, item.personId);
    payer = acting.self.personId;
    if (!acting.verified) throw new AppError('RELATIVE_NOT_VERIFIED');
    const enrollments = await app.store.listEnrollments([item.personId]);
    if (enrollments.some((e) => e.benefitYear === item.benefitYear)) {
      throw new AppError('ALREADY_PAID', `${acting.person.name} ${item.benefitYear} 年度已参保，无需重复缴纳`);
    }
    await refuseSuspendedYear(app, acting.person, item.benefitYear);
    // Earlier years of the same person in this order are paid with it (one order, all or nothing), so a later year
    // is priced as following them: paying 2027 and 2028 together is no break before 2028 (D9).
    const alongside = input.items
      .filter((other) => other.personId === item.personId && other.benefitYear < item.benefitYear)
      .map((other): EnrollmentRow => ({ personId: other.personId, benefitYear: other.benefitYear, source: 'this-order', enrolledAt: '' }));
    const result = await quoteForPayment(app, acting.person, item.benefitYear, [...enrollments, ...alongside], today);
    if ('error' in result) throw new AppError('NOT_PAYABLE', `${acting.person.name}：${result.error.message}`);
    items.push({ personId: item.personId, name: acting.person.name, benefitYear: item.benefitYear, quote: result });
  }
  return { payer, items };
}

/** The same payer asking for the same thing hashes the same: a replayed request finds its order. */
function requestHash(payerPersonId: string, input: PayRequest, items: PricedItem[]): string {
  const canonical = JSON.stringify({
    payer: payerPersonId,
    useAccount: input.useAccount,
    items: items.map((i) => [i.personId, i.benefitYear, i.quote.totalFen]).sort(),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

async function transfer(tx: StoreOps, app: App, t: ReturnType<typeof holdTransfer>): Promise<void> {
  await tx.postTransfer(t);
}

/** Books a paid order: ledger transfer, enrollments, SUCCESS. Runs inside the caller's transaction. */
export async function succeed(tx: StoreOps, app: App, order: PaymentOrderRow, items: PaymentItemRow[], cause: string, channelTxnId: string | null, paidAt: string): Promise<boolean> {
  return (await bookPaidOrders(tx, app, [{ order, items, channelTxnId, paidAt }], cause)).booked.length === 1;
}

/** Ends an order that was not paid, returning its held leg to where it came from. Runs inside the caller's transaction. */
export async function fail(tx: StoreOps, app: App, order: PaymentOrderRow, cause: string, patch: OrderTransition['patch'] = {}): Promise<boolean> {
  const at = isoInstant(app.clock);
  const moved = await tx.transitionOrder({ orderId: order.orderId, from: statesLeadingTo('FAILED'), to: 'FAILED', cause, at, patch: { failure: cause, ...patch } });
  if (moved && order.accountFen > 0) await transfer(tx, app, releaseTransfer(order, app.ids('trf'), at));
  return moved;
}

/** The body WeChat receives for an order, derived from the stored order alone so every resend is identical. */
function jsapiBody(order: PaymentOrderRow, items: PaymentItemRow[]) {
  const expireAt = new Date(Date.parse(order.createdAt) + paymentSettings().expireMinutes * 60_000);
  const years = [...new Set(items.map((i) => i.benefitYear))].sort().join('、');
  return {
    description: `合肥城乡居民医保缴费 ${years}年度 ${items.length}人`,
    out_trade_no: order.orderId,
    notify_url: notifyUrl(),
    amount: { total: order.wechatFen },
    payer: { openid: order.payerOpenid },
    time_expire: toWechatTime(expireAt),
  };
}

async function personName(app: App, personId: string): Promise<string> {
  return (await app.store.getPerson(personId))?.name ?? '';
}

/** An open WeChat order whose payer asked to close it (cancel.ts) while WeChat could not confirm the close. */
async function cancelRequested(app: App, order: PaymentOrderRow): Promise<boolean> {
  return order.state === 'PENDING' && (await app.store.listOrderEvents(order.orderId)).some((e) => e.cause === CANCEL_REQUESTED);
}

export async function orderView(app: App, order: PaymentOrderRow, items: PaymentItemRow[]): Promise<OrderView> {
  const held = heldSources(order);
  // A paid year left after it started stays paid but is suspended (D15): its receipt says so instead of 申请退费.
  const suspended = order.state === 'SUCCESS' ? await suspendedYears(app, [...new Set(items.filter((i) => i.live).map((i) => i.personId))]) : [];
  const view: OrderView = {
    orderId: order.orderId,
    state: order.state,
    stateLabel: ORDER_STATE_LABELS[order.state],
    totalFen: order.totalFen,
    accountFen: held.personalFen,
    savingsFen: held.savingsFen,
    wechatFen: order.wechatFen,
    createdAt: order.createdAt,
    channel: order.channel ?? 'wechatpay',
    items: await Promise.all(items.map(async (i) => {
      // A paid item stops being live only by its refund (refunds.ts): the refund's own state says where its money is.
      const refund = order.state === 'SUCCESS' && !i.live ? await app.store.findRefund(order.orderId, i.personId, i.benefitYear) : null;
      return {
        personId: i.personId, name: await personName(app, i.personId), benefitYear: i.benefitYear, dueFen: i.dueFen,
        // Paid to the person another way after WeChat would not: refunded all the same.
        ...(refund ? { refundState: refund.state === 'FAILED' && refund.paidOutAt ? 'SUCCESS' as const : refund.state } : {}),
        ...(suspended.some((e) => e.personId === i.personId && e.benefitYear === i.benefitYear) ? { suspended: true } : {}),
      };
    })),
  };
  if (order.state === 'PENDING' && order.prepayId) {
    // The payer cancelled and WeChat has not yet confirmed the close: the janitor will close it, so no sheet is handed
    // out that the close could break off mid-payment; a new payment can be started once it has closed.
    if (await cancelRequested(app, order)) Object.assign(view, { stateLabel: '正在取消', cancelling: true });
    else view.requestPayment = wechatPay(app).buildRequestPayment(order.prepayId);
  }
  // WeChat took money this order could not book (holdUnbooked): "未扣款" would be untrue, and the payer should know
  // the year is not enrolled and the money comes back without asking.
  if (order.heldAt) {
    view.held = order.paidOutAt ? 'paid-out' : 'pending';
    view.stateLabel = order.paidOutAt ? '未成功，未参保；所付款项已由经办机构退还' : '未成功，未参保；所付款项待经办机构核实退还';
  }
  // A scheduled debit or a bank advance on its way is not waiting for the payer: "待支付" would ask them to pay.
  if ((order.channel === 'bank' || order.channel === 'papay') && OPEN_STATES.includes(order.state)) view.stateLabel = '扣款处理中';
  if (order.state === 'SUCCESS') {
    const elsewhere = refundElsewhere(order, order.wechatFen);
    if (elsewhere) view.refundElsewhere = elsewhere;
    view.stateLabel = paidOrderLabel(view.items) ?? view.stateLabel;
    // A receipt for money that all went back would pass for proof of payment: a wholly refunded order shows none.
    if (!view.items.every((i) => i.refundState === 'SUCCESS')) view.receiptNo = order.channel === 'cash' && order.channelTxnId ? order.channelTxnId : order.orderId;
  }
  return view;
}

/**
 * Opens (or finds again) the WeChat leg of an order. The same out_trade_no with the same body is safe to
 * send again — WeChat answers with the same prepay_id — so a lost answer is settled by asking again with
 * identical words, never by a new order.
 */
async function openWechatLeg(app: App, order: PaymentOrderRow, items: PaymentItemRow[]): Promise<PaymentOrderRow> {
  const outcome = await wechatPay(app).createJsapiOrder(jsapiBody(order, items));
  const at = isoInstant(app.clock);
  if (outcome.kind === 'ok') {
    await app.store.transitionOrder({ orderId: order.orderId, from: ['INIT', 'UNKNOWN'], to: 'PENDING', cause: 'channel.created', at, patch: { prepayId: outcome.data.prepay_id } });
  } else if (outcome.kind === 'rejected') {
    log('warn', 'payment.channel-rejected', { orderId: order.orderId, code: outcome.code, httpStatus: outcome.httpStatus });
    await app.store.transaction((tx) => fail(tx, app, order, `channel.rejected:${outcome.code}`));
  } else {
    log('warn', 'payment.channel-unknown', { orderId: order.orderId, reason: outcome.reason });
    await app.store.transitionOrder({ orderId: order.orderId, from: ['INIT'], to: 'UNKNOWN', cause: `channel.unknown:${outcome.reason}`, at });
  }
  return (await app.store.getOrder(order.orderId))!.order;
}

/**
 * Pay for one or more person-years (self, verified relatives, future years). One order, priced by the rules
 * engine here; the personal account pays first when asked and the rest goes to WeChat Pay (D14). A person-year
 * has at most one live order, whoever pays: a second payer is refused, the same request again finds its order.
 */
export async function startPayment(app: App, caller: Caller, input: PayRequest): Promise<OrderView> {
  const { payer, items } = await priceItems(app, caller, input);
  const hash = requestHash(payer, input, items);
  const totalFen = items.reduce((sum, i) => sum + i.quote.totalFen, 0);
  const at = isoInstant(app.clock);

  const created = await app.store.transaction(async (tx) => {
    for (const item of items) {
      const live = await tx.findLiveOrder(item.personId, item.benefitYear);
      if (!live) continue;
      if (live.requestHash === hash && live.payerOpenid === caller.openid) return { replay: live };
      if (live.state === 'SUCCESS') throw new AppError('ALREADY_PAID', `${item.name} ${item.benefitYear} 年度已缴费，无需重复缴纳`);
      throw new AppError('PAYMENT_IN_PROGRESS', `${item.name} ${item.benefitYear} 年度已有一笔缴费正在办理中，请稍后查看结果`);
    }
    const balance = input.useAccount ? await tx.balanceOf(`personal:${payer}`) : 0;
    const accountFen = Math.min(Math.max(balance, 0), totalFen);
    const order: PaymentOrderRow = {
      orderId: app.ids('ord'), payerPersonId: payer, payerOpenid: caller.openid, requestHash: hash, totalFen, accountFen,
      wechatFen: totalFen - accountFen, state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: at, updatedAt: at,
    };
    const rows: PaymentItemRow[] = items.map((i, n) => ({
      orderId: order.orderId, itemNo: n, personId: i.personId, benefitYear: i.benefitYear, standardFen: i.quote.standardFen,
      dueFen: i.quote.totalFen, quote: JSON.stringify(i.quote), live: true,
    }));
    try {
      await tx.insertOrder(order, rows);
    } catch (error) {
      if (error instanceof UniqueViolation) throw new AppError('PAYMENT_IN_PROGRESS');
      throw error;
    }
    if (accountFen > 0) await transfer(tx, app, holdTransfer(order, app.ids('trf'), at));
    // Nothing left for WeChat (fully subsidised, or the personal account covers it): paid at once.
    if (order.wechatFen === 0) await succeed(tx, app, order, rows, order.accountFen > 0 ? 'account.paid' : 'nothing-due', null, at);
    return { created: order };
  });

  const orderId = 'replay' in created ? created.replay!.orderId : created.created!.orderId;
  let { order, items: rows } = (await app.store.getOrder(orderId))!;
  if ((order.state === 'INIT' || order.state === 'UNKNOWN') && !order.prepayId) order = await openWechatLeg(app, order, rows);
  if (order.state === 'FAILED') throw new AppError('PAYMENT_FAILED');
  rows = (await app.store.getOrder(orderId))!.items;
  return orderView(app, order, rows);
}

/**
 * Money WeChat took for an order that cannot be booked: another amount than the order's WeChat leg, or a payment on
 * an order already failed (which must not happen: an order fails only after WeChat confirmed its close). Nothing is
 * booked (the money is only at WeChat). The order ends FAILED, so its person-years and any personal-account part are
 * released and the payer can pay properly, and carries `heldAt`, which puts the money before fund staff
 * (待人工处理款项, reconciliation/heldMoney.ts) until they pay it back; the payer is told. Decided on the order as it
 * is inside the transaction (it may have failed since it was read), once however often WeChat repeats it.
 */
async function holdUnbooked(app: App, orderId: string, txn: Transaction): Promise<'mismatch' | 'unchanged'> {
  const paidFen = txn.amount?.total ?? null;
  const at = isoInstant(app.clock);
  const held = await app.store.transaction(async (tx) => {
    const found = await tx.getOrder(orderId);
    if (!found || found.order.heldAt || found.order.state === 'SUCCESS') return null;
    const now = found.order;
    const kind: UnbookedKind = now.state === 'FAILED' ? 'paid-after-failed' : 'amount-mismatch';
    const failure = unbookedFailure(kind, now.failure, paidFen, txn.trade_state === 'REFUND');
    const patch = { heldAt: at, channelTxnId: txn.transaction_id ?? null };
    const moved = kind === 'paid-after-failed'
      ? await tx.transitionOrder({ orderId, from: ['FAILED'], to: 'FAILED', cause: 'wechat.paid-after-failed', at, patch: { ...patch, failure } })
      : await fail(tx, app, now, failure, patch);
    if (!moved) return null;
    await tx.appendAudit({ at, actor: 'system', action: `payment.${kind}`, subjectPersonId: now.payerPersonId, detail: { orderId, expected: now.wechatFen, got: paidFen, tradeState: txn.trade_state } });
    await tx.insertNotices([await unbookedNotice(tx, now, found.items, readUnbooked(failure)!, app.ids('ntc'), at)]);
    return { kind, expected: now.wechatFen };
  });
  if (!held) return 'unchanged';
  log('error', `payment.${held.kind}`, { orderId, expected: held.expected, got: paidFen, tradeState: txn.trade_state });
  return 'mismatch';
}

/**
 * Applies what WeChat says about an order (a verified callback or a query answer). Final states never move;
 * money that cannot be booked is put before fund staff (holdUnbooked).
 */
export async function applyTransaction(app: App, txn: Transaction, cause: string): Promise<'settled' | 'unchanged' | 'mismatch' | 'unknown-order'> {
  const found = await app.store.getOrder(txn.out_trade_no);
  if (!found) return 'unknown-order';
  const { order, items } = found;
  if (order.state === 'FAILED' && (txn.trade_state === 'SUCCESS' || txn.trade_state === 'REFUND')) return holdUnbooked(app, order.orderId, txn);
  if (order.state === 'SUCCESS' || order.state === 'FAILED') return 'unchanged';
  switch (txn.trade_state) {
    case 'SUCCESS':
    case 'REFUND': {
      if (txn.amount?.total !== order.wechatFen) return holdUnbooked(app, order.orderId, txn);
      // The channel's own time decides the statement day the payment belongs to (reconciliation).
      const paidAt = txn.success_time ? new Date(txn.success_time).toISOString() : isoInstant(app.clock);
      const done = await app.store.transaction((tx) => succeed(tx, app, order, items, cause, txn.transaction_id ?? null, paidAt));
      return done ? 'settled' : 'unchanged';
    }
    case 'CLOSED':
    case 'REVOKED': {
      const done = await app.store.transaction((tx) => fail(tx, app, order, `${cause}:${txn.trade_state}`));
      return done ? 'settled' : 'unchanged';
    }
    case 'PAYERROR': {
      // A failed attempt is not a closed order: the payer may open the sheet again and pay. Only a close that
      // WeChat confirms ends it here; if WeChat says it was paid meanwhile, its word on the payment is applied.
      const closed = await wechatPay(app).closeOrder(order.orderId);
      if (closed.kind === 'ok') {
        const done = await app.store.transaction((tx) => fail(tx, app, order, `${cause}:PAYERROR-closed`));
        return done ? 'settled' : 'unchanged';
      }
      if (closed.kind === 'rejected' && closed.code === 'ORDERPAID') {
        const again = await wechatPay(app).queryOrder(order.orderId);
        if (again.kind === 'ok' && again.data.trade_state !== 'PAYERROR') return applyTransaction(app, again.data, `${cause}:paid-before-close`);
      }
      return 'unchanged';
    }
    case 'NOTPAY':
    case 'USERPAYING': {
      if (order.state !== 'UNKNOWN' || !order.prepayId) return 'unchanged';
      const moved = await app.store.transitionOrder({ orderId: order.orderId, from: ['UNKNOWN'], to: 'PENDING', cause, at: isoInstant(app.clock) });
      return moved ? 'settled' : 'unchanged';
    }
  }
}

export interface JanitorReport {
  examined: number;
  settled: number;
  closed: number;
  stillOpen: number;
}

/**
 * Settles every order left open: asks WeChat about each one and applies the answer; an order past its expiry
 * that was never paid is closed at WeChat first, and only a confirmed close makes it FAILED (so a payment
 * cannot land on an order we have given up on).
 */
export async function settleOpenOrders(app: App, limit = 500): Promise<JanitorReport> {
  const settings = paymentSettings();
  const nowMs = app.clock.nowMs();
  const before = new Date(nowMs - settings.janitorMinAgeSeconds * 1000).toISOString();
  const orders = await app.store.listOrdersToSettle(OPEN_STATES, before, limit);
  const report: JanitorReport = { examined: orders.length, settled: 0, closed: 0, stillOpen: 0 };
  const client = wechatPay(app);
  for (const order of orders) {
    // An order whose creation answer was lost has no prepay_id, and nobody can pay without one (only PENDING orders
    // hand it out). Past the janitor's minimum age no creation call of ours is still travelling, so it is closed
    // now rather than at expiry: its person-years and held account money are not stuck for half an hour.
    // A payer who cancelled the sheet while WeChat could not be reached asked for the same close (cancel.ts).
    const expired = nowMs > Date.parse(order.createdAt) + settings.expireMinutes * 60_000 || (order.state === 'UNKNOWN' && !order.prepayId)
      || (await cancelRequested(app, order));
    const answer = await client.queryOrder(order.orderId);
    if (answer.kind === 'ok') {
      const applied = await applyTransaction(app, answer.data, 'janitor.query');
      if (applied === 'settled') report.settled += 1;
      const after = (await app.store.getOrder(order.orderId))!.order;
      if (after.state === 'SUCCESS' || after.state === 'FAILED' || !expired) {
        if (after.state !== 'SUCCESS' && after.state !== 'FAILED') report.stillOpen += 1;
        continue;
      }
    } else if (answer.kind === 'rejected' && /NOT_?EXIST/.test(answer.code)) {
      // WeChat never created it: with no prepay_id nobody can pay it; once expired (above) it is safe to end here.
      if (expired) {
        if (await app.store.transaction((tx) => fail(tx, app, order, 'janitor.not-at-channel'))) report.closed += 1;
      } else report.stillOpen += 1;
      continue;
    } else {
      report.stillOpen += 1;
      continue;
    }
    const closed = await client.closeOrder(order.orderId);
    if (closed.kind === 'ok') {
      if (await app.store.transaction((tx) => fail(tx, app, order, 'janitor.expired-closed'))) report.closed += 1;
    } else report.stillOpen += 1;
  }
  return report;
}

export async function listPayments(app: App, caller: Caller): Promise<{ orders: OrderView[] }> {
  const self = await requireBoundPerson(app, caller);
  const orders = await app.store.listOrdersOfPayer(self.personId, 50);
  const views: OrderView[] = [];
  for (const order of orders) views.push(await orderView(app, order, (await app.store.getOrder(order.orderId))!.items));
  return { orders: views };
}

/**
 * The orders 缴费记录 lists: those the caller paid, and those paid for the caller's own person at a counter (their
 * payer is that person). Any other answers like a missing one, to anyone, bound or not.
 */
export async function isOrderOf(app: App, caller: Caller, order: PaymentOrderRow): Promise<boolean> {
  if (order.payerOpenid === caller.openid) return true;
  const personId = (await app.store.getAccount(caller.openid))?.personId;
  return personId !== null && personId !== undefined && order.payerPersonId === personId;
}

export async function getPayment(app: App, caller: Caller, orderId: string): Promise<OrderView> {
  const found = await app.store.getOrder(orderId);
  if (!found || !(await isOrderOf(app, caller, found.order))) throw new AppError('NOT_FOUND');
  return orderView(app, found.order, found.items);
}
