import type { HeldMoneyItem, HeldMoneyOutput } from '../../../shared/api/contract';
import type { App } from '../app';
import { isoInstant } from '../clock';
import { formatYuan } from '../agreements/notices';
import { creditSettings } from '../credit/settings';
import { ADVANCE_BANK } from '../credit/postings';
import { accounts, type AccountSpec } from '../ledger/accounts';
import { toShanghaiDateTime } from '../channels/wechatpay/wechatTime';
import type { CreditRepaymentRow } from '../store/credit.port';
import type { PaymentOrderRow, RefundRow } from '../store/port';
import { isRepaymentNo } from '../credit/repaymentNo';
import { readUnbooked, type Unbooked } from '../payments/unbooked';

/**
 * Where each kind of money sits in our books. Money WeChat took with another amount than asked, or on a sheet we had
 * closed, was never booked: it is still WeChat's clearing account's, and a payout takes it from there.
 */
export function holdingAccount(kind: HeldMoneyItem['kind']): AccountSpec {
  if (kind === 'refund-failed') return accounts.refundsPayable();
  if (kind === 'repayment-amount-mismatch' || kind === 'repayment-paid-after-close' || kind === 'payment-amount-mismatch' || kind === 'payment-paid-after-failed') {
    return accounts.channel('wechatpay');
  }
  return accounts.creditRemittance(ADVANCE_BANK);
}

/** Rows read per kind; a list that reaches it says so (`truncated`), so a long backlog is never mistaken for all of it. */
export const HELD_LIST_LIMIT = 200;

/** WeChat's word on a refund that will not pay out, as staff read it. */
function refundStatusText(failure: string): string {
  if (failure.includes('ABNORMAL')) return '微信退款异常（如收款银行卡已注销或冻结）';
  if (failure.includes('CLOSED')) return '微信退款已关闭';
  const rejected = /rejected:([A-Z_]+)/.exec(failure);
  return rejected ? `微信拒绝受理退款（${rejected[1]}）` : `退款未成功（${failure}）`;
}

async function personOf(app: App, personId: string | null): Promise<Pick<HeldMoneyItem, 'personName' | 'idMasked'>> {
  const person = personId ? await app.store.getPerson(personId) : null;
  return { personName: person?.name ?? '', idMasked: person?.idMasked ?? '' };
}

async function refundItem(app: App, r: RefundRow): Promise<HeldMoneyItem> {
  return {
    kind: 'refund-failed', ref: r.refundId, amountFen: r.wechatFen, since: r.updatedAt, accountId: holdingAccount('refund-failed').id, payable: true, amountKnown: true,
    reason: `${refundStatusText(r.failure ?? '')}，退费款 ${formatYuan(r.wechatFen)} 未能原路退回微信（缴费单 ${r.orderId}，${r.benefitYear} 年度）`,
    ...(await personOf(app, r.personId)),
  };
}

/** The bank's refusal of a remittance, in words, with its code for the partner bank's staff. */
const BANK_REFUSALS: Record<string, string> = {
  REPAYMENT_EXCEEDS_OUTSTANDING: '待还金额已变化，可能已在银行还过款',
  ADVANCE_NOT_REPAYABLE: '该笔代缴在银行已不可还款',
};

/** What staff check on WeChat's merchant platform before paying held WeChat money out: its amount, a refund already made. */
function checksFirst(u: Unbooked): string {
  const checks = [
    ...(u.paidFen === null ? ['请在微信支付商户平台核实实付金额，退还时一并登记'] : []),
    ...(u.refunded ? ['微信支付显示该笔已退款：请先在商户平台核实是否已退还本人，如已退还，按“微信原路退款”登记其退款单号'] : []),
  ];
  return checks.map((c) => `；${c}`).join('');
}

/**
 * A WeChat repayment code could not finish: the refund after the bank's refusal did not pay out (the money is in
 * credit-remittance), or WeChat says another amount was paid, or a sheet we had closed was paid (nothing was booked:
 * the money is only at WeChat). WeChat may even have given no amount: then staff look it up on WeChat's merchant
 * platform and record it with the payout (payOut.ts).
 */
async function manualRepaymentItem(app: App, r: CreditRepaymentRow): Promise<HeldMoneyItem> {
  const advance = await app.store.getCreditAdvance(r.advanceId);
  const person = await personOf(app, advance?.personId ?? null);
  const failure = r.failure ?? '';
  const base = { ref: r.repaymentId, since: r.updatedAt, ...person };
  const unbooked = readUnbooked(failure);
  if (unbooked) {
    const paid = unbooked.paidFen;
    const afterClose = unbooked.kind === 'paid-after-failed';
    const what = afterClose
      ? `已关闭的微信还款单仍被支付${paid === null ? '' : ` ${formatYuan(paid)}`}（该笔还款已按未成功处理）`
      : paid === null ? '微信通知已支付，但未给出实付金额' : `微信实付 ${formatYuan(paid)} 与应还 ${formatYuan(r.amountFen)} 不一致`;
    return {
      ...base, kind: afterClose ? 'repayment-paid-after-close' : 'repayment-amount-mismatch', amountFen: paid ?? 0, accountId: null,
      payable: paid === null || paid > 0, amountKnown: paid !== null,
      reason: `${what}，未入账、未转交银行${checksFirst(unbooked)}（代缴 ${r.advanceId}）`,
    };
  }
  const refused = /rejected:([A-Z_]+)/.exec(failure)?.[1];
  const why = refused ? `（${BANK_REFUSALS[refused] ?? '银行拒绝'}，${refused}）` : '';
  return {
    ...base, kind: 'repayment-refund-stuck', amountFen: r.amountFen, accountId: holdingAccount('repayment-refund-stuck').id, payable: true, amountKnown: true,
    reason: `银行未受理微信还款${why}，原路退回时${refundStatusText(failure)}，款项 ${formatYuan(r.amountFen)} 仍在平台（代缴 ${r.advanceId}）`,
  };
}

/**
 * A payment order WeChat took money for that could not be booked (payments/service.ts holdUnbooked): another amount
 * than the order's, or paid after the order had failed. Nothing was booked: the money is only at WeChat, and is the
 * payer's. WeChat may show it refunded already (someone refunded it on the merchant platform): staff check there
 * before paying anything, and record that refund if it is the one.
 */
async function heldOrderItem(app: App, o: PaymentOrderRow): Promise<HeldMoneyItem> {
  const u = readUnbooked(o.failure) ?? { kind: 'amount-mismatch', paidFen: null, refunded: false };
  const paid = u.paidFen;
  const what = u.kind === 'paid-after-failed'
    ? `已关闭的缴费单仍被支付${paid === null ? '' : ` ${formatYuan(paid)}`}（该缴费单已按未成功处理）`
    : paid === null ? '微信通知已支付，但未给出实付金额' : `微信实付 ${formatYuan(paid)} 与应付 ${formatYuan(o.wechatFen)} 不一致，缴费单已按未成功处理`;
  return {
    kind: u.kind === 'paid-after-failed' ? 'payment-paid-after-failed' : 'payment-amount-mismatch', ref: o.orderId, amountFen: paid ?? 0, since: o.heldAt ?? o.updatedAt,
    accountId: null, payable: paid === null || paid > 0, amountKnown: paid !== null,
    reason: `${what}，未入账、未参保${checksFirst(u)}（微信支付订单 ${o.channelTxnId ?? '未知'}）`,
    ...(await personOf(app, o.payerPersonId)),
  };
}

async function heldRemittanceItem(app: App, r: CreditRepaymentRow): Promise<HeldMoneyItem> {
  const advance = await app.store.getCreditAdvance(r.advanceId);
  const since = r.collectedAt ?? r.updatedAt;
  return {
    // Not paid out by hand: the janitor is still sending it, and paying it back as well would return it twice.
    kind: 'remittance-held', ref: r.repaymentId, amountFen: r.amountFen, since, accountId: holdingAccount('remittance-held').id, payable: false, amountKnown: true,
    reason: `${toShanghaiDateTime(new Date(since))} 已通过微信收款 ${formatYuan(r.amountFen)}，银行至今未受理转交；平台仍在重试，还款人看到的是“还款确认中”，请与合作银行核实（代缴 ${r.advanceId}）`,
    ...(await personOf(app, advance?.personId ?? null)),
  };
}

/** Money held past this instant is put before staff (collected repayment money the bank has not taken). */
const alertBefore = (app: App): string => new Date(app.clock.nowMs() - creditSettings().remittanceAlertMs).toISOString();

/**
 * One item of the list by our number, as the list would show it, or null when it is not (or no longer) waiting for a
 * person: a refund or repayment in another state, or one already paid out by another route.
 */
export async function heldItem(app: App, ref: string): Promise<HeldMoneyItem | null> {
  if (isRepaymentNo(ref)) {
    const r = await app.store.getCreditRepayment(ref);
    if (r?.channel !== 'wechatpay' || r.paidOutAt) return null;
    if (r.state === 'MANUAL') return manualRepaymentItem(app, r);
    return r.state === 'COLLECTED' && (r.collectedAt ?? r.updatedAt) < alertBefore(app) ? heldRemittanceItem(app, r) : null;
  }
  const order = await app.store.getOrder(ref);
  if (order) return order.order.heldAt && !order.order.paidOutAt ? heldOrderItem(app, order.order) : null;
  const refund = await app.store.getRefund(ref);
  return refund?.state === 'FAILED' && refund.wechatFen > 0 && !refund.paidOutAt ? refundItem(app, refund) : null;
}

/**
 * 待人工处理款项: money the system holds (or WeChat holds for us) that code cannot finish and a person must pay out
 * or investigate. Comments elsewhere promise such money is "visible to fund staff": this is where. Beside the list,
 * the balance of each ledger account that holds it, so staff can see whether the list explains the account (money
 * merely in flight sits there too). An item paid out by another route (payOut.ts) leaves the list.
 */
export async function listHeldMoney(app: App, canPayOut: boolean): Promise<HeldMoneyOutput> {
  const now = isoInstant(app.clock);
  const [refunds, manual, collected, orders] = await Promise.all([
    app.store.listHeldRefunds(HELD_LIST_LIMIT),
    app.store.listHeldCreditRepayments(HELD_LIST_LIMIT),
    // Every collected repayment (the janitor touches them each pass, so their update time says nothing of their age);
    // they leave this state as the bank takes them, so the oldest of them are never crowded out for good.
    app.store.listCreditRepaymentsToSettle(['COLLECTED'], now, HELD_LIST_LIMIT, 'wechatpay'),
    app.store.listHeldOrders(HELD_LIST_LIMIT),
  ]);
  const before = alertBefore(app);
  // One at a time: a backlog of hundreds must not become hundreds of reads at once on CloudBase.
  const items: HeldMoneyItem[] = [];
  for (const r of refunds) items.push(await refundItem(app, r));
  for (const r of manual.filter((m) => m.channel === 'wechatpay')) items.push(await manualRepaymentItem(app, r));
  for (const r of collected.filter((c) => (c.collectedAt ?? c.updatedAt) < before)) items.push(await heldRemittanceItem(app, r));
  for (const o of orders) items.push(await heldOrderItem(app, o));
  items.sort((a, b) => a.since.localeCompare(b.since) || a.ref.localeCompare(b.ref));
  const ledger = [];
  for (const account of [accounts.refundsPayable(), accounts.creditRemittance(ADVANCE_BANK)]) {
    const listedFen = items.filter((i) => i.accountId === account.id).reduce((sum, i) => sum + i.amountFen, 0);
    ledger.push({ accountId: account.id, balanceFen: await app.store.balanceOf(account.id), listedFen });
  }
  return {
    asOf: now, items, accounts: ledger, canPayOut,
    truncated: [refunds, manual, collected, orders].some((rows) => rows.length === HELD_LIST_LIMIT),
  };
}
