import { z } from 'zod';
import type { AuditRow } from '../port';
import type { SdkDatabase } from './docAccess';
import { AuditDoc, auditRow, readDoc } from './documents';
import { COLLECTIONS } from './layout';

/**
 * The two reads that are queries rather than document reads. CloudBase does not allow queries inside a
 * transaction, so both always read committed data; the operations add what the current transaction wrote.
 * Both filter on `ns` so namespaces sharing an environment never see each other's rows.
 */

/** CloudBase's server SDK returns at most 1000 documents per query. */
const PAGE_SIZE = 1000;

export interface OrderedAudit {
  orderKey: string;
  row: AuditRow;
}

/** Entries about one person, oldest first (index: ns, subjectPersonId, orderKey). */
export async function listCommittedAudit(db: SdkDatabase, namespace: string, subjectPersonId: string): Promise<OrderedAudit[]> {
  const entries: OrderedAudit[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const res = await db
      .collection(COLLECTIONS.audit)
      .where({ ns: namespace, subjectPersonId })
      .orderBy('orderKey', 'asc')
      .skip(offset)
      .limit(PAGE_SIZE)
      .get();
    const page = Array.isArray(res.data) ? res.data : [];
    for (const raw of page) {
      const doc = readDoc(AuditDoc, COLLECTIONS.audit, String((raw as { _id?: unknown })._id ?? '?'), raw);
      entries.push({ orderKey: doc.orderKey, row: auditRow(doc) });
    }
    if (page.length < PAGE_SIZE) return entries;
  }
}

const YearCount = z.object({ _id: z.number().int(), persons: z.number().int() });

/**
 * Enrolled persons per benefit year (ended enrollments do not count). An enrollment document is one person-year, so counting documents per
 * year counts persons. A counter document per year would be cheaper to read but would make every
 * enrollment in the city contend on one document during the enrollment season.
 */
export async function countCommittedEnrollments(db: SdkDatabase, namespace: string): Promise<Record<number, number>> {
  const res = await db
    .collection(COLLECTIONS.enrollments)
    .aggregate()
    // `endedAt: null` also matches documents written before enrollments could end (MongoDB's rule for a missing field).
    .match({ ns: namespace, endedAt: null })
    .group({ _id: '$benefitYear', persons: { $sum: 1 } })
    .limit(PAGE_SIZE)
    .end();
  const counts: Record<number, number> = {};
  for (const raw of Array.isArray(res.data) ? res.data : []) {
    const { _id: year, persons } = readDoc(YearCount, COLLECTIONS.enrollments, 'aggregate', raw);
    counts[year] = persons;
  }
  return counts;
}

/** A query's filter: equality, or one of the operators below on a field (`ns` is added by the runner). */
export type Filter = Record<string, unknown>;
export type Order = Array<[field: string, direction: 'asc' | 'desc']>;

/**
 * Committed documents of this namespace matching `filter`, in `order`, at most `limit` (all pages when left
 * out). Filters use plain `$in`/`$lt`/`$gte`/`$gt`/`$ne` objects, which the SDK sends as written (the same
 * text `db.command.in(...)` and friends produce). Each list that uses this has an index on its filter
 * fields then its order fields (see layout.ts).
 */
export async function queryCommitted(db: SdkDatabase, namespace: string, collection: string, filter: Filter, order: Order, limit = Infinity): Promise<Array<Record<string, unknown>>> {
  const docs: Array<Record<string, unknown>> = [];
  for (let offset = 0; docs.length < limit; offset += PAGE_SIZE) {
    const size = Math.min(PAGE_SIZE, limit - docs.length);
    let query = db.collection(collection).where({ ns: namespace, ...filter });
    for (const [field, direction] of order) query = query.orderBy(field, direction);
    if (offset > 0) query = query.skip(offset);
    const res = await query.limit(size).get();
    const page = Array.isArray(res.data) ? (res.data as Array<Record<string, unknown>>) : [];
    docs.push(...page);
    if (page.length < size) break;
  }
  return docs;
}

/** Removes every committed document of this namespace matching `filter` (one request; not in a transaction). */
export async function removeCommitted(db: SdkDatabase, namespace: string, collection: string, filter: Filter): Promise<void> {
  await db.collection(collection).where({ ns: namespace, ...filter }).remove();
}
