import type Database from 'better-sqlite3';
import { UniqueViolation } from '../../errors';
import type { DebitTransitions } from '../bulk.port';
import type { AuditRow, DebitRow, EnrollmentRow, NoticeRow, OrderStateName, OrderTransition, PaymentItemRow, PaymentOrderRow } from '../port';
import { toAgreement, toDebit, toNotice } from './agreements';
import { forKeys, insertRows } from './multiRow';
import { toItem } from './payments';
import { prepared } from './prepared';
import { toPerson, toRegistry } from './rows';
import { unique } from './unique';

type Row = Record<string, unknown>;

const PATCH_COLUMNS = [
  ['prepayId', 'prepay_id'], ['channelTxnId', 'channel_txn_id'], ['failure', 'failure'], ['paidAt', 'paid_at'], ['heldAt', 'held_at'], ['paidOutAt', 'paid_out_at'],
] as const;

/**
 * The page operations (bulk.port.ts) on one SQLite connection, as set-based statements. Writes run inside
 * the caller's transaction (the store wraps a call made outside one in its own), so a page lands whole.
 */
export function bulkOperations(db: Database.Database) {
  /** Orders whose current state is one their transition starts from; the transaction keeps that true until the update. */
  function movable(ts: readonly OrderTransition[]): { t: OrderTransition; from: OrderStateName }[] {
    const current = new Map<string, OrderStateName>();
    for (const r of forKeys(db, 'SELECT order_id, state FROM payment_orders WHERE order_id IN :keys', ts.map((t) => t.orderId)) as Row[]) {
      current.set(r.order_id as string, r.state as OrderStateName);
    }
    const out: { t: OrderTransition; from: OrderStateName }[] = [];
    const seen = new Set<string>();
    for (const t of ts) {
      const from = current.get(t.orderId);
      if (from === undefined || !t.from.includes(from) || seen.has(t.orderId)) continue;
      seen.add(t.orderId);
      out.push({ t, from });
    }
    return out;
  }

  return {
    // The store's one writer lock already keeps anyone else from changing them until the transaction ends.
    lockAgreements: (ids: readonly string[]) => (forKeys(db, 'SELECT * FROM agreements WHERE agreement_id IN :keys', ids) as Row[]).map(toAgreement),
    getPersons: (ids: readonly string[]) => (forKeys(db, 'SELECT * FROM persons WHERE person_id IN :keys', ids) as Row[]).map(toPerson),
    getRegistries: (hashes: readonly string[]) => (forKeys(db, 'SELECT * FROM registry WHERE id_hash IN :keys', hashes) as Row[]).map(toRegistry),
    listDebitsOf: (agreementIds: readonly string[], periodKey: string): DebitRow[] =>
      (forKeys(db, 'SELECT * FROM debits WHERE period_key = ? AND agreement_id IN :keys', agreementIds, [periodKey]) as Row[])
        .map(toDebit)
        .sort((a, b) => (a.agreementId === b.agreementId ? a.attempt - b.attempt : a.agreementId < b.agreementId ? -1 : 1)),
    findNotices: (kind: string, refs: readonly string[]): NoticeRow[] =>
      (forKeys(db, 'SELECT * FROM notices WHERE kind = ? AND ref IN :keys', refs, [kind]) as Row[]).map(toNotice),
    listLiveItems: (personIds: readonly string[], benefitYear: number): PaymentItemRow[] =>
      (forKeys(db, 'SELECT * FROM payment_items WHERE live = 1 AND benefit_year = ? AND person_id IN :keys', personIds, [benefitYear]) as Row[]).map(toItem),

    insertNotices: (rows: readonly NoticeRow[]): string[] =>
      (insertRows(db, 'INSERT OR IGNORE INTO notices (notice_id, person_id, openid, kind, ref, title, body, created_at)', 8,
        rows.map((n) => [n.noticeId, n.personId, n.openid, n.kind, n.ref, n.title, n.body, n.createdAt]), 'RETURNING notice_id') as Row[])
        .map((r) => r.notice_id as string),

    insertOrders(orders: readonly { order: PaymentOrderRow; items: PaymentItemRow[] }[]): void {
      for (const { order } of orders) {
        // A paper receipt is recorded once (counter payments come one at a time; this is not the hot path).
        if (order.channel === 'cash' && prepared(db, "SELECT 1 FROM payment_orders WHERE channel = 'cash' AND request_hash = ?").get(order.requestHash)) {
          throw new UniqueViolation('counter_receipt');
        }
      }
      insertRows(db, `INSERT INTO payment_orders (order_id, payer_person_id, payer_openid, request_hash, total_fen, account_fen, wechat_fen,
        state, prepay_id, channel_txn_id, failure, created_at, updated_at, channel, savings_fen)`, 15,
      orders.map(({ order: o }) => [o.orderId, o.payerPersonId, o.payerOpenid, o.requestHash, o.totalFen, o.accountFen, o.wechatFen, o.state,
        o.prepayId, o.channelTxnId, o.failure, o.createdAt, o.updatedAt, o.channel ?? 'wechatpay', o.savingsFen ?? 0]));
      unique('payment_item_live', () =>
        insertRows(db, 'INSERT INTO payment_items (order_id, item_no, person_id, benefit_year, standard_fen, due_fen, quote, live)', 8,
          orders.flatMap(({ items }) => items.map((i) => [i.orderId, i.itemNo, i.personId, i.benefitYear, i.standardFen, i.dueFen, i.quote, i.live ? 1 : 0]))),
      );
      insertRows(db, 'INSERT INTO payment_events (order_id, from_state, to_state, cause, at)', 5,
        orders.map(({ order: o }) => [o.orderId, null, o.state, 'created', o.createdAt]));
    },

    insertDebits(rows: readonly DebitRow[]): void {
      unique('debit_live', () =>
        insertRows(db, 'INSERT INTO debits (debit_id, agreement_id, period_key, attempt, amount_fen, order_id, state, failure, created_at, updated_at)', 10,
          rows.map((d) => [d.debitId, d.agreementId, d.periodKey, d.attempt, d.amountFen, d.orderId, d.state, d.failure, d.createdAt, d.updatedAt])),
      );
    },

    transitionDebits: (t: DebitTransitions): string[] =>
      (forKeys(db, `UPDATE debits SET state = ?, updated_at = ?, failure = COALESCE(?, failure)
          WHERE state IN (${t.from.map(() => '?').join(', ')}) AND debit_id IN :keys RETURNING debit_id`,
      t.debitIds, [t.to, t.at, t.failure ?? null, ...t.from]) as Row[]).map((r) => r.debit_id as string),

    /**
     * Compare-and-set per order as transitionOrder does, in one UPDATE ... FROM (VALUES ...) per shape of
     * patch: the states were read in this transaction, so the rows that move are exactly those read movable.
     */
    transitionOrders(ts: readonly OrderTransition[]): string[] {
      const moving = movable(ts);
      const shapes = new Map<string, { t: OrderTransition; from: OrderStateName }[]>();
      for (const m of moving) {
        const shape = PATCH_COLUMNS.filter(([field]) => m.t.patch && field in m.t.patch).map(([, column]) => column).join(',');
        const group = shapes.get(shape);
        if (group) group.push(m);
        else shapes.set(shape, [m]);
      }
      for (const [shape, group] of shapes) {
        const columns = shape ? shape.split(',') : [];
        const fields = PATCH_COLUMNS.filter(([, column]) => columns.includes(column)).map(([field]) => field);
        const sets = ['state = v.column2', 'updated_at = v.column3', ...columns.map((c, i) => `${c} = v.column${i + 4}`)].join(', ');
        const width = 3 + columns.length;
        for (let start = 0; start < group.length; start += 100) {
          const chunk = group.slice(start, start + 100);
          const values = chunk.map(() => `(${new Array(width).fill('?').join(', ')})`).join(', ');
          prepared(db, `UPDATE payment_orders SET ${sets} FROM (VALUES ${values}) AS v WHERE payment_orders.order_id = v.column1`)
            .run(chunk.flatMap(({ t }) => [t.orderId, t.to, t.at, ...fields.map((f) => t.patch?.[f] ?? null)]));
        }
      }
      const failed = moving.filter((m) => m.t.to === 'FAILED').map((m) => m.t.orderId);
      if (failed.length > 0) forKeys(db, 'UPDATE payment_items SET live = 0 WHERE order_id IN :keys', failed);
      insertRows(db, 'INSERT INTO payment_events (order_id, from_state, to_state, cause, at)', 5, moving.map(({ t, from }) => [t.orderId, from, t.to, t.cause, t.at]));
      return moving.map((m) => m.t.orderId);
    },

    /** An ended enrollment (refunded) may be taken up again; an active one may not: that is the unique key. */
    insertEnrollments(rows: readonly EnrollmentRow[]): EnrollmentRow[] {
      const written = new Set(
        (insertRows(db, 'INSERT INTO enrollments (person_id, benefit_year, source, enrolled_at)', 4, rows.map((e) => [e.personId, e.benefitYear, e.source, e.enrolledAt]),
          `ON CONFLICT (person_id, benefit_year) DO UPDATE SET source = excluded.source, enrolled_at = excluded.enrolled_at,
            ended_at = NULL, ended_reason = NULL, lifted_suspensions = NULL
            WHERE enrollments.ended_at IS NOT NULL RETURNING person_id, benefit_year`) as Row[])
          .map((r) => `${r.person_id as string}/${r.benefit_year as number}`),
      );
      return rows.filter((e) => !written.delete(`${e.personId}/${e.benefitYear}`));
    },

    appendAudits(rows: readonly AuditRow[]): void {
      insertRows(db, 'INSERT INTO audit_log (at, actor, action, subject_person_id, detail)', 5,
        rows.map((a) => [a.at, a.actor, a.action, a.subjectPersonId, JSON.stringify(a.detail)]));
    },
  };
}
