/**
 * Read-only views of the runtime's SQLite store for the fault checks. The runtime keeps writing (WAL mode),
 * so each read opens its own read-only connection and closes it again.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';

export interface OrderRecord {
  order_id: string;
  payer_openid: string;
  state: string;
  total_fen: number;
  account_fen: number;
  wechat_fen: number;
  prepay_id: string | null;
  channel_txn_id: string | null;
  created_at: string;
}

export interface ItemRecord {
  order_id: string;
  person_id: string;
  benefit_year: number;
  live: number;
}

export interface RefundRecord {
  refund_id: string;
  order_id: string;
  person_id: string;
  benefit_year: number;
  requested_by: string;
  state: string;
  wechat_fen: number;
  account_fen: number;
}

export interface StoreSnapshot {
  orders: OrderRecord[];
  items: ItemRecord[];
  refunds: RefundRecord[];
  events: { order_id: string; from_state: string | null; to_state: string; cause: string }[];
}

export function readStore(dataDir: string): StoreSnapshot {
  const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return {
      orders: db.prepare('SELECT order_id, payer_openid, state, total_fen, account_fen, wechat_fen, prepay_id, channel_txn_id, created_at FROM payment_orders').all() as OrderRecord[],
      items: db.prepare('SELECT order_id, person_id, benefit_year, live FROM payment_items').all() as ItemRecord[],
      refunds: db.prepare('SELECT refund_id, order_id, person_id, benefit_year, requested_by, state, wechat_fen, account_fen FROM refunds').all() as RefundRecord[],
      events: db.prepare('SELECT order_id, from_state, to_state, cause FROM payment_events ORDER BY seq').all() as StoreSnapshot['events'],
    };
  } finally {
    db.close();
  }
}
