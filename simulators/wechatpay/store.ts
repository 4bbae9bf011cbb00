/**
 * The simulator's memory: orders, refunds and callback deliveries in a SQLite file inside its data
 * folder, so a restarted simulator still knows every charge it made (the no-money-lost checks compare
 * against it) and still delivers callbacks it owed.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RefundStatus, TradeState } from '../../cloudfunctions/_core/channels/wechatpay/schemas';
import { papayOperations } from './papayStore';

export interface OrderRow {
  out_trade_no: string;
  mchid: string;
  appid: string;
  /** The request body in canonical form, to tell a retry (same body) from a reuse of the number. */
  request_canonical: string;
  prepay_id: string;
  description: string;
  attach: string | null;
  notify_url: string;
  total_fen: number;
  openid: string;
  time_expire: string | null;
  trade_state: TradeState;
  transaction_id: string | null;
  success_time: string | null;
  created_at: string;
}

export interface RefundRow {
  out_refund_no: string;
  refund_id: string;
  out_trade_no: string;
  request_canonical: string;
  refund_fen: number;
  total_fen: number;
  reason: string | null;
  notify_url: string | null;
  status: RefundStatus;
  create_time: string;
  success_time: string | null;
}

export type CallbackStatus = 'pending' | 'delivered' | 'gave_up';

export interface CallbackRow {
  id: string;
  event_type: string;
  subject: string;
  notify_url: string;
  body: string;
  status: CallbackStatus;
  attempts: number;
  last_result: string | null;
  created_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  out_trade_no TEXT PRIMARY KEY,
  mchid TEXT NOT NULL,
  appid TEXT NOT NULL,
  request_canonical TEXT NOT NULL,
  prepay_id TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  attach TEXT,
  notify_url TEXT NOT NULL,
  total_fen INTEGER NOT NULL CHECK (total_fen > 0),
  openid TEXT NOT NULL,
  time_expire TEXT,
  trade_state TEXT NOT NULL,
  transaction_id TEXT UNIQUE,
  success_time TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS refunds (
  out_refund_no TEXT PRIMARY KEY,
  refund_id TEXT NOT NULL UNIQUE,
  out_trade_no TEXT NOT NULL REFERENCES orders(out_trade_no),
  request_canonical TEXT NOT NULL,
  refund_fen INTEGER NOT NULL CHECK (refund_fen > 0),
  total_fen INTEGER NOT NULL,
  reason TEXT,
  notify_url TEXT,
  status TEXT NOT NULL,
  create_time TEXT NOT NULL,
  success_time TEXT
);
CREATE TABLE IF NOT EXISTS callbacks (
  id TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  subject TEXT NOT NULL,
  notify_url TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_result TEXT,
  created_at TEXT NOT NULL
);
`;

export type SimStore = ReturnType<typeof openSimStore>;

export function openSimStore(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'wechatpay-sim.sqlite'));
  db.pragma('journal_mode = WAL');
  // The simulator's records must survive its process being killed (the fault tests kill it), which WAL gives
  // with NORMAL; FULL would add an fsync per request for power loss, which no test simulates.
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);

  const statements = {
    orderByNo: db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE out_trade_no = ?'),
    orderByPrepay: db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE prepay_id = ?'),
    insertOrder: db.prepare(
      `INSERT INTO orders (out_trade_no, mchid, appid, request_canonical, prepay_id, description, attach, notify_url,
         total_fen, openid, time_expire, trade_state, transaction_id, success_time, created_at)
       VALUES (@out_trade_no, @mchid, @appid, @request_canonical, @prepay_id, @description, @attach, @notify_url,
         @total_fen, @openid, @time_expire, @trade_state, @transaction_id, @success_time, @created_at)`,
    ),
    setOrderState: db.prepare('UPDATE orders SET trade_state = ? WHERE out_trade_no = ?'),
    markPaid: db.prepare(
      "UPDATE orders SET trade_state = 'SUCCESS', transaction_id = ?, success_time = ? WHERE out_trade_no = ?",
    ),
    ordersPaidOn: db.prepare<[string], OrderRow>(
      "SELECT * FROM orders WHERE success_time IS NOT NULL AND substr(success_time, 1, 10) = ? ORDER BY success_time, out_trade_no",
    ),
    allOrders: db.prepare<[], OrderRow>('SELECT * FROM orders ORDER BY created_at, out_trade_no'),
    refundByNo: db.prepare<[string], RefundRow>('SELECT * FROM refunds WHERE out_refund_no = ?'),
    refundsOfOrder: db.prepare<[string], RefundRow>('SELECT * FROM refunds WHERE out_trade_no = ?'),
    insertRefund: db.prepare(
      `INSERT INTO refunds (out_refund_no, refund_id, out_trade_no, request_canonical, refund_fen, total_fen, reason,
         notify_url, status, create_time, success_time)
       VALUES (@out_refund_no, @refund_id, @out_trade_no, @request_canonical, @refund_fen, @total_fen, @reason,
         @notify_url, @status, @create_time, @success_time)`,
    ),
    settleRefund: db.prepare('UPDATE refunds SET status = ?, success_time = ? WHERE out_refund_no = ?'),
    processingRefunds: db.prepare<[], RefundRow>("SELECT * FROM refunds WHERE status = 'PROCESSING'"),
    refundsSucceededOn: db.prepare<[string], RefundRow>(
      "SELECT * FROM refunds WHERE status = 'SUCCESS' AND substr(success_time, 1, 10) = ? ORDER BY success_time, out_refund_no",
    ),
    allRefunds: db.prepare<[], RefundRow>('SELECT * FROM refunds ORDER BY create_time, out_refund_no'),
    insertCallback: db.prepare(
      `INSERT INTO callbacks (id, event_type, subject, notify_url, body, status, attempts, last_result, created_at)
       VALUES (@id, @event_type, @subject, @notify_url, @body, @status, @attempts, @last_result, @created_at)`,
    ),
    recordAttempt: db.prepare('UPDATE callbacks SET attempts = attempts + 1, status = ?, last_result = ? WHERE id = ?'),
    pendingCallbacks: db.prepare<[], CallbackRow>("SELECT * FROM callbacks WHERE status = 'pending' ORDER BY created_at"),
    allCallbacks: db.prepare<[], CallbackRow>('SELECT * FROM callbacks ORDER BY created_at, id'),
  };

  return {
    order: (outTradeNo: string) => statements.orderByNo.get(outTradeNo),
    orderByPrepayId: (prepayId: string) => statements.orderByPrepay.get(prepayId),
    insertOrder: (row: OrderRow) => void statements.insertOrder.run(row),
    setOrderState: (outTradeNo: string, state: TradeState) => void statements.setOrderState.run(state, outTradeNo),
    markPaid: (outTradeNo: string, transactionId: string, successTime: string) =>
      void statements.markPaid.run(transactionId, successTime, outTradeNo),
    ordersPaidOn: (date: string) => statements.ordersPaidOn.all(date),
    allOrders: () => statements.allOrders.all(),
    refund: (outRefundNo: string) => statements.refundByNo.get(outRefundNo),
    refundsOfOrder: (outTradeNo: string) => statements.refundsOfOrder.all(outTradeNo),
    insertRefund: (row: RefundRow) => void statements.insertRefund.run(row),
    settleRefund: (outRefundNo: string, status: RefundStatus, successTime: string | null) =>
      void statements.settleRefund.run(status, successTime, outRefundNo),
    processingRefunds: () => statements.processingRefunds.all(),
    refundsSucceededOn: (date: string) => statements.refundsSucceededOn.all(date),
    allRefunds: () => statements.allRefunds.all(),
    insertCallback: (row: CallbackRow) => void statements.insertCallback.run(row),
    recordAttempt: (id: string, status: CallbackStatus, result: string) => void statements.recordAttempt.run(status, result, id),
    pendingCallbacks: () => statements.pendingCallbacks.all(),
    allCallbacks: () => statements.allCallbacks.all(),
    /** 委托代扣: signing sessions, contracts and debits (papayStore.ts). */
    papay: papayOperations(db),
    /** Runs `work` as one SQLite transaction, so a check and the write it guards cannot interleave. */
    transaction: <T>(work: () => T): T => db.transaction(work)(),
    close: () => db.close(),
  };
}
