import { randomBytes } from 'node:crypto';

/**
 * Audit entries need an order that survives many function instances writing at once without a shared
 * counter document (which every audited action would then contend on). The key is the wall-clock
 * millisecond, then a random tag for this process, then a per-process sequence: entries from one process
 * keep their append order even within one millisecond, and entries from different processes interleave by
 * time (to the precision of their clocks, which is as good as any "order" between independent callers).
 */
export type OrderKeySource = () => string;

export function orderKeySource(nowMs: () => number = Date.now, processTag = randomBytes(4).toString('hex')): OrderKeySource {
  let sequence = 0;
  return () => {
    sequence += 1;
    return `${String(nowMs()).padStart(13, '0')}:${processTag}:${String(sequence).padStart(8, '0')}`;
  };
}
