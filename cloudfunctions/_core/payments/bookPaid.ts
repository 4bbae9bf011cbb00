import type { App } from '../app';
import { isoInstant } from '../clock';
import { log } from '../log';
import { formatYuan } from '../agreements/notices';
import type { AuditRow, NoticeRow, PaymentItemRow, PaymentOrderRow, StoreOps } from '../store/port';
import { paidOrderTransfer } from './postings';
import { refundElsewhere } from './refundRoutes';
import { STAFF_PAYER, statesLeadingTo } from './states';

export interface PaidOrder {
  order: PaymentOrderRow;
  items: PaymentItemRow[];
  /** The channel's id for the money (WeChat transaction id, bank debit id, receipt number); null when none moved. */
  channelTxnId: string | null;
  paidAt: string;
}

/**
 * Books paid orders inside the caller's transaction: SUCCESS (compare-and-set, so a second answer books
 * nothing), the ledger transfer, the enrollments and the audit trail. Takes a whole page at once, which is
 * how the deduction batch books thousands of debits in a few statements; a single payment is a page of one.
 * Returns the ids of the orders booked by this call, and of those among them that paid for a year enrolled meanwhile
 * by another route (their payer has been told it is 重复缴费, so nobody should also tell them 参保成功).
 */
export async function bookPaidOrders(tx: StoreOps, app: App, paid: readonly PaidOrder[], cause: string): Promise<{ booked: string[]; duplicates: Set<string> }> {
  if (paid.length === 0) return { booked: [], duplicates: new Set() };
  const at = isoInstant(app.clock);
  const moved = new Set(
    await tx.transitionOrders(
      paid.map((p) => ({ orderId: p.order.orderId, from: statesLeadingTo('SUCCESS'), to: 'SUCCESS' as const, cause, at, patch: { channelTxnId: p.channelTxnId, paidAt: p.paidAt } })),
    ),
  );
  const booked = paid.filter((p) => moved.has(p.order.orderId));
  await tx.postTransfers(booked.map((p) => paidOrderTransfer(p.order, p.items, app.ids('trf'), at)));
  const collided = await tx.insertEnrollments(
    booked.flatMap((p) => p.items.map((item) => ({ personId: item.personId, benefitYear: item.benefitYear, source: `payment:${p.order.orderId}`, enrolledAt: at }))),
  );
  const duplicate = new Set(collided.map((e) => `${e.source}/${e.personId}/${e.benefitYear}`));
  const audit: AuditRow[] = [];
  const notices: NoticeRow[] = [];
  for (const { order, items } of booked) {
    for (const item of items) {
      if (duplicate.has(`payment:${order.orderId}/${item.personId}/${item.benefitYear}`)) {
        // Enrolled meanwhile by another route (an import, a counter payment): the money stays booked, staff see it in
        // the audit trail, and the payer is told the refund procedure (D15 "duplicate payment") gives it back.
        log('warn', 'payment.duplicate-enrollment', { orderId: order.orderId, personId: item.personId, benefitYear: item.benefitYear });
        audit.push({ at, actor: 'system', action: 'payment.duplicate-enrollment', subjectPersonId: item.personId, detail: { orderId: order.orderId } });
        // A counter payment's payer is the staff member who took it: the counter settles it there and then.
        if (!order.payerOpenid.startsWith(STAFF_PAYER)) notices.push(await duplicateNotice(tx, app, order, item, at));
      }
      audit.push({ at, actor: order.payerOpenid, action: 'payment.succeeded', subjectPersonId: item.personId, detail: { orderId: order.orderId, benefitYear: item.benefitYear } });
    }
  }
  await tx.appendAudits(audit);
  await tx.insertNotices(notices);
  return { booked: booked.map((p) => p.order.orderId), duplicates: new Set(collided.map((e) => e.source.replace(/^payment:/, ''))) };
}

/**
 * Rare (the year was enrolled between the order and its payment), so the person is read one at a time. Where the
 * refund is asked for depends on how it was paid: here for WeChat Pay, at the 经办窗口 for a bank debit or advance,
 * 委托代扣 or cash (refundRoutes.ts).
 */
async function duplicateNotice(tx: StoreOps, app: App, order: PaymentOrderRow, item: PaymentItemRow, at: string): Promise<NoticeRow> {
  const name = (await tx.getPerson(item.personId))?.name ?? '';
  const route = refundElsewhere(order, order.wechatFen) ?? '可在“缴费记录”中对该笔缴费申请退费（退费原因选“重复缴费”），款项按原渠道退回。';
  return {
    noticeId: app.ids('ntc'), personId: item.personId, openid: order.payerOpenid, kind: 'payment.duplicate', ref: `${order.orderId}:${item.personId}:${item.benefitYear}`,
    title: '重复缴费提醒', createdAt: at,
    body: `${name} ${item.benefitYear} 年度已通过其他途径参保，缴费单 ${order.orderId} 中为其缴纳的 ${formatYuan(item.dueFen)} 属于重复缴费。${route}`,
  };
}
