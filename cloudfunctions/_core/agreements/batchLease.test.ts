/**
 * Two deduction runs at once (an hourly timer while the last run still works through a slow bank). The second must
 * not settle the first's debits: stored, not yet sent, the bank has never heard of them, and ending them as "not at
 * the bank" would have them retried under new ids after the first run sends them — paid twice. One run holds the
 * lease; the other leaves the work to it.
 */
import { fixedClock } from '../clock';
import { takeBatchLease } from './batchLease';
import { useBatchTestApp } from './batchTestApp';
import { runDeductionBatch } from './deductions';

const OPENID = 'o-batch-lease';
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_l1', env: { DEBIT_NOTICE_LEAD_HOURS: '0', DEBIT_SETTLE_MIN_AGE_SECONDS: '0' } });

it('runs one batch at a time: a second run started meanwhile does nothing, and nobody is debited twice', async () => {
  const send = batch.bank.client.debit;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  // The bank is slow: the first run's debit is stored and on its way while the second run starts.
  batch.bank.client.debit = async (input) => {
    await held;
    return send(input);
  };
  const first = runDeductionBatch(batch.app);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const second = await runDeductionBatch(batch.app);
  expect(second).toMatchObject({ skipped: 'another-run', agreements: 0, settled: { examined: 0 } });
  release();
  expect((await first).outcomes).toEqual({ paid: 1 });
  batch.bank.client.debit = send;
  expect(batch.bank.debits.size).toBe(1);

  // Released at the end: the next run goes ahead, and finds the year paid.
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ 'enrolled-already': 1 });
});

it('a lease left by a run that died lapses, and only then can another run take it', async () => {
  expect(await takeBatchLease(batch.app, 'run_dead')).toBe(true);
  expect(await takeBatchLease(batch.app, 'run_next')).toBe(false);
  clock.advance(15 * 60_000 + 1);
  expect(await takeBatchLease(batch.app, 'run_next')).toBe(true);
});
