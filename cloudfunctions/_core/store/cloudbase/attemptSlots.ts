import { z } from 'zod';
import { UniqueViolation } from '../../errors';
import { keyed, type FeatureContext } from './keyed';
import type { CollectionName } from './layout';

const SlotDoc = z.object({ ids: z.array(z.string()), attempts: z.array(z.number().int()), liveId: z.string().nullable() });

/**
 * A slot that is tried until one attempt succeeds: a scheduled debit's (agreement, period), a savings
 * deposit's (plan, slot). SQLite keeps two unique keys there: (slot, attempt), and (slot) among the live or
 * paid attempts. Here one slot document holds the attempts in order and the live one, and every attempt
 * written or moved in or out of the live states rewrites it, so two writers of the slot collide in
 * CloudBase's transaction and the retried loser sees the winner. It is also how a transaction lists the
 * slot's attempts (listDebits, listSavingsDeposits with a slot) without a query.
 */
export function attemptSlots(ctx: FeatureContext, collection: CollectionName, constraint: string) {
  const k = keyed(ctx);
  const read = async (slotId: string) => (await k.read(SlotDoc, collection, slotId)) ?? { ids: [], attempts: [], liveId: null };
  const write = (slotId: string, slot: z.infer<typeof SlotDoc>) => ctx.access.put(collection, slotId, { ns: ctx.namespace, ...slot });
  return {
    /** Records a new attempt; UniqueViolation(constraint) for a taken attempt number or a second live attempt. */
    async add(slotId: string, id: string, attempt: number, live: boolean): Promise<void> {
      const slot = await read(slotId);
      if (slot.ids.includes(id) || slot.attempts.includes(attempt) || (live && slot.liveId !== null)) throw new UniqueViolation(constraint);
      await write(slotId, { ids: [...slot.ids, id], attempts: [...slot.attempts, attempt], liveId: live ? id : slot.liveId });
    },

    /** The slot's attempt ids, in the order they were written. */
    ids: async (slotId: string): Promise<string[]> => (await read(slotId)).ids,

    /** An attempt entered or left the live states: the slot follows (a second live attempt is refused). */
    async moved(slotId: string, id: string, wasLive: boolean, nowLive: boolean): Promise<void> {
      if (wasLive === nowLive) return;
      const slot = await read(slotId);
      if (nowLive && slot.liveId !== null && slot.liveId !== id) throw new UniqueViolation(constraint);
      const liveId = nowLive ? id : slot.liveId === id ? null : slot.liveId;
      if (liveId !== slot.liveId) await write(slotId, { ...slot, liveId });
    },
  };
}
