import type Database from 'better-sqlite3';
import { UniqueViolation } from '../../errors';
import { prepared } from './prepared';
import { OPEN_STATES_TERM } from './openIndexes';
import type { OrderStateName, PaymentEventRow, PaymentItemRow, PaymentOrderRow, RefundRow, RefundStateName } from '../port';

type Row = Record<string, unknown>;

export const toOrder = (r: Row): PaymentOrderRow => ({
  orderId: r.order_id as string,
  payerPersonId: r.payer_person_id as string,
  payerOpenid: r.payer_openid as string,
  requestHash: r.request_hash as string,
  totalFen: r.total_fen as number,
  accountFen: r.account_fen as number,
  wechatFen: r.wechat_fen as number,
  state: r.state as OrderStateName,
  prepayId: (r.prepay_id as string | null) ?? null,
  channelTxnId: (r.channel_txn_id as string | null) ?? null,
  failure: (r.failure as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  paidAt: (r.paid_at as string | null) ?? null,
  channel: (r.channel as NonNullable<PaymentOrderRow['channel']> | undefined) ?? 'wechatpay',
  savingsFen: (r.savings_fen as number | undefined) ?? 0,
  // Only on the rare orders that have them, as CloudBase documents carry them.
  ...(r.held_at ? { heldAt: r.held_at as string } : {}),
  ...(r.paid_out_at ? { paidOutAt: r.paid_out_at as string } : {}),
});

export const toItem = (r: Row): PaymentItemRow => ({
  orderId: r.order_id as string,
  itemNo: r.item_no as number,
  personId: r.person_id as string,
  benefitYear: r.benefit_year as number,
  standardFen: r.standard_fen as number,
  dueFen: r.due_fen as number,
  quote: r.quote as string,
  live: r.live === 1,
});

const toRefund = (r: Row): RefundRow => ({
  refundId: r.refund_id as string,
  orderId: r.order_id as string,
  personId: r.person_id as string,
  benefitYear: r.benefit_year as number,
  reason: r.reason as string,
  requestedBy: r.requested_by as string,
  accountFen: r.account_fen as number,
  wechatFen: r.wechat_fen as number,
  state: r.state as RefundStateName,
  channelRefundId: (r.channel_refund_id as string | null) ?? null,
  failure: (r.failure as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  refundedAt: (r.refunded_at as string | null) ?? null,
  savingsFen: (r.savings_fen as number | undefined) ?? 0,
  message: (r.message as string | null | undefined) ?? null,
  paidOutAt: (r.paid_out_at as string | null | undefined) ?? null,
});

/** Payment orders and refunds on one SQLite connection; writes run inside the caller's transaction. */
export function paymentOperations(db: Database.Database) {
  const q = (sql: string) => db.prepare(sql);
  const stmts = {
    order: q('SELECT * FROM payment_orders WHERE order_id = ?'),
    items: q('SELECT * FROM payment_items WHERE order_id = ? ORDER BY item_no'),
    liveOrder: q(`SELECT o.* FROM payment_items i JOIN payment_orders o ON o.order_id = i.order_id
      WHERE i.person_id = ? AND i.benefit_year = ? AND i.live = 1`),
    ofPayer: q('SELECT * FROM payment_orders WHERE payer_person_id = ? ORDER BY created_at DESC, order_id DESC LIMIT ?'),
    events: q('SELECT * FROM payment_events WHERE order_id = ? ORDER BY seq'),
    notification: q('INSERT OR IGNORE INTO channel_notifications (channel, event_id, ref, received_at) VALUES (?, ?, ?, ?)'),
    nonce: q('INSERT OR IGNORE INTO channel_nonces (channel, nonce, timestamp_s) VALUES (?, ?, ?)'),
    freeItem: q('UPDATE payment_items SET live = 0 WHERE order_id = ? AND person_id = ? AND benefit_year = ?'),
    insertRefund: q(`INSERT INTO refunds (refund_id, order_id, person_id, benefit_year, reason, requested_by, account_fen, wechat_fen, state,
      channel_refund_id, failure, created_at, updated_at, savings_fen, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    refund: q('SELECT * FROM refunds WHERE refund_id = ?'),
    refundOfItem: q('SELECT * FROM refunds WHERE order_id = ? AND person_id = ? AND benefit_year = ?'),
    paidBetween: q("SELECT * FROM payment_orders WHERE state = 'SUCCESS' AND channel = 'wechatpay' AND wechat_fen > 0 AND paid_at >= ? AND paid_at < ? ORDER BY paid_at"),
    refundedBetween: q("SELECT * FROM refunds WHERE state = 'SUCCESS' AND wechat_fen > 0 AND refunded_at >= ? AND refunded_at < ? ORDER BY refunded_at"),
    refundsBy: q('SELECT * FROM refunds WHERE requested_by = ? ORDER BY created_at DESC, refund_id DESC LIMIT ?'),
  };

  return {
    getOrder(orderId: string) {
      const r = stmts.order.get(orderId) as Row | undefined;
      if (!r) return null;
      return { order: toOrder(r), items: (stmts.items.all(orderId) as Row[]).map(toItem) };
    },
    findCounterOrder(requestHash: string) {
      const r = prepared(db, "SELECT * FROM payment_orders WHERE channel = 'cash' AND request_hash = ?").get(requestHash) as Row | undefined;
      return r ? toOrder(r) : null;
    },
    findLiveOrder(personId: string, benefitYear: number) {
      const r = stmts.liveOrder.get(personId, benefitYear) as Row | undefined;
      return r ? toOrder(r) : null;
    },
    listOrdersToSettle(states: readonly OrderStateName[], updatedBefore: string, limit: number) {
      // WeChat Pay orders only: bank debits are settled by the deduction batch, cash never waits.
      const rows = prepared(db, `SELECT * FROM payment_orders WHERE channel = 'wechatpay' AND ${OPEN_STATES_TERM} AND state IN (${states.map(() => '?').join(',')}) AND updated_at < ? ORDER BY updated_at LIMIT ?`)
        .all(...states, updatedBefore, limit) as Row[];
      return rows.map(toOrder);
    },
    listOrdersOfPayer(payerPersonId: string, limit: number) {
      return (stmts.ofPayer.all(payerPersonId, limit) as Row[]).map(toOrder);
    },
    listHeldOrders(limit: number) {
      // The partial index's own terms, so the planner reads it alone (payment_orders_held).
      return (prepared(db, 'SELECT * FROM payment_orders WHERE held_at IS NOT NULL AND paid_out_at IS NULL ORDER BY held_at, order_id LIMIT ?').all(limit) as Row[])
        .map(toOrder);
    },
    listOrderEvents(orderId: string): PaymentEventRow[] {
      return (stmts.events.all(orderId) as Row[]).map((r) => ({
        orderId: r.order_id as string,
        fromState: (r.from_state as OrderStateName | null) ?? null,
        toState: r.to_state as OrderStateName,
        cause: r.cause as string,
        at: r.at as string,
      }));
    },
    recordNotification(channel: string, eventId: string, ref: string, at: string): boolean {
      return stmts.notification.run(channel, eventId, ref, at).changes === 1;
    },
    rememberNonce(channel: string, nonce: string, timestampS: number): boolean {
      return stmts.nonce.run(channel, nonce, timestampS).changes === 1;
    },
    freeOrderItem(orderId: string, personId: string, benefitYear: number): void {
      stmts.freeItem.run(orderId, personId, benefitYear);
    },
    insertRefund(r: RefundRow): void {
      try {
        stmts.insertRefund.run(r.refundId, r.orderId, r.personId, r.benefitYear, r.reason, r.requestedBy, r.accountFen, r.wechatFen, r.state,
          r.channelRefundId, r.failure, r.createdAt, r.updatedAt, r.savingsFen ?? 0, r.message ?? null);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UniqueViolation('refund_item');
        throw error;
      }
    },
    getRefund(refundId: string) {
      const r = stmts.refund.get(refundId) as Row | undefined;
      return r ? toRefund(r) : null;
    },
    findRefund(orderId: string, personId: string, benefitYear: number) {
      const r = stmts.refundOfItem.get(orderId, personId, benefitYear) as Row | undefined;
      return r ? toRefund(r) : null;
    },
    transitionRefund(t: { refundId: string; from: readonly RefundStateName[]; to: RefundStateName; at: string; patch?: Partial<Pick<RefundRow, 'channelRefundId' | 'failure' | 'refundedAt' | 'paidOutAt'>> }): boolean {
      const placeholders = t.from.map(() => '?').join(',');
      const result = prepared(db, `UPDATE refunds SET state = ?, updated_at = ?, channel_refund_id = COALESCE(?, channel_refund_id), failure = COALESCE(?, failure),
                  refunded_at = COALESCE(?, refunded_at), paid_out_at = COALESCE(?, paid_out_at) WHERE refund_id = ? AND state IN (${placeholders})`)
        .run(t.to, t.at, t.patch?.channelRefundId ?? null, t.patch?.failure ?? null, t.patch?.refundedAt ?? null, t.patch?.paidOutAt ?? null, t.refundId, ...t.from);
      return result.changes === 1;
    },
    listRefundsToSettle(states: readonly RefundStateName[], updatedBefore: string, limit: number) {
      const rows = prepared(db, `SELECT * FROM refunds WHERE state IN (${states.map(() => '?').join(',')}) AND updated_at < ? ORDER BY updated_at LIMIT ?`)
        .all(...states, updatedBefore, limit) as Row[];
      return rows.map(toRefund);
    },
    listHeldRefunds(limit: number) {
      const rows = prepared(db, "SELECT * FROM refunds WHERE state = 'FAILED' AND wechat_fen > 0 AND paid_out_at IS NULL ORDER BY updated_at, refund_id LIMIT ?").all(limit) as Row[];
      return rows.map(toRefund);
    },
    listOrdersPaidBetween(from: string, to: string) {
      return (stmts.paidBetween.all(from, to) as Row[]).map(toOrder);
    },
    listRefundsPaidBetween(from: string, to: string) {
      return (stmts.refundedBetween.all(from, to) as Row[]).map(toRefund);
    },
    listRefundsRequestedBy(openid: string, limit: number) {
      return (stmts.refundsBy.all(openid, limit) as Row[]).map(toRefund);
    },
  };
}
