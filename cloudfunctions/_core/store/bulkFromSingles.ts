import { UniqueViolation } from '../errors';
import type { BulkStoreOps } from './bulk.port';
import type { StoreOps } from './port';

type Singles = Omit<StoreOps, keyof BulkStoreOps>;

/**
 * The page operations as loops over the single-row ones, for an adapter without set-based statements
 * (CloudBase: each write is a document call anyway). Same answers as a set-based adapter, row by row.
 */
export function bulkFromSingles(singles: () => Singles): BulkStoreOps {
  // A thunk, so an adapter can spread these into the very object that holds its single-row operations.
  const ops = new Proxy({} as Singles, { get: (_, name) => singles()[name as keyof Singles] });
  const each = async <T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> => {
    const out: R[] = [];
    for (const item of items) out.push(await work(item));
    return out;
  };
  return {
    lockAgreements: async (ids) => (await each(ids, (id) => ops.lockAgreement(id))).filter((a) => a !== null),
    getPersons: async (ids) => (await each(ids, (id) => ops.getPerson(id))).filter((p) => p !== null),
    getRegistries: async (hashes) => (await each(hashes, (h) => ops.getRegistry(h))).filter((r) => r !== null),
    listDebitsOf: async (agreementIds, periodKey) => (await each(agreementIds, (id) => ops.listDebits(id, periodKey))).flat(),
    findNotices: async (kind, refs) => (await each(refs, (ref) => ops.findNotice(kind, ref))).filter((n) => n !== null),
    listLiveItems: async (personIds, benefitYear) => {
      const orderIds = new Set<string>();
      for (const personId of personIds) {
        const order = await ops.findLiveOrder(personId, benefitYear);
        if (order) orderIds.add(order.orderId);
      }
      const wanted = new Set(personIds);
      const found = await each([...orderIds], (orderId) => ops.getOrder(orderId));
      return found.flatMap((o) => o?.items ?? []).filter((i) => i.live && i.benefitYear === benefitYear && wanted.has(i.personId));
    },
    insertNotices: async (rows) => (await each(rows, async (n) => ((await ops.insertNotice(n)) ? n.noticeId : null))).filter((id) => id !== null),
    insertOrders: async (orders) => {
      await each(orders, ({ order, items }) => ops.insertOrder(order, items));
    },
    insertDebits: async (rows) => {
      await each(rows, (d) => ops.insertDebit(d));
    },
    transitionDebits: async (t) =>
      (await each(t.debitIds, async (debitId) => ((await ops.transitionDebit({ debitId, from: t.from, to: t.to, at: t.at, failure: t.failure })) ? debitId : null))).filter(
        (id) => id !== null,
      ),
    transitionOrders: async (ts) => (await each(ts, async (t) => ((await ops.transitionOrder(t)) ? t.orderId : null))).filter((id) => id !== null),
    postTransfers: (ts) => each(ts, (t) => ops.postTransfer(t)),
    insertEnrollments: async (rows) =>
      (
        await each(rows, async (e) => {
          try {
            await ops.insertEnrollment(e);
            return null;
          } catch (error) {
            if (error instanceof UniqueViolation) return e;
            throw error;
          }
        })
      ).filter((e) => e !== null),
    appendAudits: async (rows) => {
      await each(rows, (a) => ops.appendAudit(a));
    },
  };
}
