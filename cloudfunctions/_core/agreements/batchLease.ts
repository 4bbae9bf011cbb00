import { z } from 'zod';
import type { App } from '../app';
import { debitSettings } from './settings';

/**
 * One deduction batch at a time. A run settles the debits earlier runs left open by asking the bank about them, and
 * a debit the bank has never heard of (404) is ended, to be retried under a new id. That is safe only when no other
 * run may still be about to send it: a second run starting while a first is working through a page (stored, not
 * yet sent, with a slow bank) would end the first run's debits, which the first then sends, and the retry pays
 * twice. So a run holds a lease in the store, renewed after each page, released at its end; a run killed mid-way
 * holds it until it lapses.
 */
const KEY = 'deduction-batch.lease';
const Lease = z.object({ holder: z.string(), until: z.number() });

function parse(raw: string | null): z.infer<typeof Lease> | null {
  if (!raw) return null;
  const parsed = Lease.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/** Takes or renews the lease for `holder`; false while another holder's lease has not lapsed. Compare-and-set in a transaction. */
export function takeBatchLease(app: App, holder: string): Promise<boolean> {
  return app.store.transaction(async (tx) => {
    const now = app.clock.nowMs();
    const held = parse(await tx.getMeta(KEY));
    if (held && held.holder !== holder && held.until > now) return false;
    await tx.setMeta(KEY, JSON.stringify({ holder, until: now + debitSettings().batchLeaseMs }));
    return true;
  });
}

/** Gives the lease up at the end of a run, if it is still this holder's. */
export async function releaseBatchLease(app: App, holder: string): Promise<void> {
  await app.store.transaction(async (tx) => {
    if (parse(await tx.getMeta(KEY))?.holder === holder) await tx.setMeta(KEY, JSON.stringify({ holder, until: 0 }));
  });
}

/** Takes the lease, waiting up to the configured time for a running batch to finish; false when it did not. */
export async function awaitBatchLease(app: App, holder: string): Promise<boolean> {
  const deadline = Date.now() + debitSettings().batchLeaseWaitMs;
  for (;;) {
    if (await takeBatchLease(app, holder)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
