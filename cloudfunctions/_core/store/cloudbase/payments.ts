import { z } from 'zod';
import { UniqueViolation } from '../../errors';
import type { OrderTransition, PaymentItemRow, PaymentOrderRow, ReconciliationChannel, RefundRow, StoreOps } from '../port';
import { byText, keyed, type FeatureContext } from './keyed';
import { COLLECTIONS as C, keyOf } from './layout';
import { EventRow, ItemRow, OrderRow, ReconciliationLineRow, RefundRowSchema } from './rowSchemas';

const OrderDoc = OrderRow.extend({ items: z.array(ItemRow), events: z.array(EventRow.omit({ orderId: true })) });
type OrderDoc = z.infer<typeof OrderDoc>;
const ReportDoc = z.object({ run: z.string() });

type PaymentOps = Pick<
  StoreOps,
  | 'insertOrder' | 'getOrder' | 'findLiveOrder' | 'findCounterOrder' | 'transitionOrder' | 'listOrdersToSettle' | 'listOrdersOfPayer' | 'listHeldOrders' | 'listOrderEvents'
  | 'recordNotification' | 'rememberNonce' | 'freeOrderItem' | 'insertRefund' | 'getRefund' | 'findRefund' | 'transitionRefund'
  | 'listRefundsToSettle' | 'listHeldRefunds' | 'listRefundsRequestedBy' | 'listOrdersPaidBetween' | 'listRefundsPaidBetween' | 'saveReconciliation'
  | 'listReconciliation'
>;

/** Writes that touch more than one document or compare-and-set: the root store runs each in a transaction. */
export const PAYMENT_WRITES = ['insertOrder', 'transitionOrder', 'freeOrderItem', 'insertRefund', 'transitionRefund'] as const;

const liveItemId = (i: Pick<PaymentItemRow, 'personId' | 'benefitYear'>) => keyOf(i.personId, i.benefitYear);
const refundItemId = (orderId: string, personId: string, benefitYear: number) => keyOf(orderId, personId, benefitYear);
const LIVE_ITEM = 'payment_item_live';

/**
 * Payment orders, their events, channel notifications and nonces, refunds and reconciliation reports, laid
 * out as layout.ts describes. The order and its key documents (one per live person-year, one per counter
 * receipt) are written in one transaction, so two orders for one person-year touch the same key document
 * and CloudBase fails one of them; the retried loser then reads the key and reports payment_item_live.
 */
export function paymentOps(ctx: FeatureContext): PaymentOps {
  const { access, namespace: ns } = ctx;
  const k = keyed(ctx);
  const readOrder = (orderId: string) => k.read(OrderDoc, C.orders, orderId);
  const orderRow = (d: OrderDoc): PaymentOrderRow => OrderRow.parse(d);
  const orderRows = (docs: Array<Record<string, unknown>>) => k.rows(OrderRow, C.orders, docs);
  const refundRows = (docs: Array<Record<string, unknown>>) => k.rows(RefundRowSchema, C.refunds, docs);
  const putOrder = (d: OrderDoc) => access.put(C.orders, d.orderId, { ns, ...d });

  /** Marks the matching items not live and gives up their person-year keys; the caller writes the order. */
  async function freeItems(d: OrderDoc, matches: (i: PaymentItemRow) => boolean): Promise<boolean> {
    let changed = false;
    for (const item of d.items) {
      if (!item.live || !matches(item)) continue;
      item.live = false;
      changed = true;
      await k.release(C.liveOrderItems, liveItemId(item), 'orderId', d.orderId);
    }
    return changed;
  }

  const ops: PaymentOps = {
    async insertOrder(order, items) {
      const row = OrderRow.parse(order);
      if (row.channel === 'cash' && (await access.get(C.counterReceipts, row.requestHash))) throw new UniqueViolation('counter_receipt');
      if (await access.get(C.orders, row.orderId)) throw new UniqueViolation('payment_order_id');
      const itemRows = items.map((i) => ItemRow.parse(i));
      const live = itemRows.filter((i) => i.live).map(liveItemId);
      if (new Set(live).size !== live.length) throw new UniqueViolation(LIVE_ITEM);
      for (const item of itemRows) if (item.live) await k.claim(C.liveOrderItems, liveItemId(item), 'orderId', row.orderId, LIVE_ITEM);
      if (row.channel === 'cash') await access.create(C.counterReceipts, row.requestHash, { ns, orderId: row.orderId });
      const events = [{ fromState: null, toState: row.state, cause: 'created', at: row.createdAt }];
      await access.create(C.orders, row.orderId, { ns, ...row, items: itemRows, events });
    },

    async getOrder(orderId) {
      const d = await readOrder(orderId);
      return d ? { order: orderRow(d), items: [...d.items].sort((a, b) => a.itemNo - b.itemNo) } : null;
    },

    async findCounterOrder(requestHash) {
      const key = await access.get(C.counterReceipts, requestHash);
      const d = typeof key?.orderId === 'string' ? await readOrder(key.orderId) : null;
      return d ? orderRow(d) : null;
    },

    async findLiveOrder(personId, benefitYear) {
      const orderId = await k.holder(C.liveOrderItems, keyOf(personId, benefitYear), 'orderId');
      const d = orderId ? await readOrder(orderId) : null;
      return d ? orderRow(d) : null;
    },

    async transitionOrder(t: OrderTransition) {
      const d = await readOrder(t.orderId);
      if (!d || !t.from.includes(d.state)) return false;
      const patch = t.patch ?? {};
      // As the SQLite adapter: a field named in the patch is set (undefined meaning null), others are kept.
      for (const field of ['prepayId', 'channelTxnId', 'failure', 'paidAt'] as const) if (field in patch) d[field] = patch[field] ?? null;
      // Absent rather than null, as SQLite reads them back (a NULL column is left out of the row).
      for (const field of ['heldAt', 'paidOutAt'] as const) {
        if (!(field in patch)) continue;
        const value = patch[field];
        if (value) d[field] = value;
        else delete d[field];
      }
      d.events.push({ fromState: d.state, toState: t.to, cause: t.cause, at: t.at });
      d.state = t.to;
      d.updatedAt = t.at;
      if (t.to === 'FAILED') await freeItems(d, () => true);
      await putOrder(d);
      return true;
    },

    async listHeldOrders(limit) {
      // A missing paidOutAt matches null, as in MongoDB; a missing heldAt (never held) matches nothing.
      const filter = { heldAt: { $gt: '' }, paidOutAt: null };
      return orderRows(await ctx.query(C.orders, filter, [['heldAt', 'asc'], ['orderId', 'asc']], limit));
    },

    async listOrdersToSettle(states, updatedBefore, limit) {
      // WeChat Pay orders only: bank debits are settled by the deduction batch, cash never waits.
      if (states.length === 0) return [];
      const filter = { channel: 'wechatpay', state: { $in: [...states] }, updatedAt: { $lt: updatedBefore } };
      return orderRows(await ctx.query(C.orders, filter, [['updatedAt', 'asc'], ['orderId', 'asc']], limit));
    },

    async listOrdersOfPayer(payerPersonId, limit) {
      return orderRows(await ctx.query(C.orders, { payerPersonId }, [['createdAt', 'desc'], ['orderId', 'desc']], limit));
    },

    async listOrderEvents(orderId) {
      const d = await readOrder(orderId);
      return (d?.events ?? []).map((e) => ({ orderId, ...e }));
    },

    recordNotification: (channel, eventId, ref, at) =>
      k.createOnce(C.notifications, keyOf(channel, eventId), { ns, channel, eventId, ref, receivedAt: at }),

    rememberNonce: (channel, nonce, timestampS) => k.createOnce(C.nonces, keyOf(channel, nonce), { ns, channel, nonce, timestampS }),

    async freeOrderItem(orderId, personId, benefitYear) {
      const d = await readOrder(orderId);
      if (d && (await freeItems(d, (i) => i.personId === personId && i.benefitYear === benefitYear))) await putOrder(d);
    },

    async insertRefund(refund) {
      const row = RefundRowSchema.parse(refund);
      const key = refundItemId(row.orderId, row.personId, row.benefitYear);
      // SQLite names both its keys here (the item, the refund id) refund_item: a second refund of the item.
      if ((await access.get(C.refundItems, key)) || (await access.get(C.refunds, row.refundId))) throw new UniqueViolation('refund_item');
      await access.create(C.refundItems, key, { ns, refundId: row.refundId });
      await access.create(C.refunds, row.refundId, { ns, ...row });
    },

    getRefund: (refundId) => k.read(RefundRowSchema, C.refunds, refundId),

    async findRefund(orderId, personId, benefitYear) {
      const refundId = await k.holder(C.refundItems, refundItemId(orderId, personId, benefitYear), 'refundId');
      return refundId ? ops.getRefund(refundId) : null;
    },

    async transitionRefund(t) {
      const row = await ops.getRefund(t.refundId);
      if (!row || !t.from.includes(row.state)) return false;
      // As the SQLite adapter (COALESCE): a patch value replaces the stored one only when it is not null.
      const next: RefundRow = {
        ...row,
        state: t.to,
        updatedAt: t.at,
        channelRefundId: t.patch?.channelRefundId ?? row.channelRefundId,
        failure: t.patch?.failure ?? row.failure,
        refundedAt: t.patch?.refundedAt ?? row.refundedAt,
        paidOutAt: t.patch?.paidOutAt ?? row.paidOutAt ?? null,
      };
      await access.put(C.refunds, t.refundId, { ns, ...RefundRowSchema.parse(next) });
      return true;
    },

    async listRefundsToSettle(states, updatedBefore, limit) {
      if (states.length === 0) return [];
      const filter = { state: { $in: [...states] }, updatedAt: { $lt: updatedBefore } };
      return refundRows(await ctx.query(C.refunds, filter, [['updatedAt', 'asc'], ['refundId', 'asc']], limit));
    },

    async listHeldRefunds(limit) {
      // A missing paidOutAt (documents written before it existed) matches null, as in MongoDB.
      const filter = { state: 'FAILED', wechatFen: { $gt: 0 }, paidOutAt: null };
      return refundRows(await ctx.query(C.refunds, filter, [['updatedAt', 'asc'], ['refundId', 'asc']], limit));
    },

    async listRefundsRequestedBy(openid, limit) {
      return refundRows(await ctx.query(C.refunds, { requestedBy: openid }, [['createdAt', 'desc'], ['refundId', 'desc']], limit));
    },

    async listOrdersPaidBetween(from, to) {
      const filter = { state: 'SUCCESS', channel: 'wechatpay', wechatFen: { $gt: 0 }, paidAt: { $gte: from, $lt: to } };
      return orderRows(await ctx.query(C.orders, filter, [['paidAt', 'asc'], ['orderId', 'asc']]));
    },

    async listRefundsPaidBetween(from, to) {
      const filter = { state: 'SUCCESS', wechatFen: { $gt: 0 }, refundedAt: { $gte: from, $lt: to } };
      return refundRows(await ctx.query(C.refunds, filter, [['refundedAt', 'asc'], ['refundId', 'asc']]));
    },

    async saveReconciliation(billDate, lines, channel: ReconciliationChannel = 'wechatpay') {
      const rows = lines.map((l) => ReconciliationLineRow.parse(l));
      const seen = new Set(rows.map((r) => keyOf(r.kind, r.ref)));
      if (seen.size !== rows.length) throw new UniqueViolation('reconciliation_line');
      // The lines go under a new run first; flipping the report's pointer (one document) publishes them all at once.
      const run = ctx.nextOrderKey();
      await access.map(rows, (r) => access.put(C.reconciliationLines, keyOf(channel, billDate, run, r.kind, r.ref), { ns, channel, reportDate: billDate, run, ...r }));
      await access.put(C.reconciliationReports, keyOf(channel, billDate), { ns, channel, billDate, run });
      // The replaced run's lines are garbage now; a failure here leaves them unread (a later save removes them).
      if (!access.inTransaction) await ctx.removeCommitted(C.reconciliationLines, { channel, reportDate: billDate, run: { $ne: run } });
    },

    async listReconciliation(billDate, channel: ReconciliationChannel = 'wechatpay') {
      const report = await k.read(ReportDoc, C.reconciliationReports, keyOf(channel, billDate));
      if (!report) return [];
      const docs = await ctx.query(C.reconciliationLines, { channel, reportDate: billDate, run: report.run }, [['ref', 'asc']]);
      // The SQLite adapter's order: differences first, then by kind and ref.
      const matched = (s: string) => (s === 'MATCHED' ? 1 : 0);
      return k
        .rows(ReconciliationLineRow, C.reconciliationLines, docs)
        .sort((a, b) => matched(a.status) - matched(b.status) || byText(a.kind, b.kind) || byText(a.ref, b.ref));
    },
  };
  return ops;
}

