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
 * Enrolled persons per benefit year. An enrollment document is one person-year, so counting documents per
 * year counts persons. A counter document per year would be cheaper to read but would make every
 * enrollment in the city contend on one document during the enrollment season.
 */
export async function countCommittedEnrollments(db: SdkDatabase, namespace: string): Promise<Record<number, number>> {
  const res = await db
    .collection(COLLECTIONS.enrollments)
    .aggregate()
    .match({ ns: namespace })
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
