import type { ApiResult } from '@shared/api/errors';

export interface PollOptions<T> {
  intervalMs: number;
  timeoutMs: number;
  /** True once the page is gone: stop asking the server for a page nobody sees. */
  stopped: () => boolean;
  /** Called with each answer, so the page shows progress while it waits. */
  onValue?: (value: T) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Asks again until `done` says the answer is final, the time is up, or the page is gone; resolves with the last
 * answer and whether it was final. A failed call counts as "not yet": the next one may well succeed, and the
 * page shows the last good state meanwhile.
 */
export async function pollUntil<T>(
  load: () => Promise<ApiResult<T>>,
  done: (value: T) => boolean,
  options: PollOptions<T>,
): Promise<{ value: T | null; final: boolean }> {
  const deadline = Date.now() + options.timeoutMs;
  let last: T | null = null;
  for (;;) {
    const answer = await load();
    if (options.stopped()) return { value: last, final: false };
    if (answer.ok) {
      last = answer.data;
      options.onValue?.(answer.data);
      if (done(answer.data)) return { value: last, final: true };
    }
    if (Date.now() + options.intervalMs > deadline) return { value: last, final: false };
    await sleep(options.intervalMs);
  }
}

/**
 * How long the result page waits for WeChat's callback to reach the server. The simulator calls back within a
 * second; real WeChat usually within a few. Past this the page says the result is being confirmed instead of
 * spinning, and 缴费记录 shows the outcome once the server (or its janitor) learns it.
 */
export const ORDER_POLL = { intervalMs: 1000, timeoutMs: 20_000 } as const;

/** Refunds settle in seconds to minutes at WeChat; the page follows them for a while, then offers 刷新. */
export const REFUND_POLL = { intervalMs: 1000, timeoutMs: 30_000 } as const;
