import type { ContractEndStoreOps } from '../contractEnds.port';
import { keyed, type FeatureContext } from './keyed';
import { COLLECTIONS as C, keyOf } from './layout';
import { ContractEndRowSchema } from './rowSchemas';

/**
 * Contract ends (contractEnds.port.ts): one document per (channel, contract), its `_id` the key, so a request
 * is stored once without a transaction. `open` mirrors `confirmedAt === null` because a query cannot ask for
 * a null field portably; the janitor lists by it. An attempt is a read and a whole-document write, so the root
 * store runs it in a transaction (index.ts).
 */
export function contractEndOps(ctx: FeatureContext): ContractEndStoreOps {
  const { access, namespace: ns } = ctx;
  const k = keyed(ctx);
  const idOf = (channel: string, contractNo: string) => keyOf(channel, contractNo);
  const get = (channel: string, contractNo: string) => k.read(ContractEndRowSchema, C.contractEnds, idOf(channel, contractNo));

  return {
    requestContractEnd(row) {
      const parsed = ContractEndRowSchema.parse(row);
      return k.createOnce(C.contractEnds, idOf(parsed.channel, parsed.contractNo), { ns, ...parsed, open: parsed.confirmedAt === null });
    },

    getContractEnd: get,

    async recordContractEndAttempt(t) {
      const row = await get(t.channel, t.contractNo);
      if (!row) return;
      const confirmedAt = row.confirmedAt ?? t.confirmedAt;
      await access.put(C.contractEnds, idOf(t.channel, t.contractNo), {
        ns, ...row, attempts: row.attempts + 1, lastResult: t.result, confirmedAt, open: confirmedAt === null,
      });
    },

    async listOpenContractEnds(limit) {
      const docs = await ctx.query(C.contractEnds, { open: true }, [['requestedAt', 'asc'], ['contractNo', 'asc']], limit);
      return k.rows(ContractEndRowSchema, C.contractEnds, docs);
    },
  };
}
