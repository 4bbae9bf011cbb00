import type { CollectionName } from './layout';
import { isDuplicateKey, StaleSnapshot } from './sdkErrors';

/**
 * The slice of @cloudbase/node-sdk's database API this adapter uses, typed structurally so the adapter
 * depends on these calls only (and tests can see at a glance which requests it can make):
 * - `db.collection(c).doc(id).get()`           → database.getDocument  (queryType DOC)
 * - `db.collection(c).add({ _id, ... })`       → database.insertDocument
 * - `db.collection(c).doc(id).set(data)`       → database.modifyDocument (upsert, merge false)
 * - `db.collection(c).doc(id).remove()`        → database.removeDocument
 * - `db.collection(c).where(q).orderBy().skip().limit().get()` → database.getDocument (queryType WHERE)
 * - `db.collection(c).where(q).remove()`       → database.removeDocument (queryType WHERE, multi)
 * - `db.startTransaction()`, `tx.commit()`, `tx.rollback()` → database.start/commit/abortTransaction;
 *   `tx.collection(c)` sends the same document calls with a transactionId.
 * - `db.collection(c).aggregate().match().unwind().group().sort().skip().limit().end()` → database.aggregateDocuments
 * - `db.createCollection(c)`                   → database.addCollection
 */
export interface SdkDocumentRef {
  get(): Promise<{ data?: unknown }>;
  set(data: object): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface SdkQuery {
  where(query: object): SdkQuery;
  orderBy(field: string, direction: 'asc' | 'desc'): SdkQuery;
  skip(offset: number): SdkQuery;
  limit(limit: number): SdkQuery;
  get(): Promise<{ data?: unknown }>;
  remove(): Promise<unknown>;
}

export interface SdkAggregation {
  match(query: object): SdkAggregation;
  unwind(path: string): SdkAggregation;
  group(spec: object): SdkAggregation;
  sort(spec: object): SdkAggregation;
  skip(offset: number): SdkAggregation;
  limit(limit: number): SdkAggregation;
  end(): Promise<{ data?: unknown }>;
}

export interface SdkCollection extends SdkQuery {
  doc(id: string): SdkDocumentRef;
  add(data: object): Promise<unknown>;
  aggregate(): SdkAggregation;
}

export interface SdkTransaction {
  collection(name: string): SdkCollection;
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

export interface SdkDatabase {
  collection(name: string): SdkCollection;
  startTransaction(): Promise<SdkTransaction>;
  createCollection(name: string): Promise<unknown>;
}

export type Doc = Record<string, unknown>;

/** Single-document reads and writes, the same inside and outside a transaction. */
export interface DocAccess {
  readonly inTransaction: boolean;
  get(collection: CollectionName, id: string): Promise<Doc | null>;
  /** Inserts a document that must not exist yet (callers have read it as missing first). */
  create(collection: CollectionName, id: string, data: Doc): Promise<void>;
  /** Writes the whole document, creating it when missing. */
  put(collection: CollectionName, id: string, data: Doc): Promise<void>;
  remove(collection: CollectionName, id: string): Promise<void>;
  /**
   * Runs `fn` over `items` and keeps their order. Outside a transaction a few run at once to save round
   * trips; inside one they run one after another, because a transaction is one server-side session.
   */
  map<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]>;
}

/** Outside a transaction the SDK answers a document read with a list; inside one, with the document or null. */
function firstDocument(data: unknown): Doc | null {
  const doc = Array.isArray(data) ? data[0] : data;
  return doc && typeof doc === 'object' ? (doc as Doc) : null;
}

const PARALLEL_READS = 8;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * `source` is the database or a transaction; `namespace` is prefixed to every id (see config.ts).
 * Inside a transaction every create is preceded by a read of the same document, so a duplicate `_id` at
 * insert time means another transaction committed it after our snapshot: that is a conflict to retry.
 */
export function docAccess(source: SdkDatabase | SdkTransaction, namespace: string, inTransaction: boolean): DocAccess {
  const ref = (collection: CollectionName, id: string) => source.collection(collection).doc(namespace + id);
  return {
    inTransaction,
    async get(collection, id) {
      const res = await ref(collection, id).get();
      return firstDocument(res.data);
    },
    async create(collection, id, data) {
      try {
        await source.collection(collection).add({ _id: namespace + id, ...data });
      } catch (error) {
        if (inTransaction && isDuplicateKey(error)) throw new StaleSnapshot(collection);
        throw error;
      }
    },
    async put(collection, id, data) {
      await ref(collection, id).set(data);
    },
    async remove(collection, id) {
      await ref(collection, id).remove();
    },
    map: (items, fn) => mapLimited(items, inTransaction ? 1 : PARALLEL_READS, fn),
  };
}
