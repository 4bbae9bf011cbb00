/**
 * The part of callback delivery both simulators share: timers for later attempts, HTTP posts with a timeout,
 * and a close that cancels both, so a closed simulator sends nothing more.
 */
export interface Delivery {
  /** Runs `work` after `ms`, unless closed by then. */
  schedule(ms: number, work: () => Promise<void>): void;
  /** POSTs one callback; 2xx counts as delivered. Never throws. */
  post(url: string, body: string, headers: Record<string, string>): Promise<{ delivered: boolean; result: string }>;
  isClosed(): boolean;
  close(): void;
}

export function createDelivery(timeoutMs: number): Delivery {
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<AbortController>();
  let closed = false;
  return {
    schedule(ms, work) {
      if (closed) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        void work();
      }, ms);
      timers.add(timer);
    },
    async post(url, body, headers) {
      if (closed) return { delivered: false, result: 'simulator closed' };
      const controller = new AbortController();
      inFlight.add(controller);
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await fetch(url, { method: 'POST', headers, body, signal: controller.signal });
        await response.arrayBuffer();
        return { delivered: response.status >= 200 && response.status < 300, result: `HTTP ${response.status}` };
      } catch (error) {
        const failure = error as { name?: string; cause?: { code?: string }; message?: string };
        return { delivered: false, result: failure.name === 'AbortError' ? 'timeout' : `error ${failure.cause?.code ?? failure.message}` };
      } finally {
        clearTimeout(timer);
        inFlight.delete(controller);
      }
    },
    isClosed: () => closed,
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const controller of inFlight) controller.abort();
    },
  };
}
