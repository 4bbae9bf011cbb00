import type { SdkDatabase, SdkTransaction } from './docAccess';
import { isTransactionConflict } from './sdkErrors';

/**
 * CloudBase transactions use snapshot isolation with write locks: when two transactions write the same
 * document, the second fails with DATABASE_TRANSACTION_CONFLICT. The port promises that concurrent
 * transactions behave as if run one after another, so a conflicting transaction is rolled back and its
 * work run again from the start on a fresh snapshot. The SDK's own runTransaction retries too, but at
 * once and at most three times, which twenty requests racing for one person-year exhaust; this runner
 * waits a jittered, growing delay between attempts.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 20,
  maxDelayMs: 1000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + policy.random() / 2));
}

/** Runs `work` in a transaction, committing on success, rolling back on any failure, retrying conflicts. */
export async function runTransaction<T>(db: SdkDatabase, work: (tx: SdkTransaction) => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const tx = await db.startTransaction();
    try {
      const result = await work(tx);
      await tx.commit();
      return result;
    } catch (error) {
      try {
        await tx.rollback();
      } catch {
        // Nothing more to do: the server aborts a transaction left open for 30 seconds, and the failure
        // the caller must see is the one that made us roll back.
      }
      if (!isTransactionConflict(error) || attempt >= policy.maxAttempts) throw error;
      await policy.sleep(retryDelayMs(policy, attempt));
    }
  }
}
