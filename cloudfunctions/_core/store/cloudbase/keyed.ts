import type { z } from 'zod';
import { UniqueViolation } from '../../errors';
import type { Doc, DocAccess } from './docAccess';
import { readDoc } from './documents';
import type { CollectionName } from './layout';
import type { Filter, Order } from './queries';
import { isDuplicateKey } from './sdkErrors';

/** What the feature operations (payments.ts, agreements.ts, credit.ts, savings.ts) work with. */
export interface FeatureContext {
  access: DocAccess;
  namespace: string;
  /** A fresh, increasing key (orderKeys.ts): names a reconciliation run. */
  nextOrderKey: () => string;
  /**
   * Committed documents only: CloudBase refuses queries inside a transaction, so a list read there does not
   * include the transaction's own writes. Lists a service reads inside its transactions are index documents
   * instead (debit_periods, savings_deposit_slots, savings_sweep_persons).
   */
  query: (collection: CollectionName, filter: Filter, order: Order, limit?: number) => Promise<Doc[]>;
  removeCommitted: (collection: CollectionName, filter: Filter) => Promise<void>;
}

/** Single-document helpers shared by the feature operations. */
export function keyed(ctx: FeatureContext) {
  const { access } = ctx;
  return {
    async read<S extends z.ZodType>(schema: S, collection: CollectionName, id: string): Promise<z.infer<S> | null> {
      const doc = await access.get(collection, id);
      return doc ? readDoc(schema, collection, id, doc) : null;
    },

    /** Rows of a query answer, parsed (their `_id` and `ns` dropped by the schema). */
    rows<S extends z.ZodType>(schema: S, collection: CollectionName, docs: Doc[]): z.infer<S>[] {
      return docs.map((d) => readDoc(schema, collection, String(d._id ?? '?'), d));
    },

    /**
     * Writes a document that is its own unique key, once: false when it is already there. Outside a
     * transaction the read and the insert are two requests, so a writer that slips in between makes the
     * insert fail as a duplicate `_id`, which means the same: already there. Inside one, that failure is a
     * stale snapshot and the transaction is retried (docAccess.ts), and the retry reads it as there.
     */
    async createOnce(collection: CollectionName, id: string, data: Doc): Promise<boolean> {
      if (await access.get(collection, id)) return false;
      try {
        await access.create(collection, id, data);
        return true;
      } catch (error) {
        if (!access.inTransaction && isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /**
     * Takes a key document (`{ [field]: owner }`) for `owner`: UniqueViolation(constraint) when another owner
     * holds it. Must run in a transaction with the write it guards, so two writers of the same key collide.
     */
    async claim(collection: CollectionName, id: string, field: string, owner: string, constraint: string): Promise<void> {
      const held = await access.get(collection, id);
      if (held && held[field] !== owner) throw new UniqueViolation(constraint);
      if (!held) await access.create(collection, id, { ns: ctx.namespace, [field]: owner });
    },

    /** Gives a key document up, if `owner` still holds it. */
    async release(collection: CollectionName, id: string, field: string, owner: string): Promise<void> {
      const held = await access.get(collection, id);
      if (held && held[field] === owner) await access.remove(collection, id);
    },

    /** A row entered or left the states its key covers: take the key (or fail as `claim` does) or give it up. */
    async follow(collection: CollectionName, id: string, field: string, owner: string, was: boolean, now: boolean, constraint: string): Promise<void> {
      if (now && !was) await this.claim(collection, id, field, owner, constraint);
      else if (was && !now) await this.release(collection, id, field, owner);
    },

    /** The owner named by a key document, or null. */
    async holder(collection: CollectionName, id: string, field: string): Promise<string | null> {
      const held = await access.get(collection, id);
      return held && typeof held[field] === 'string' ? (held[field] as string) : null;
    },
  };
}

export type Keyed = ReturnType<typeof keyed>;

/** SQLite's byte order for ASCII text (`localeCompare` would not match its ORDER BY). */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first, then by id descending: the SQLite adapter's order for a person's rows. */
export const newestFirst =
  <R>(at: (r: R) => string, id: (r: R) => string) =>
  (a: R, b: R) =>
    byText(at(b), at(a)) || byText(id(b), id(a));

/** Ids in chunks small enough for one `$in` query (CloudBase caps the size of a request). */
export function chunks<T>(items: readonly T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
