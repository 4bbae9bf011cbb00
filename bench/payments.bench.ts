/**
 * Payment throughput through the whole local stack: gateway → pay function → SQLite → WeChat Pay simulator
 * (its own process) → the payer confirms in the sheet → the simulator's signed callback → the order is SUCCESS.
 * Measured at a fixed concurrency against a baseline from the same run: the gateway answering `me` (auth,
 * one function call, one store read), the cheapest call that still goes through a cloud function.
 *
 * Run alone with `npx tsx bench/payments.bench.ts` or with every bench via `npm run bench`. Prints one JSON
 * line per figure. BENCH_PAY_ORDERS (default 1500) and BENCH_PAY_CONCURRENCY (default 8) scale it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gateway, inBatches, onboard, sleep } from '../tests/fault/harness/gateway';
import { buildPopulation, seedPopulation } from '../tests/fault/harness/population';
import { startRuntime } from '../tests/support/runtime';
import { FAULT_TODAY } from '../tests/fault/harness/schedule';

const ORDERS = Number(process.env.BENCH_PAY_ORDERS ?? 1500);
const CONCURRENCY = Number(process.env.BENCH_PAY_CONCURRENCY ?? 8);
const WARMUP = 24;
const NOOP_CALLS = Number(process.env.BENCH_NOOP_CALLS ?? 3000);
/** How often a waiting payer's page asks for the order's state. */
const POLL_MS = 10;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  // On the fault runs' business day (inside 2027's concentrated period), whatever the real date.
  const year = Number(FAULT_TODAY.slice(0, 4)) + 1;
  const dataDir = mkdtempSync(join(tmpdir(), 'medins-bench-pay-'));
  const population = buildPopulation({ payers: ORDERS + WARMUP, siblingsPerMother: 0, prefix: 'bench', idSeries: 4 });
  await seedPopulation(dataDir, [population]);
  const runtime = await startRuntime({ dataDir, env: { DEV_TODAY: FAULT_TODAY } });
  const gw = new Gateway(runtime.url);
  try {
    const payers = await inBatches(population.payers, CONCURRENCY, (payer) => onboard(gw, payer));

    /** One payment start to finish; returns the pay call's and the whole settle's milliseconds. */
    const payOnce = async (payer: { token: string; personId: string }): Promise<{ payMs: number; settleMs: number }> => {
      const started = performance.now();
      const paid = await gw.call('pay', { items: [{ personId: payer.personId, benefitYear: year }] }, payer.token);
      if (!paid.body?.ok || !paid.body.data.requestPayment) throw new Error(`pay failed: ${JSON.stringify(paid.body)}`);
      const payMs = performance.now() - started;
      const sheet = await gw.simPay({ requestPayment: paid.body.data.requestPayment }, 'SUCCESS');
      if (sheet.status !== 200) throw new Error(`sheet failed: ${JSON.stringify(sheet.body)}`);
      for (let i = 0; i < 3000; i += 1) {
        const got = await gw.call('payments', { action: 'get', orderId: paid.body.data.orderId }, payer.token);
        if (got.body?.data?.order?.state === 'SUCCESS') return { payMs, settleMs: performance.now() - started };
        await sleep(POLL_MS);
      }
      throw new Error(`order ${paid.body.data.orderId} not settled in time`);
    };

    await inBatches(payers.slice(0, WARMUP), CONCURRENCY, payOnce);
    const timedPayers = payers.slice(WARMUP);
    const started = performance.now();
    const results = await inBatches(timedPayers, CONCURRENCY, payOnce);
    const seconds = (performance.now() - started) / 1000;
    const pay = results.map((r) => r.payMs).sort((a, b) => a - b);
    const settle = results.map((r) => r.settleMs).sort((a, b) => a - b);
    console.log(JSON.stringify({
      bench: 'payments', orders: results.length, concurrency: CONCURRENCY, seconds: round(seconds),
      ordersPerSec: round(results.length / seconds),
      payP50Ms: round(percentile(pay, 50)), payP99Ms: round(percentile(pay, 99)),
      settleP50Ms: round(percentile(settle, 50)), settleP99Ms: round(percentile(settle, 99)),
      note: 'settle = pay call → sheet confirm → simulator callback → SUCCESS seen by polling payments.get every 10 ms',
    }));

    // Baseline: the same gateway answering `me` at the same concurrency.
    const token = payers[0].token;
    const calls = Array.from({ length: NOOP_CALLS }, (_, i) => i);
    const noopStarted = performance.now();
    const noop = await inBatches(calls, CONCURRENCY, async () => {
      const answer = await gw.call('me', {}, token);
      if (!answer.body?.ok) throw new Error(`me failed: ${JSON.stringify(answer.body)}`);
      return answer.ms;
    });
    const noopSeconds = (performance.now() - noopStarted) / 1000;
    noop.sort((a, b) => a - b);
    console.log(JSON.stringify({
      bench: 'gateway-noop', endpoint: 'POST /api/fn/me', calls: noop.length, concurrency: CONCURRENCY,
      callsPerSec: round(noop.length / noopSeconds), p50Ms: round(percentile(noop, 50)), p99Ms: round(percentile(noop, 99)),
    }));
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(JSON.stringify({ bench: 'payments', error: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});
