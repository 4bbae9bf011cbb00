/**
 * A debit stored but never sent (its run was killed in between): the next run asks the bank, which has never heard of
 * it, and ends it. Nothing was tried, so the resident is told nothing, and a new debit goes out in the same run rather
 * than after the retry interval that follows a real refusal.
 */
import { fixedClock } from '../clock';
import { addDebit, useBatchTestApp } from './batchTestApp';
import { runDeductionBatch } from './deductions';

const OPENID = 'o-not-at-bank';
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
// The production retry interval (72 h): a refusal waits for it, a request that never arrived does not.
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_n1', env: { DEBIT_NOTICE_LEAD_HOURS: '0', DEBIT_RETRY_INTERVAL_HOURS: '72', DEBIT_SETTLE_MIN_AGE_SECONDS: '0' } });

it('ends a debit the bank never received without a notice, and debits again at once', async () => {
  const { store } = batch.app;
  await addDebit(store, OPENID, { agreementId: 'agr_n1', personId: 'per_1', debitId: 'dbt_n1', state: 'INIT' });

  const report = await runDeductionBatch(batch.app);
  expect(report).toMatchObject({ settled: { examined: 1, settled: 1 }, outcomes: { paid: 1 } });
  expect((await store.getDebit('dbt_n1'))).toMatchObject({ state: 'FAILED', failure: 'not-at-channel' });
  expect(batch.bank.debits.size).toBe(1);
  expect((await store.listNotices(OPENID, 10)).filter((n) => n.kind === 'debit.failed')).toEqual([]);
});
