import { z } from 'zod';
import type { App } from '../app';
import { debitSettings } from './settings';

/**
 * One run at a time, for the deduction batch and the savings deposit run. A run settles the debits earlier runs left open by asking the bank about them, and
 * a debit the bank has never heard of (404) is ended, to be retried under a new id. That is safe only when no other
 * run may still be about to send it: a second run starting while a first is working through a page (stored, not
 * yet sent, with a slow bank) would end the first run's debits, which the first then sends, and the retry pays
 * twice. So a run holds a lease in the store, renewed after each page, released at its end; a run killed mid-way
 * holds it until it lapses.
 */
const BATCH_KEY = 'deduction-batch.lease';
/** The savings deposit run settles its open deposits the same way (savings/deposits.ts settleOpenDeposits). */
export const SAVINGS_RUN_KEY = 'savings-deposits.lease';
const Lease = z.object({ holder: z.string(), until: z.number() });

function parse(raw: string | null): z.infer<typeof Lease> | null {
  if (!raw) return null;
  const parsed = Lease.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/** Takes or renews the lease `key` for `holder`; false while another holder's lease has not lapsed. Compare-and-set in a transaction. */
export function takeLease(app: App, key: string, holder: string): Promise<boolean> {
  return app.store.transaction(async (tx) => {
    const now = app.clock.nowMs();
    const held = parse(await tx.getMeta(key));
    if (held && held.holder !== holder && held.until > now) return false;
    await tx.setMeta(key, JSON.stringify({ holder, until: now + debitSettings().batchLeaseMs }));
    return true;
  });
}

/** Gives the lease up at the end of a run, if it is still this holder's. */
export async function releaseLease(app: App, key: string, holder: string): Promise<void> {
  await app.store.transaction(async (tx) => {
    if (parse(await tx.getMeta(key))?.holder === holder) await tx.setMeta(key, JSON.stringify({ holder, until: 0 }));
  });
}

/** Takes the lease, waiting up to the configured time for a running run to finish; false when it did not. */
export async function awaitLease(app: App, key: string, holder: string): Promise<boolean> {
  const deadline = Date.now() + debitSettings().batchLeaseWaitMs;
  for (;;) {
    if (await takeLease(app, key, holder)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const takeBatchLease = (app: App, holder: string) => takeLease(app, BATCH_KEY, holder);
export const releaseBatchLease = (app: App, holder: string) => releaseLease(app, BATCH_KEY, holder);
export const awaitBatchLease = (app: App, holder: string) => awaitLease(app, BATCH_KEY, holder);
